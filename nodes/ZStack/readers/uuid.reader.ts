import type { IExecuteFunctions } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import { toZStackUuid } from '../helpers/uuid';

/** A value shown in an error: quoted text, or its JSON, cut to a readable length. */
export function shownValue(value: unknown): string {
	const text = typeof value === 'string' ? value : (JSON.stringify(value) ?? 'nothing');
	const shown = text.length > 80 ? `${text.slice(0, 80)}…` : text;
	return typeof value === 'string' ? `"${shown}"` : shown;
}

/** ZStack's form of a UUID the user gave, or an error naming the item and the parameter. */
export function checkUuid(ctx: IExecuteFunctions, value: unknown, label: string, itemIndex: number): string {
	const uuid = toZStackUuid(value);
	if (uuid === undefined) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${label} ${shownValue(value)} is not a UUID`, {
			description: `${label} must be a ZStack UUID: 32 hex characters, with or without dashes.`,
			itemIndex,
		});
	}
	return uuid;
}

/** Reads a UUID parameter and rejects anything that is not a UUID before any request is made. */
export function readUuid(ctx: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	const value = ctx.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	return checkUuid(ctx, value, label, itemIndex);
}
