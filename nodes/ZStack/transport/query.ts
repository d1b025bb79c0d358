import type { IDataObject, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { ZStackClient } from './client';
import { ExchangeFailure } from './errors';
import { isProxyFailure, networkFailureOnly } from './jobs';

/** Inventories per request when reading many: small enough for a quick reply, large enough for few round trips. */
export const QUERY_PAGE_SIZE = 100;

/** Return All stops here with an error: far beyond any real inventory list, short of exhausting n8n's memory. */
export const MAX_QUERY_RESULTS = 50_000;

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
	/** Only these fields of each inventory (`fields=a,b`), to keep replies small. */
	fields?: string[];
}

/** The query string of one page; `q` is a list, sent as repeated parameters. */
export function pageQueryString({ conditions, sort, start, limit, fields }: PageRequest): IDataObject {
	return {
		...(conditions.length > 0 ? { q: conditions } : {}),
		limit,
		start,
		replyWithCount: true,
		...(sort ? { sort } : {}),
		...(fields ? { fields: fields.join(',') } : {}),
	};
}

const isInventory = (entry: unknown) => entry !== null && typeof entry === 'object' && !Array.isArray(entry);

/** Sends one query (`GET /v1/<resources>[/<uuid>]`) and checks that the reply is a list of inventories. */
export async function queryPage(
	client: ZStackClient,
	itemIndex: number,
	path: string,
	qs: IDataObject,
	requestTimeoutMs: number,
): Promise<QueryPage> {
	const since = Date.now();
	return pageOf(client, itemIndex, path, await client.get(itemIndex, path, qs, requestTimeoutMs), since);
}

/**
 * One query of `path` that a hiccup on the way — a reset, the Request Timeout, a proxy's 5xx page — leaves
 * unanswered (undefined: ask again) instead of failing; ZStack's own answer, error included, is as queryPage's.
 */
export async function queryPageOrHiccup(client: ZStackClient, itemIndex: number, path: string, requestTimeoutMs: number): Promise<QueryPage | undefined> {
	const since = Date.now();
	const answered = (reply: { status: number; body: unknown }) => (reply.status >= 200 && reply.status < 300) || isProxyFailure(reply);
	const read = await client.read(itemIndex, path, answered, requestTimeoutMs).catch(networkFailureOnly);
	if (read instanceof ExchangeFailure || isProxyFailure(read)) return undefined;
	return pageOf(client, itemIndex, path, read.body, since);
}

/** A query's reply as a page, or the error saying it is none (redacted: a server may echo the sign-in). */
function pageOf(client: ZStackClient, itemIndex: number, path: string, reply: unknown, since: number): QueryPage {
	const { inventories, total } = (reply ?? {}) as IDataObject;
	if (!Array.isArray(inventories) || !inventories.every(isInventory)) {
		const notAList = new NodeApiError(client.node, (reply ?? {}) as JsonObject, {
			message: 'ZStack answered the query without a list of inventories',
			description: `GET /zstack${path} replied: ${JSON.stringify(reply).slice(0, 500)}`,
			itemIndex,
		});
		throw client.redacted(notAList, path, since);
	}
	return { inventories: inventories as IDataObject[], total: typeof total === 'number' ? total : undefined };
}

/**
 * Reads the inventories that match `conditions`, page by page, up to `max` of them (all when `max` is
 * undefined). Stops at an empty or short page, at the reported total, and at a page with nothing new (a server
 * that ignores `start`); of a page that repeats some items (the list shifted under the read: an item was added
 * before it), the others are kept. Reading all beyond MAX_QUERY_RESULTS is an error.
 */
export async function queryAll(
	client: ZStackClient,
	itemIndex: number,
	path: string,
	query: { conditions: string[]; sort?: string; max?: number; fields?: string[] },
	requestTimeoutMs: number,
): Promise<IDataObject[]> {
	const { conditions, sort, max, fields } = query;
	const collected: IDataObject[] = [];
	const seenUuids = new Set<unknown>();
	for (;;) {
		const limit = Math.min(QUERY_PAGE_SIZE, (max ?? MAX_QUERY_RESULTS + 1) - collected.length);
		const qs = pageQueryString({ conditions, sort, start: collected.length, limit, fields });
		const page = await queryPage(client, itemIndex, path, qs, requestTimeoutMs);
		const unseen = page.inventories.filter((inventory) => inventory.uuid === undefined || !seenUuids.has(inventory.uuid));
		if (page.inventories.length > 0 && unseen.length === 0) return collected;
		for (const inventory of unseen) {
			seenUuids.add(inventory.uuid);
			collected.push(inventory);
		}
		if (max === undefined && collected.length > MAX_QUERY_RESULTS) {
			throw new NodeApiError(client.node, { path } as JsonObject, {
				message: `Return All stopped after ${MAX_QUERY_RESULTS} results`,
				description: `GET /zstack${path} keeps returning results. Narrow the query with Filters, or turn Return All off and set a Limit.`,
				itemIndex,
			});
		}
		const lastPage =
			page.inventories.length < limit ||
			(page.total !== undefined && collected.length >= page.total) ||
			(max !== undefined && collected.length >= max);
		if (lastPage) return max === undefined ? collected : collected.slice(0, max);
	}
}
