import { getManyProperties } from '../../descriptions/getMany.description';
import { getManyInventories } from '../inventoryQueries';
import type { ZStackOperation } from '../operation';

/** QueryModelService: GET /v1/ai/model-services, paged; one output item per model service. */
export const getManyModelServices: ZStackOperation = {
	option: { name: 'Get Many', description: 'Get many model services', action: 'Get many model services' },
	properties: getManyProperties('model services', 'name, type, framework, modelServiceRefs.modelUuid'),

	async execute(itemIndex, client) {
		return await getManyInventories(this, client, itemIndex, '/v1/ai/model-services');
	},
};
