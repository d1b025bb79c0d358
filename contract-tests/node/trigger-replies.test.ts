import type { IDataObject } from 'n8n-workflow';

import { useNockWithoutNetwork } from '../harness/contract';
import { sessionCredential } from '../harness/fixtures';
import { ListingServer, minutesAgo, MODEL_SERVICES_PATH, MODELS_PATH, uuidFor } from '../harness/listing-server';
import { PollHarness } from '../harness/poll';

/**
 * The ZStack Trigger fires only for real changes (issue 18, N3) and keeps bounded state whatever ZStack sends
 * (N9): replies that are empty, partial, flapping, missing fields or oversized, and a watched window that
 * shifts, polled through n8n-core's PollContext with static data carried as n8n's database carries it.
 */

useNockWithoutNetwork();

let zstack: ListingServer;
/** One trigger node per event, as in a workflow: each keeps its own static data. */
let triggers: Map<string, PollHarness>;

beforeEach(() => {
	zstack = new ListingServer();
	triggers = new Map();
});

function triggerFor(event: string): PollHarness {
	let trigger = triggers.get(event);
	if (trigger === undefined) {
		trigger = new PollHarness();
		trigger.saveCredential('zstack', sessionCredential);
		triggers.set(event, trigger);
	}
	return trigger;
}

const MODEL = 'a0';
const SERVICE = 'c0';

/** `count` models, newest first, one a day back from yesterday. */
function models(count: number): IDataObject[] {
	return Array.from({ length: count }, (_, index) => ({ uuid: uuidFor(MODEL, index), createDate: minutesAgo((index + 1) * 1440) }));
}

/** `count` model services, newest first, the n-th bound to the n-th model. */
function services(count: number): IDataObject[] {
	return Array.from({ length: count }, (_, index) => {
		const uuid = uuidFor(SERVICE, index);
		const date = minutesAgo((index + 1) * 1440);
		return { uuid, name: `service ${index}`, createDate: date, lastOpDate: date, modelServiceRefs: [{ modelUuid: uuidFor(MODEL, index), modelServiceUuid: uuid }] };
	});
}

const poll = (event: string) => triggerFor(event).poll({ event });
const staticDataSize = (event: string) => JSON.stringify(triggerFor(event).storedStaticData).length;

/** Every event watching model services or models, with the list it watches. */
const EVENTS_ON_LISTS = [
	['modelBoundToService', MODEL_SERVICES_PATH],
	['modelUnboundFromService', MODEL_SERVICES_PATH],
	['modelServiceCreated', MODEL_SERVICES_PATH],
	['modelServiceUpdated', MODEL_SERVICES_PATH],
	['modelCreated', MODELS_PATH],
	['modelDeleted', MODELS_PATH],
] as const;

function fill(): void {
	zstack.lists[MODELS_PATH].push(...models(50));
	zstack.lists[MODEL_SERVICES_PATH].push(...services(50));
}

describe('N3: a reply by itself never creates events', () => {
	test.each(EVENTS_ON_LISTS)('%s: one empty reply, then the same items again: nothing', async (event, path) => {
		fill();
		expect(await poll(event)).toBeNull();
		zstack.queued[path].push({ inventories: [], total: 0 });

		expect(await poll(event)).toBeNull();
		expect(await poll(event)).toBeNull();
		expect(await poll(event)).toBeNull();
	});

	test.each(EVENTS_ON_LISTS)('%s: halves of the list in turn, ten polls, whatever total they claim: nothing', async (event, path) => {
		fill();
		const list = zstack.lists[path];
		expect(await poll(event)).toBeNull();
		for (let round = 0; round < 10; round++) {
			const half = round % 2 === 0 ? list.slice(0, 25) : list.slice(25);
			zstack.queued[path].push({ inventories: half, total: round < 5 ? 25 : 50 });
			expect(await poll(event)).toBeNull();
		}
	});

	test.each(EVENTS_ON_LISTS)('%s: the first poll gets a partial reply (the older half of the total it claims): nothing learned from it, nothing after', async (event, path) => {
		fill();
		zstack.queued[path].push({ inventories: zstack.lists[path].slice(25), total: 50 });

		expect(await poll(event)).toBeNull();
		expect(await poll(event)).toBeNull();
		expect(await poll(event)).toBeNull();
	});

	test('a reply without modelServiceRefs, twice: no unbind; the refs listed again: no bind', async () => {
		fill();
		const withoutRefs = () => ({ inventories: services(50).map((service) => ({ ...service, modelServiceRefs: undefined })), total: 50 });
		for (const event of ['modelUnboundFromService', 'modelBoundToService']) {
			expect(await poll(event)).toBeNull();
			zstack.queued[MODEL_SERVICES_PATH].push(withoutRefs(), withoutRefs());
			expect(await poll(event)).toBeNull();
			expect(await poll(event)).toBeNull();
			expect(await poll(event)).toBeNull();
		}
	});

	test('a model gone from two complete replies but still in ZStack (a filter on a changing field) is no deletion; back again, it is not new', async () => {
		fill();
		const [left] = zstack.lists[MODELS_PATH];
		for (const event of ['modelDeleted', 'modelCreated']) {
			zstack.hidden.clear();
			expect(await poll(event)).toBeNull();
			zstack.hidden.add(String(left.uuid));
			expect(await poll(event)).toBeNull();
			expect(await poll(event)).toBeNull();
			zstack.hidden.clear();
			expect(await poll(event)).toBeNull();
		}
		expect(zstack.lookups).toEqual([[left.uuid]]);
	});

	test('the window shifting after a deletion: the older model entering it is not new; the deleted one is one item, when confirmed', async () => {
		zstack.lists[MODELS_PATH].push(...models(1001));
		const list = zstack.lists[MODELS_PATH];
		const deleted = String(list[500].uuid);
		const entering = String(list[1000].uuid);
		expect(await poll('modelCreated')).toBeNull();
		expect(await poll('modelDeleted')).toBeNull();

		list.splice(500, 1);

		expect(await poll('modelCreated')).toBeNull();
		expect(await poll('modelDeleted')).toBeNull();
		expect(await poll('modelCreated')).toBeNull();
		expect(await poll('modelDeleted')).toEqual([{ event: 'modelDeleted', modelUuid: deleted }]);
		expect(await poll('modelDeleted')).toBeNull();
		expect(JSON.stringify(triggerFor('modelCreated').storedStaticData)).toContain(entering);
	});

	test('real changes still come through: a new model at once, a deleted one on the second poll', async () => {
		fill();
		expect(await poll('modelCreated')).toBeNull();
		zstack.lists[MODELS_PATH].unshift({ uuid: uuidFor('b0', 1), createDate: minutesAgo(0) });
		expect((await poll('modelCreated'))?.map((item) => item.modelUuid)).toEqual([uuidFor('b0', 1)]);

		expect(await poll('modelDeleted')).toBeNull();
		zstack.lists[MODELS_PATH].shift();
		expect(await poll('modelDeleted')).toBeNull();
		expect((await poll('modelDeleted'))?.map((item) => item.modelUuid)).toEqual([uuidFor('b0', 1)]);
	});
});

describe('N9: the static data is bounded whatever ZStack sends', () => {
	const huge = (fill: string) => fill.repeat(100_000);

	test('uuids of 100 000 characters are not followed, and not kept', async () => {
		zstack.lists[MODELS_PATH].push({ uuid: huge('a'), createDate: minutesAgo(10) }, ...models(2));
		expect(await poll('modelCreated')).toBeNull();
		zstack.lists[MODELS_PATH].unshift({ uuid: huge('b'), createDate: minutesAgo(0) });

		expect(await poll('modelCreated')).toBeNull();
		expect(staticDataSize('modelCreated')).toBeLessThan(500);
	});

	test('lastOpDate values of 100 000 characters are kept as a hash: a change is still one item, without a previous date', async () => {
		zstack.lists[MODEL_SERVICES_PATH].push(...services(3).map((service) => ({ ...service, lastOpDate: huge('1') })));
		expect(await poll('modelServiceUpdated')).toBeNull();
		zstack.lists[MODEL_SERVICES_PATH][1].lastOpDate = huge('2');

		const items = await poll('modelServiceUpdated');

		expect(items?.map((item) => [item.modelServiceUuid, String(item.lastOpDate).length, item.previousLastOpDate])).toEqual([
			[uuidFor(SERVICE, 1), 100_000, undefined],
		]);
		expect(staticDataSize('modelServiceUpdated')).toBeLessThan(500);
	});

	test('20 000 bindings on one model service fail the poll with an error naming it; nothing is kept', async () => {
		const [service] = services(1);
		service.modelServiceRefs = Array.from({ length: 20_000 }, (_, index) => ({ modelUuid: uuidFor('b0', index) }));
		zstack.lists[MODEL_SERVICES_PATH].push(service);

		await expect(poll('modelBoundToService')).rejects.toThrow(
			`ZStack lists 20000 models bound to the model service ${String(service.uuid)}; the trigger follows at most 200 per model service`,
		);
		expect(staticDataSize('modelBoundToService')).toBeLessThan(100);
	});

	test('at the limits (1000 watched, 1000 waiting to be confirmed gone, 1000 gone, 2000 bindings, 40-character values) it stays under 300 KB', async () => {
		const list = zstack.lists[MODEL_SERVICES_PATH];
		const thousand = (from: number, boundModels: number) =>
			services(1000).map((service, index) => ({
				...service,
				uuid: uuidFor(SERVICE, from + index),
				// Older than those seen before: the later thousands are learned, not new.
				createDate: minutesAgo((from + index + 1) * 1440),
				lastOpDate: `${from}`.padEnd(40, 'x'),
				modelServiceRefs: Array.from({ length: boundModels }, (_, model) => ({ modelUuid: uuidFor('b0', from + boundModels * index + model) })),
			}));
		const sizes: Record<string, number> = {};
		for (const event of ['modelServiceUpdated', 'modelBoundToService']) {
			// The first thousand go (missing twice), the second wait (missing once), the third are watched.
			for (const services of [thousand(0, 2), thousand(1000, 0), thousand(2000, 2)]) {
				list.splice(0, list.length, ...services);
				expect(await poll(event)).toBeNull();
			}
			sizes[event] = staticDataSize(event);
		}
		expect(sizes.modelServiceUpdated).toBeLessThan(300_000);
		expect(sizes.modelBoundToService).toBeLessThan(300_000);
	});
});

test('state kept by version 1 (a snapshot of fields) is replaced: the first poll after the update learns, and emits nothing', async () => {
	fill();
	const trigger = triggerFor('modelCreated');
	trigger.storedStaticData = { 'node:ZStack Trigger': { watching: JSON.stringify(['modelCreated', []]), snapshot: { known: [] } } };

	expect(await poll('modelCreated')).toBeNull();

	expect(Object.keys(trigger.storedStaticData['node:ZStack Trigger'] as object).sort()).toEqual(['watch', 'watching']);
});
