import type { IDataObject } from 'n8n-workflow';
import nock from 'nock';

import { formatZStackDate } from '../simulator/seed';
import { HOST } from './fixtures';
import { queryParametersOf } from './queries';

/**
 * A ZStack query API (nock, at fixtures' HOST) over lists a test changes between polls, for the trigger's
 * hostile replies: the newest-first list is paged by `start`/`limit` with its `total`, a lookup by
 * `uuid?=` sees every listed item (hidden ones too), and a queued reply replaces the next watching read.
 */

export const MODELS_PATH = '/zstack/v1/ai/models';
export const MODEL_SERVICES_PATH = '/zstack/v1/ai/model-services';
export const INSTANCE_GROUPS_PATH = '/zstack/v1/ai/model-services/instances/groups/';
const PATHS = [MODELS_PATH, MODEL_SERVICES_PATH, INSTANCE_GROUPS_PATH];

/** The n-th ZStack UUID of a kind: a fixed hex prefix, then the number. */
export const uuidFor = (prefix: string, index: number) => `${prefix}${index.toString(16).padStart(32 - prefix.length, '0')}`;

/** A ZStack date this many minutes ago. */
export const minutesAgo = (minutes: number) => formatZStackDate(new Date(Date.now() - minutes * 60_000));

export class ListingServer {
	/** Each path's inventories, newest first. */
	readonly lists: Record<string, IDataObject[]> = Object.fromEntries(PATHS.map((path) => [path, []]));
	/** Uuids a watching read does not show (as when a filter stops matching them), though lookups do. */
	readonly hidden = new Set<string>();
	/** Replies given instead of the list, to the next watching reads of a path, once each. */
	readonly queued: Record<string, IDataObject[]> = Object.fromEntries(PATHS.map((path) => [path, []]));
	/** The uuids each lookup asked for. */
	readonly lookups: string[][] = [];

	constructor() {
		for (const path of PATHS) {
			nock(HOST)
				.get(path)
				.query(true)
				.times(Infinity)
				.reply((uri) => [200, this.answer(path, queryParametersOf(uri))]);
		}
	}

	private answer(path: string, query: Record<string, string | string[]>): IDataObject {
		const list = this.lists[path];
		const lookup = [query.q ?? []].flat().find((condition) => condition.startsWith('uuid?='));
		if (lookup !== undefined) {
			const uuids = lookup.slice('uuid?='.length).split(',');
			this.lookups.push(uuids);
			const found = list.filter((inventory) => uuids.includes(String(inventory.uuid)));
			return { inventories: found, total: found.length };
		}
		const queued = this.queued[path].shift();
		if (queued !== undefined) return queued;
		const shown = list.filter((inventory) => !this.hidden.has(String(inventory.uuid)));
		const start = Number(query.start ?? 0);
		return { inventories: shown.slice(start, start + Number(query.limit ?? 1000)), total: shown.length };
	}
}
