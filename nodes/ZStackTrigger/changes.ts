import type { IDataObject } from 'n8n-workflow';

/**
 * What the ZStack Trigger compares between two polls, kept in the workflow's static data: uuids and the
 * compared fields only, never whole inventories, so the state stays small and survives a queue-mode worker.
 */

export type TriggerEvent =
	| 'modelBoundToService'
	| 'modelUnboundFromService'
	| 'modelCreated'
	| 'modelServiceCreated'
	| 'modelServiceUpdated';

/** The last poll's view of the watched inventories. */
export interface Snapshot {
	/** Created events: the uuids seen. */
	known?: string[];
	/** Model Service Updated: each service's lastOpDate. */
	lastOpDates?: Record<string, string>;
	/** Bound and Unbound: each service's bound model uuids. */
	boundModels?: Record<string, string[]>;
}

/** One change to emit: what changed, and the uuid of the inventory to output with it. */
export interface Change {
	uuid: string;
	fields: IDataObject;
}

const text = (value: unknown): string => (typeof value === 'string' ? value : '');

/** The model uuids of a model service's `modelServiceRefs`. */
export function boundModelsOf(service: IDataObject): string[] {
	const refs = Array.isArray(service.modelServiceRefs) ? (service.modelServiceRefs as IDataObject[]) : [];
	return refs.map((ref) => text(ref?.modelUuid)).filter((uuid) => uuid !== '');
}

/** The snapshot of what one poll read, for the event watched. */
export function snapshotOf(event: TriggerEvent, inventories: IDataObject[]): Snapshot {
	const withUuid = inventories.filter((inventory) => text(inventory.uuid) !== '');
	switch (event) {
		case 'modelCreated':
		case 'modelServiceCreated':
			return { known: withUuid.map((inventory) => text(inventory.uuid)) };
		case 'modelServiceUpdated':
			return { lastOpDates: Object.fromEntries(withUuid.map((inventory) => [text(inventory.uuid), text(inventory.lastOpDate)])) };
		default:
			return { boundModels: Object.fromEntries(withUuid.map((inventory) => [text(inventory.uuid), boundModelsOf(inventory)])) };
	}
}

/**
 * The changes from the previous snapshot to the current one. Inventories the previous poll did not see are
 * new: their bindings count as binds, but nothing is reported about inventories that left the read.
 */
export function changesBetween(event: TriggerEvent, previous: Snapshot, current: Snapshot): Change[] {
	switch (event) {
		case 'modelCreated':
		case 'modelServiceCreated': {
			const known = new Set(previous.known ?? []);
			const key = event === 'modelCreated' ? 'modelUuid' : 'modelServiceUuid';
			return (current.known ?? []).filter((uuid) => !known.has(uuid)).map((uuid) => ({ uuid, fields: { [key]: uuid } }));
		}
		case 'modelServiceUpdated': {
			const before = previous.lastOpDates ?? {};
			return Object.entries(current.lastOpDates ?? {})
				.filter(([uuid, lastOpDate]) => Object.hasOwn(before, uuid) && before[uuid] !== lastOpDate)
				.map(([uuid, lastOpDate]) => ({
					uuid,
					fields: { modelServiceUuid: uuid, previousLastOpDate: before[uuid], lastOpDate },
				}));
		}
		default: {
			const before = previous.boundModels ?? {};
			const bound = event === 'modelBoundToService';
			const changes: Change[] = [];
			for (const [serviceUuid, models] of Object.entries(current.boundModels ?? {})) {
				const seen = Object.hasOwn(before, serviceUuid);
				if (!bound && !seen) continue;
				const earlier = new Set(seen ? before[serviceUuid] : []);
				const now = new Set(models);
				const changed = bound ? models.filter((model) => !earlier.has(model)) : [...earlier].filter((model) => !now.has(model));
				for (const modelUuid of changed) changes.push({ uuid: serviceUuid, fields: { modelUuid, modelServiceUuid: serviceUuid } });
			}
			return changes;
		}
	}
}

/** A ZStack date ("Nov 27, 2026 1:05:43 AM") as a number to order by; unreadable dates come last. */
function instantOf(value: unknown): number {
	const parsed = typeof value === 'string' ? Date.parse(value) : Number.NaN;
	return Number.isNaN(parsed) ? Number.NEGATIVE_INFINITY : parsed;
}

/**
 * For a manual test run: the most recent matching item, so a user can map its fields. For bindings it is
 * the most recently changed service's last bound model (for Unbound an example of the item's shape, since
 * ZStack keeps no record of past unbinds).
 */
export function mostRecentChange(event: TriggerEvent, inventories: IDataObject[]): Change | undefined {
	const dateField = event === 'modelCreated' || event === 'modelServiceCreated' ? 'createDate' : 'lastOpDate';
	const candidates =
		event === 'modelBoundToService' || event === 'modelUnboundFromService'
			? inventories.filter((inventory) => boundModelsOf(inventory).length > 0)
			: inventories;
	// Ties keep the read's order: the reads are sorted newest first.
	const newest = candidates.reduce<IDataObject | undefined>(
		(best, inventory) => (best === undefined || instantOf(inventory[dateField]) > instantOf(best[dateField]) ? inventory : best),
		undefined,
	);
	if (newest === undefined) return undefined;
	const uuid = text(newest.uuid);
	switch (event) {
		case 'modelCreated':
			return { uuid, fields: { modelUuid: uuid } };
		case 'modelServiceCreated':
			return { uuid, fields: { modelServiceUuid: uuid } };
		case 'modelServiceUpdated':
			return { uuid, fields: { modelServiceUuid: uuid, lastOpDate: text(newest.lastOpDate) } };
		default:
			return { uuid, fields: { modelUuid: boundModelsOf(newest).at(-1), modelServiceUuid: uuid } };
	}
}
