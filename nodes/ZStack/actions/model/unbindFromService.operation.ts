import type { IDataObject } from 'n8n-workflow';

import { callOptionsCollection } from '../../descriptions/callOptions.description';
import { uuidLocator } from '../../descriptions/uuidLocator.description';
import { readCallOptions } from '../../readers/callOptions.reader';
import { readBinding } from '../../readers/uuid.reader';
import type { ZStackOperation } from '../operation';

/** UnbindModelFromService: DELETE /v1/ai/models/{modelUuid}/model-services/{modelServiceUuid}. */
export const unbindFromService: ZStackOperation = {
	option: {
		name: 'Unbind From Service',
		description: 'Unbind a model from a model service',
		action: 'Unbind model from service',
	},
	properties: [
		uuidLocator('modelUuid', 'Model', 'The model to unbind'),
		uuidLocator('modelServiceUuid', 'Model Service', 'The model service to unbind the model from'),
		callOptionsCollection,
	],

	async execute(itemIndex, client) {
		const { modelUuid, modelServiceUuid, path } = readBinding(this, itemIndex);
		const outcome = await client.call(itemIndex, { method: 'DELETE', path }, readCallOptions(this, itemIndex));
		if (!outcome.finished) return { jobUuid: outcome.jobUuid, location: outcome.location };
		// The pair says what was done, for the next node; ZStack's reply adds the model service as it is now.
		const result: IDataObject = { success: true, modelUuid, modelServiceUuid };
		const inventory = outcome.reply.inventory;
		if (inventory !== null && typeof inventory === 'object' && !Array.isArray(inventory)) result.inventory = inventory;
		return result;
	},
};
