import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import {
	isQueryOperator,
	NULL_OPERATORS,
	queryCondition,
	queryInventories,
	QUERY_FIELD_REGEX,
	runQuery,
} from '../helpers/query';
import type { ZStackClient } from '../transport/client';
import { callOptionsCollection, readCallOptions } from './common';

/** Parameters and readers shared by the Get and Get Many operations of every resource. */

/** Queries are never asynchronous, so only the options that matter to a GET are offered. */
const queryOptions = callOptionsCollection.options!.filter((option) =>
	['concurrency', 'requestTimeout'].includes(option.name),
) as INodeProperties[];

export const getOptionsCollection: INodeProperties = { ...callOptionsCollection, options: queryOptions };

/** Returns the inventory named by the UUID, or fails the item when ZStack has none. */
export async function getInventory(
	ctx: IExecuteFunctions,
	client: ZStackClient,
	itemIndex: number,
	target: { collectionPath: string; uuid: string; label: string },
): Promise<IDataObject> {
	const { collectionPath, uuid, label } = target;
	const { requestTimeoutMs } = readCallOptions(ctx, itemIndex);
	const { inventories } = await runQuery(ctx, client, itemIndex, `${collectionPath}/${uuid}`, {}, requestTimeoutMs);
	// ZStack answers a query for an unknown UUID with an empty list, not with an error.
	const inventory = inventories.find((candidate) => candidate.uuid === uuid);
	if (inventory === undefined) {
		throw new NodeApiError(ctx.getNode(), { uuid }, {
			message: `The ${label} ${uuid} was not found`,
			description: `ZStack has no ${label} with this UUID, or the credential's account may not see it (item ${itemIndex}).`,
			itemIndex,
		});
	}
	return inventory;
}

/** Return All, Limit, Filters and Options (with Sort) of a Get Many operation. */
export function getManyProperties(plural: string, fieldExamples: string): INodeProperties[] {
	return [
		{
			displayName: 'Return All',
			name: 'returnAll',
			type: 'boolean',
			default: false,
			description: 'Whether to return all results or only up to a given limit',
		},
		{
			displayName: 'Limit',
			name: 'limit',
			type: 'number',
			typeOptions: { minValue: 1 },
			default: 50,
			description: 'Max number of results to return',
			displayOptions: { show: { returnAll: [false] } },
		},
		{
			displayName: 'Filters',
			name: 'filters',
			type: 'fixedCollection',
			typeOptions: { multipleValues: true },
			placeholder: 'Add Condition',
			default: {},
			description: `ZStack query conditions: only ${plural} that meet all of them are returned`,
			options: [
				{
					displayName: 'Condition',
					name: 'conditions',
					values: [
						{
							displayName: 'Field',
							name: 'field',
							type: 'string',
							default: '',
							placeholder: `e.g. ${fieldExamples}`,
							description: 'Inventory field to test; a dotted name looks inside nested fields',
						},
						{
							displayName: 'Operator',
							name: 'operator',
							type: 'options',
							default: 'equals',
							options: [
								{ name: 'Equals (=)', value: 'equals' },
								{ name: 'Greater Than (>)', value: 'greaterThan' },
								{ name: 'Greater Than or Equal (>=)', value: 'greaterThanOrEqual' },
								{ name: 'In List (?=)', value: 'in', description: 'Value is a comma-separated list' },
								{ name: 'Is Not Null', value: 'notNull' },
								{ name: 'Is Null', value: 'isNull' },
								{ name: 'Less Than (<)', value: 'lessThan' },
								{ name: 'Less Than or Equal (<=)', value: 'lessThanOrEqual' },
								{ name: 'Like (~=)', value: 'like', description: '% matches any text, _ any one character' },
								{ name: 'Not Equals (!=)', value: 'notEquals' },
								{ name: 'Not In List (!?=)', value: 'notIn', description: 'Value is a comma-separated list' },
								{ name: 'Not Like (!~=)', value: 'notLike', description: '% matches any text, _ any one character' },
							],
						},
						{
							displayName: 'Value',
							name: 'value',
							type: 'string',
							default: '',
							displayOptions: { hide: { operator: NULL_OPERATORS } },
						},
					],
				},
			],
		},
		{
			...getOptionsCollection,
			options: [
				...queryOptions,
				{
					displayName: 'Sort',
					name: 'sort',
					type: 'fixedCollection',
					placeholder: 'Add Sort',
					default: {},
					options: [
						{
							displayName: 'Sort',
							name: 'order',
							values: [
								{
									displayName: 'Field',
									name: 'field',
									type: 'string',
									default: 'createDate',
									description: 'Inventory field to sort by',
								},
								{
									displayName: 'Direction',
									name: 'direction',
									type: 'options',
									default: '+',
									options: [
										{ name: 'Ascending', value: '+' },
										{ name: 'Descending', value: '-' },
									],
								},
							],
						},
					],
				},
			],
		},
	];
}

function queryField(ctx: IExecuteFunctions, value: unknown, what: string, itemIndex: number): string {
	const field = typeof value === 'string' ? value.trim() : '';
	if (!QUERY_FIELD_REGEX.test(field)) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${what} ${JSON.stringify(value ?? '')} is not a field name`, {
			description: 'Use an inventory field such as name or createDate; a dotted name such as modelServiceRefs.modelUuid looks inside nested fields.',
			itemIndex,
		});
	}
	return field;
}

/** A condition value as ZStack reads it: text, or for list operators a list joined by commas. */
function conditionValue(ctx: IExecuteFunctions, value: unknown, what: string, itemIndex: number): string {
	const entries = Array.isArray(value) ? value : [value ?? ''];
	if (!entries.every((entry) => ['string', 'number', 'boolean'].includes(typeof entry))) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${what} must be text, a number or a list of them`, {
			itemIndex,
		});
	}
	return entries.map(String).join(',');
}

/** The `q` conditions of the Filters parameter, checked before any request is sent. */
function readConditions(ctx: IExecuteFunctions, itemIndex: number): string[] {
	const filters = ctx.getNodeParameter('filters', itemIndex, {}) as { conditions?: IDataObject[] };
	return (filters.conditions ?? []).map(({ field, operator, value }, index) => {
		const what = `filter ${index + 1}`;
		if (!isQueryOperator(operator)) {
			throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: ${what} has unknown operator ${JSON.stringify(operator)}`, {
				itemIndex,
			});
		}
		return queryCondition(
			queryField(ctx, field, `${what} field`, itemIndex),
			operator,
			conditionValue(ctx, value, `${what} value`, itemIndex),
		);
	});
}

function readSort(ctx: IExecuteFunctions, itemIndex: number): string | undefined {
	const options = ctx.getNodeParameter('options', itemIndex, {}) as { sort?: { order?: IDataObject } };
	const order = options.sort?.order;
	if (order === undefined) return undefined;
	const direction = order.direction === '-' ? '-' : '+';
	return `${direction}${queryField(ctx, order.field, 'sort field', itemIndex)}`;
}

/** Runs a Get Many: one output item per inventory. */
export async function getManyInventories(
	ctx: IExecuteFunctions,
	client: ZStackClient,
	itemIndex: number,
	collectionPath: string,
): Promise<IDataObject[]> {
	const returnAll = ctx.getNodeParameter('returnAll', itemIndex, false) as boolean;
	const max = returnAll ? undefined : (ctx.getNodeParameter('limit', itemIndex, 50) as number);
	if (max !== undefined && !(Number.isInteger(max) && max >= 1)) {
		throw new NodeOperationError(ctx.getNode(), `Item ${itemIndex}: limit must be a whole number of at least 1, not ${JSON.stringify(max)}`, {
			itemIndex,
		});
	}
	const query = { conditions: readConditions(ctx, itemIndex), sort: readSort(ctx, itemIndex), max };
	const { requestTimeoutMs } = readCallOptions(ctx, itemIndex);
	return await queryInventories(ctx, client, itemIndex, collectionPath, query, requestTimeoutMs);
}
