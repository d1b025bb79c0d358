import type { INodeProperties } from 'n8n-workflow';

import * as model from './model/Model.resource';
import * as modelService from './modelService/ModelService.resource';

/** The node's parameters: the resource selector, then each resource's operations and fields. */
export const nodeProperties: INodeProperties[] = [
	{
		displayName: 'Resource',
		name: 'resource',
		type: 'options',
		noDataExpression: true,
		options: [
			{ name: 'Model', value: 'model' },
			{ name: 'Model Service', value: 'modelService' },
		],
		default: 'model',
	},
	...model.description,
	...modelService.description,
];
