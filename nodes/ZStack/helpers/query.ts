import type { IDataObject, IExecuteFunctions, ILoadOptionsFunctions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ZStackClient } from '../transport/client';

/**
 * ZStack's query API: `GET /v1/<resources>[/<uuid>]` with repeatable `q=<field><op><value>` conditions
 * (ANDed), `limit`, `start`, `sort=+field|-field` and `replyWithCount=true`, answered with
 * `{"inventories":[...],"total":N}`.
 */

/**
 * The documented condition operators by the name the node's Operator parameter stores: a parameter
 * value starting with `=` would be read by n8n as an expression, so ZStack's symbols cannot be stored.
 */
const QUERY_OPERATORS = {
	equals: '=',
	notEquals: '!=',
	greaterThan: '>',
	greaterThanOrEqual: '>=',
	lessThan: '<',
	lessThanOrEqual: '<=',
	in: '?=',
	notIn: '!?=',
	like: '~=',
	notLike: '!~=',
	isNull: 'is null',
	notNull: 'not null',
} as const;

export type QueryOperator = keyof typeof QUERY_OPERATORS;

/** Operators that take no value: `q=<field> is null`. */
export const NULL_OPERATORS: QueryOperator[] = ['isNull', 'notNull'];

/** A field of an inventory, possibly dotted into nested ones (`modelServiceRefs.modelUuid`). */
export const QUERY_FIELD_REGEX = /^[A-Za-z][\w.]*$/;

/** Inventories per request when reading many: small enough for a quick reply, large enough for few round trips. */
const QUERY_PAGE_SIZE = 100;

export function isQueryOperator(operator: unknown): operator is QueryOperator {
	return typeof operator === 'string' && Object.hasOwn(QUERY_OPERATORS, operator);
}

/** One `q` condition in ZStack's syntax. */
export function queryCondition(field: string, operator: QueryOperator, value = ''): string {
	const symbol = QUERY_OPERATORS[operator];
	return NULL_OPERATORS.includes(operator) ? `${field} ${symbol}` : `${field}${symbol}${value}`;
}

/** The condition of a search box: the name contains the text (SQL LIKE, case-insensitive on ZStack's MySQL). */
export function nameContains(text: string): string {
	return queryCondition('name', 'like', `%${text}%`);
}

export interface QueryPage {
	inventories: IDataObject[];
	/** Present when `replyWithCount=true` was sent. */
	total?: number;
}

export interface PageRequest {
	conditions: string[];
	/** `+field` or `-field`. */
	sort?: string;
	start: number;
	limit: number;
}

/** The query string of one page; `q` is a list, sent as repeated parameters. */
export function pageQueryString({ conditions, sort, start, limit }: PageRequest): IDataObject {
	return {
		...(conditions.length > 0 ? { q: conditions } : {}),
		limit,
		start,
		replyWithCount: true,
		...(sort ? { sort } : {}),
	};
}

/** Sends one query and checks that the reply is a list of inventories. */
export async function runQuery(
	ctx: IExecuteFunctions | ILoadOptionsFunctions,
	client: ZStackClient,
	itemIndex: number,
	path: string,
	qs: IDataObject,
	requestTimeoutMs: number,
): Promise<QueryPage> {
	const reply = await client.get(itemIndex, path, qs, requestTimeoutMs);
	const { inventories, total } = reply;
	const isInventory = (entry: unknown) => entry !== null && typeof entry === 'object' && !Array.isArray(entry);
	if (!Array.isArray(inventories) || !inventories.every(isInventory)) {
		throw new NodeApiError(ctx.getNode(), reply as JsonObject, {
			message: 'ZStack answered the query without a list of inventories',
			description: `GET /zstack${path} replied: ${JSON.stringify(reply).slice(0, 500)}`,
			itemIndex,
		});
	}
	return { inventories: inventories as IDataObject[], total: typeof total === 'number' ? total : undefined };
}

/**
 * Reads the inventories that match `conditions`, page by page, up to `max` of them (all when `max` is
 * undefined). Stops at a short page or at the reported total, whichever comes first.
 */
export async function queryInventories(
	ctx: IExecuteFunctions,
	client: ZStackClient,
	itemIndex: number,
	path: string,
	query: { conditions: string[]; sort?: string; max?: number },
	requestTimeoutMs: number,
): Promise<IDataObject[]> {
	const { conditions, sort, max } = query;
	const collected: IDataObject[] = [];
	for (;;) {
		const limit = max === undefined ? QUERY_PAGE_SIZE : Math.min(QUERY_PAGE_SIZE, max - collected.length);
		const qs = pageQueryString({ conditions, sort, start: collected.length, limit });
		const page = await runQuery(ctx, client, itemIndex, path, qs, requestTimeoutMs);
		collected.push(...page.inventories);
		const lastPage =
			page.inventories.length < limit ||
			(page.total !== undefined && collected.length >= page.total) ||
			(max !== undefined && collected.length >= max);
		if (lastPage) return max === undefined ? collected : collected.slice(0, max);
	}
}
