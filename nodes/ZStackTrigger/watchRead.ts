import type { IDataObject } from 'n8n-workflow';

import type { ZStackClient } from '../ZStack/transport/client';
import { pageQueryString, QUERY_PAGE_SIZE, queryPage } from '../ZStack/transport/query';
import type { WatchedRead } from './changes';

/** At most this many inventories are read per poll (the newest first); Filters narrow what is watched. */
const MAX_WATCHED = 1000;

/**
 * Reads the newest MAX_WATCHED inventories that meet the conditions, page by page, and says whether the read
 * is complete: every page reported the same total (`replyWithCount`), the pages did not overlap (the list did
 * not shift under the read), and the read covered that total or the watched window.
 */
export async function readWatched(
	client: ZStackClient,
	path: string,
	query: { conditions: string[]; fields?: string[]; uuidOf: (inventory: IDataObject) => string | undefined },
	requestTimeoutMs: number,
): Promise<WatchedRead> {
	const inventories: IDataObject[] = [];
	const seen = new Set<string>();
	let total: number | undefined;
	let complete = true;
	for (;;) {
		const limit = Math.min(QUERY_PAGE_SIZE, MAX_WATCHED - inventories.length);
		const qs = pageQueryString({ conditions: query.conditions, sort: '-createDate', start: inventories.length, limit, fields: query.fields });
		const page = await queryPage(client, 0, path, qs, requestTimeoutMs);
		// A server that ignores the limit sends no more than asked into the trigger.
		page.inventories = page.inventories.slice(0, limit);
		const uuids = page.inventories.map(query.uuidOf).filter((uuid) => uuid !== undefined);
		if (uuids.some((uuid) => seen.has(uuid))) return { inventories, complete: false };
		for (const uuid of uuids) seen.add(uuid);
		inventories.push(...page.inventories);
		if (page.total !== undefined && total !== undefined && page.total !== total) complete = false;
		total ??= page.total;
		const covered = total === undefined || inventories.length >= Math.min(total, MAX_WATCHED);
		if (page.inventories.length < limit) return { inventories, complete: complete && covered };
		if (inventories.length >= MAX_WATCHED || (total !== undefined && inventories.length >= total)) return { inventories, complete };
	}
}
