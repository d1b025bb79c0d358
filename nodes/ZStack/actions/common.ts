import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { listSearch } from '../methods/listSearch';
import type { CallOptions } from '../transport/client';
import { toZStackUuid, UUID_INPUT_REGEX } from '../helpers/uuid';

export const DEFAULT_CONCURRENCY = 8;
export const MAX_CONCURRENCY = 64;

type UuidParameter = 'modelUuid' | 'modelServiceUuid';

/** The listSearch method that lists what each UUID parameter names. */
const SEARCH_LIST_METHODS: Record<UuidParameter, keyof typeof listSearch> = {
	modelUuid: 'searchModels',
	modelServiceUuid: 'searchModelServices',
};

/**
 * A required UUID parameter as a resource locator: pick by name from a searchable list, or type a
 * UUID (32-hex or dashed). Saved values carry their own mode, so `id` values stay valid.
 */
export function uuidLocator(
	name: UuidParameter,
	displayName: string,
	description: string,
): INodeProperties {
	return {
		displayName,
		name,
		type: 'resourceLocator',
		default: { mode: 'list', value: '' },
		required: true,
		description,
		modes: [
			{
				displayName: 'From List',
				name: 'list',
				type: 'list',
				typeOptions: { searchListMethod: SEARCH_LIST_METHODS[name], searchable: true },
			},
			{
				displayName: 'By UUID',
				name: 'id',
				type: 'string',
				placeholder: 'e.g. 0f4c8a9e2b3d4c5f8a7b6c5d4e3f2a1b',
				validation: [
					{
						type: 'regex',
						properties: {
							regex: UUID_INPUT_REGEX,
							errorMessage: 'Not a UUID: use 32 hex characters (dashes are allowed)',
						},
					},
				],
			},
		],
	};
}

/** Reads a UUID parameter and rejects anything that is not a UUID before any request is made. */
export function readUuid(ctx: IExecuteFunctions, name: string, label: string, itemIndex: number): string {
	const value = ctx.getNodeParameter(name, itemIndex, '', { extractValue: true }) as unknown;
	const uuid = toZStackUuid(value);
	if (uuid === undefined) {
		const shown = typeof value === 'string' ? `"${value}"` : JSON.stringify(value) ?? 'nothing';
		throw new NodeOperationError(
			ctx.getNode(),
			`Item ${itemIndex}: ${label} ${shown} is not a UUID`,
			{
				description: `${label} must be a ZStack UUID: 32 hex characters, with or without dashes.`,
				itemIndex,
			},
		);
	}
	return uuid;
}

/** The `options` collection of calls that may answer asynchronously (202 + job). */
export const callOptionsCollection: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add Option',
	default: {},
	options: [
		{
			displayName: 'Concurrency',
			name: 'concurrency',
			type: 'number',
			typeOptions: { minValue: 1, maxValue: MAX_CONCURRENCY },
			default: DEFAULT_CONCURRENCY,
			description:
				'How many items are sent to ZStack at the same time. 1 sends them one after another. Output order always follows input order.',
		},
		{
			displayName: 'Job Timeout (Seconds)',
			name: 'jobTimeout',
			type: 'number',
			typeOptions: { minValue: 0 },
			default: 600,
			description: 'How long to wait for an asynchronous ZStack job before failing the item',
		},
		{
			displayName: 'Poll Interval (Seconds)',
			name: 'pollInterval',
			type: 'number',
			typeOptions: { minValue: 0, numberPrecision: 2 },
			default: 1,
			description: 'How often to ask ZStack whether an asynchronous job has finished',
		},
		{
			displayName: 'Request Timeout (Seconds)',
			name: 'requestTimeout',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 60,
			description: 'How long to wait for each single HTTP reply from ZStack',
		},
		{
			displayName: 'Wait for Completion',
			name: 'waitForCompletion',
			type: 'boolean',
			default: true,
			description:
				'Whether to wait for an asynchronous job to finish and output its result. Otherwise the job UUID and location are output at once.',
		},
	],
};

function numberOption(
	ctx: IExecuteFunctions,
	options: IDataObject,
	name: string,
	fallback: number,
	itemIndex: number,
): number {
	const value = options[name] ?? fallback;
	if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: option ${name} must be a number of seconds, not ${JSON.stringify(value)}`, {
			itemIndex,
		});
	}
	return value;
}

export function readCallOptions(ctx: IExecuteFunctions, itemIndex: number): CallOptions {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as IDataObject;
	return {
		waitForCompletion: options.waitForCompletion !== false,
		jobTimeoutMs: numberOption(ctx, options, 'jobTimeout', 600, itemIndex) * 1000,
		pollIntervalMs: numberOption(ctx, options, 'pollInterval', 1, itemIndex) * 1000,
		requestTimeoutMs: numberOption(ctx, options, 'requestTimeout', 60, itemIndex) * 1000,
	};
}

/** Items sent at once, read from the first item's options (it is a per-run setting). */
export function readConcurrency(ctx: IExecuteFunctions): number {
	const options = ctx.getNodeParameter('options', 0, {}) as IDataObject;
	const value = Number(options.concurrency ?? DEFAULT_CONCURRENCY);
	if (!Number.isFinite(value)) return DEFAULT_CONCURRENCY;
	return Math.min(MAX_CONCURRENCY, Math.max(1, Math.floor(value)));
}
