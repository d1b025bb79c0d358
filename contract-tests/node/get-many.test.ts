import type { IDataObject, INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { loadContract, recordRequests, useNockWithoutNetwork, type Contract, type SeenRequest } from '../harness/contract';
import { HOST, SESSION, sessionCredential } from '../harness/fixtures';
import { queryParametersOf as queryOf } from '../harness/queries';
import { WorkflowHarness } from '../harness/workflow';

const cases: { resource: string; contract: Contract }[] = [
	{ resource: 'model', contract: loadContract('QueryModel') },
	{ resource: 'modelService', contract: loadContract('QueryModelService') },
];

/** A numbered inventory, to tell pages apart. */
const inventory = (index: number): IDataObject => ({ uuid: index.toString(16).padStart(32, '0'), name: `item ${index}` });
const inventories = (from: number, count: number) => Array.from({ length: count }, (_, offset) => inventory(from + offset));

useNockWithoutNetwork();

let harness: WorkflowHarness;

beforeEach(() => {
	harness = new WorkflowHarness();
	harness.saveCredential('zstack', sessionCredential);
});

describe.each(cases)('Get Many $resource', ({ resource, contract }) => {
	const queryPath = contract.request.path;

	function getManyParameters(overrides: INodeParameters = {}): INodeParameters {
		return { resource, operation: 'getAll', ...overrides };
	}

	/** Answers every query on the path with `reply(query)`, and records what was asked. */
	function answerQueries(reply: (query: Record<string, string | string[]>) => IDataObject): SeenRequest[] {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope
			.get(queryPath)
			.query(true)
			.times(100)
			.reply((uri) => [200, reply(queryOf(uri))]);
		return seen;
	}

	test('the documented query: a filter on uuid and the default limit send exactly the contract query; each inventory is one item', async () => {
		const example = (contract.response.body.inventories as IDataObject[])[0];
		const expectedQuery = { ...contract.request.query, q: [`uuid=${String(example.uuid)}`] };
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.get(queryPath).query(true).reply(contract.response.status, contract.response.body);

		const { output, error } = await harness.run({
			parameters: getManyParameters({
				filters: { conditions: [{ field: 'uuid', operator: 'equals', value: String(example.uuid) }] },
			}),
		});

		expect(error).toBeUndefined();
		expect(seen).toHaveLength(1);
		expect(seen[0].method).toBe(contract.request.method);
		expect(new URL(seen[0].path, HOST).pathname).toBe(queryPath);
		expect(queryOf(seen[0])).toEqual(expectedQuery);
		expect(seen[0].headers.authorization).toBe(`OAuth ${SESSION}`);
		expect(output).toEqual([{ json: example, pairedItem: { item: 0 } }]);
		scope.done();
	});

	test('without Return All, Limit is sent as the page size and caps the output', async () => {
		const seen = answerQueries(() => ({ inventories: inventories(0, 5), total: 40 }));

		const { output } = await harness.run({ parameters: getManyParameters({ limit: 5 }) });

		expect(seen.map(queryOf)).toEqual([{ limit: '5', start: '0', replyWithCount: 'true' }]);
		expect(output.map((item) => item.json)).toEqual(inventories(0, 5));
	});

	test('a Limit above one page is read in pages of 100, the last one only as large as needed', async () => {
		const seen = answerQueries(({ start, limit }) => ({ inventories: inventories(Number(start), Number(limit)), total: 1000 }));

		const { output } = await harness.run({ parameters: getManyParameters({ limit: 150 }) });

		expect(seen.map(queryOf)).toEqual([
			{ limit: '100', start: '0', replyWithCount: 'true' },
			{ limit: '50', start: '100', replyWithCount: 'true' },
		]);
		expect(output).toHaveLength(150);
		expect(output[149].json).toEqual(inventory(149));
	});

	test('Return All pages with start/limit until a page comes back short', async () => {
		const seen = answerQueries(({ start, limit }) => {
			const from = Number(start);
			return { inventories: inventories(from, Math.min(Number(limit), 250 - from)) };
		});

		const { output } = await harness.run({ parameters: getManyParameters({ returnAll: true }) });

		expect(seen.map((request) => queryOf(request).start)).toEqual(['0', '100', '200']);
		expect(seen.every((request) => queryOf(request).limit === '100')).toBe(true);
		expect(output.map((item) => item.json)).toEqual(inventories(0, 250));
		expect(new Set(output.map((item) => JSON.stringify(item.pairedItem)))).toEqual(new Set(['{"item":0}']));
	});

	test('Return All stops at the reported total, without asking for an empty page', async () => {
		const seen = answerQueries(({ start }) => ({ inventories: inventories(Number(start), 100), total: 200 }));

		const { output } = await harness.run({ parameters: getManyParameters({ returnAll: true }) });

		expect(seen.map((request) => queryOf(request).start)).toEqual(['0', '100']);
		expect(output).toHaveLength(200);
	});

	test('no match outputs no item', async () => {
		answerQueries(() => ({ inventories: [], total: 0 }));

		const { output, error } = await harness.run({ parameters: getManyParameters() });

		expect(error).toBeUndefined();
		expect(output).toEqual([]);
	});

	test('Filters become repeated q conditions in ZStack syntax, in order; Sort becomes sort=±field', async () => {
		const seen = answerQueries(() => ({ inventories: [], total: 0 }));

		await harness.run({
			parameters: getManyParameters({
				filters: {
					conditions: [
						{ field: 'name', operator: 'like', value: '%qwen%' },
						{ field: ' type ', operator: 'in', value: 'LLM,Embedding' },
						{ field: 'size', operator: 'greaterThanOrEqual', value: '1024' },
						{ field: 'description', operator: 'isNull', value: 'ignored' },
						{ field: 'modelServiceRefs.modelUuid', operator: 'notNull' },
						{ field: 'vendor', operator: 'notLike', value: 'a&b=c' },
					],
				},
				options: { sort: { order: { field: 'createDate', direction: '-' } } },
			}),
		});

		expect(seen.map(queryOf)).toEqual([
			{
				q: [
					'name~=%qwen%',
					'type?=LLM,Embedding',
					'size>=1024',
					'description is null',
					'modelServiceRefs.modelUuid not null',
					'vendor!~=a&b=c',
				],
				limit: '50',
				start: '0',
				replyWithCount: 'true',
				sort: '-createDate',
			},
		]);
	});

	test('a list from an expression is sent comma-separated, as the list operators expect', async () => {
		const seen = answerQueries(() => ({ inventories: [] }));

		await harness.run({
			parameters: getManyParameters({
				filters: { conditions: [{ field: 'uuid', operator: 'in', value: '={{ $json.uuids }}' }] },
			}),
			items: [{ uuids: ['a'.repeat(32), 'b'.repeat(32)] }],
		});

		expect(queryOf(seen[0]).q).toEqual([`uuid?=${'a'.repeat(32)},${'b'.repeat(32)}`]);
	});

	test.each([
		['a filter field', { filters: { conditions: [{ field: 'name', operator: 'equals', value: 'x' }, { field: 'name=x&q=uuid', operator: 'equals', value: 'y' }] } }, 'Item 0: filter 2 field "name=x&q=uuid" is not a field name'],
		['an empty filter field', { filters: { conditions: [{ field: '', operator: 'equals', value: 'x' }] } }, 'Item 0: filter 1 field "" is not a field name'],
		['a sort field', { options: { sort: { order: { field: '-name', direction: '+' } } } }, 'Item 0: sort field "-name" is not a field name'],
	])('%s that is not a field name is rejected before any request, naming item and field', async (_, overrides, message) => {
		const { error } = await harness.run({ parameters: getManyParameters(overrides as INodeParameters) });

		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe(message);
		expect(error?.context?.itemIndex).toBe(0);
	});

	test('an operator that is not one of the listed names (from an expression) is rejected before any request', async () => {
		const { error } = await harness.run({
			parameters: getManyParameters({
				filters: { conditions: [{ field: 'name', operator: '={{ "~=" }}', value: 'x' }] },
			}),
		});

		expect(error?.message).toBe('Item 0: filter 1 has unknown operator "~="');
	});

	test('a reply that is not a list of inventories is an error', async () => {
		answerQueries(() => ({ inventory: {} }));

		const { error } = await harness.run({ parameters: getManyParameters() });

		expect(error?.message).toBe('ZStack answered the query without a list of inventories');
	});

	test('a malformed query ZStack refuses in plain text is an error with its text', async () => {
		nock(HOST).get(queryPath).query(true).reply(400, "invalid query condition 'x'", { 'Content-Type': 'text/plain' });

		const { error } = await harness.run({ parameters: getManyParameters() });

		expect(error?.message).toBe("ZStack answered HTTP 400: invalid query condition 'x'");
	});

	test('several input items each run their own query; outputs follow input order, paired to their item', async () => {
		const seen = answerQueries(({ q }) => {
			const type = String(q).split('=')[1];
			return { inventories: type === 'none' ? [] : [{ uuid: type.repeat(32), type }, { uuid: type.repeat(31) + '0', type }] };
		});

		const { output } = await harness.run({
			parameters: getManyParameters({
				filters: { conditions: [{ field: 'type', operator: 'equals', value: '={{ $json.type }}' }] },
				options: { concurrency: 3 },
			}),
			items: [{ type: 'a' }, { type: 'none' }, { type: 'b' }],
		});

		expect(seen).toHaveLength(3);
		expect(output.map((item) => [item.json.uuid, item.pairedItem])).toEqual([
			['a'.repeat(32), { item: 0 }],
			['a'.repeat(31) + '0', { item: 0 }],
			['b'.repeat(32), { item: 2 }],
			['b'.repeat(31) + '0', { item: 2 }],
		]);
	});
});
