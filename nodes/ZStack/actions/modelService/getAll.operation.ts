import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ZStackClient } from '../../transport/client';
import { getManyInventories, getManyProperties } from '../query';

const properties: INodeProperties[] = getManyProperties(
	'model services',
	'name, type, framework, modelServiceRefs.modelUuid',
);

export const description = updateDisplayOptions(
	{ show: { resource: ['modelService'], operation: ['getAll'] } },
	properties,
);

/** QueryModelService: GET /v1/ai/model-services, paged; one output item per model service. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: ZStackClient,
): Promise<IDataObject[]> {
	return await getManyInventories(this, client, itemIndex, '/v1/ai/model-services');
}
