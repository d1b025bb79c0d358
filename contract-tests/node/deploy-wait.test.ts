import type { IDataObject, INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { recordRequests, useNockWithoutNetwork } from '../harness/contract';
import { HOST, MODEL_SERVICE, sessionCredential } from '../harness/fixtures';
import { acceptedAsNamed, jobNamedBy, JOB_POLL } from '../harness/named-jobs';
import { WorkflowHarness } from '../harness/workflow';

/**
 * Deploy waits until it is running: after the deploy job, the node follows the instance group the job made
 * (QueryModelServiceInstanceGroup) until its status is Running, fails with the group, its status and
 * ZStack's reason when it fails, and gives up at the Running Timeout.
 */

useNockWithoutNetwork();

const GROUP = 'c0ffee00c0ffee00c0ffee00c0ffee01';
const ZONE = '5a1f0c2e3d4b4a69b8c7d6e5f4a3b2c1';
const DEPLOY_PATH = `/zstack/v1/ai/model-services/${MODEL_SERVICE}`;
const GROUP_PATH = `/zstack/v1/ai/model-services/instances/groups/${GROUP}`;

const group = (status: string, instanceStatus = status): IDataObject => ({
	uuid: GROUP,
	name: 'qwen-chat',
	modelServiceUuid: MODEL_SERVICE,
	status,
	yaml: 'service: service',
	instances: [{ uuid: '949c9938215c474e8725fea42e05943d', modelServiceGroupUuid: GROUP, status: instanceStatus, url: 'http://10.0.0.8:3000' }],
});

function deployParameters(options: IDataObject = {}, more: INodeParameters = {}): INodeParameters {
	return {
		resource: 'modelService',
		operation: 'deploy',
		modelServiceUuid: { __rl: true, mode: 'id', value: MODEL_SERVICE },
		zoneUuid: { __rl: true, mode: 'id', value: ZONE },
		name: 'qwen-chat',
		type: 'VirtualMachine',
		options: { pollInterval: 0.01, jobTimeout: 5, ...options },
		...more,
	};
}

/** ZStack accepts the deploy as a job whose result is the new group, still deploying. */
function deployJob(scope: nock.Scope, deployed: IDataObject = group('Deploying')): nock.Scope {
	return scope
		.put(DEPLOY_PATH)
		.reply(acceptedAsNamed())
		.get(JOB_POLL)
		.reply(200, { inventory: deployed });
}

let harness: WorkflowHarness;

beforeEach(() => {
	harness = new WorkflowHarness();
	harness.saveCredential('zstack', sessionCredential);
});

test("a proxy's 502 page, a reset and ZStack's own error on the way: the first two are looked past, the last ends the item", async () => {
	const scope = nock(HOST);
	deployJob(scope)
		.get(GROUP_PATH)
		.reply(502, '<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>', { 'Content-Type': 'text/html' })
		.get(GROUP_PATH)
		.replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }))
		.get(GROUP_PATH)
		.reply(200, { inventories: [group('Running')] });

	const { output, error } = await harness.run({ parameters: deployParameters() });

	expect(error).toBeUndefined();
	expect(output.map((item) => item.json.status)).toEqual(['Running']);

	deployJob(nock(HOST))
		.get(GROUP_PATH)
		.reply(503, { error: { code: 'SYS.1000', description: 'An internal error happened in system', details: 'database gone' } });
	const { error: zstackError } = await harness.run({ parameters: deployParameters() });
	expect(zstackError?.message).toContain('SYS.1000');
});

test('follows the group from Deploying to Running and outputs it as it runs, simplified', async () => {
	const scope = nock(HOST);
	const seen = recordRequests(scope);
	deployJob(scope).get(GROUP_PATH).times(2).reply(200, { inventories: [group('Deploying')] }).get(GROUP_PATH).reply(200, { inventories: [group('Running')] });

	const { output, error } = await harness.run({ parameters: deployParameters() });

	expect(error).toBeUndefined();
	expect(output).toEqual([
		{
			json: {
				uuid: GROUP,
				name: 'qwen-chat',
				status: 'Running',
				modelServiceUuid: MODEL_SERVICE,
				instances: [{ uuid: '949c9938215c474e8725fea42e05943d', status: 'Running', url: 'http://10.0.0.8:3000' }],
			},
			pairedItem: { item: 0 },
		},
	]);
	expect(seen.map((request) => `${request.method} ${new URL(request.path, HOST).pathname}`)).toEqual([
		`PUT ${DEPLOY_PATH}`,
		`GET /zstack/v1/api-jobs/${jobNamedBy(seen[0])}`,
		`GET ${GROUP_PATH}`,
		`GET ${GROUP_PATH}`,
		`GET ${GROUP_PATH}`,
	]);
	expect(seen[0].headers['x-job-uuid']).toMatch(/^[0-9a-f]{32}$/);
	scope.done();
});

test('looks at the group first after 0.25 s, then waits twice as long each time, up to the Poll Interval', async () => {
	const looks: number[] = [];
	const scope = nock(HOST);
	deployJob(scope)
		.get(GROUP_PATH)
		.times(3)
		.reply(() => {
			looks.push(Date.now());
			return [200, { inventories: [group(looks.length < 3 ? 'Deploying' : 'Running')] }];
		});
	let jobDone = 0;
	scope.on('replied', (request: { path: string }) => {
		if (request.path.includes('/api-jobs/')) jobDone = Date.now();
	});

	const { error } = await harness.run({ parameters: deployParameters({ pollInterval: 0.8 }) });

	expect(error).toBeUndefined();
	const waits = [looks[0] - jobDone, looks[1] - looks[0], looks[2] - looks[1]];
	// Timers never fire early (a millisecond of rounding aside); upper bounds would only measure the machine.
	expect(waits[0]).toBeGreaterThanOrEqual(245);
	expect(waits[1]).toBeGreaterThanOrEqual(495);
	expect(waits[2]).toBeGreaterThanOrEqual(795);
	scope.done();
});

test.each([
	['its instances', group('Error', 'Error'), 'instance 949c9938215c474e8725fea42e05943d is Error'],
	['a field of the group', { ...group('DeployFailed'), errorMessage: 'no GPU left in zone' }, 'errorMessage: no GPU left in zone'],
])('a group that fails: the error names the group, its status and the reason ZStack shows in %s', async (_, failed, reason) => {
	const scope = nock(HOST);
	deployJob(scope).get(GROUP_PATH).reply(200, { inventories: [failed] });

	const { error } = await harness.run({ parameters: deployParameters() });

	expect(error?.message).toBe(`Model service instance group ${GROUP} ("qwen-chat") failed: its status is ${String(failed.status)}`);
	expect(error?.description).toContain(reason);
	scope.done();
});

test('a group still deploying at the Running Timeout fails the item; ZStack goes on deploying', async () => {
	const scope = nock(HOST);
	deployJob(scope).get(GROUP_PATH).times(100).optionally().reply(200, { inventories: [group('Deploying')] });

	const started = Date.now();
	const { error } = await harness.run({ parameters: deployParameters({ runningTimeout: 1, pollInterval: 0.1 }) });

	expect(Date.now() - started).toBeGreaterThanOrEqual(1_000);
	expect(error?.message).toBe(`Model service instance group ${GROUP} ("qwen-chat") is still Deploying after 1 s`);
	expect(error?.description).toContain('Running Timeout');
});

test('with Wait Until Running off, outputs the group as the job left it, without looking again', async () => {
	const scope = nock(HOST);
	deployJob(scope);

	const { output, error } = await harness.run({ parameters: deployParameters({ waitUntilRunning: false }, { simplify: false }) });

	expect(error).toBeUndefined();
	expect(output.map((item) => item.json)).toEqual([group('Deploying')]);
	scope.done();
});

test('a group that disappears while deploying is an error saying so', async () => {
	const scope = nock(HOST);
	deployJob(scope).get(GROUP_PATH).reply(200, { inventories: [] });

	const { error } = await harness.run({ parameters: deployParameters() });

	expect(error?.message).toBe(`Model service instance group ${GROUP} ("qwen-chat") is gone: ZStack no longer lists it`);
	scope.done();
});

test('a bad Running Timeout fails the item before anything is sent', async () => {
	const { error } = await harness.run({ parameters: deployParameters({ runningTimeout: 0 }) });

	expect(error?.message).toBe('Item 0: option Running Timeout must be a number of seconds from 1 to 604800, not 0');
});

test('several items under Continue On Fail: one output each, in order, paired, the failed group as an error item', async () => {
	const other = 'c0ffee00c0ffee00c0ffee00c0ffee02';
	const scope = nock(HOST)
		.put(DEPLOY_PATH)
		.times(2)
		.reply((_, body) => {
			const { deployModelService } = body as { deployModelService: { name: string } };
			const uuid = deployModelService.name === 'ok' ? GROUP : other;
			return [200, { inventory: { ...group('Deploying'), uuid, name: deployModelService.name } }];
		})
		.get(GROUP_PATH)
		.reply(200, { inventories: [{ ...group('Running'), name: 'ok' }] })
		.get(`/zstack/v1/ai/model-services/instances/groups/${other}`)
		.reply(200, { inventories: [{ ...group('Error'), uuid: other, name: 'bad' }] });

	const { output, error } = await harness.run({
		parameters: deployParameters({}, { name: '={{ $json.name }}' }),
		items: [{ name: 'ok' }, { name: 'bad' }],
		continueOnFail: true,
	});

	expect(error).toBeUndefined();
	expect(output.map((item) => [item.pairedItem, item.json.status ?? item.json.error])).toEqual([
		[{ item: 0 }, 'Running'],
		[{ item: 1 }, `Model service instance group ${other} ("bad") failed: its status is Error`],
	]);
	scope.done();
});
