import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, updateDisplayOptions } from 'n8n-workflow';

import { toTagList } from '../../helpers/tags';
import type { ZStackClient } from '../../transport/client';
import { callOptionsCollection, readCallOptions, uuidLocator } from '../common';
import { readBinding } from './binding';

const properties: INodeProperties[] = [
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
];

export const description = updateDisplayOptions(
	{ show: { resource: ['model'], operation: ['bindToService'] } },
	properties,
);

/** BindModelToService: POST /v1/ai/models/{modelUuid}/model-services/{modelServiceUuid}. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: ZStackClient,
): Promise<IDataObject> {
	const { path } = readBinding(this, itemIndex);
	const additionalFields = this.getNodeParameter('additionalFields', itemIndex, {}) as IDataObject;
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

	const outcome = await client.call(
		itemIndex,
		{ method: 'POST', path, body },
		readCallOptions(this, itemIndex),
	);
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
}
