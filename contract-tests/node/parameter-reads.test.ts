import { ExecuteContext } from 'n8n-core';
import nock from 'nock';

import { BIND_PATH, batchItems, batchParameters, inventoryOf, itemOfPath } from '../harness/batch';
import { recordRequests, useNockWithoutNetwork } from '../harness/contract';
import { HOST, sessionCredential } from '../harness/fixtures';
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
