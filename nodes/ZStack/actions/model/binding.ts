import type { IExecuteFunctions } from 'n8n-workflow';

import { readUuid } from '../common';

/** The model/model-service pair that bind and unbind address, and its API path. */
export function readBinding(ctx: IExecuteFunctions, itemIndex: number) {
	const modelUuid = readUuid(ctx, 'modelUuid', 'Model', itemIndex);
	const modelServiceUuid = readUuid(ctx, 'modelServiceUuid', 'Model Service', itemIndex);
	return { modelUuid, modelServiceUuid, path: `/v1/ai/models/${modelUuid}/model-services/${modelServiceUuid}` };
}
