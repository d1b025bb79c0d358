import type { INodeProperties } from 'n8n-workflow';

import * as get from './get.operation';
import * as getAll from './getAll.operation';

export { get, getAll };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['modelService'] } },
		options: [
			{
				name: 'Get',
				value: 'get',
				description: 'Get a model service',
				action: 'Get a model service',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many model services',
				action: 'Get many model services',
			},
		],
		default: 'get',
	},
	...get.description,
	...getAll.description,
];
