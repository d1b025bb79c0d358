'use strict';
/*
 * End-to-end proofs that the node behaves against a management node the way ZStack's RestServer behaves,
 * in a real n8n 2.41.1 (its CLI `execute`, and its REST API for the credential test), with n8n in UTC:
 * - AccessKey against a management node in Asia/Shanghai, with `checkTimeZone` false and true;
 * - a scheduled run after the stored account session expired: one login, each item bound/unbound once;
 * - a bind whose reply is cut after ZStack accepted it: the inventory is output and ZStack ran it once;
 * - a redirect from the configured host (calls, login, credential test): the other host receives nothing, a
 *   call's error names the status and the target origin.
 * One workflow holds every scenario, each on its own simulator, so that two executions prove them all
 * (each n8n CLI command costs seconds). Run with `npm run test:e2e`.
 */
const assert = require('node:assert/strict');
const { randomUUID } = require('node:crypto');
const http = require('node:http');
const { after, before, describe, test } = require('node:test');

const { startSimulator } = require('../../contract-tests/simulator');
const { simulatorCredential, startStack, SIMULATOR_CREDENTIAL_ID } = require('../n8n/stack');

/**
 * @typedef {import('../../contract-tests/simulator').Simulator} Simulator
 * @typedef {import('../../contract-tests/simulator').LoggedRequest} LoggedRequest
 * @typedef {Awaited<ReturnType<typeof startStack>>} Stack
 * @typedef {Awaited<ReturnType<Stack['n8n']['execute']>>} Execution
 * @typedef {{ modelUuid: string, modelServiceUuid: string }} Pair
 * @typedef {{ method: string, url: string, headers: http.IncomingHttpHeaders, body: string }} ReceivedRequest
 * @typedef {{ url: string, received: ReceivedRequest[], connections: number, close(): Promise<void> }} RecordingServer
 * @typedef {{ result: Execution, requests: Record<SimulatorName, LoggedRequest[]> }} Run
 * @typedef {'bindFirst' | 'unbindFirst' | 'cutReply' | 'zone'} SimulatorName
 */

const WORKFLOW_ID = 'zstackE2eRealZStack1';
const TRIGGER = 'Every morning';
const BIND_PAIRS = 'Bind the pairs';
const UNBIND_PAIRS = 'Unbind the pairs';
const UNBIND_BOUND = 'Unbind the bound pairs';
const REBIND_BOUND = 'Bind them again';
const CUT_REPLY = 'Bind, reply cut after ZStack accepted it';
const REDIRECT_SESSION = 'Redirected: session UUID';
const REDIRECT_ACCESS_KEY = 'Redirected: AccessKey';
const REDIRECT_ACCOUNT = 'Redirected: account login';
const ZONE_DEFAULT = 'AccessKey, default Management Node Time Zone';
const ZONE_UTC = 'AccessKey, Management Node Time Zone UTC';

const LOGIN_PATH = '/zstack/v1/accounts/login';
const ACCOUNT_ON_UNBIND_FIRST = 'zstackUnbindFirst1';
const SESSION_ON_CUT_REPLY = 'zstackCutReply1';
const ACCESS_KEY_DEFAULT_ZONE = 'zstackZoneDefault1';
const ACCESS_KEY_UTC_ZONE = 'zstackZoneUtc1';
const REDIRECTED_SESSION = 'zstackRedirectSession1';
const REDIRECTED_ACCESS_KEY = 'zstackRedirectAccessKey1';
const REDIRECTED_ACCOUNT = 'zstackRedirectAccount1';

/** @param {Pair} pair */
const pairPath = (pair) => `/zstack/v1/ai/models/${pair.modelUuid}/model-services/${pair.modelServiceUuid}`;

/**
 * A loopback HTTP server that records every connection and request it gets and answers with `reply`.
 * @param {(request: ReceivedRequest, res: http.ServerResponse) => void} reply
 * @returns {Promise<RecordingServer>}
 */
function startRecordingServer(reply) {
	/** @type {ReceivedRequest[]} */
	const received = [];
	let connections = 0;
	const server = http.createServer((req, res) => {
		let body = '';
		req.setEncoding('utf8');
		req.on('data', (chunk) => (body += chunk));
		req.on('end', () => {
			const request = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body };
			received.push(request);
			reply(request, res);
		});
	});
	server.on('connection', () => (connections += 1));
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
			resolve({
				url: `http://127.0.0.1:${port}`,
				received,
				get connections() {
					return connections;
				},
				close: () => new Promise((done) => server.close(() => done(undefined))),
			});
		});
	});
}

/**
 * The configured host that sends every request elsewhere, path and query kept.
 * @param {301 | 302 | 303 | 307 | 308} status
 * @param {RecordingServer} otherHost
 */
function startRedirectingHost(status, otherHost) {
	return startRecordingServer((request, res) => {
		res.writeHead(status, { Location: `${otherHost.url}${request.url}`, 'Content-Length': 0 });
		res.end();
	});
}

/** The other host answers as ZStack would, so that a followed redirect would look like success. */
function startOtherHost() {
	return startRecordingServer((request, res) => {
		const inventory = request.url.startsWith(LOGIN_PATH) ? { uuid: 'f'.repeat(32) } : { uuid: 'e'.repeat(32), name: 'from the other host' };
		res.writeHead(200, { 'Content-Type': 'application/json' });
		res.end(JSON.stringify({ inventory, valid: true }));
	});
}

/**
 * A ZStack node of the workflow; every one but the last continues on fail, so one execution shows every scenario.
 * @param {string} name
 * @param {number} x
 * @param {number} y
 * @param {string} credentialId
 * @param {'bindToService' | 'unbindFromService'} operation
 * @param {{ modelUuid: string, modelServiceUuid: string }} uuids values or expressions
 * @param {{ continueOnFail?: boolean }} [options]
 */
function zstackNode(name, x, y, credentialId, operation, uuids, { continueOnFail = true } = {}) {
	return {
		id: randomUUID(),
		name,
		type: 'n8n-nodes-zstack.zStack',
		typeVersion: 1,
		position: [x, y],
		parameters: {
			resource: 'model',
			operation,
			modelUuid: { __rl: true, mode: 'id', value: uuids.modelUuid },
			modelServiceUuid: { __rl: true, mode: 'id', value: uuids.modelServiceUuid },
		},
		credentials: { zStackApi: { id: credentialId, name: credentialId } },
		...(continueOnFail ? { onError: 'continueRegularOutput' } : {}),
	};
}

/**
 * A Code node that outputs one item per pair.
 * @param {string} name
 * @param {number} y
 * @param {Pair[]} pairs
 */
function pairsNode(name, y, pairs) {
	return {
		id: randomUUID(),
		name,
		type: 'n8n-nodes-base.code',
		typeVersion: 2,
		position: [240, y],
		parameters: { jsCode: `return ${JSON.stringify(pairs.map((json) => ({ json })))};` },
	};
}

/** The pair's UUIDs from a node upstream, by paired item. @param {string} source */
const pairFrom = (source) => ({
	modelUuid: `={{ $('${source}').item.json.modelUuid }}`,
	modelServiceUuid: `={{ $('${source}').item.json.modelServiceUuid }}`,
});

/** The connections from one node's output to `to`. @param {string[]} to */
const chain = (to) => ({ main: [to.map((node) => ({ node, type: 'main', index: 0 }))] });

/**
 * One workflow, one branch per scenario. With execution order v1 n8n runs the branches one after another,
 * top to bottom; the last branch (a wrong time zone, not continuing on fail) is the one that may stop the run.
 * @param {{ bindFirst: Pair[], unbindFirst: Pair[], cutReply: Pair }} pairs
 */
function scenariosWorkflow(pairs) {
	const nodes = [
		{ id: randomUUID(), name: TRIGGER, type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
		pairsNode('Pairs to bind', 0, pairs.bindFirst),
		zstackNode(BIND_PAIRS, 480, 0, SIMULATOR_CREDENTIAL_ID, 'bindToService', pairFrom('Pairs to bind')),
		zstackNode(UNBIND_PAIRS, 720, 0, SIMULATOR_CREDENTIAL_ID, 'unbindFromService', pairFrom('Pairs to bind')),
		pairsNode('Bound pairs', 200, pairs.unbindFirst),
		zstackNode(UNBIND_BOUND, 480, 200, ACCOUNT_ON_UNBIND_FIRST, 'unbindFromService', pairFrom('Bound pairs')),
		zstackNode(REBIND_BOUND, 720, 200, ACCOUNT_ON_UNBIND_FIRST, 'bindToService', pairFrom('Bound pairs')),
		zstackNode(CUT_REPLY, 240, 400, SESSION_ON_CUT_REPLY, 'bindToService', pairs.cutReply),
		zstackNode(REDIRECT_SESSION, 240, 600, REDIRECTED_SESSION, 'bindToService', pairs.cutReply),
		zstackNode(REDIRECT_ACCESS_KEY, 240, 800, REDIRECTED_ACCESS_KEY, 'bindToService', pairs.cutReply),
		zstackNode(REDIRECT_ACCOUNT, 240, 1000, REDIRECTED_ACCOUNT, 'bindToService', pairs.cutReply),
		zstackNode(ZONE_DEFAULT, 240, 1200, ACCESS_KEY_DEFAULT_ZONE, 'bindToService', pairs.cutReply),
		zstackNode(ZONE_UTC, 240, 1400, ACCESS_KEY_UTC_ZONE, 'bindToService', pairs.cutReply, { continueOnFail: false }),
	];
	return {
		id: WORKFLOW_ID,
		name: 'ZStack e2e: behave as a real management node',
		settings: { executionOrder: 'v1' },
		nodes,
		connections: {
			[TRIGGER]: chain(['Pairs to bind', 'Bound pairs', CUT_REPLY, REDIRECT_SESSION, REDIRECT_ACCESS_KEY, REDIRECT_ACCOUNT, ZONE_DEFAULT, ZONE_UTC]),
			'Pairs to bind': chain([BIND_PAIRS]),
			[BIND_PAIRS]: chain([UNBIND_PAIRS]),
			'Bound pairs': chain([UNBIND_BOUND]),
			[UNBIND_BOUND]: chain([REBIND_BOUND]),
		},
	};
}

/** @param {LoggedRequest[]} requests */
const loginsIn = (requests) => requests.filter((request) => request.method === 'PUT' && request.path === LOGIN_PATH);

/** @param {LoggedRequest[]} requests @param {string} method @param {Pair} pair */
const callsFor = (requests, method, pair) => requests.filter((request) => request.method === method && request.path === pairPath(pair));

/** The job ZStack stored for a call, found by the X-Job-UUID the node sent. @param {Simulator} sim @param {LoggedRequest} request */
function jobOf(sim, request) {
	const jobUuid = request.headers['x-job-uuid'];
	assert.equal(typeof jobUuid, 'string', `${request.method} ${request.path} carries X-Job-UUID`);
	const job = sim.state.jobs.get(/** @type {string} */ (jobUuid));
	assert.ok(job, `ZStack stored job ${jobUuid}`);
	return job;
}

/** @param {LoggedRequest} request */
const isJobPoll = (request) => request.method === 'GET' && request.path.startsWith('/zstack/v1/api-jobs/');

/** @param {LoggedRequest} request */
const sessionOf = (request) => String(request.headers.authorization ?? '').replace(/^OAuth /, '');

/** @param {{ modelServiceRefs?: Pair[] } | undefined} inventory @param {Pair} pair */
const refersTo = (inventory, pair) =>
	(inventory?.modelServiceRefs ?? []).some((ref) => ref.modelUuid === pair.modelUuid && ref.modelServiceUuid === pair.modelServiceUuid);

/**
 * Every call of `method` for each pair ran exactly once on ZStack (its job succeeded); any other attempt carried
 * the expired session and its job failed ID.1001, so ZStack did nothing for it.
 * @param {Simulator} sim
 * @param {LoggedRequest[]} requests
 * @param {'POST' | 'DELETE'} method
 * @param {Pair[]} pairs
 * @param {string} [expiredSession]
 */
function assertRanOncePerPair(sim, requests, method, pairs, expiredSession) {
	for (const pair of pairs) {
		const calls = callsFor(requests, method, pair);
		const ran = calls.filter((call) => jobOf(sim, call).result.status === 200);
		assert.equal(ran.length, 1, `${method} ${pairPath(pair)} ran once (${calls.length} sent)`);
		for (const refused of calls.filter((call) => !ran.includes(call))) {
			assert.equal(sessionOf(refused), expiredSession, 'only a call with the expired session was sent again');
			assert.deepEqual(
				/** @type {{ error?: { code?: string } }} */ (jobOf(sim, refused).result.json).error?.code,
				'ID.1001',
				'ZStack refused the expired session in the job',
			);
		}
	}
}

/**
 * The run began with the stored, expired session; it reached only first attempts of `method`, at most one per
 * pair (all items start at once, so each may have been sent before the first job failed), and their job polls,
 * which ZStack answers without authentication.
 * @param {LoggedRequest[]} sentWithExpired
 * @param {'POST' | 'DELETE'} method
 * @param {Pair[]} pairs
 */
function assertExpiredSessionReachedOnlyFirstAttempts(sentWithExpired, method, pairs) {
	const calls = sentWithExpired.filter((request) => !isJobPoll(request));
	assert.ok(calls.length >= 1, 'the run began with the stored, expired session');
	assert.ok(calls.every((call) => call.method === method), `the expired session reached only ${method} calls`);
	const paths = calls.map((call) => call.path);
	assert.equal(new Set(paths).size, paths.length, 'at most one attempt per pair with the expired session');
	assert.ok(paths.every((path) => pairs.some((pair) => pairPath(pair) === path)));
}

describe('the ZStack node in a real n8n in UTC behaves as against a real management node', () => {
	/** @type {Stack} */
	let stack;
	/** @type {Record<SimulatorName, Simulator>} */
	const sims = /** @type {Record<SimulatorName, Simulator>} */ ({});
	/** @type {RecordingServer} */
	let otherHost;
	/** @type {RecordingServer} */
	let redirecting307;
	/** @type {RecordingServer} */
	let redirecting302;
	/** @type {{ bindFirst: Pair[], unbindFirst: Pair[], cutReply: Pair }} */
	let pairs;
	/** @type {Record<string, Record<string, unknown>>} credential data by id, besides the stack's own */
	let credentials;
	/** @type {Run} */
	let firstRun;
	/** @type {Run} */
	let secondRun;
	/** The session n8n stored at the first run, expired before the second. */
	const storedSessions = { bindFirst: '', unbindFirst: '' };
	const redirectedSessionUuid = randomUUID().replace(/-/g, '');

	/** @returns {Promise<Run>} */
	async function runScenarios() {
		for (const sim of Object.values(sims)) sim.requests.length = 0;
		sims.cutReply.injectFault({ api: 'BindModelToService', kind: 'resetAfterAccept' });
		const result = await stack.n8n.execute(WORKFLOW_ID);
		const requests = /** @type {Record<SimulatorName, LoggedRequest[]>} */ (
			Object.fromEntries(Object.entries(sims).map(([name, sim]) => [name, [...sim.requests]]))
		);
		return { result, requests };
	}

	before(async () => {
		const managementNodeInShanghai = { port: 0, managementNodeTimeZone: 'Asia/Shanghai' };
		sims.unbindFirst = await startSimulator(managementNodeInShanghai);
		sims.cutReply = await startSimulator(managementNodeInShanghai);
		sims.zone = await startSimulator({ ...managementNodeInShanghai, checkTimeZone: false });
		otherHost = await startOtherHost();
		redirecting307 = await startRedirectingHost(307, otherHost);
		redirecting302 = await startRedirectingHost(302, otherHost);
		const [m0, m1, m2] = sims.zone.seed.models;
		const [s0, s1, s2] = sims.zone.seed.modelServices;
		pairs = {
			bindFirst: [
				{ modelUuid: m0, modelServiceUuid: s0 },
				{ modelUuid: m0, modelServiceUuid: s2 },
				{ modelUuid: m2, modelServiceUuid: s0 },
			],
			// (m1, s1) is bound in the seed; the other two are bound below, before n8n runs.
			unbindFirst: [
				{ modelUuid: m1, modelServiceUuid: s1 },
				{ modelUuid: m2, modelServiceUuid: s2 },
				{ modelUuid: m1, modelServiceUuid: s0 },
			],
			cutReply: { modelUuid: m0, modelServiceUuid: s1 },
		};
		const session = sims.unbindFirst.createSession();
		for (const pair of pairs.unbindFirst.slice(1)) {
			const reply = await fetch(`${sims.unbindFirst.url}${pairPath(pair)}`, {
				method: 'POST',
				headers: { Authorization: `OAuth ${session}`, 'Content-Type': 'application/json' },
				body: '{"params":{}}',
			});
			assert.equal(reply.status, 202);
		}
		const { account, accessKey } = sims.zone;
		credentials = {
			[ACCOUNT_ON_UNBIND_FIRST]: simulatorCredential(sims.unbindFirst, 'account'),
			[SESSION_ON_CUT_REPLY]: simulatorCredential(sims.cutReply, 'session'),
			// No managementNodeTimeZone: the credential's default applies.
			[ACCESS_KEY_DEFAULT_ZONE]: simulatorCredential(sims.zone, 'accessKey'),
			[ACCESS_KEY_UTC_ZONE]: { ...simulatorCredential(sims.zone, 'accessKey'), managementNodeTimeZone: 'UTC' },
			[REDIRECTED_SESSION]: { host: redirecting307.url, authType: 'session', sessionUuid: redirectedSessionUuid },
			[REDIRECTED_ACCESS_KEY]: { host: redirecting302.url, authType: 'accessKey', ...accessKey },
			[REDIRECTED_ACCOUNT]: { host: redirecting307.url, authType: 'account', ...account },
		};
		stack = await startStack({
			simulator: managementNodeInShanghai,
			authType: 'account',
			// n8n runs in UTC, the management nodes in Asia/Shanghai.
			env: { TZ: 'UTC', GENERIC_TIMEZONE: 'UTC' },
			extraCredentials: Object.entries(credentials).map(([id, data]) => () => ({ id, name: id, type: 'zStackApi', data })),
			extraWorkflows: [scenariosWorkflow(pairs)],
		});
		sims.bindFirst = stack.sim;

		firstRun = await runScenarios();
		storedSessions.bindFirst = sessionOf(callsFor(firstRun.requests.bindFirst, 'POST', pairs.bindFirst[0])[0] ?? { headers: {} });
		storedSessions.unbindFirst = sessionOf(callsFor(firstRun.requests.unbindFirst, 'DELETE', pairs.unbindFirst[0])[0] ?? { headers: {} });
		// A day later: the stored sessions have lapsed, and the management node checks instants.
		sims.bindFirst.expireAllSessions();
		sims.unbindFirst.expireAllSessions();
		sims.zone.configure({ checkTimeZone: true });
		secondRun = await runScenarios();
	});

	after(async () => {
		await stack?.stop();
		for (const sim of Object.values(sims)) if (sim !== stack?.sim) await sim.stop();
		await Promise.all([otherHost, redirecting307, redirecting302].map((server) => server?.close()));
	});

	test('AccessKey, checkTimeZone false: the default zone (Asia/Shanghai) binds; zone UTC fails naming Management Node Time Zone', () => {
		const { result, requests } = firstRun;
		const [bound] = result.output(ZONE_DEFAULT);
		assert.equal(bound.error, undefined, bound.error);
		assert.equal(bound.uuid, pairs.cutReply.modelServiceUuid);
		assert.ok(refersTo(bound, pairs.cutReply));

		assert.equal(result.ok, false, 'the UTC node stops the run');
		assert.equal(result.lastNodeExecuted, ZONE_UTC);
		const error = /** @type {{ message: string, description?: string }} */ (result.error);
		assert.equal(error.message, "ZStack refused the request time (HTTP 403 requestTimeTooSkewed): check the credential's Management Node Time Zone");
		assert.match(String(error.description), /The credential says "UTC": set Management Node Time Zone to the zone the management node runs in/);
		const skewed = requests.zone.filter((request) => request.headers.date?.endsWith(' GMT'));
		assert.ok(skewed.length >= 1, 'the UTC credential sent its Date in UTC');
		assert.ok(
			requests.zone.filter((request) => !skewed.includes(request)).every((request) => request.headers.date?.endsWith(' GMT+08:00')),
			'the default credential sent its Date in Asia/Shanghai',
		);
	});

	test('AccessKey, checkTimeZone true: both zones bind, their Date labelled with the zone it is written in', () => {
		const { result, requests } = secondRun;
		for (const node of [ZONE_DEFAULT, ZONE_UTC]) {
			const [bound] = result.output(node);
			assert.equal(bound.error, undefined, `${node}: ${bound.error}`);
			assert.ok(refersTo(bound, pairs.cutReply), node);
		}
		const labels = new Set(requests.zone.map((request) => String(request.headers.date).replace(/^.* /, '')));
		assert.deepEqual([...labels].sort(), ['GMT', 'GMT+08:00']);
	});

	test('a second scheduled run after the stored session expired: bind, then unbind; one login per run, each pair bound and unbound once', () => {
		const sim = sims.bindFirst;
		assert.match(storedSessions.bindFirst, /^[0-9a-f]{32}$/, 'the first run logged in and sent its session');
		for (const [run, expired] of /** @type {const} */ ([
			[firstRun, undefined],
			[secondRun, storedSessions.bindFirst],
		])) {
			const { result, requests } = run;
			assert.equal(loginsIn(requests.bindFirst).length, 1, 'one login in the run');
			assertRanOncePerPair(sim, requests.bindFirst, 'POST', pairs.bindFirst, expired);
			assertRanOncePerPair(sim, requests.bindFirst, 'DELETE', pairs.bindFirst, expired);
			const bound = result.output(BIND_PAIRS);
			const unbound = result.output(UNBIND_PAIRS);
			assert.equal(bound.length, pairs.bindFirst.length);
			assert.equal(unbound.length, pairs.bindFirst.length);
			pairs.bindFirst.forEach((pair, index) => {
				assert.equal(bound[index].error, undefined, bound[index].error);
				assert.equal(bound[index].uuid, pair.modelServiceUuid);
				assert.ok(refersTo(bound[index], pair), 'the bind output shows the new ref');
				assert.equal(unbound[index].error, undefined, unbound[index].error);
				assert.deepEqual({ ...unbound[index], inventory: undefined }, { success: true, ...pair, inventory: undefined });
				assert.equal(unbound[index].inventory.uuid, pair.modelServiceUuid);
				assert.ok(!refersTo(unbound[index].inventory, pair), 'the unbind output shows the ref gone');
			});
		}
		const sentWithExpired = secondRun.requests.bindFirst.filter((request) => sessionOf(request) === storedSessions.bindFirst);
		assertExpiredSessionReachedOnlyFirstAttempts(sentWithExpired, 'POST', pairs.bindFirst);
		assert.deepEqual(
			sim.state.bindings.map((binding) => [binding.modelUuid, binding.modelServiceUuid]),
			sim.seed.bindings.map((binding) => [binding.modelUuid, binding.modelServiceUuid]),
			'every bind was undone',
		);
	});

	test('a second scheduled run after the stored session expired: unbind, then bind again; one login per run, each pair once', () => {
		const sim = sims.unbindFirst;
		assert.match(storedSessions.unbindFirst, /^[0-9a-f]{32}$/);
		for (const [run, expired] of /** @type {const} */ ([
			[firstRun, undefined],
			[secondRun, storedSessions.unbindFirst],
		])) {
			const { result, requests } = run;
			assert.equal(loginsIn(requests.unbindFirst).length, 1, 'one login in the run');
			assertRanOncePerPair(sim, requests.unbindFirst, 'DELETE', pairs.unbindFirst, expired);
			assertRanOncePerPair(sim, requests.unbindFirst, 'POST', pairs.unbindFirst, expired);
			const unbound = result.output(UNBIND_BOUND);
			const rebound = result.output(REBIND_BOUND);
			pairs.unbindFirst.forEach((pair, index) => {
				assert.equal(unbound[index].error, undefined, unbound[index].error);
				assert.equal(unbound[index].success, true);
				assert.ok(!refersTo(unbound[index].inventory, pair));
				assert.equal(rebound[index].error, undefined, rebound[index].error);
				assert.ok(refersTo(rebound[index], pair));
			});
		}
		const sentWithExpired = secondRun.requests.unbindFirst.filter((request) => sessionOf(request) === storedSessions.unbindFirst);
		assertExpiredSessionReachedOnlyFirstAttempts(sentWithExpired, 'DELETE', pairs.unbindFirst);
	});

	test('a bind whose reply is cut after ZStack accepted it outputs the inventory, and ZStack ran it once', () => {
		const sim = sims.cutReply;
		for (const { result, requests } of [firstRun, secondRun]) {
			const [bound] = result.output(CUT_REPLY);
			assert.equal(bound.error, undefined, bound.error);
			assert.equal(bound.uuid, pairs.cutReply.modelServiceUuid);
			assert.ok(refersTo(bound, pairs.cutReply));
			const binds = callsFor(requests.cutReply, 'POST', pairs.cutReply);
			assert.equal(binds.length, 1, 'the bind was sent once');
			assert.equal(binds[0].fault, 'resetAfterAccept');
			assert.equal(jobOf(sim, binds[0]).result.status, 200);
			const polls = requests.cutReply.filter((request) => request.path === `/zstack/v1/api-jobs/${binds[0].headers['x-job-uuid']}`);
			assert.ok(polls.length >= 1, 'the node followed the job it had named');
		}
		assert.equal(sim.state.bindings.filter((binding) => binding.modelUuid === pairs.cutReply.modelUuid && binding.modelServiceUuid === pairs.cutReply.modelServiceUuid).length, 1);
	});

	test('a redirect from the configured host: nothing reaches the other host; the item error names the status and the target', () => {
		const target = otherHost.url;
		for (const { result } of [firstRun, secondRun]) {
			const [session] = result.output(REDIRECT_SESSION);
			assert.equal(session.error, `ZStack answered HTTP 307, a redirect to ${target}, which the node does not follow`);
			const [accessKey] = result.output(REDIRECT_ACCESS_KEY);
			assert.equal(accessKey.error, `ZStack answered HTTP 302, a redirect to ${target}, which the node does not follow`);
			const [account] = result.output(REDIRECT_ACCOUNT);
			assert.equal(account.error, `ZStack login as "admin" failed with HTTP 307: a redirect to ${target}, which the node does not follow`);
			for (const item of [session, accessKey, account]) {
				for (const secret of [redirectedSessionUuid, stack.sim.accessKey.accessKeySecret, stack.sim.account.password]) {
					assert.ok(!JSON.stringify(item).includes(secret), 'no secret in the error');
				}
			}
		}
		const asked = (/** @type {RecordingServer} */ server) => server.received.map((request) => `${request.method} ${request.url.split('?')[0]}`);
		assert.ok(asked(redirecting307).includes(`POST ${pairPath(pairs.cutReply)}`), 'the session call reached the configured host');
		assert.ok(asked(redirecting307).includes(`PUT ${LOGIN_PATH}`), 'the login reached the configured host');
		assert.ok(asked(redirecting302).includes(`POST ${pairPath(pairs.cutReply)}`), 'the AccessKey call reached the configured host');
		assert.deepEqual(otherHost.received, [], 'the other host received no request');
		assert.equal(otherHost.connections, 0, 'the other host was not even connected to');
	});
	test('the credential test (n8n\'s REST API, as the editor\'s Test button): a redirect is not followed; a wrong zone says what to set', async () => {
		await stack.n8n.startServer();
		await stack.n8n.setupOwner();
		/** @param {string} id @returns {Promise<{ status: string, message: string }>} */
		const testCredential = async (id) => {
			const credential = { id, name: id, type: 'zStackApi', data: credentials[id] };
			const reply = await stack.n8n.request('POST', '/rest/credentials/test', { body: { credentials: credential } });
			assert.equal(reply.status, 200, reply.text);
			return reply.body.data;
		};
		const received = { 307: redirecting307.received.length, 302: redirecting302.received.length };
		for (const id of [REDIRECTED_SESSION, REDIRECTED_ACCESS_KEY, REDIRECTED_ACCOUNT]) {
			const outcome = await testCredential(id);
			assert.equal(outcome.status, 'Error', `${id}: ${outcome.message}`);
			assert.match(outcome.message, /HTTP 30[27]/, `${id}: the message names the redirect`);
			for (const secret of [redirectedSessionUuid, sims.zone.accessKey.accessKeySecret, sims.zone.account.password]) {
				assert.ok(!outcome.message.includes(secret), 'no secret in the message');
			}
		}
		assert.ok(redirecting307.received.length > received[307], 'the session and login tests reached the configured host');
		assert.ok(redirecting302.received.length > received[302], 'the AccessKey test reached the configured host');
		assert.deepEqual(otherHost.received, [], 'the other host received no request');
		assert.equal(otherHost.connections, 0);

		sims.zone.configure({ checkTimeZone: false });
		assert.deepEqual(await testCredential(ACCESS_KEY_DEFAULT_ZONE), { status: 'OK', message: 'Connection successful!' });
		const wrongZone = await testCredential(ACCESS_KEY_UTC_ZONE);
		assert.equal(wrongZone.status, 'Error');
		assert.match(wrongZone.message, /requestTimeTooSkewed.*set Management Node Time Zone to the time zone the management node runs in/);
	});
});
