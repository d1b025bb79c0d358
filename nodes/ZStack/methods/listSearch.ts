import type { ILoadOptionsFunctions, INodeListSearchItems, INodeListSearchResult } from 'n8n-workflow';

import { nameContains } from '../helpers/queryConditions';
import { inventoryUuidOf } from '../helpers/uuid';
import { UUID_TARGETS, type SearchMethod } from '../helpers/uuidTargets';
import { ZStackClient } from '../transport/client';
import { pageQueryString, queryPage } from '../transport/query';

/** Entries per page of a picker: n8n asks for the next page when the user scrolls to the end. */
const LIST_PAGE_SIZE = 50;
const LIST_REQUEST_TIMEOUT_MS = 60_000;

/**
 * One page of a resource's inventories, by name, for a resource locator's list mode. The
 * pagination token is the `start` of the next page.
 */
async function searchByName(
	ctx: ILoadOptionsFunctions,
	collectionPath: string,
	filter: string | undefined,
	paginationToken: string | undefined,
): Promise<INodeListSearchResult> {
	const start = Number(paginationToken ?? 0) || 0;
	const text = (filter ?? '').trim();
	const qs = pageQueryString({
		conditions: text === '' ? [] : [nameContains(text)],
		sort: '+name',
		start,
		limit: LIST_PAGE_SIZE,
	});
	const client = await ZStackClient.connect(ctx);
	const { inventories, total } = await queryPage(client, 0, collectionPath, qs, LIST_REQUEST_TIMEOUT_MS);

	const results: INodeListSearchItems[] = inventories.flatMap((inventory) => {
		const uuid = inventoryUuidOf(inventory);
		if (uuid === undefined) return [];
		return [{ name: typeof inventory.name === 'string' && inventory.name !== '' ? inventory.name : uuid, value: uuid }];
	});
	const next = start + inventories.length;
	const more = total === undefined ? inventories.length === LIST_PAGE_SIZE : next < total;
	return { results, paginationToken: more ? String(next) : undefined };
}

type ListSearchMethod = (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) => Promise<INodeListSearchResult>;

/** The picker of one resource: its query, searched by name. */
function searchOf(collectionPath: string): ListSearchMethod {
	return async function (this: ILoadOptionsFunctions, filter?: string, paginationToken?: string) {
		return await searchByName(this, collectionPath, filter, paginationToken);
	};
}

/** One picker per resource a UUID parameter can name (helpers/uuidTargets.ts), keyed by its method name. */
export const listSearch = Object.fromEntries(
	Object.values(UUID_TARGETS).map(({ searchMethod, queryPath }) => [searchMethod, searchOf(queryPath)]),
) as Record<SearchMethod, ListSearchMethod>;
