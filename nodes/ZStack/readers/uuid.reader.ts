import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toZStackUuid } from '../helpers/uuid';

/** Reads a UUID parameter and rejects anything that is not a UUID before any request is made. */
export function readUuid(ctx: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	const value = ctx.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	const uuid = toZStackUuid(value);
	if (uuid === undefined) {
		const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'nothing');
		const shown = text.length > 80 ? `${text.slice(0, 80)}…` : text;
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${label} ${typeof value === 'string' ? `"${shown}"` : shown} is not a UUID`, {
			description: `${label} must be a ZStack UUID: 32 hex characters, with or without dashes.`,
			itemIndex,
		});
	}
	return uuid;
}

/** The model/model-service pair that bind and unbind address, and its API path. */
export function readBinding(ctx: IExecuteFunctions, itemIndex: number) {
	const modelUuid = readUuid(ctx, 'modelUuid', 'Model', itemIndex);
	const modelServiceUuid = readUuid(ctx, 'modelServiceUuid', 'Model Service', itemIndex);
	return { modelUuid, modelServiceUuid, path: `/v1/ai/models/${modelUuid}/model-services/${modelServiceUuid}` };
}
