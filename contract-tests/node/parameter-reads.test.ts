import { ExecuteContext } from 'n8n-core';
import nock from 'nock';

import { BIND_PATH, batchItems, batchParameters, inventoryOf, itemOfPath } from '../harness/batch';
import { recordRequests, useNockWithoutNetwork } from '../harness/contract';
import { bindParameters, HOST, sessionCredential } from '../harness/fixtures';
import { WorkflowHarness } from '../harness/workflow';

useNockWithoutNetwork();

const ITEMS = 5;

/** n8n-core's one parameter read, behind every getNodeParameter of a node's context. */
const nodeExecutionContext = Object.getPrototypeOf(ExecuteContext.prototype) as { _getNodeParameter: (name: string) => unknown };

let harness: WorkflowHarness;
let reads: jest.SpyInstance;

beforeEach(() => {
	harness = new WorkflowHarness();
	harness.saveCredential('zstack', sessionCredential);
	reads = jest.spyOn(nodeExecutionContext, '_getNodeParameter');
});

afterEach(() => reads.mockRestore());

const readsOf = (name: string) => reads.mock.calls.filter(([parameter]) => parameter === name).length;

function serveBinds() {
	const scope = nock(HOST);
	const seen = recordRequests(scope);
	scope
		.post(BIND_PATH)
		.times(ITEMS)
		.reply((uri) => [200, { inventory: inventoryOf(itemOfPath(uri)) }]);
	return seen;
}

test('a parameter without an expression is read once per execution, an expression once per item', async () => {
	serveBinds();

	const { output, error } = await harness.run({
		parameters: { ...batchParameters({ concurrency: 2, requestTimeout: 30 }), additionalFields: { userTags: ['team::ml'] } },
		items: batchItems(ITEMS),
	});

	expect(error).toBeUndefined();
	expect(output.map((item) => item.json)).toEqual(Array.from({ length: ITEMS }, (_, item) => inventoryOf(item)));
	expect(readsOf('modelUuid')).toBe(ITEMS);
	expect(readsOf('modelServiceUuid')).toBe(1);
	expect(readsOf('additionalFields')).toBe(1);
	// Once for the run's concurrency, once for every item's call options.
	expect(readsOf('options')).toBe(2);
});

test('an expression nested inside a collection makes the collection be read for each item', async () => {
	const seen = serveBinds();

	const { error } = await harness.run({
		parameters: { ...batchParameters(), additionalFields: { systemTags: ['={{ "item::" + $json.model.slice(0, 8) }}'] } },
		items: batchItems(ITEMS),
	});

	expect(error).toBeUndefined();
	expect(readsOf('additionalFields')).toBe(ITEMS);
	const tagsByItem = new Map(seen.map((request) => [itemOfPath(request.path), (request.body as { systemTags: string[] }).systemTags]));
	for (let item = 0; item < ITEMS; item++) expect(tagsByItem.get(item)).toEqual([`item::${item.toString(16).padStart(8, '0')}`]);
});

test('a value read once that is wrong fails every item with that item’s own error', async () => {
	const { output, error } = await harness.run({
		parameters: batchParameters({ jobTimeout: -1 }),
		items: batchItems(3),
		continueOnFail: true,
	});

	expect(error).toBeUndefined();
	expect(output.map((item) => item.json.error)).toEqual(
		[0, 1, 2].map((item) => `Item ${item}: option Job Timeout must be a number of seconds from 0 to 604800, not -1`),
	);
	expect(output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
});

describe('reading ahead', () => {
	/** Items whose model UUID n8n has evaluated so far, in the order it did. */
	const modelReads = () => reads.mock.calls.filter(([parameter]) => parameter === 'modelUuid').map(([, item]) => item as number);

	/** Resolves once `done()` holds, checking between turns of the event loop; fails after seconds, never on a busy machine. */
	async function until(done: () => boolean, what: string): Promise<void> {
		const giveUp = Date.now() + 10_000;
		while (!done()) {
			if (Date.now() > giveUp) throw new Error(`gave up waiting until ${what}`);
			await new Promise((resolve) => setTimeout(resolve, 5));
		}
	}

	/** Event-loop turns enough for any read scheduled meanwhile to have happened. */
	const settle = async () => await new Promise((resolve) => setTimeout(resolve, 100));

	test('while the started items wait for ZStack, the next Concurrency items’ parameters are read, and no further', async () => {
		let release!: () => void;
		const released = new Promise<void>((resolve) => (release = resolve));
		nock(HOST)
			.post(BIND_PATH)
			.times(8)
			.reply(async (uri) => {
				await released;
				return [200, { inventory: inventoryOf(itemOfPath(uri)) }];
			});

		const run = harness.run({ parameters: batchParameters({ concurrency: 2 }), items: batchItems(8) });
		await until(() => modelReads().includes(3), 'items 2 and 3 are read ahead');
		await settle();
		expect(modelReads()).toEqual([0, 1, 2, 3]);
		release();
		const { output, error } = await run;

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json)).toEqual(Array.from({ length: 8 }, (_, item) => inventoryOf(item)));
		expect(output.map((item) => item.pairedItem)).toEqual(Array.from({ length: 8 }, (_, item) => ({ item })));
		expect(modelReads().sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
	});

	test('an expression that fails for an item read ahead fails that item, at its turn, as it fails read in place', async () => {
		const failingFor2 = (concurrency: number) =>
			bindParameters({ modelUuid: { __rl: true, mode: 'id', value: '={{ $json.model || $("No such node").item.json.model }}' }, options: { concurrency } });
		const items = batchItems(4);
		delete items[2].model;
		nock(HOST)
			.post(BIND_PATH)
			.times(3)
			.reply(async (uri) => {
				const item = itemOfPath(uri);
				// Item 1 is answered only once item 2, whose expression fails, has been read ahead.
				if (item === 1) await until(() => modelReads().includes(2), 'item 2 is read ahead');
				return [200, { inventory: inventoryOf(item) }];
			});

		const { output, error } = await harness.run({ parameters: failingFor2(1), items, continueOnFail: true });
		// With Concurrency 4 all four items start at once and read their own parameters: nothing is read ahead.
		nock(HOST)
			.post(BIND_PATH)
			.times(3)
			.reply((uri) => [200, { inventory: inventoryOf(itemOfPath(uri)) }]);
		const inPlace = await harness.run({ parameters: failingFor2(4), items, continueOnFail: true });

		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual([0, 1, 2, 3].map((item) => ({ item })));
		expect(output.map((item) => item.json)).toEqual([inventoryOf(0), inventoryOf(1), inPlace.output[2].json, inventoryOf(3)]);
		expect(inPlace.output[2].json.error).toBe("Referenced node doesn't exist");
	});

	test('after the run has failed, no parameter is read', async () => {
		nock(HOST)
			.post(BIND_PATH)
			.reply(async () => {
				await until(() => modelReads().includes(1), 'item 1 is read ahead');
				return [500, { error: { code: 'SYS.1000', description: 'An internal error happened in system' } }];
			});

		const { error } = await harness.run({ parameters: batchParameters({ concurrency: 1 }), items: batchItems(6) });
		const readsAtTheEnd = reads.mock.calls.length;
		await settle();

		expect(error?.message).toContain('SYS.1000');
		expect(reads.mock.calls.length).toBe(readsAtTheEnd);
		expect(modelReads()).toEqual([0, 1]);
	});
});
