import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ZStackClient } from '../../transport/client';
import { readUuid, uuidLocator } from '../common';
import { getInventory, getOptionsCollection } from '../query';

const properties: INodeProperties[] = [uuidLocator('modelUuid', 'Model', 'The model to get'), getOptionsCollection];

export const description = updateDisplayOptions({ show: { resource: ['model'], operation: ['get'] } }, properties);

/** QueryModel for one UUID: GET /v1/ai/models/{modelUuid}. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: ZStackClient,
): Promise<IDataObject> {
	const uuid = readUuid(this, 'modelUuid', 'Model', itemIndex);
	return await getInventory(this, client, itemIndex, { collectionPath: '/v1/ai/models', uuid, label: 'model' });
}
