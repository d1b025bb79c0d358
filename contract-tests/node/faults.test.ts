import { createServer } from 'node:net';

import type { IDataObject, INodeExecutionData, INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { batchItems, batchParameters, inventoryOf, itemOfPath, modelOf, pairParameters, seededPairs, BIND_PATH } from '../harness/batch';
import { recordRequests, useNockWithoutNetwork } from '../harness/contract';
import { bindPath, HOST, sessionCredential } from '../harness/fixtures';
import { acceptedAsNamed, JobsByItem } from '../harness/named-jobs';
import { WorkflowHarness } from '../harness/workflow';
import { startSimulator, type Simulator } from '../simulator';

/** nock for a describe block: no request may reach the network, and none may go unmatched. */
function withNock(): void {
	beforeAll(() => {
		if (!nock.isActive()) nock.activate();
	});
	useNockWithoutNetwork();
	afterEach(() => nock.abortPendingRequests());
}

let harness: WorkflowHarness;

beforeEach(() => {
	harness = new WorkflowHarness();
	harness.saveCredential('zstack', sessionCredential);
});

/** Nine items sent four at a time; the faulty ones have healthy neighbours in flight with them. */
const COUNT = 9;
const CONCURRENCY = 4;
const FAULTY = [1, 4, 5, 8];
const fastJobs = { pollInterval: 0.01, jobTimeout: 5 };
/**
 * The Request Timeout applies to every item, so the healthy ones must answer within it even on a busy machine
 * (a first request in a fresh process can take long): seconds, and the late reply far beyond.
 */
const REQUEST_TIMEOUT_S = 2;
const LATE_REPLY_MS = 30_000;

/** The jobs the items named, fresh for each test. */
let jobs: JobsByItem;
beforeEach(() => {
	jobs = new JobsByItem();
});
/** A faulty item's call, noting the job it names. */
const callOf = (scope: nock.Scope, item: number) => jobs.call(scope.post(bindPath(modelOf(item))), item);
/** The polls of a faulty item's job. */
const pollsOf = (scope: nock.Scope, item: number) => scope.get(jobs.pollOf(item));
/** The error of an item whose reply was lost and whose job ZStack never showed. */
const lostReply = (jobTimeout: number) => () => ({
	error: expect.stringMatching(new RegExp(`^The reply to the call was lost, and ZStack did not show its job [0-9a-f]{32} within the Job Timeout \\(${jobTimeout} s\\)$`)),
});
const zstackError = { code: 'SYS.1003', description: 'Resource not found', details: 'cannot find ModelVO' };

/** The output a batch must produce: each healthy item's inventory, each faulty item's error item, in input order. */
function expectedBatch(errorItem: (item: number) => IDataObject): INodeExecutionData[] {
	return Array.from({ length: COUNT }, (_, item) => ({
		json: FAULTY.includes(item) ? errorItem(item) : inventoryOf(item),
		pairedItem: { item },
	}));
}

interface Fault {
	/** Sets up the faulty item's exchanges on the scope. */
	serve: (scope: nock.Scope, item: number) => void;
	/** Its error item. */
	errorItem: (item: number) => IDataObject;
	options?: INodeParameters;
	/** How often the faulty item's call is sent: twice only where ZStack said it never got the first. */
	sends?: number;
}

/** ZStack's answer to a poll of a job it never accepted (RestServer: plain-text 404). */
const unknownJob = (scope: nock.Scope, times: number) =>
	scope
		.get(/^\/zstack\/v1\/api-jobs\/[0-9a-f]{32}$/)
		.times(times)
		.reply(404, 'the job has been expired', { 'Content-Type': 'text/plain' });

const faults: Record<string, Fault> = {
	'the connection is refused': {
		serve: (scope, item) =>
			scope.post(bindPath(modelOf(item))).replyWithError(Object.assign(new Error('connect ECONNREFUSED 10.0.0.8:8080'), { code: 'ECONNREFUSED' })),
		errorItem: () => ({ error: 'The service refused the connection - perhaps it is offline' }),
	},
	// The call's job (X-Job-UUID) is unknown to ZStack, so the call is sent once more under that name, and is
	// reset again; with no Job Timeout left, the item fails naming its job.
	'the connection is reset before any reply': {
		serve: (scope, item) => {
			callOf(scope, item).times(2).replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
			unknownJob(scope, 1);
		},
		errorItem: lostReply(0),
		options: { jobTimeout: 0 },
		sends: 2,
	},
	'the reply is not JSON': {
		serve: (scope, item) =>
			scope.post(bindPath(modelOf(item))).reply(200, '<html><body>502 Bad Gateway</body></html>', { 'Content-Type': 'text/html' }),
		errorItem: () => ({ error: 'ZStack answered HTTP 200 with a body that is not a JSON object' }),
	},
	'a 200 has no inventory': {
		serve: (scope, item) => scope.post(bindPath(modelOf(item))).reply(200, {}),
		errorItem: () => ({ error: 'ZStack reported success but sent no inventory of the model service' }),
	},
	'the reply comes after the Request Timeout': {
		serve: (scope, item) => {
			callOf(scope, item).times(2).delay(LATE_REPLY_MS).reply(200, { inventory: inventoryOf(item) });
			unknownJob(scope, 1);
		},
		errorItem: lostReply(0),
		options: { requestTimeout: REQUEST_TIMEOUT_S, jobTimeout: 0 },
		sends: 2,
	},
	'ZStack answers with an error (503 + ErrorCode)': {
		serve: (scope, item) => scope.post(bindPath(modelOf(item))).reply(503, { error: zstackError }),
		errorItem: () => ({ error: 'ZStack error SYS.1003: Resource not found', zstackError }),
	},
	'the REST layer answers in plain text (HTTP 500)': {
		serve: (scope, item) =>
			scope.post(bindPath(modelOf(item))).reply(500, 'java.lang.NullPointerException', { 'Content-Type': 'text/plain' }),
		errorItem: () => ({ error: 'ZStack answered HTTP 500: java.lang.NullPointerException' }),
	},
	'the job never finishes': {
		serve: (scope, item) => {
			callOf(scope, item).reply(acceptedAsNamed());
			pollsOf(scope, item).times(1000).reply(202, '');
		},
		errorItem: (item) => ({ error: `ZStack job ${jobs.jobOf(item)} did not finish within 0.15 s` }),
		options: { pollInterval: 0.01, jobTimeout: 0.15 },
	},
	// A poll that gets no answer is asked again, until the Job Timeout.
	'every job poll is answered after the Request Timeout': {
		serve: (scope, item) => {
			callOf(scope, item).reply(acceptedAsNamed());
			pollsOf(scope, item).times(1000).delay(LATE_REPLY_MS).reply(200, { inventory: inventoryOf(item) });
		},
		errorItem: (item) => ({ error: `ZStack job ${jobs.jobOf(item)} did not finish within ${2 * REQUEST_TIMEOUT_S} s` }),
		options: { ...fastJobs, requestTimeout: REQUEST_TIMEOUT_S, jobTimeout: 2 * REQUEST_TIMEOUT_S },
	},
	'the job poll answers 404': {
		serve: (scope, item) => {
			callOf(scope, item).reply(acceptedAsNamed());
			pollsOf(scope, item).reply(404, 'the job has been expired', { 'Content-Type': 'text/plain' });
		},
		errorItem: (item) => ({ error: `ZStack job ${jobs.jobOf(item)} has expired or is unknown` }),
		options: fastJobs,
	},
	'the job fails (503 + ErrorCode on the poll)': {
		serve: (scope, item) => {
			callOf(scope, item).reply(acceptedAsNamed());
			pollsOf(scope, item).reply(503, { error: zstackError });
		},
		errorItem: () => ({ error: 'ZStack error SYS.1003: Resource not found', zstackError }),
		options: fastJobs,
	},
};

describe('with Continue On Fail, a fault on some items of a concurrent batch fails just those items', () => {
	withNock();

	test.each(Object.keys(faults))('%s', async (name) => {
		const { serve, errorItem, options = {}, sends = 1 } = faults[name];
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		for (let item = 0; item < COUNT; item++) {
			if (FAULTY.includes(item)) serve(scope, item);
			else scope.post(bindPath(modelOf(item))).delay(5).reply(200, { inventory: inventoryOf(item) });
		}

		const { output, error } = await harness.run({
			parameters: batchParameters({ concurrency: CONCURRENCY, ...options }),
			items: batchItems(COUNT),
			continueOnFail: true,
		});

		expect(error).toBeUndefined();
		expect(output).toEqual(expectedBatch(errorItem));
		// Each item was sent once: no retry behind the user's back, so nothing is bound twice; a call is sent
		// again only after ZStack said it never got it.
		const binds = seen.filter((request) => BIND_PATH.test(request.path)).map((request) => itemOfPath(request.path));
		const expectedSends = Array.from({ length: COUNT }, (_, item) => Array<number>(FAULTY.includes(item) ? sends : 1).fill(item));
		expect(binds.sort((a, b) => a - b)).toEqual(expectedSends.flat());
	});
});

describe('account login faults', () => {
	withNock();

	const LOGIN = '/zstack/v1/accounts/login';
	const FIRST = '11111111111111111111111111111111';
	const accountCredential = { host: HOST, authType: 'account', accountName: 'admin', password: 'secret' };
	const sessionExpired = { error: { code: 'ID.1001', description: 'Session expired', details: 'the session has expired' } };

	test('a renewal refused by ZStack fails the items that needed it, with one login attempt in all', async () => {
		harness.saveCredential('zstack', { ...accountCredential, loginSessionUuid: FIRST });
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		for (let item = 0; item < COUNT; item++) {
			if (item < 4) scope.post(bindPath(modelOf(item))).reply(200, { inventory: inventoryOf(item) });
			else scope.post(bindPath(modelOf(item))).delay(5).reply(503, sessionExpired);
		}
		const refused = { code: 'ID.1000', description: 'Authentication failed', details: 'wrong account name or password' };
		scope.put(LOGIN).reply(503, { error: refused });

		const { output, error } = await harness.run({
			parameters: batchParameters({ concurrency: CONCURRENCY }),
			items: batchItems(COUNT),
			continueOnFail: true,
		});

		expect(error).toBeUndefined();
		expect(output).toEqual(
			Array.from({ length: COUNT }, (_, item) => ({
				json: item < 4 ? inventoryOf(item) : { error: 'ZStack login as "admin" failed: ID.1000: Authentication failed. Check the account name and password', zstackError: refused },
				pairedItem: { item },
			})),
		);
		expect(seen.filter((request) => request.path === LOGIN)).toHaveLength(1);
	});

	// The login is an exchange with ZStack like any other: a ZStack that takes the connection and never
	// answers the login must not hold every item (they all wait for that one login) beyond the Request
	// Timeout. Here the login answers after 1.5 s, fifteen times the Request Timeout.
	test('a login slower than the Request Timeout fails the items instead of holding the run', async () => {
		harness.saveCredential('zstack', accountCredential);
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope
			.put(LOGIN)
			.delay(1500)
			.reply(200, { inventory: { uuid: FIRST } })
			.post(BIND_PATH)
			.times(COUNT)
			.reply((uri) => [200, { inventory: inventoryOf(itemOfPath(uri)) }]);

		const { output, error } = await harness.run({
			parameters: batchParameters({ concurrency: CONCURRENCY, requestTimeout: 0.1 }),
			items: batchItems(COUNT),
			continueOnFail: true,
		});

		expect(error).toBeUndefined();
		expect(output.map((item) => item.pairedItem)).toEqual(batchItems(COUNT).map((_, item) => ({ item })));
		for (const item of output) expect(item.json).toEqual({ error: expect.any(String) });
		expect(seen.filter((request) => request.path === LOGIN)).toHaveLength(1);
	});
});

describe("n8n's Retry On Fail", () => {
	withNock();

	const transient = { error: { code: 'SYS.1006', description: 'An operation failed', details: 'database busy' } };
	const retry = { retryOnFail: true, maxTries: 3, waitBetweenTries: 1 };

	/** Serves a batch of `count`; `failures[item]` binds of an item fail before it succeeds. */
	function serveFlaky(count: number, failures: Record<number, number>) {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		for (let item = 0; item < count; item++) {
			if (failures[item]) scope.post(bindPath(modelOf(item))).times(failures[item]).reply(503, transient);
			scope.post(bindPath(modelOf(item))).times(10).reply(200, { inventory: inventoryOf(item) });
		}
		const sent = (item: number) => seen.filter((request) => request.path === bindPath(modelOf(item))).length;
		return { sent };
	}

	const allBound = (count: number) => Array.from({ length: count }, (_, item) => ({ json: inventoryOf(item), pairedItem: { item } }));

	test('without Continue On Fail, a transient failure re-runs the node, and each item is output once, in order', async () => {
		const { sent } = serveFlaky(6, { 3: 1 });

		const { output, error } = await harness.run({
			parameters: batchParameters({ concurrency: 2 }),
			items: batchItems(6),
			nodeSettings: retry,
		});

		expect(error).toBeUndefined();
		expect(output).toEqual(allBound(6));
		expect(sent(3)).toBe(2);
		// n8n re-runs the whole node: items bound before the failure are sent again (binding is idempotent).
		for (let item = 0; item < 6; item++) expect(sent(item)).toBeGreaterThanOrEqual(1);
		for (let item = 0; item < 6; item++) expect(sent(item)).toBeLessThanOrEqual(2);
	});

	test('when every try fails, the node fails with the item named and outputs nothing partial', async () => {
		const { sent } = serveFlaky(4, { 1: 10 });

		const { output, error } = await harness.run({
			parameters: batchParameters({ concurrency: 2 }),
			items: batchItems(4),
			nodeSettings: retry,
		});

		expect(error?.message).toBe('ZStack error SYS.1006: An operation failed');
		expect(error?.context?.itemIndex).toBe(1);
		expect(output).toEqual([]);
		expect(sent(1)).toBe(3);
	});

	test('with Continue On Fail, n8n retries only when the first item failed; either way one output item per input', async () => {
		const firstFails = serveFlaky(5, { 0: 1 });
		const first = await harness.run({
			parameters: batchParameters({ concurrency: 2 }),
			items: batchItems(5),
			continueOnFail: true,
			nodeSettings: retry,
		});
		expect(first.output).toEqual(allBound(5));
		expect(firstFails.sent(0)).toBe(2);

		nock.cleanAll();
		const laterFails = serveFlaky(5, { 2: 1 });
		const later = await harness.run({
			parameters: batchParameters({ concurrency: 2 }),
			items: batchItems(5),
			continueOnFail: true,
			nodeSettings: retry,
		});
		expect(later.output).toEqual(
			allBound(5).map((item, index) =>
				index === 2 ? { json: { error: 'ZStack error SYS.1006: An operation failed', zstackError: transient.error }, pairedItem: { item: 2 } } : item,
			),
		);
		expect(laterFails.sent(2)).toBe(1);
	});
});

describe('over real sockets (nock off)', () => {
	test('a host where nothing listens fails every item, in order, and the run ends', async () => {
		const port = await new Promise<number>((resolve) => {
			const server = createServer().listen(0, '127.0.0.1', () => {
				const { port: free } = server.address() as { port: number };
				server.close(() => resolve(free));
			});
		});
		harness.saveCredential('zstack', { ...sessionCredential, host: `http://127.0.0.1:${port}` });

		const { output, error } = await harness.run({
			parameters: batchParameters({ concurrency: 3 }),
			items: batchItems(7),
			continueOnFail: true,
		});

		expect(error).toBeUndefined();
		expect(output).toEqual(
			Array.from({ length: 7 }, (_, item) => ({
				json: { error: 'The service refused the connection - perhaps it is offline' },
				pairedItem: { item },
			})),
		);
	});

	describe('against the simulator', () => {
		let simulator: Simulator;

		beforeAll(async () => {
			simulator = await startSimulator({ replyMode: 'sync' });
		});

		afterAll(async () => simulator.stop());

		beforeEach(() => {
			simulator.reset();
			harness.saveCredential('zstack', { host: simulator.url, authType: 'session', sessionUuid: simulator.createSession() });
		});

		const pairs = () => seededPairs(simulator.seed);
		const parameters = pairParameters({ concurrency: 3 });

		test('a session ZStack ends mid-batch is renewed by one login for all items in flight (account login)', async () => {
			harness.saveCredential('zstack', { host: simulator.url, authType: 'account', ...simulator.account });
			// The fourth bind ends the session it carries, as ZStack does when a session expires.
			simulator.injectFault({ api: 'BindModelToService', kind: 'delay', ms: 0, times: 3 });
			simulator.injectFault({ api: 'BindModelToService', kind: 'sessionExpired' });

			const { output, error } = await harness.run({ parameters, items: pairs(), continueOnFail: true });

			expect(error).toBeUndefined();
			expect(output.map(({ json, pairedItem }) => ({ uuid: json.uuid, pairedItem }))).toEqual(
				pairs().map(({ service }, item) => ({ uuid: service, pairedItem: { item } })),
			);
			const logins = simulator.requests.filter((request) => request.path === '/zstack/v1/accounts/login');
			expect(logins).toHaveLength(2);
		});

		test('a reply cut off mid-body (sync API, no job to ask for) fails just the item it answered', async () => {
			simulator.injectFault({ api: 'BindModelToService', kind: 'reset', times: 1 });

			const { output, error } = await harness.run({ parameters, items: pairs(), continueOnFail: true });

			expect(error).toBeUndefined();
			expect(output.map((item) => item.pairedItem)).toEqual(pairs().map((_, item) => ({ item })));
			// The cut reply's job is unknown (a sync reply has none), so that call was sent once more.
			expect(simulator.requests.filter((request) => request.method === 'POST')).toHaveLength(7);
			for (const [index, item] of output.entries()) expect(item.json).toMatchObject({ uuid: pairs()[index].service });
		});
	});

	// Every bind names its job (X-Job-UUID); whatever point the connection breaks at, the item ends bound once.
	describe('against the simulator, with jobs as ZStack runs binds', () => {
		let simulator: Simulator;

		beforeAll(async () => {
			simulator = await startSimulator({ replyMode: 'async', managementNodeTimeZone: 'Asia/Shanghai' });
		});

		afterAll(async () => simulator.stop());

		beforeEach(() => {
			simulator.reset();
			harness.saveCredential('zstack', { host: simulator.url, authType: 'session', sessionUuid: simulator.createSession() });
		});

		test.each([
			['before ZStack read the request', 'resetBeforeRead'],
			['after ZStack accepted the call', 'resetAfterAccept'],
			['mid-reply', 'reset'],
		] as const)('a connection cut %s: every item bound exactly once, and output in order', async (_, kind) => {
			const pairs = seededPairs(simulator.seed);
			const parameters = pairParameters({ concurrency: 3, pollInterval: 0.01, jobTimeout: 10 });
			simulator.injectFault({ api: 'BindModelToService', kind, times: 2 });

			const { output, error } = await harness.run({ parameters, items: pairs, continueOnFail: true });

			expect(error).toBeUndefined();
			expect(output.map(({ json, pairedItem }) => ({ uuid: json.uuid, pairedItem }))).toEqual(
				pairs.map(({ service }, item) => ({ uuid: service, pairedItem: { item } })),
			);
			const bindsRun = simulator.requests.filter((request) => request.method === 'POST' && request.fault !== 'resetBeforeRead');
			expect(bindsRun).toHaveLength(6);
			for (const { model, service } of pairs) {
				const bound = simulator.state.bindings.filter((binding) => binding.modelUuid === model && binding.modelServiceUuid === service);
				expect(bound).toHaveLength(1);
			}
		});
	});
});
