import type { INodeProperties } from 'n8n-workflow';

import * as bindToService from './bindToService.operation';

export { bindToService };

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
		],
		default: 'bindToService',
	},
	...bindToService.description,
];
