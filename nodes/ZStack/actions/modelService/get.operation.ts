import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ZStackClient } from '../../transport/client';
import { readUuid, uuidLocator } from '../common';
import { getInventory, getOptionsCollection } from '../query';

const properties: INodeProperties[] = [
	uuidLocator('modelServiceUuid', 'Model Service', 'The model service to get'),
	getOptionsCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['modelService'], operation: ['get'] } },
	properties,
);

/** QueryModelService for one UUID: GET /v1/ai/model-services/{modelServiceUuid}. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: ZStackClient,
): Promise<IDataObject> {
	const uuid = readUuid(this, 'modelServiceUuid', 'Model Service', itemIndex);
	return await getInventory(this, client, itemIndex, {
		collectionPath: '/v1/ai/model-services',
		uuid,
		label: 'model service',
	});
}
