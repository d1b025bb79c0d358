import type { INodeProperties } from 'n8n-workflow';

import * as bindToService from './bindToService.operation';
import * as get from './get.operation';
import * as getAll from './getAll.operation';
import * as unbindFromService from './unbindFromService.operation';

export { bindToService, get, getAll, unbindFromService };

export const description: INodeProperties[] = [
	{
		displayName: 'Operation',
		name: 'operation',
		type: 'options',
		noDataExpression: true,
		displayOptions: { show: { resource: ['model'] } },
		options: [
			{
				name: 'Bind Model To Service',
				value: 'bindToService',
				description: 'Bind a model to a model service',
				action: 'Bind model to service',
			},
			{
				name: 'Get',
				value: 'get',
				description: 'Get a model',
				action: 'Get a model',
			},
			{
				name: 'Get Many',
				value: 'getAll',
				description: 'Get many models',
				action: 'Get many models',
			},
			{
				name: 'Unbind From Service',
				value: 'unbindFromService',
				description: 'Unbind a model from a model service',
				action: 'Unbind model from service',
			},
		],
		default: 'bindToService',
	},
	...bindToService.description,
	...get.description,
	...getAll.description,
	...unbindFromService.description,
];
