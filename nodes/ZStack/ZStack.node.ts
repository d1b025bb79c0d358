import type { IExecuteFunctions, INodeExecutionData, INodeType, INodeTypeDescription } from 'n8n-workflow';
import { NodeConnectionTypes } from 'n8n-workflow';

import { nodeProperties } from './actions/versionDescription';
import { router } from './actions/router';
import { operationSubtitle } from './helpers/subtitle';
import { listSearch } from './methods/listSearch';

export class ZStack implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ZStack',
		name: 'zStack',
		icon: { light: 'file:zstack.svg', dark: 'file:zstack.dark.svg' },
		group: ['transform'],
		version: 1,
		subtitle: operationSubtitle(nodeProperties),
		description: 'Manage ZStack Cloud AI infrastructure: models and model services',
		defaults: { name: 'ZStack' },
		usableAsTool: true,
		inputs: [NodeConnectionTypes.Main],
		outputs: [NodeConnectionTypes.Main],
		credentials: [{ name: 'zStackApi', required: true }],
		properties: nodeProperties,
	};

	methods = { listSearch };

	async execute(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
		return await router.call(this);
	}
}
