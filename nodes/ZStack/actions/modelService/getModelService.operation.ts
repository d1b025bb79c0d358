import { queryOptionsCollection } from '../../descriptions/callOptions.description';
import { uuidLocator } from '../../descriptions/uuidLocator.description';
import { readUuid } from '../../readers/uuid.reader';
import { getInventory } from '../inventoryQueries';
import type { ZStackOperation } from '../operation';

/** QueryModelService for one UUID: GET /v1/ai/model-services/{modelServiceUuid}. */
export const getModelService: ZStackOperation = {
	option: { name: 'Get', description: 'Get a model service', action: 'Get a model service' },
	properties: [uuidLocator('modelServiceUuid', 'Model Service', 'The model service to get'), queryOptionsCollection],

	async execute(itemIndex, client) {
		const uuid = readUuid(this, 'modelServiceUuid', 'Model Service', itemIndex);
		return await getInventory(this, client, itemIndex, {
			collectionPath: '/v1/ai/model-services',
			uuid,
			label: 'model service',
		});
	},
};
