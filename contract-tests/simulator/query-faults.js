// @ts-check
'use strict';

/**
 * Query replies a client that watches a list meets on a bad day (issue 18, N3). RestServer runs every page of a
 * query as its own message (handleQueryApi ~1074–1190: `start`, `limit`, `replyWithCount` and `fields` are read
 * per request), so nothing ties two pages or two polls together:
 * - `shiftedPage`: an item before this page was deleted between two page reads, so the page starts one item
 *   later and `total` is one less (offset paging over a changing table);
 * - `withoutRefs`: the inventories come without `modelServiceRefs`, as a reply trimmed by `fields` (~1177) is;
 * - `halfList`: only half of the list (`half: 'first' | 'second'`, `total` that half's size), as a list that
 *   flaps under a filter on a changing field, or a management node still loading after a restart, answers;
 * - `emptyList`: no inventories at all (`total` 0), as such a node or a caching proxy answers.
 */
const QUERY_FAULTS = ['shiftedPage', 'withoutRefs', 'halfList', 'emptyList'];

/**
 * @param {{ kind: string, half?: string }} fault
 * @param {{ inventories: Record<string, unknown>[], total?: number }} result
 */
function applyQueryFault(fault, result) {
	const { inventories, total } = result;
	const withTotal = (/** @type {Record<string, unknown>[]} */ shown, /** @type {number} */ count) => ({
		...result,
		inventories: shown,
		...(total === undefined ? {} : { total: count }),
	});
	switch (fault.kind) {
		case 'shiftedPage':
			return withTotal(inventories.slice(1), Math.max(0, (total ?? 0) - 1));
		case 'withoutRefs':
			return {
				...result,
				inventories: inventories.map((inventory) => Object.fromEntries(Object.entries(inventory).filter(([field]) => field !== 'modelServiceRefs'))),
			};
		case 'halfList': {
			const middle = Math.ceil(inventories.length / 2);
			const shown = fault.half === 'second' ? inventories.slice(middle) : inventories.slice(0, middle);
			return withTotal(shown, shown.length);
		}
		default:
			return withTotal([], 0);
	}
}

module.exports = { QUERY_FAULTS, applyQueryFault };
