import type { IDataObject, INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { loadContract, recordRequests, useNockWithoutNetwork } from '../harness/contract';
import { bindParameters, bindPath, byUuid, HOST, INTERNAL_JOB_HOST, MODEL, MODEL_SERVICE, sessionCredential } from '../harness/fixtures';
import { queryParametersOf, searchList } from '../harness/queries';
import { acceptedAsNamed, jobNamedBy } from '../harness/named-jobs';
import { WorkflowHarness } from '../harness/workflow';

/**
 * The AIOS operations' inputs and outputs beyond the documented examples: bad input named by item and field
 * with nothing sent, Delete Mode in the query, tags, Simplify (off by default for the six operations saved
 * workflows use), the instance-group queries, restart results, and the pickers of what Deploy takes.
 */

useNockWithoutNetwork();

const GROUP = 'c0ffee00c0ffee00c0ffee00c0ffee01';
const MODEL_CENTER = 'ebf96ce1de2c46fa8af9d503c29bb93d';

let harness: WorkflowHarness;

beforeEach(() => {
	harness = new WorkflowHarness();
	harness.saveCredential('zstack', sessionCredential);
});

const addServiceParameters = (more: INodeParameters = {}): INodeParameters => ({
	resource: 'modelService',
	operation: 'add',
	name: 'chat',
	yaml: 'services: []',
	requestCpu: 4,
	requestMemory: 8192,
	modelCenterUuid: byUuid(MODEL_CENTER),
	installPath: '/opt/chat',
	startCommand: 'python start.py',
	...more,
});

describe('bad input fails its item before anything is sent, naming the item and the field', () => {
	test.each([
		['a UUID list entry', { additionalFields: { modelUuids: `${MODEL}, nope` } }, 'Item 0: Model UUIDs entry "nope" is not a UUID'],
		['JSON that does not parse', { additionalFields: { architectureImages: '[{' } }, /^Item 0: Architecture Images is not valid JSON: /],
		['a JSON object where a list belongs', { additionalFields: { architectureImages: '{"a": 1}' } }, 'Item 0: Architecture Images must be a JSON list, not "{"a": 1}"'],
		['a fraction where a whole number belongs', { requestCpu: 4.5 }, 'Item 0: CPU Cores must be a whole number, not 4.5'],
		['a required field left empty by an expression', { name: '={{ "" }}' }, 'Item 0: Name is required'],
		['a picked UUID that is not one', { modelCenterUuid: { __rl: true, mode: 'list', value: '../accounts' } }, 'Item 0: Model Center "../accounts" is not a UUID'],
		['a tag list of objects', { additionalFields: { systemTags: '={{ [{}] }}' } }, 'Item 0: systemTags must be a list of text values'],
		[
			'JSON nested past 100 levels',
			{ additionalFields: { architectureImages: `${'['.repeat(101)}${']'.repeat(101)}` } },
			'Item 0: Architecture Images nests deeper than 100 levels',
		],
	])('%s', async (_, more, message) => {
		const { error } = await harness.run({ parameters: addServiceParameters(more as INodeParameters) });

		if (typeof message === 'string') expect(error?.message).toBe(message);
		else expect(error?.message).toMatch(message);
	});

	test('an update that changes nothing', async () => {
		const { error } = await harness.run({
			parameters: { resource: 'model', operation: 'update', modelUuid: byUuid(MODEL), updateFields: {} },
		});

		expect(error?.message).toBe('Item 0: Update Fields is empty');
		expect(error?.description).toBe('Add at least one field to change.');
	});

	test('under Continue On Fail the bad item is an error item and the others are sent', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.post('/zstack/v1/ai/model-services').times(2).reply(200, { inventory: { uuid: MODEL_SERVICE, name: 'chat' } });

		const { output } = await harness.run({
			parameters: addServiceParameters({ requestCpu: '={{ $json.cpu }}' }),
			items: [{ cpu: 2 }, { cpu: 'two' }, { cpu: 8 }],
			continueOnFail: true,
		});

		expect(output).toEqual([
			{ json: { uuid: MODEL_SERVICE, name: 'chat' }, pairedItem: { item: 0 } },
			{ json: { error: 'Item 1: CPU Cores must be a whole number, not "two"' }, pairedItem: { item: 1 } },
			{ json: { uuid: MODEL_SERVICE, name: 'chat' }, pairedItem: { item: 2 } },
		]);
		expect(seen.map((request) => (request.body as { param: IDataObject }).param.requestCpu)).toEqual([2, 8]);
	});
});

describe('requests', () => {
	test('Delete Mode Enforcing goes in the query string, and a DELETE has no body', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.delete(`/zstack/v1/ai/model-services/instances/groups/${GROUP}`).query({ deleteMode: 'Enforcing' }).reply(200, {});

		const { output } = await harness.run({
			parameters: { resource: 'modelServiceInstanceGroup', operation: 'delete', instanceGroupUuid: byUuid(GROUP), deleteMode: 'Enforcing' },
		});

		expect(output.map((item) => item.json)).toEqual([{ success: true, instanceGroupUuid: GROUP }]);
		expect(seen[0].body).toBeUndefined();
		scope.done();
	});

	test('tags of a wrapped call go beside the wrapper, and optional fields only when set', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.put(`/zstack/v1/ai/models/${MODEL}`).reply(200, { inventory: { uuid: MODEL } });

		await harness.run({
			parameters: {
				resource: 'model',
				operation: 'update',
				modelUuid: byUuid(MODEL),
				updateFields: { vendor: 'Alibaba', systemTags: ['ai::tier::gold'], modelClassifications: 'text-generation, chat' },
			},
		});

		expect(seen[0].body).toEqual({
			updateModel: { vendor: 'Alibaba', modelClassifications: ['text-generation', 'chat'] },
			systemTags: ['ai::tier::gold'],
			userTags: [],
		});
		scope.done();
	});

	test('a new operation follows its job like Bind: X-Job-UUID, or the job at once without Wait for Completion', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.put('/zstack/v1/model-service-instance-groups').reply(acceptedAsNamed());

		const { output } = await harness.run({
			parameters: { resource: 'modelServiceInstanceGroup', operation: 'restart', instanceGroupUuid: byUuid(GROUP), options: { waitForCompletion: false } },
		});

		const job = jobNamedBy(seen[0]);
		expect(job).toMatch(/^[0-9a-f]{32}$/);
		expect(output.map((item) => item.json)).toEqual([{ jobUuid: job, location: `${INTERNAL_JOB_HOST}/zstack/v1/api-jobs/${job}` }]);
		expect(seen[0].body).toEqual({ restartModelServiceGroups: { uuids: [GROUP] }, systemTags: [], userTags: [] });
	});

	test('a restart ZStack reports failed fails the item with ZStack\'s error', async () => {
		nock(HOST)
			.put('/zstack/v1/model-service-instance-groups')
			.reply(200, { results: [{ uuid: GROUP, success: false, error: { code: 'SYS.1006', description: 'An operation failed', details: 'vm is stopped' } }] });

		const { error } = await harness.run({
			parameters: { resource: 'modelServiceInstanceGroup', operation: 'restart', instanceGroupUuid: byUuid(GROUP) },
		});

		expect(error?.message).toBe(`ZStack could not restart model service instance group ${GROUP}: SYS.1006: An operation failed`);
		expect(error?.description).toBe('vm is stopped');
	});
});

describe('instance groups: Get and Get Many', () => {
	const contract = loadContract('QueryModelServiceInstanceGroup');
	const documented = (contract.response.body.inventories as IDataObject[])[0];

	test('Get Many queries the list path with its trailing slash, filtered by status, 50 by default, simplified', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.get('/zstack/v1/ai/model-services/instances/groups/').query(true).reply(200, contract.response.body);

		const { output } = await harness.run({
			parameters: {
				resource: 'modelServiceInstanceGroup',
				operation: 'getAll',
				filters: { conditions: [{ field: 'status', operator: 'equals', value: 'Error' }] },
			},
		});

		expect(queryParametersOf(seen[0])).toEqual({ q: ['status=Error'], limit: '50', start: '0', replyWithCount: 'true' });
		expect(output.map((item) => item.json)).toEqual([
			{
				name: 'example',
				status: 'Deploying',
				modelServiceUuid: '732f371cb8194439b2a08054a9bc061a',
				instances: [{ uuid: '949c9938215c474e8725fea42e05943d', status: 'Deploying', url: 'http://127.0.0.1:3000' }],
			},
		]);
		scope.done();
	});

	test('Get with Simplify off outputs the whole inventory', async () => {
		nock(HOST)
			.get(`/zstack/v1/ai/model-services/instances/groups/${GROUP}`)
			.reply(200, { inventories: [{ ...documented, uuid: GROUP }] });

		const { output } = await harness.run({
			parameters: { resource: 'modelServiceInstanceGroup', operation: 'get', instanceGroupUuid: byUuid(GROUP), simplify: false },
		});

		expect(output.map((item) => item.json)).toEqual([{ ...documented, uuid: GROUP }]);
	});

	test("Get of the documented group, which carries no uuid of its own, finds it by its instances' group", async () => {
		const named = (documented.instances as IDataObject[])[0].modelServiceGroupUuid as string;
		nock(HOST).get(`/zstack/v1/ai/model-services/instances/groups/${named}`).reply(200, contract.response.body);

		const { output, error } = await harness.run({
			parameters: { resource: 'modelServiceInstanceGroup', operation: 'get', instanceGroupUuid: byUuid(named), simplify: false },
		});

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json)).toEqual([documented]);
	});
});

describe('Simplify on the six operations saved workflows use: off by default, so their output stays', () => {
	const bound = {
		uuid: MODEL_SERVICE,
		name: 'chat',
		yaml: 'long yaml',
		readme: 'long readme',
		type: 'LLM',
		framework: 'vLLM',
		modelServiceRefs: [{ uuid: 'r'.repeat(32), modelUuid: MODEL, modelServiceUuid: MODEL_SERVICE }],
	};

	test('Bind outputs the whole inventory by default, and the simplified one when asked', async () => {
		nock(HOST).post(bindPath()).times(2).reply(200, { inventory: bound });

		const { output: whole } = await harness.run({ parameters: bindParameters() });
		const { output: simple } = await harness.run({ parameters: bindParameters({ simplify: true }) });

		expect(whole[0].json).toEqual(bound);
		expect(simple[0].json).toEqual({ uuid: MODEL_SERVICE, name: 'chat', type: 'LLM', framework: 'vLLM', modelUuids: [MODEL] });
	});

	test('Unbind simplifies the inventory it carries', async () => {
		nock(HOST).delete(bindPath()).reply(200, { inventory: { ...bound, modelServiceRefs: [] } });

		const { output } = await harness.run({ parameters: bindParameters({ operation: 'unbindFromService', simplify: true }) });

		expect(output[0].json).toEqual({
			success: true,
			modelUuid: MODEL,
			modelServiceUuid: MODEL_SERVICE,
			inventory: { uuid: MODEL_SERVICE, name: 'chat', type: 'LLM', framework: 'vLLM', modelUuids: [] },
		});
	});

	test('Get Many models simplifies each item when asked', async () => {
		nock(HOST)
			.get('/zstack/v1/ai/models')
			.query(true)
			.reply(200, { inventories: [{ uuid: MODEL, name: 'qwen', vendor: 'Alibaba', installPath: '/m', logo: 'x'.repeat(1000) }] });

		const { output } = await harness.run({ parameters: { resource: 'model', operation: 'getAll', simplify: true } });

		expect(output.map((item) => item.json)).toEqual([{ uuid: MODEL, name: 'qwen', vendor: 'Alibaba' }]);
	});
});

describe('the pickers of what Deploy and Add take', () => {
	test.each([
		['searchZones', '/zstack/v1/zones'],
		['searchClusters', '/zstack/v1/clusters'],
		['searchImages', '/zstack/v1/images'],
		['searchL3Networks', '/zstack/v1/l3-networks'],
		['searchPrimaryStorage', '/zstack/v1/primary-storage'],
		['searchModelCenters', '/zstack/v1/ai/model-centers'],
		['searchInstanceGroups', '/zstack/v1/ai/model-services/instances/groups/'],
	])('%s searches %s by name', async (method, path) => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.get(path).query(true).reply(200, { inventories: [{ uuid: GROUP, name: 'first' }], total: 1 });

		const result = await searchList(harness, method, 'fir');

		expect(result).toEqual({ results: [{ name: 'first', value: GROUP }], paginationToken: undefined });
		expect(queryParametersOf(seen[0])).toEqual({ q: ['name~=%fir%'], limit: '50', start: '0', replyWithCount: 'true', sort: '+name' });
		scope.done();
	});
});
