import { getManyProperties } from '../../descriptions/getMany.description';
import { getManyInventories } from '../inventoryQueries';
import type { ZStackOperation } from '../operation';

/** QueryModel: GET /v1/ai/models, paged; one output item per model. */
export const getManyModels: ZStackOperation = {
	option: { name: 'Get Many', description: 'Get many models', action: 'Get many models' },
	properties: getManyProperties('models', 'name, type, vendor'),

	async execute(itemIndex, client) {
		return await getManyInventories(this, client, itemIndex, '/v1/ai/models');
	},
};
