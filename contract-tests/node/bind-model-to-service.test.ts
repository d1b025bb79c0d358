import type { INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { contractPath, loadContract, recordRequests, useNockWithoutNetwork } from '../harness/contract';
import {
	bindParameters,
	bindPath,
	HOST,
	INTERNAL_JOB_HOST,
	MODEL,
	MODEL_SERVICE,
	SESSION,
	sessionCredential,
} from '../harness/fixtures';
import { acceptedAsNamed, jobNamedBy, JOB_POLL } from '../harness/named-jobs';
import { WorkflowHarness } from '../harness/workflow';

const contract = loadContract('BindModelToService');
const fastPolling = { pollInterval: 0.01, jobTimeout: 5 };

useNockWithoutNetwork();

let harness: WorkflowHarness;

beforeEach(() => {
	harness = new WorkflowHarness();
	harness.saveCredential('zstack', sessionCredential);
});

const documentedTags = {
	systemTags: contract.request.body!.systemTags as string[],
	userTags: contract.request.body!.userTags as string[],
};

describe('the documented example', () => {
	test('sends the documented request and outputs the documented inventory field by field', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope
			.intercept(contractPath(contract, { modelUuid: MODEL, modelServiceUuid: MODEL_SERVICE }), contract.request.method)
			.reply(contract.response.status, contract.response.body);

		const { output, error } = await harness.run({
			parameters: bindParameters({ additionalFields: documentedTags }),
		});

		expect(error).toBeUndefined();
		expect(seen).toHaveLength(1);
		const [request] = seen;
		expect(request.method).toBe(contract.request.method);
		expect(request.path).toBe(bindPath());
		expect(request.headers.authorization).toBe(
			contract.request.headers.Authorization.replace('{sessionUuid}', SESSION),
		);
		expect(request.headers['content-type']).toBe(contract.request.headers['Content-Type']);
		expect(request.body).toEqual(contract.request.body);

		const inventory = contract.response.body.inventory as Record<string, unknown>;
		expect(output).toHaveLength(1);
		for (const [field, value] of Object.entries(inventory)) {
			expect({ field, value: output[0].json[field] }).toEqual({ field, value });
		}
		expect(Object.keys(output[0].json).sort()).toEqual(Object.keys(inventory).sort());
		expect(output[0].pairedItem).toEqual({ item: 0 });
		scope.done();
	});

	test('keeps every field ZStack returns, with its JSON type', async () => {
		const inventory = {
			...(contract.response.body.inventory as object),
			uuid: MODEL_SERVICE,
			size: 123456789012,
			cpuArchitectures: ['x86_64', 'aarch64'],
			vendorToSpecUuidsMap: { NVIDIA: ['c0ffee00c0ffee00c0ffee00c0ffee00'] },
			modelServiceRefs: [{ uuid: 'r'.repeat(32), modelUuid: MODEL, modelServiceUuid: MODEL_SERVICE }],
			readme: null,
			createDate: 'Nov 27, 2026 1:05:43 AM',
		};
		nock(HOST).post(bindPath()).reply(200, { inventory });

		const { output } = await harness.run({ parameters: bindParameters() });

		expect(output[0].json).toEqual(inventory);
	});

	test('a reply in the API page shape (success, error: null, inventory) is a success', async () => {
		nock(HOST).post(bindPath()).reply(200, { success: true, error: null, inventory: { uuid: MODEL_SERVICE } });

		const { output, error } = await harness.run({ parameters: bindParameters() });

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json)).toEqual([{ uuid: MODEL_SERVICE }]);
	});
});

describe('request body', () => {
	async function sentBody(additionalFields?: INodeParameters): Promise<unknown> {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.post(bindPath()).reply(200, { inventory: {} });
		await harness.run({ parameters: bindParameters(additionalFields ? { additionalFields } : {}) });
		expect(seen).toHaveLength(1);
		return seen[0].body;
	}

	test('tags left unset are left out of the body, which is still a JSON object', async () => {
		expect(await sentBody()).toEqual({});
	});

	test('blank tag entries are dropped and a list left empty is omitted', async () => {
		expect(await sentBody({ systemTags: ['', '  '], userTags: [' team::ml ', '', 'nightly'] })).toEqual({
			userTags: ['team::ml', 'nightly'],
		});
	});

	test('a tag list an expression produced as an array is flattened', async () => {
		const nested = [['a', 'b'], 'c'] as unknown as INodeParameters[];
		expect(await sentBody({ systemTags: nested })).toEqual({ systemTags: ['a', 'b', 'c'] });
	});
});

describe('asynchronous replies (202 + job)', () => {
	test('polls the job on the configured host, not the internal host in location, until it is done', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope
			.post(bindPath())
			.reply(acceptedAsNamed())
			.get(JOB_POLL)
			.times(2)
			.reply(202, '')
			.get(JOB_POLL)
			.reply(200, contract.response.body);

		const { output, error } = await harness.run({ parameters: bindParameters({ options: fastPolling }) });

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json)).toEqual([contract.response.body.inventory]);
		const job = jobNamedBy(seen[0]);
		expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([
			`POST ${bindPath()}`,
			`GET /zstack/v1/api-jobs/${job}`,
			`GET /zstack/v1/api-jobs/${job}`,
			`GET /zstack/v1/api-jobs/${job}`,
		]);
		expect(seen.every((r) => r.headers.authorization === `OAuth ${SESSION}`)).toBe(true);
		scope.done();
	});

	test('behind a reverse-proxy prefix the job is polled under the same prefix', async () => {
		harness.saveCredential('zstack', { ...sessionCredential, host: 'https://cloud.example.test/zs/' });
		const scope = nock('https://cloud.example.test')
			.post(`/zs${bindPath()}`)
			.reply(acceptedAsNamed())
			.get(/^\/zs\/zstack\/v1\/api-jobs\/[0-9a-f]{32}$/)
			.reply(200, { inventory: { uuid: MODEL_SERVICE } });

		const { output } = await harness.run({ parameters: bindParameters({ options: fastPolling }) });

		expect(output[0].json).toEqual({ uuid: MODEL_SERVICE });
		scope.done();
	});

	test('without Wait for Completion, outputs the job at once: the one the node named, where ZStack said it is', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.post(bindPath()).reply(acceptedAsNamed());

		const { output } = await harness.run({
			parameters: bindParameters({ options: { waitForCompletion: false } }),
		});

		const job = jobNamedBy(seen[0]);
		expect(output).toEqual([{ json: { jobUuid: job, location: `${INTERNAL_JOB_HOST}/zstack/v1/api-jobs/${job}` }, pairedItem: { item: 0 } }]);
	});

	test('a job that fails (503 on the poll) is a ZStack error', async () => {
		nock(HOST)
			.post(bindPath())
			.reply(acceptedAsNamed())
			.get(JOB_POLL)
			.reply(503, { error: { code: 'SYS.1006', description: 'An operation failed', details: 'model busy' } });

		const { error } = await harness.run({ parameters: bindParameters({ options: fastPolling }) });

		expect(error?.message).toBe('ZStack error SYS.1006: An operation failed');
		expect(error?.description).toContain('model busy');
	});

	test('a job the server no longer knows (404) is a "job expired" error', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope
			.post(bindPath())
			.reply(acceptedAsNamed())
			.get(JOB_POLL)
			.reply(404, 'the job has been expired', { 'Content-Type': 'text/plain' });

		const { error } = await harness.run({ parameters: bindParameters({ options: fastPolling }) });

		expect(error?.message).toBe(`ZStack job ${jobNamedBy(seen[0])} has expired or is unknown`);
		expect(error?.description).toContain('the job has been expired');
	});

	/** Binds a job that ZStack reports running `polls` times, then done; resolves to the waits before each poll. */
	async function pollWaits(polls: number, options: { pollInterval: number; jobTimeout: number }): Promise<number[]> {
		/** When the call arrived, then each poll. */
		const times: number[] = [];
		nock(HOST)
			.post(bindPath())
			.reply(() => {
				times.push(Date.now());
				return [202, ''];
			})
			.get(JOB_POLL)
			.times(polls + 1)
			.reply(() => {
				times.push(Date.now());
				return times.length <= polls + 1 ? [202, ''] : [200, contract.response.body];
			});

		const { output, error } = await harness.run({ parameters: bindParameters({ options }) });

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json)).toEqual([contract.response.body.inventory]);
		return times.slice(1).map((time, poll) => time - times[poll]);
	}

	test('the first poll comes 0.05 s after the 202, not after a whole Poll Interval', async () => {
		const waits = await pollWaits(0, { pollInterval: 10, jobTimeout: 60 });

		expect(waits).toHaveLength(1);
		// Timers fire no earlier than asked (a millisecond of clock rounding); a whole Poll Interval is 10 s.
		expect(waits[0]).toBeGreaterThanOrEqual(48);
		expect(waits[0]).toBeLessThan(5000);
	});

	test('the waits between polls double from 0.05 s up to the Poll Interval, and stay there', async () => {
		const waits = await pollWaits(5, { pollInterval: 0.2, jobTimeout: 60 });

		expect(waits).toHaveLength(6);
		[50, 100, 200, 200, 200, 200].forEach((least, poll) => expect({ poll, wait: waits[poll] >= least - 2 }).toEqual({ poll, wait: true }));
		// Doubling past the ceiling would wait 1.6 s before the sixth poll.
		expect(waits[5]).toBeLessThan(1200);
	});

	test('a job still running at Job Timeout fails with an error naming the job', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope
			.post(bindPath())
			.reply(acceptedAsNamed())
			.get(JOB_POLL)
			.times(1000)
			.reply(202, '');
		const pollInterval = 0.02;
		const jobTimeout = 0.2;

		const { error } = await harness.run({ parameters: bindParameters({ options: { pollInterval, jobTimeout } }) });

		const job = jobNamedBy(seen[0]);
		expect(error?.message).toBe(`ZStack job ${job} did not finish within 0.2 s`);
		expect(error?.description).toContain(`/zstack/v1/api-jobs/${job}`);
		// It stopped at the Job Timeout, a Poll Interval between polls (timers may fire a millisecond early),
		// however slowly the machine ran: the server would have answered 202 a thousand times.
		const polls = seen.filter((request) => request.method === 'GET').length;
		expect(polls).toBeGreaterThanOrEqual(1);
		expect(polls).toBeLessThanOrEqual(Math.floor(jobTimeout / pollInterval) + 2);
	});
});

describe('errors', () => {
	const notFound = {
		code: 'SYS.1003',
		description: 'Resource not found',
		details: `cannot find the model service[uuid:${MODEL_SERVICE}]`,
		elaboration: null,
		opaque: null,
		cause: {
			code: 'SYS.1006',
			description: 'An operation failed',
			details: 'database lookup returned nothing',
			cause: { code: 'SYS.1000', description: 'An internal error happened', details: 'root cause detail' },
		},
	};

	test('a ZStack error carries code and description in the message, details and the cause chain in the description', async () => {
		nock(HOST).post(bindPath()).reply(503, { error: notFound });

		const { error, output } = await harness.run({ parameters: bindParameters() });

		expect(output).toEqual([]);
		expect(error?.name).toBe('NodeApiError');
		expect(error?.message).toBe('ZStack error SYS.1003: Resource not found');
		expect(error?.httpCode).toBe('503');
		expect(error?.description).toBe(
			[
				notFound.details,
				'Caused by SYS.1006: An operation failed',
				'database lookup returned nothing',
				'Caused by SYS.1000: An internal error happened',
				'root cause detail',
			].join('\n'),
		);
	});

	test('an error sent with HTTP 200 (the API page\'s `error` field) is still an error', async () => {
		nock(HOST).post(bindPath()).reply(200, { success: false, error: notFound, inventory: null });

		const { error } = await harness.run({ parameters: bindParameters() });

		expect(error?.message).toBe('ZStack error SYS.1003: Resource not found');
	});

	test.each([
		[400, 'missing required header: Authorization'],
		[404, 'no api mapping to /v1/ai/models/x'],
		[405, 'method POST is not allowed'],
		[500, 'java.lang.NullPointerException'],
	])('a plain-text HTTP %i body is shown as text', async (status, text) => {
		nock(HOST).post(bindPath()).reply(status, text, { 'Content-Type': 'text/plain' });

		const { error } = await harness.run({ parameters: bindParameters() });

		expect(error?.message).toBe(`ZStack answered HTTP ${status}: ${text}`);
		expect(error?.httpCode).toBe(String(status));
		expect(error?.message).not.toContain('[object');
	});

	test('a 200 without an inventory is an error, not an empty item', async () => {
		nock(HOST).post(bindPath()).reply(200, {});

		const { error } = await harness.run({ parameters: bindParameters() });

		expect(error?.message).toBe('ZStack reported success but sent no inventory of the model service');
	});

	test('an expired session says what to do, and the session never appears in the error', async () => {
		nock(HOST)
			.post(bindPath())
			.reply(503, { error: { code: 'ID.1001', description: 'Session expired', details: `session[uuid:${SESSION}] expired` } });

		const { error } = await harness.run({ parameters: bindParameters() });

		expect(error?.message).toBe('ZStack error ID.1001: Session expired');
		expect(error?.description).toContain('Account Login');
	});

	test('an unreachable host is an error naming the host and the call', async () => {
		nock(HOST)
			.post(bindPath())
			.replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));

		const { error } = await harness.run({ parameters: bindParameters() });

		expect(error?.message).toBe('The service refused the connection - perhaps it is offline');
		expect(error?.description).toBe(
			`POST ${bindPath()} at ${HOST} failed: connect ECONNREFUSED. Check that the Host of the ZStack API credential is reachable from n8n.`,
		);
	});
});

describe('UUID parameters', () => {
	test.each([
		['modelUuid', 'Model', ''],
		['modelUuid', 'Model', '../x'],
		['modelUuid', 'Model', 'has spaces in it'],
		['modelServiceUuid', 'Model Service', 'a/b'],
		['modelServiceUuid', 'Model Service', `${MODEL_SERVICE}0`],
	])('%s "%s" from an expression is rejected by the node before any request', async (field, label, value) => {
		const { error } = await harness.run({
			parameters: bindParameters({ [field]: { __rl: true, mode: 'id', value: '={{ $json.value }}' } }),
			items: [{ value }],
		});

		expect(error?.name).toBe('NodeOperationError');
		expect(error?.message).toBe(`Item 0: ${label} "${value}" is not a UUID`);
		expect(error?.context?.itemIndex).toBe(0);
		// afterEach proves that no request left the node: nock saw nothing unmatched.
	});

	test('a literal non-UUID is caught by the parameter validation n8n runs before the node', async () => {
		await expect(
			harness.run({ parameters: bindParameters({ modelUuid: { __rl: true, mode: 'id', value: '../x' } }) }),
		).rejects.toThrow('Not a UUID: use 32 hex characters (dashes are allowed)');
	});

	test('a dashed or upper-case UUID is sent in ZStack form', async () => {
		const scope = nock(HOST).post(bindPath()).reply(200, { inventory: {} });

		const { error } = await harness.run({
			parameters: bindParameters({
				modelUuid: { __rl: true, mode: 'id', value: ' 7C9E6679-7425-40DE-944B-E07FC1F90AE7 ' },
				modelServiceUuid: { __rl: true, mode: 'id', value: '0f4c8a9e-2b3d-4c5f-8a7b-6c5d4e3f2a1b' },
			}),
		});

		expect(error).toBeUndefined();
		scope.done();
	});
});

describe('several items', () => {
	test('with Continue On Fail every item yields one output item, in order, paired; failures carry the ZStack error', async () => {
		const zstackError = { code: 'SYS.1003', description: 'Resource not found', details: 'no such model' };
		const otherModel = 'b'.repeat(32);
		nock(HOST)
			.post(bindPath())
			.reply(200, { inventory: { uuid: MODEL_SERVICE, name: 'first' } })
			.post(bindPath(otherModel))
			.reply(503, { error: zstackError })
			.post(bindPath())
			.reply(200, { inventory: { uuid: MODEL_SERVICE, name: 'third' } });

		const { output, error } = await harness.run({
			parameters: bindParameters({
				modelUuid: { __rl: true, mode: 'id', value: '={{ $json.model }}' },
				options: { concurrency: 1 },
			}),
			items: [{ model: MODEL }, { model: otherModel }, { model: 'not-a-uuid' }, { model: MODEL }],
			continueOnFail: true,
		});

		expect(error).toBeUndefined();
		expect(output).toEqual([
			{ json: { uuid: MODEL_SERVICE, name: 'first' }, pairedItem: { item: 0 } },
			{ json: { error: 'ZStack error SYS.1003: Resource not found', zstackError }, pairedItem: { item: 1 } },
			{ json: { error: 'Item 2: Model "not-a-uuid" is not a UUID' }, pairedItem: { item: 2 } },
			{ json: { uuid: MODEL_SERVICE, name: 'third' }, pairedItem: { item: 3 } },
		]);
	});

	test('without Continue On Fail the first failure stops the node with the item named', async () => {
		nock(HOST).post(bindPath()).reply(200, { inventory: {} });

		const { error } = await harness.run({
			parameters: bindParameters({
				modelUuid: { __rl: true, mode: 'id', value: '={{ $json.model }}' },
				options: { concurrency: 1 },
			}),
			items: [{ model: MODEL }, { model: '' }],
		});

		expect(error?.message).toBe('Item 1: Model "" is not a UUID');
		expect(error?.context?.itemIndex).toBe(1);
	});
});

describe('the session stays secret', () => {
	test('no output or error of a failing run contains the session UUID', async () => {
		nock(HOST)
			.post(bindPath())
			.reply(503, { error: { code: 'SYS.1006', description: 'An operation failed' } })
			.post(bindPath())
			.times(2)
			.replyWithError('socket hang up')
			// The lost reply makes the node ask for its job: unknown, so the call is sent once more under the same
			// job UUID; with no Job Timeout left, the item then fails.
			.get(/^\/zstack\/v1\/api-jobs\/[0-9a-f]{32}$/)
			.reply(404, 'the job has been expired');

		const run = await harness.run({
			parameters: bindParameters({ options: { concurrency: 1, jobTimeout: 0 } }),
			items: [{}, {}],
			continueOnFail: true,
		});

		expect(run.output).toHaveLength(2);
		expect(JSON.stringify(run.run.data)).not.toContain(SESSION);
	});
});
