import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ZStackClient } from '../../transport/client';
import { getManyInventories, getManyProperties } from '../query';

const properties: INodeProperties[] = getManyProperties('models', 'name, type, vendor');

export const description = updateDisplayOptions({ show: { resource: ['model'], operation: ['getAll'] } }, properties);

/** QueryModel: GET /v1/ai/models, paged; one output item per model. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: ZStackClient,
): Promise<IDataObject[]> {
	return await getManyInventories(this, client, itemIndex, '/v1/ai/models');
}
