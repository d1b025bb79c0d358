import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { updateDisplayOptions } from 'n8n-workflow';

import type { ZStackClient } from '../../transport/client';
import { callOptionsCollection, readCallOptions, uuidLocator } from '../common';
import { readBinding } from './binding';

const properties: INodeProperties[] = [
	uuidLocator('modelUuid', 'Model', 'The model to unbind'),
	uuidLocator('modelServiceUuid', 'Model Service', 'The model service to unbind the model from'),
	callOptionsCollection,
];

export const description = updateDisplayOptions(
	{ show: { resource: ['model'], operation: ['unbindFromService'] } },
	properties,
);

/** UnbindModelFromService: DELETE /v1/ai/models/{modelUuid}/model-services/{modelServiceUuid}. */
export async function execute(
	this: IExecuteFunctions,
	itemIndex: number,
	client: ZStackClient,
): Promise<IDataObject> {
	const { modelUuid, modelServiceUuid, path } = readBinding(this, itemIndex);

	const outcome = await client.call(
		itemIndex,
		{ method: 'DELETE', path },
		readCallOptions(this, itemIndex),
	);
	if (!outcome.finished) return { jobUuid: outcome.jobUuid, location: outcome.location };
	// ZStack answers `{}`: say what was done, so that the item carries the pair on to the next node.
	return { success: true, modelUuid, modelServiceUuid };
}
