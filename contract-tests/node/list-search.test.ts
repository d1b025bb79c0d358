import type { IDataObject, INodeListSearchResult, INodeProperties } from 'n8n-workflow';
import nock from 'nock';

import { loadContract, recordRequests, useNockWithoutNetwork, type Contract, type SeenRequest } from '../harness/contract';
import { HOST, SESSION, sessionCredential } from '../harness/fixtures';
import { queryParametersOf as queryOf, searchList } from '../harness/queries';
import { WorkflowHarness, zstackNodeType } from '../harness/workflow';

useNockWithoutNetwork();

let harness: WorkflowHarness;

beforeEach(() => {
	harness = new WorkflowHarness();
	harness.saveCredential('zstack', sessionCredential);
});

const search = (method: string, filter?: string, paginationToken?: string): Promise<INodeListSearchResult> =>
	searchList(harness, method, filter, paginationToken);

const named = (index: number): IDataObject => ({ uuid: index.toString(16).padStart(32, '0'), name: `entry ${index}` });

const pickers: { method: string; contract: Contract }[] = [
	{ method: 'searchModels', contract: loadContract('QueryModel') },
	{ method: 'searchModelServices', contract: loadContract('QueryModelService') },
	{ method: 'searchModelCenters', contract: loadContract('QueryModelCenter') },
];

describe.each(pickers)('$method', ({ method, contract }) => {
	const queryPath = contract.request.path;

	function answer(reply: (query: Record<string, string | string[]>) => IDataObject): SeenRequest[] {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope
			.get(queryPath)
			.query(true)
			.times(10)
			.reply((uri) => [200, reply(queryOf(uri))]);
		return seen;
	}

	test('a search asks for names containing the text, sorted by name, 50 at a time with the count; entries show names and carry UUIDs', async () => {
		const seen = answer(() => contract.response.body);

		const result = await search(method, 'qwen');

		expect(seen).toHaveLength(1);
		expect(new URL(seen[0].path, HOST).pathname).toBe(queryPath);
		expect(seen[0].headers.authorization).toBe(`OAuth ${SESSION}`);
		expect(queryOf(seen[0])).toEqual({
			q: ['name~=%qwen%'],
			limit: '50',
			start: '0',
			replyWithCount: 'true',
			sort: '+name',
		});
		const [example] = contract.response.body.inventories as IDataObject[];
		expect(result).toEqual({ results: [{ name: example.name, value: example.uuid }], paginationToken: undefined });
	});

	test('an empty search lists everything: no condition is sent', async () => {
		const seen = answer(() => ({ inventories: [named(1), named(2)], total: 2 }));

		const result = await search(method, '   ');

		expect(queryOf(seen[0])).toEqual({ limit: '50', start: '0', replyWithCount: 'true', sort: '+name' });
		expect(result.results.map((entry) => entry.value)).toEqual([named(1).uuid, named(2).uuid]);
	});

	test('search text is trimmed and reaches ZStack intact, spaces and & included', async () => {
		const seen = answer(() => ({ inventories: [], total: 0 }));

		await search(method, '  text to text & more ');

		expect(queryOf(seen[0]).q).toEqual(['name~=%text to text & more%']);
	});

	test('the pagination token is the start of the next page, until the total is reached', async () => {
		const seen = answer(({ start }) => {
			const from = Number(start);
			return { inventories: Array.from({ length: Math.min(50, 120 - from) }, (_, i) => named(from + i)), total: 120 };
		});

		const first = await search(method, 'entry');
		const second = await search(method, 'entry', first.paginationToken);
		const last = await search(method, 'entry', second.paginationToken);

		expect(seen.map((request) => queryOf(request).start)).toEqual(['0', '50', '100']);
		expect([first.paginationToken, second.paginationToken, last.paginationToken]).toEqual(['50', '100', undefined]);
		expect(last.results.map((entry) => entry.name)).toEqual(Array.from({ length: 20 }, (_, i) => `entry ${100 + i}`));
	});

	test('without a total, a full page means there may be more and a short one that there is not', async () => {
		answer(({ start }) => ({ inventories: Array.from({ length: start === '0' ? 50 : 3 }, (_, i) => named(i)) }));

		const first = await search(method);
		const second = await search(method, undefined, first.paginationToken);

		expect(first.paginationToken).toBe('50');
		expect(second.paginationToken).toBeUndefined();
	});

	test('an entry without a name is shown by its UUID; an entry without a UUID cannot be picked and is left out', async () => {
		answer(() => ({ inventories: [{ uuid: named(1).uuid, name: '' }, { name: 'no uuid' }, named(2)], total: 3 }));

		const { results } = await search(method);

		expect(results).toEqual([
			{ name: named(1).uuid, value: named(1).uuid },
			{ name: 'entry 2', value: named(2).uuid },
		]);
	});

	test('a ZStack error is shown to the user with its code and what to do', async () => {
		nock(HOST)
			.get(queryPath)
			.query(true)
			.reply(503, { error: { code: 'ID.1001', description: 'Session expired' } });

		const failure = search(method, 'x');

		await expect(failure).rejects.toThrow('ZStack error ID.1001: Session expired');
		await expect(failure).rejects.toMatchObject({ description: expect.stringContaining('Account Login') });
	});
});

test('with Account Login the picker logs in once, queries with that session and keeps it for the next search', async () => {
	const loginSession = 'a0000000000000000000000000000001';
	harness.saveCredential('zstack', { host: HOST, authType: 'account', accountName: 'admin', password: 'password' });
	const scope = nock(HOST);
	const seen = recordRequests(scope);
	scope
		.put('/zstack/v1/accounts/login')
		.reply(200, { inventory: { uuid: loginSession } })
		.get('/zstack/v1/ai/models')
		.query(true)
		.times(2)
		.reply(200, { inventories: [named(1)], total: 1 });

	await search('searchModels', 'a');
	await search('searchModels', 'b');

	expect(seen.map((request) => `${request.method} ${new URL(request.path, HOST).pathname}`)).toEqual([
		'PUT /zstack/v1/accounts/login',
		'GET /zstack/v1/ai/models',
		'GET /zstack/v1/ai/models',
	]);
	expect(seen.slice(1).map((request) => request.headers.authorization)).toEqual([
		`OAuth ${loginSession}`,
		`OAuth ${loginSession}`,
	]);
	scope.done();
});

describe('the pickers in the node description', () => {
	const uuidParameters = zstackNodeType.description.properties.filter((property) => property.type === 'resourceLocator');

	test('every UUID parameter of every operation offers From List (with a search method the node has) and By UUID', () => {
		const searchMethods = Object.keys(zstackNodeType.methods?.listSearch ?? {});
		const summary = uuidParameters.map((property) => ({
			name: property.name,
			resource: property.displayOptions?.show?.resource,
			operations: property.displayOptions?.show?.operation,
			modes: property.modes?.map((mode) => mode.name),
			search: property.modes?.find((mode) => mode.name === 'list')?.typeOptions,
		}));
		const picker = (name: string, resource: string, operation: string, searchListMethod: string) => ({
			name,
			resource: [resource],
			operations: [operation],
			modes: ['list', 'id'],
			search: { searchListMethod, searchable: true },
		});

		expect(summary).toEqual(
			expect.arrayContaining([
				picker('modelUuid', 'model', 'bindToService', 'searchModels'),
				picker('modelServiceUuid', 'model', 'bindToService', 'searchModelServices'),
				picker('modelUuid', 'model', 'get', 'searchModels'),
				picker('modelUuid', 'model', 'unbindFromService', 'searchModels'),
				picker('modelServiceUuid', 'model', 'unbindFromService', 'searchModelServices'),
				picker('modelServiceUuid', 'modelService', 'get', 'searchModelServices'),
				picker('zoneUuid', 'modelService', 'deploy', 'searchZones'),
				picker('instanceGroupUuid', 'modelServiceInstanceGroup', 'restart', 'searchInstanceGroups'),
				picker('modelCenterUuid', 'model', 'add', 'searchModelCenters'),
			]),
		);
		for (const { modes, search } of summary) {
			expect(modes).toEqual(['list', 'id']);
			expect(searchMethods).toContain(search!.searchListMethod);
		}
	});

	test('the optional UUID fields of Additional Fields are pickers too: images, primary storage, clusters, models', () => {
		const deployFields = zstackNodeType.description.properties.find(
			(property) => property.name === 'additionalFields' && property.displayOptions?.show?.operation?.includes('deploy'),
		);
		const pickersOf = (deployFields?.options as INodeProperties[])
			.filter((option) => option.type === 'resourceLocator')
			.map((option) => [option.name, option.modes?.find((mode) => mode.name === 'list')?.typeOptions?.searchListMethod]);

		expect(pickersOf).toEqual(
			expect.arrayContaining([
				['vmImageUuid', 'searchImages'],
				['primaryStorageUuid', 'searchPrimaryStorage'],
				['clusterUuid', 'searchClusters'],
				['modelUuid', 'searchModels'],
			]),
		);
	});

	test('a new node starts on the list; a saved "By UUID" value keeps its own mode and still runs', async () => {
		expect(uuidParameters.every((property) => (property.default as IDataObject).mode === 'list')).toBe(true);
		const scope = nock(HOST).get('/zstack/v1/ai/models/7c9e6679742540de944be07fc1f90ae7').reply(200, {
			inventories: [{ uuid: '7c9e6679742540de944be07fc1f90ae7' }],
		});

		const { output, error } = await harness.run({
			parameters: {
				resource: 'model',
				operation: 'get',
				modelUuid: { __rl: true, mode: 'id', value: '7c9e6679742540de944be07fc1f90ae7' },
			},
		});

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json)).toEqual([{ uuid: '7c9e6679742540de944be07fc1f90ae7' }]);
		scope.done();
	});
});
