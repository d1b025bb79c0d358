import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { bindParameters } from '../harness/fixtures';
import { WorkflowHarness, ZSTACK_NODE, zstackNodeType } from '../harness/workflow';
import { startSimulator, type Simulator } from '../simulator';

/**
 * The node run as a tool (n8n's `<type>Tool`, as an AI Agent or the MCP Server Trigger runs it), against the
 * ZStack simulator: what a model reads back for an error, for nothing found and for a job that outlasts the
 * Tool Timeout; and Job → Get, which follows such a job.
 */

const TOOL = `${ZSTACK_NODE}Tool`;
/** The node as n8n offers it to agents (n8n-workflow's convertNodeToAiTool): its description named `<name>Tool`. */
const toolNodeType = Object.create(zstackNodeType, {
	description: { value: { ...zstackNodeType.description, name: `${zstackNodeType.description.name}Tool` } },
}) as typeof zstackNodeType;
const fastPolling = { pollInterval: 0.05, jobTimeout: 60 };

let sim: Simulator;
let harness: WorkflowHarness;

beforeAll(async () => {
	sim = await startSimulator({ replyMode: 'async', jobPolls: 0 });
});
afterAll(() => sim.stop());
beforeEach(() => {
	sim.reset();
	sim.configure({ jobDurationMs: 0 });
	harness = new WorkflowHarness({ [TOOL]: toolNodeType });
	harness.saveCredential('zstack', { host: sim.url, authType: 'account', ...sim.account });
});

// The simulator's seeded models and model service (contract-tests/simulator/seed.js).
const [model, otherModel] = ['6b3e2f5a9c1d4e7f8a0b1c2d3e4f5a01', '6b3e2f5a9c1d4e7f8a0b1c2d3e4f5a02'];
const service = 'd4c8a1e27f3b4c6d9e0f1a2b3c4d5e01';

const bindAsTool = (modelUuid: string, options: IDataObject = {}): INodeParameters =>
	bindParameters({
		modelUuid: { __rl: true, mode: 'id', value: modelUuid },
		modelServiceUuid: { __rl: true, mode: 'id', value: service },
		options: { ...fastPolling, ...options },
	});

const posts = () => sim.requests.filter((request) => request.method === 'POST' && request.path.includes('/model-services/'));

describe('errors a model can act on', () => {
	test("ZStack's code, details and whole cause chain are in the message, without an item number", async () => {
		sim.injectFault({
			api: 'BindModelToService',
			kind: 'error',
			error: {
				code: 'SYS.1006',
				description: 'An operation failed',
				details: 'unable to bind the model',
				cause: { code: 'AI.1002', description: 'model service not found', details: `model service ${service} is gone` },
			},
		});

		const { error } = await harness.run({ parameters: bindAsTool(model), nodeType: TOOL });

		expect(error?.message).toBe(
			[
				'ZStack error SYS.1006: An operation failed',
				'unable to bind the model',
				'Caused by AI.1002: model service not found',
				`model service ${service} is gone`,
			].join('\n'),
		);
	});

	test('a long cause chain is cut at about 1000 characters', async () => {
		const details = 'x'.repeat(600);
		sim.injectFault({
			api: 'BindModelToService',
			kind: 'error',
			error: { code: 'SYS.1006', description: 'failed', details, cause: { code: 'SYS.1000', description: 'deeper', details } },
		});

		const { error } = await harness.run({ parameters: bindAsTool(model), nodeType: TOOL });

		expect(error?.message.length).toBe(1001);
		expect(error?.message.endsWith('…')).toBe(true);
	});

	test('under Continue On Fail the item carries the same text, and ZStack\'s error object', async () => {
		sim.injectFault({ api: 'BindModelToService', kind: 'error', error: { code: 'SYS.1006', description: 'An operation failed', details: 'why' } });

		const { output } = await harness.run({ parameters: bindAsTool(model), nodeType: TOOL, continueOnFail: true });

		expect(output[0].json.error).toBe('ZStack error SYS.1006: An operation failed\nwhy');
		expect(output[0].json.zstackError).toMatchObject({ code: 'SYS.1006', details: 'why' });
	});

	test('a bad parameter names the field, not "Item 0"', async () => {
		const { error } = await harness.run({ parameters: bindAsTool('={{ "not-a-uuid" }}'), nodeType: TOOL });

		expect(error?.message).toBe('Model "not-a-uuid" is not a UUID\nModel must be a ZStack UUID: 32 hex characters, with or without dashes.');
		expect(posts()).toEqual([]);
	});

	test('a bad Tool Timeout names the option, and nothing is sent', async () => {
		const { error } = await harness.run({ parameters: bindAsTool(model, { toolTimeout: 0 }), nodeType: TOOL });

		expect(error?.message).toBe('option Tool Timeout must be a number of seconds from 1 to 86400, not 0');
		// A call sent before the option was read would reach the simulator after the run has failed.
		await new Promise((resolve) => setTimeout(resolve, 1000));
		expect(posts()).toEqual([]);
	});

	test('a credential that cannot be used says how to fix it', async () => {
		harness.saveCredential('zstack', { host: 'ftp://zstack.test', authType: 'account', ...sim.account });

		const { error } = await harness.run({ parameters: bindAsTool(model), nodeType: TOOL });

		expect(error?.message).toMatch(/\nFix the ZStack API credential$/);
	});

	test('in a workflow (not a tool) the error stays as it was: message and description apart', async () => {
		sim.injectFault({ api: 'BindModelToService', kind: 'error', error: { code: 'SYS.1006', description: 'An operation failed', details: 'why' } });

		const { error } = await harness.run({ parameters: bindAsTool(model) });

		expect(error?.message).toBe('ZStack error SYS.1006: An operation failed');
		expect(error?.description).toBe('why');
	});
});

describe('compact outputs', () => {
	test('as a tool, Bind answers the simplified model service; told Simplify off, the whole inventory', async () => {
		const simplified = await harness.run({ parameters: bindAsTool(model), nodeType: TOOL });
		const whole = await harness.run({ parameters: { ...bindAsTool(otherModel), simplify: false }, nodeType: TOOL });

		expect(Object.keys(simplified.output[0].json).sort()).toEqual(['framework', 'modelUuids', 'name', 'type', 'uuid']);
		expect(simplified.output[0].json.modelUuids).toEqual([model]);
		expect(whole.output[0].json).toHaveProperty('readme');
	});

	test('in a workflow, Bind still outputs the whole inventory', async () => {
		const { output } = await harness.run({ parameters: bindAsTool(model) });

		expect(output[0].json).toHaveProperty('readme');
		expect(output[0].json).toHaveProperty('modelServiceRefs');
	});
});

describe('nothing found is said', () => {
	const noneMatch: INodeParameters = {
		resource: 'model',
		operation: 'getAll',
		returnAll: true,
		filters: { conditions: [{ field: 'vendor', operator: 'equals', value: 'Nobody' }] },
	};

	test('as a tool: one item saying nothing matched, with what was asked', async () => {
		const { output, error } = await harness.run({ parameters: noneMatch, nodeType: TOOL });

		expect(error).toBeUndefined();
		expect(output).toEqual([
			{
				json: {
					found: 0,
					message:
						"Nothing matched: ZStack found nothing for GET /v1/ai/models with the conditions vendor=Nobody. The call succeeded; there is nothing there, or the credential's account cannot see it.",
				},
				pairedItem: { item: 0 },
			},
		]);
	});

	test('as a tool, Get of a UUID ZStack does not know: one item saying so, with the UUID', async () => {
		const unknown = 'f'.repeat(32);

		const { output, error } = await harness.run({
			parameters: { resource: 'model', operation: 'get', modelUuid: { __rl: true, mode: 'id', value: unknown } },
			nodeType: TOOL,
		});

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json)).toEqual([
			{
				found: 0,
				message: `Nothing matched: ZStack found nothing for GET /v1/ai/models/${unknown} without conditions. The call succeeded; there is nothing there, or the credential's account cannot see it.`,
			},
		]);
	});

	test('in a workflow: no items, as before', async () => {
		const { output, error } = await harness.run({ parameters: noneMatch });

		expect(error).toBeUndefined();
		expect(output).toEqual([]);
	});
});

describe('a job that outlasts the Tool Timeout', () => {
	test('is answered with its job UUID at the Tool Timeout; a retry meets the same job, then gets its result', async () => {
		sim.configure({ jobDurationMs: 4000 });
		const started = Date.now();

		const first = await harness.run({ parameters: bindAsTool(otherModel, { toolTimeout: 1 }), nodeType: TOOL });

		const answeredAfter = Date.now() - started;
		expect(first.error).toBeUndefined();
		const [{ json: running }] = first.output;
		expect(running).toMatchObject({ status: 'running', jobUuid: expect.stringMatching(/^[0-9a-f]{32}$/) });
		expect(running.message).toContain(`Job → Get (jobUuid ${String(running.jobUuid)})`);
		expect(answeredAfter).toBeGreaterThanOrEqual(1000);
		expect(answeredAfter).toBeLessThan(3500);

		// The client retries the same call while the job runs: no second bind, and this time it waits it out.
		const retry = await harness.run({ parameters: bindAsTool(otherModel, { toolTimeout: 30 }), nodeType: TOOL });

		expect(retry.error).toBeUndefined();
		expect(retry.output[0].json.uuid).toBe(service);
		expect(posts()).toHaveLength(1);
		expect(posts()[0].headers['x-job-uuid']).toBe(running.jobUuid);
	});

	test('a result no one received is kept for one retry: that retry sends nothing', async () => {
		sim.configure({ jobDurationMs: 1500 });
		const first = await harness.run({ parameters: bindAsTool(model, { toolTimeout: 1 }), nodeType: TOOL });
		expect(first.output[0].json.status).toBe('running');
		// The job ends while nobody waits (the first run's client still follows it).
		await new Promise((resolve) => setTimeout(resolve, 2500));

		const retry = await harness.run({ parameters: bindAsTool(model, { toolTimeout: 1 }), nodeType: TOOL });
		const again = await harness.run({ parameters: bindAsTool(model, { toolTimeout: 30 }), nodeType: TOOL });

		expect(retry.output[0].json.uuid).toBe(service);
		// Once received, the result is not handed out again: a later call is a new call.
		expect(posts()).toHaveLength(2);
		expect(again.error).toBeUndefined();
	});
});

describe('Job → Get', () => {
	const getJob = (jobUuid: string): INodeParameters => ({ resource: 'job', operation: 'get', jobUuid });

	async function startJob(): Promise<string> {
		const { output, error } = await harness.run({ parameters: bindAsTool(model, { waitForCompletion: false }) });
		expect(error).toBeUndefined();
		return String(output[0].json.jobUuid);
	}

	test('a running job: status running', async () => {
		sim.configure({ jobDurationMs: 60_000 });
		const jobUuid = await startJob();

		const { output } = await harness.run({ parameters: getJob(jobUuid) });

		expect(output.map((item) => item.json)).toEqual([{ jobUuid, status: 'running' }]);
	});

	test("a finished job: status succeeded and the API's reply", async () => {
		const jobUuid = await startJob();

		const { output } = await harness.run({ parameters: getJob(jobUuid) });

		expect(output[0].json).toMatchObject({ jobUuid, status: 'succeeded', result: { inventory: { uuid: service } } });
	});

	test("a failed job: status failed, ZStack's error with its cause", async () => {
		sim.injectFault({
			api: 'JobPoll',
			kind: 'error',
			error: { code: 'SYS.1006', description: 'An operation failed', cause: { code: 'AI.1002', description: 'model service not found' } },
		});
		const jobUuid = await startJob();

		const { output } = await harness.run({ parameters: getJob(jobUuid) });

		expect(output[0].json).toMatchObject({
			jobUuid,
			status: 'failed',
			error: 'ZStack error SYS.1006: An operation failed\nCaused by AI.1002: model service not found',
			zstackError: { code: 'SYS.1006', cause: { code: 'AI.1002' } },
		});
	});

	test("a failed job's error that echoes the credential's password shows it redacted", async () => {
		sim.injectFault({
			api: 'JobPoll',
			kind: 'error',
			error: { code: 'SYS.1006', description: 'An operation failed', details: `login with ${sim.account.password} refused` },
		});
		const jobUuid = await startJob();

		const { output } = await harness.run({ parameters: getJob(jobUuid) });

		expect(JSON.stringify(output[0].json)).not.toContain(sim.account.password);
		expect(output[0].json.error).toBe('ZStack error SYS.1006: An operation failed\nlogin with [redacted] refused');
	});

	test('an unknown or expired job: status unknown, with ZStack\'s words', async () => {
		const jobUuid = 'f'.repeat(32);

		const { output } = await harness.run({ parameters: getJob(jobUuid) });

		expect(output[0].json).toEqual({
			jobUuid,
			status: 'unknown',
			reason: `ZStack knows no job ${jobUuid} (HTTP 404: the job has been expired): it has expired, it never existed, or ZStack has not saved it yet (a call sent moments ago to a busy management node)`,
		});
	});

	test('a job UUID that is not a UUID fails the item, and nothing is sent', async () => {
		const { error } = await harness.run({ parameters: getJob('../model-services') });

		expect(error?.message).toBe('Item 0: Job UUID "../model-services" is not a UUID');
		expect(sim.requests.filter((request) => request.path.includes('api-jobs'))).toEqual([]);
	});
});
