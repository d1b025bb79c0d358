import { createHash } from 'crypto';

import type { IDataObject } from 'n8n-workflow';

import { isZStackUuid } from '../ZStack/helpers/uuid';
import type { WatchedEvent } from './events';

/**
 * What the ZStack Trigger remembers between polls, and the rule that turns two views into changes.
 *
 * The rule: a reply is evidence of what it shows, never of what it leaves out, until it is confirmed.
 * - An item (or a binding) counts as gone only when it is missing from two consecutive complete replies
 *   (a binding: from two consecutive replies that list the service's `modelServiceRefs`); a reply without
 *   `modelServiceRefs`, a partial reply (pages that disagree, a short page before the reported total) and a
 *   single empty reply are no evidence of absence.
 *   Model Deleted then looks the item up by uuid, without the filters: only one ZStack no longer has is deleted.
 * - An item neither followed nor seen going is new only when ZStack created it after what the trigger has seen: its
 *   `createDate` is no older than the newest seen, less a grace for replies that commit out of order. An
 *   older item entering the watched window (a deletion let it into the newest 1000, a filter on a changing
 *   field now matches it, a management node came back) is learned silently, and so is one without a date.
 *   A new item of an event with `newIsChange` is also a change of its value from none (no `previous…` field).
 * - The first poll (and the first after the event or the filters changed) only learns, from a complete reply: after a
 *   partial one the next poll learns again.
 *
 * Memory per item is bounded whatever the server sends: ids are ZStack UUIDs (32 hex digits; anything
 * else is not followed), compared values longer than MAX_VALUE_LENGTH are kept as a hash, and the
 * counts are capped (MAX_KNOWN items followed, MAX_GONE remembered as gone, MAX_BOUND_PER_SERVICE and
 * MAX_TRACKED_BINDINGS bindings): under 300 KB of static data in all (measured at those limits: 253 KB).
 */

/** Replies that commit out of order can show an item created this long before the newest seen. */
const CREATED_GRACE_MS = 10 * 60_000;
/** Items remembered at most: the watched window (1000) and as many again waiting to be confirmed gone. */
const MAX_KNOWN = 2000;
/** A compared value (a date, a status) is kept as it is up to this length, as a hash beyond. */
const MAX_VALUE_LENGTH = 40;
/** Bound models followed per model service, and in all: beyond them the poll fails and says to filter. */
const MAX_BOUND_PER_SERVICE = 200;
const MAX_TRACKED_BINDINGS = 2000;
/** Uuids remembered as no longer followed, so that they do not come back as new. */
const MAX_GONE = 1000;

/** Marks a value kept as its hash: never shown as a previous value. */
const HASHED = '#';
/** Marks a bound model that the last reply listing the service's refs left out. */
const MISSING_ONCE = '-';

/** What the trigger keeps in the workflow's static data for the event it watches. */
export interface WatchState extends IDataObject {
	/** The newest `createDate` seen, in ms as this process reads ZStack's dates. */
	horizon?: number;
	/** Uuid → the compared value ('' when only presence counts). Absent until something was learned. */
	known?: Record<string, string>;
	/** Known uuids missing from the last complete reply. */
	missing?: string[];
	/** Uuids no longer followed (confirmed gone, or forgotten to stay within bounds), the latest MAX_GONE. */
	gone?: string[];
	/** Bindings: model service uuid → its bound model uuids, MISSING_ONCE before those the last reply left out. */
	bound?: Record<string, string[]>;
}

/** One poll's read of the watched inventories. */
export interface WatchedRead {
	inventories: IDataObject[];
	/** Every page agreed and the read covered the reported total (or the watched window). */
	complete: boolean;
}

/** One change to emit: what changed, and the uuid of the inventory to output with it. */
export interface Change {
	uuid: string;
	fields: IDataObject;
}

/** A server reply the trigger will not follow: the poll fails with this message. */
class BeyondTriggerLimitError extends Error {}

/** A value as remembered: itself when short, else a hash of it. */
export function boundedValue(value: string): string {
	if (value.length <= MAX_VALUE_LENGTH && !value.startsWith(HASHED)) return value;
	return `${HASHED}${createHash('sha256').update(value).digest('base64url').slice(0, 22)}`;
}

/** A remembered value as output: a hashed one is not shown. */
const shownValue = (value: string | undefined): string | undefined => (value === undefined || value.startsWith(HASHED) ? undefined : value);

/** A ZStack date ("Nov 27, 2026 1:05:43 AM") as a number to order by; NaN when unreadable. */
function instantOf(value: unknown): number {
	return typeof value === 'string' && value.length <= MAX_VALUE_LENGTH ? Date.parse(value) : Number.NaN;
}

/** The model uuids of a model service's `modelServiceRefs`, or undefined when the reply does not list them. */
function boundModelsOf(service: IDataObject): string[] | undefined {
	if (!Array.isArray(service.modelServiceRefs)) return undefined;
	const models = (service.modelServiceRefs as unknown[]).map((ref) => (ref !== null && typeof ref === 'object' ? (ref as IDataObject).modelUuid : undefined));
	return [...new Set(models.filter(isZStackUuid))];
}

function limitBindings(serviceUuid: string, count: number): void {
	if (count > MAX_BOUND_PER_SERVICE) {
		throw new BeyondTriggerLimitError(
			`ZStack lists ${count} models bound to the model service ${serviceUuid}; the trigger follows at most ${MAX_BOUND_PER_SERVICE} per model service. Exclude it with Filters (e.g. uuid != ${serviceUuid}).`,
		);
	}
}

/** The comparison of one reply with what was remembered. */
class Comparison {
	readonly changes: Change[] = [];
	/** Uuids confirmed gone by this reply (missing twice). */
	readonly vanished: string[] = [];
	readonly known: Record<string, string>;
	readonly bound: Record<string, string[]>;
	readonly gone: Set<string>;

	constructor(
		private readonly watched: WatchedEvent,
		private readonly previous: WatchState,
	) {
		this.known = { ...previous.known };
		this.bound = { ...previous.bound };
		this.gone = new Set(previous.gone);
	}

	/** Not remembered, not gone before, and created after what was seen. */
	private isNew(uuid: string, inventory: IDataObject): boolean {
		if (this.gone.has(uuid)) return false;
		const created = instantOf(inventory.createDate);
		if (Number.isNaN(created)) return false;
		return this.previous.horizon === undefined || created >= this.previous.horizon - CREATED_GRACE_MS;
	}

	private emit(uuid: string, fields: IDataObject, event: WatchedEvent['reports']): void {
		if (this.watched.reports === event) this.changes.push({ uuid, fields });
	}

	see(uuid: string, inventory: IDataObject): void {
		const value = this.watched.valueOf(inventory);
		const models = this.watched.compares === 'bindings' ? boundModelsOf(inventory) : undefined;
		if (models !== undefined) limitBindings(uuid, models.length);
		if (!Object.hasOwn(this.known, uuid)) {
			const isNew = this.isNew(uuid, inventory);
			this.known[uuid] = value ?? '';
			this.gone.delete(uuid);
			if (models !== undefined && models.length > 0) this.bound[uuid] = models;
			if (!isNew) return;
			this.emit(uuid, this.watched.identify(uuid, inventory), 'new');
			if (this.watched.newIsChange && value !== undefined) {
				this.emit(uuid, { ...this.watched.identify(uuid, inventory), ...this.watched.changeOf(undefined, inventory) }, 'changed');
			}
			for (const modelUuid of models ?? []) this.emit(uuid, { modelUuid, modelServiceUuid: uuid }, 'bound');
			return;
		}
		if (value !== undefined && value !== this.known[uuid]) {
			const previous = shownValue(this.known[uuid]);
			this.known[uuid] = value;
			this.emit(uuid, { ...this.watched.identify(uuid, inventory), ...this.watched.changeOf(previous, inventory) }, 'changed');
		}
		if (models !== undefined) this.compareBindings(uuid, models);
	}

	/** Binds at once; an unbind when a model is left out of two replies in a row that list the refs. */
	private compareBindings(serviceUuid: string, models: string[]): void {
		const now = new Set(models);
		const kept: string[] = [];
		const before = new Set<string>();
		for (const entry of this.bound[serviceUuid] ?? []) {
			const missedOnce = entry.startsWith(MISSING_ONCE);
			const modelUuid = missedOnce ? entry.slice(MISSING_ONCE.length) : entry;
			before.add(modelUuid);
			if (now.has(modelUuid)) kept.push(modelUuid);
			else if (!missedOnce) kept.push(`${MISSING_ONCE}${modelUuid}`);
			else this.emit(serviceUuid, { modelUuid, modelServiceUuid: serviceUuid }, 'unbound');
		}
		for (const modelUuid of models) {
			if (before.has(modelUuid)) continue;
			kept.push(modelUuid);
			this.emit(serviceUuid, { modelUuid, modelServiceUuid: serviceUuid }, 'bound');
		}
		if (kept.length > 0) this.bound[serviceUuid] = kept;
		else delete this.bound[serviceUuid];
	}

	/** Stops following an item: it is remembered as gone, so that it never comes back as new. */
	forget(uuid: string): void {
		delete this.known[uuid];
		delete this.bound[uuid];
		this.gone.add(uuid);
	}
}

/** The items of a reply the trigger follows: those with a ZStack UUID, once each. */
function followedItems(watched: WatchedEvent, inventories: IDataObject[]): Map<string, IDataObject> {
	const items = new Map<string, IDataObject>();
	for (const inventory of inventories) {
		const uuid = watched.uuidOf(inventory);
		if (uuid !== undefined && !items.has(uuid)) items.set(uuid, inventory);
	}
	return items;
}

function newestCreated(horizon: number | undefined, inventories: Iterable<IDataObject>): number | undefined {
	let newest = horizon;
	for (const inventory of inventories) {
		const created = instantOf(inventory.createDate);
		if (!Number.isNaN(created) && (newest === undefined || created > newest)) newest = created;
	}
	return newest;
}

/** Keeps the remembered items within MAX_KNOWN, forgetting the longest-remembered that this reply did not show. */
function capKnown(comparison: Comparison, shown: Map<string, IDataObject>): void {
	let excess = Object.keys(comparison.known).length - MAX_KNOWN;
	for (const uuid of Object.keys(comparison.known)) {
		if (excess <= 0) break;
		if (shown.has(uuid)) continue;
		comparison.forget(uuid);
		excess--;
	}
}

/**
 * Compares one read with the remembered state: the changes to emit, the uuids confirmed gone (for Model
 * Deleted the caller checks them before reporting), and the state to remember.
 */
export function compare(
	watched: WatchedEvent,
	previous: WatchState | undefined,
	read: WatchedRead,
): { state: WatchState; changes: Change[]; vanished: string[] } {
	const items = followedItems(watched, read.inventories);
	const learning = previous?.known === undefined;
	// Learning from a partial read would take the part left out, seen later, for new items.
	if (learning && !read.complete) return { state: {}, changes: [], vanished: [] };
	const comparison = new Comparison(watched, learning ? {} : (previous as WatchState));
	for (const [uuid, inventory] of items) comparison.see(uuid, inventory);

	let missing: string[] = [];
	if (!learning) {
		const missingBefore = new Set(previous?.missing ?? []);
		const absent = Object.keys(previous?.known ?? {}).filter((uuid) => !items.has(uuid));
		for (const uuid of absent) {
			if (!read.complete) {
				if (missingBefore.has(uuid)) missing.push(uuid);
			} else if (missingBefore.has(uuid)) {
				comparison.vanished.push(uuid);
				comparison.forget(uuid);
			} else missing.push(uuid);
		}
	}
	capKnown(comparison, items);
	missing = missing.filter((uuid) => Object.hasOwn(comparison.known, uuid));

	const boundCount = Object.values(comparison.bound).reduce((sum, models) => sum + models.length, 0);
	if (boundCount > MAX_TRACKED_BINDINGS) {
		throw new BeyondTriggerLimitError(
			`The watched model services have ${boundCount} bound models; the trigger follows at most ${MAX_TRACKED_BINDINGS}. Narrow the model services watched with Filters.`,
		);
	}
	const gone = [...comparison.gone].slice(-MAX_GONE);
	const state: WatchState = {
		horizon: newestCreated(previous?.horizon, items.values()),
		known: comparison.known,
		missing: missing.length > 0 ? missing : undefined,
		gone: gone.length > 0 ? gone : undefined,
		bound: Object.keys(comparison.bound).length > 0 ? comparison.bound : undefined,
	};
	for (const key of Object.keys(state)) if (state[key] === undefined) delete state[key];
	return { state, changes: learning ? [] : comparison.changes, vanished: learning ? [] : comparison.vanished };
}

/**
 * For a manual test run: the most recent matching item, so a user can map its fields (for Unbound and
 * Deleted an example of the item's shape: ZStack keeps no record of past unbinds or deletions).
 */
export function mostRecentChange(watched: WatchedEvent, inventories: IDataObject[]): Change | undefined {
	const dateField = watched.compares === 'presence' ? 'createDate' : 'lastOpDate';
	let newest: { uuid: string; inventory: IDataObject; at: number } | undefined;
	for (const [uuid, inventory] of followedItems(watched, inventories)) {
		if (watched.compares === 'bindings' && !boundModelsOf(inventory)?.length) continue;
		const read = instantOf(inventory[dateField]);
		const at = Number.isNaN(read) ? Number.NEGATIVE_INFINITY : read;
		// Ties keep the read's order: the reads are sorted newest first.
		if (newest === undefined || at > newest.at) newest = { uuid, inventory, at };
	}
	if (newest === undefined) return undefined;
	const { uuid, inventory } = newest;
	if (watched.compares === 'bindings') return { uuid, fields: { modelUuid: boundModelsOf(inventory)?.at(-1), modelServiceUuid: uuid } };
	const fields = watched.identify(uuid, inventory);
	return { uuid, fields: watched.compares === 'value' ? { ...fields, ...watched.changeOf(undefined, inventory) } : fields };
}
