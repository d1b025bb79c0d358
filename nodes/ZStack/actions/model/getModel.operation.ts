import { queryOptionsCollection } from '../../descriptions/callOptions.description';
import { uuidLocator } from '../../descriptions/uuidLocator.description';
import { readUuid } from '../../readers/uuid.reader';
import { getInventory } from '../inventoryQueries';
import type { ZStackOperation } from '../operation';

/** QueryModel for one UUID: GET /v1/ai/models/{modelUuid}. */
export const getModel: ZStackOperation = {
	option: { name: 'Get', description: 'Get a model', action: 'Get a model' },
	properties: [uuidLocator('modelUuid', 'Model', 'The model to get'), queryOptionsCollection],

	async execute(itemIndex, client) {
		const uuid = readUuid(this, 'modelUuid', 'Model', itemIndex);
		return await getInventory(this, client, itemIndex, { collectionPath: '/v1/ai/models', uuid, label: 'model' });
	},
};
