import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { callOptionsCollection } from '../../descriptions/callOptions.description';
import { uuidLocator } from '../../descriptions/uuidLocator.description';
import { toTagList } from '../../helpers/tags';
import { readCallOptions } from '../../readers/callOptions.reader';
import { readBinding } from '../../readers/uuid.reader';
import type { ZStackOperation } from '../operation';

/** BindModelToService: POST /v1/ai/models/{modelUuid}/model-services/{modelServiceUuid}. */
export const bindToService: ZStackOperation = {
	option: {
		name: 'Bind Model To Service',
		description: 'Bind a model to a model service',
		action: 'Bind model to service',
	},
	properties: [
		uuidLocator('modelUuid', 'Model', 'The model to bind'),
		uuidLocator('modelServiceUuid', 'Model Service', 'The model service to bind the model to'),
		{
			displayName: 'Additional Fields',
			name: 'additionalFields',
			type: 'collection',
			placeholder: 'Add Field',
			default: {},
			options: [
				{
					displayName: 'System Tags',
					name: 'systemTags',
					type: 'string',
					typeOptions: { multipleValues: true, multipleValueButtonText: 'Add System Tag' },
					default: [],
					description: 'ZStack system tags sent with the call',
				},
				{
					displayName: 'User Tags',
					name: 'userTags',
					type: 'string',
					typeOptions: { multipleValues: true, multipleValueButtonText: 'Add User Tag' },
					default: [],
					description: 'ZStack user tags sent with the call',
				},
			],
		},
		callOptionsCollection,
	],

	async execute(itemIndex, client) {
		const { path } = readBinding(this, itemIndex);
		let additionalFields: IDataObject;
		try {
			additionalFields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
		} catch (error) {
			// A tag list nested thousands deep exhausts the stack already while n8n reads it.
			throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: the tags could not be read: ${(error as Error).message}`, {
				description: 'System Tags and User Tags take text values, or lists of them nested at most 10 deep.',
				itemIndex,
			});
		}
		const body: IDataObject = {};
		for (const field of ['systemTags', 'userTags']) {
			const tags = toTagList(additionalFields[field]);
			if (tags === null) {
				throw new NodeOperationError(this.getNode(), `Item ${itemIndex}: ${field} must be a list of text values`, {
					itemIndex,
				});
			}
			if (tags) body[field] = tags;
		}

		const outcome = await client.call(itemIndex, { method: 'POST', path, body }, readCallOptions(this, itemIndex));
		if (!outcome.finished) return { jobUuid: outcome.jobUuid, location: outcome.location };

		const inventory = outcome.reply.inventory;
		if (inventory === null || typeof inventory !== 'object' || Array.isArray(inventory)) {
			throw new NodeApiError(this.getNode(), outcome.reply as JsonObject, {
				message: 'ZStack reported success but sent no inventory of the model service',
				description: `Reply: ${JSON.stringify(outcome.reply).slice(0, 500)}`,
				itemIndex,
			});
		}
		return inventory as IDataObject;
	},
};
