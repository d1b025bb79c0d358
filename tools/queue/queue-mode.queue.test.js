'use strict';
/*
 * The ZStack node in n8n's queue mode: a real n8n 2.41.1 main instance and two workers sharing PostgreSQL 17, Redis
 * and one encryption key (./cluster.js), the packed package installed on all three, the ZStack simulator as ZStack.
 * Every execution is triggered through a production webhook of main, so it runs on a worker.
 * Run with `npm run test:queue` (about 3 minutes on a 2-core machine; the first run also installs PostgreSQL 17
 * into the cache and, when missing, Redis with apt-get).
 */
const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');

const { simulatorCredential } = require('../n8n/stack');
const { killGroup } = require('../n8n/runner');
const { startQueueCluster, waitFor } = require('./cluster');
const { bindItems, bindWorkflow } = require('./workflows');

const LOGIN_PATH = '/zstack/v1/accounts/login';
const BIND_PATH = /^\/zstack\/v1\/ai\/models\/[^/]+\/model-services\/[^/]+$/;

/**
 * @typedef {Awaited<ReturnType<typeof startQueueCluster>>} Cluster
 * @typedef {import('../../contract-tests/simulator').LoggedRequest} LoggedRequest
 * @typedef {{ tag: string, serviceUuid: string, executionId: string }} EchoItem
 */

/** @param {LoggedRequest} request */
function tagOf(request) {
	const body = /** @type {{ userTags?: string[], params?: { userTags?: string[] } }} */ (request.body ?? {});
	return (body.userTags ?? body.params?.userTags ?? [])[0];
}

/** @param {LoggedRequest[]} requests */
const loginsIn = (requests) => requests.filter((request) => request.method === 'PUT' && request.path === LOGIN_PATH);
/** @param {LoggedRequest[]} requests */
const bindPostsIn = (requests) => requests.filter((request) => request.method === 'POST' && BIND_PATH.test(request.path));

/**
 * How many bind POSTs each tag got.
 * @param {LoggedRequest[]} requests
 */
function postsPerTag(requests) {
	/** @type {Map<string, number>} */
	const counts = new Map();
	for (const request of bindPostsIn(requests)) counts.set(tagOf(request), (counts.get(tagOf(request)) ?? 0) + 1);
	return counts;
}

describe('the ZStack node in n8n queue mode: main + 2 workers, PostgreSQL 17, Redis', () => {
	/** @type {Cluster} */
	let cluster;

	before(
		async () => {
			cluster = await startQueueCluster({
				workers: 2,
				shortStallCheck: true,
				// The simulator's clock runs in the credential's default Management Node Time Zone.
				simulator: { managementNodeTimeZone: 'Asia/Shanghai' },
				credentials: (sim) => [
					{ id: 'zstackAccount1', name: 'zstackAccount1', type: 'zStackApi', data: simulatorCredential(sim, 'account') },
					{ id: 'zstackSession1', name: 'zstackSession1', type: 'zStackApi', data: simulatorCredential(sim, 'session') },
					{ id: 'zstackAccessKey1', name: 'zstackAccessKey1', type: 'zStackApi', data: simulatorCredential(sim, 'accessKey') },
					// Used only by the cold-burst test: no execution has logged in with it before.
					{ id: 'zstackColdAccount1', name: 'zstackColdAccount1', type: 'zStackApi', data: simulatorCredential(sim, 'account') },
				],
				workflows: [
					bindWorkflow({ id: 'queueAccount1', path: 'bind-account', credentialId: 'zstackAccount1', respond: 'lastNode' }),
					bindWorkflow({ id: 'queueSession1', path: 'bind-session', credentialId: 'zstackSession1', respond: 'lastNode' }),
					bindWorkflow({ id: 'queueAccessKey1', path: 'bind-access-key', credentialId: 'zstackAccessKey1', respond: 'lastNode' }),
					bindWorkflow({ id: 'queueCold1', path: 'bind-cold', credentialId: 'zstackColdAccount1', respond: 'lastNode' }),
					// Concurrency 8 of the 12 items of the kill test, so that 4 are left to never start.
					bindWorkflow({ id: 'queueSlow1', path: 'bind-slow', credentialId: 'zstackAccount1', respond: 'onReceived', concurrency: 8 }),
				],
				publish: ['queueAccount1', 'queueSession1', 'queueAccessKey1', 'queueCold1', 'queueSlow1'],
			});
		},
		{ timeout: 15 * 60e3 },
	);

	after(async () => {
		await cluster?.stop();
	});

	/**
	 * One execution through main's webhook; asserts that it succeeded with one output per input item, in order,
	 * each paired to its input and bound to its item's model service.
	 * @param {string} path @param {string} prefix @param {number} count
	 * @returns {Promise<string>} the execution id
	 */
	async function runBind(path, prefix, count) {
		const items = bindItems(prefix, count);
		const response = await cluster.webhook(path, { items });
		assert.equal(response.status, 200, JSON.stringify(response.body).slice(0, 500));
		/** @type {EchoItem[]} */
		const output = response.body;
		assert.deepEqual(
			output.map(({ tag, serviceUuid }) => ({ tag, serviceUuid })),
			items.map(({ tag, modelServiceUuid }) => ({ tag, serviceUuid: modelServiceUuid })),
			`${prefix}: every item's output, in order`,
		);
		const executionIds = [...new Set(output.map((item) => item.executionId))];
		assert.equal(executionIds.length, 1, 'one execution produced every item');
		return executionIds[0];
	}

	/**
	 * Runs executions one after another until each worker has run one; returns, per execution, its worker and
	 * the requests the simulator got while it ran.
	 * @param {string} prefix
	 */
	async function oneExecutionPerWorker(prefix) {
		/** @type {{ worker: number, requests: LoggedRequest[] }[]} */
		const runs = [];
		for (let attempt = 0; new Set(runs.map((run) => run.worker)).size < cluster.workers.length; attempt++) {
			assert.ok(attempt < 12, `both workers took one of ${attempt} executions sent one after another`);
			const mark = cluster.sim.requests.length;
			const executionId = await runBind('bind-account', `${prefix}-${attempt}`, 5);
			const worker = cluster.executionsByWorker().get(executionId);
			assert.notEqual(worker, undefined, `a worker logged that it ran execution ${executionId}`);
			runs.push({ worker: /** @type {number} */ (worker), requests: cluster.sim.requests.slice(mark) });
		}
		return runs;
	}

	test('the package is installed on main and on every worker', () => {
		for (const instance of [cluster.main, ...cluster.workers.map((worker) => worker.n8n)]) {
			assert.match(String(instance.packageInstallDir), /node_modules\/n8n-nodes-zstack$/);
		}
	});

	test('session UUID and AccessKey sign-in on the workers', async () => {
		for (const [path, prefix] of [
			['bind-session', 'session'],
			['bind-access-key', 'access-key'],
		]) {
			const mark = cluster.sim.requests.length;
			const executionId = await runBind(path, prefix, 3);
			assert.notEqual(cluster.executionsByWorker().get(executionId), undefined, `a worker ran the ${prefix} execution`);
			const binds = bindPostsIn(cluster.sim.requests.slice(mark));
			assert.equal(binds.length, 3);
			const expected = prefix === 'session' ? /^OAuth [0-9a-f]{32}$/ : /^ZStack ZSIMACCESSKEY0000001:/;
			for (const bind of binds) assert.match(String(bind.headers.authorization), expected);
		}
	});

	test('Account Login: the first execution logs in and stores the session in the credential in PostgreSQL; both workers reuse it', async () => {
		const runs = await oneExecutionPerWorker('first-use');
		const logins = runs.map((run) => loginsIn(run.requests).length);
		assert.equal(logins[0], 1, 'the first execution logs in once');
		assert.deepEqual(logins.slice(1), logins.slice(1).map(() => 0), 'later executions, on either worker, do not log in');

		const [stored] = await cluster.main.exportCredentials({ id: 'zstackAccount1' });
		assert.match(stored.data.loginSessionUuid, /^[0-9a-f]{32}$/, 'the session is in the credential in the database');
		const authorizations = new Set(runs.flatMap((run) => bindPostsIn(run.requests).map((request) => request.headers.authorization)));
		assert.deepEqual([...authorizations], [`OAuth ${stored.data.loginSessionUuid}`], 'every bind on every worker used the stored session');
	});

	// Executions on one worker share a login under way (transport/sharedLogins.ts); each worker is a process of its
	// own, so each may log in once. Main runs no execution in queue mode.
	test('20 executions at once on a cold Account Login credential: at most one login per worker, 2 in all', { timeout: 10 * 60e3 }, async () => {
		const mark = cluster.sim.requests.length;
		const executionIds = await Promise.all(Array.from({ length: 20 }, (_, run) => runBind('bind-cold', `cold-${run}`, 5)));
		const requests = cluster.sim.requests.slice(mark);

		assert.equal(new Set(executionIds).size, 20);
		const logins = loginsIn(requests).length;
		assert.ok(logins >= 1 && logins <= 2, `20 executions on a cold credential logged in ${logins} times`);
		assert.deepEqual([...new Set(postsPerTag(requests).values())], [1], 'no item was sent twice');
	});

	test('20 executions of 50 binds: both workers run some, every item is bound once, outputs complete and in order', { timeout: 10 * 60e3 }, async () => {
		const mark = cluster.sim.requests.length;
		const executionIds = await Promise.all(Array.from({ length: 20 }, (_, run) => runBind('bind-account', `load-${run}`, 50)));
		const requests = cluster.sim.requests.slice(mark);

		assert.equal(new Set(executionIds).size, 20);
		const ranBy = cluster.executionsByWorker();
		const workersUsed = new Set(executionIds.map((id) => ranBy.get(id)));
		assert.deepEqual([...workersUsed].sort(), [0, 1], 'both workers ran some of the executions, and nobody else did');

		const perTag = postsPerTag(requests);
		assert.equal(perTag.size, 1000, 'every item was sent');
		assert.deepEqual([...new Set(perTag.values())], [1], 'no item was sent twice');
		assert.equal(new Set(bindPostsIn(requests).map((request) => request.headers['x-job-uuid'])).size, 1000, 'each bind its own job uuid');
		assert.equal(loginsIn(requests).length, 0, 'the stored session served them all');
	});

	test('Account Login after ZStack ended every session: each worker renews at most once, nobody logs in per item', { timeout: 10 * 60e3 }, async () => {
		cluster.sim.expireAllSessions();
		const runs = await oneExecutionPerWorker('renewal');
		for (const worker of cluster.workers) {
			const logins = runs.filter((run) => run.worker === worker.index).reduce((sum, run) => sum + loginsIn(run.requests).length, 0);
			assert.ok(logins <= 1, `worker ${worker.index} logged in ${logins} times`);
		}
		assert.equal(loginsIn(runs[0].requests).length, 1, 'the first execution after the expiry renews the session');

		// Executions already running when the session ends each renew it once: a login is per execution, never per item.
		cluster.sim.expireAllSessions();
		const mark = cluster.sim.requests.length;
		await Promise.all(Array.from({ length: 6 }, (_, run) => runBind('bind-account', `renewal-concurrent-${run}`, 50)));
		const logins = loginsIn(cluster.sim.requests.slice(mark)).length;
		assert.ok(logins >= 1 && logins <= 6, `6 executions of 50 items logged in ${logins} times`);
	});

	test('a worker killed in the middle of slow binds: n8n fails the execution, the other worker serves on, no bind is sent twice', { timeout: 10 * 60e3 }, async () => {
		const { sim } = cluster;
		// The first 8 binds (the workflow's Concurrency) take 4 s each, so the kill finds them in flight.
		sim.injectFault({ api: 'BindModelToService', kind: 'delay', ms: 4000, times: 8 });
		const known = new Set(cluster.executionsByWorker().keys());
		const mark = sim.requests.length;
		const accepted = await cluster.webhook('bind-slow', { items: bindItems('killed', 12) });
		assert.equal(accepted.status, 200);

		/** @type {string | undefined} */
		let executionId;
		await waitFor(() => (executionId = [...cluster.executionsByWorker().keys()].find((id) => !known.has(id))) !== undefined, 'a worker to take the slow execution', 120000);
		const victim = cluster.workers[/** @type {number} */ (cluster.executionsByWorker().get(/** @type {string} */ (executionId)))];
		await waitFor(() => bindPostsIn(sim.requests.slice(mark)).length >= 8, 'the first 8 binds to be in flight', 120000);
		killGroup(victim.process.child, 'SIGKILL');
		await victim.process.exitPromise;

		// The other worker keeps serving.
		const nextId = await runBind('bind-account', 'after-kill', 5);
		assert.equal(cluster.executionsByWorker().get(nextId), 1 - victim.index, 'the surviving worker ran the next execution');

		// Once the dead worker's lock on the job expires, Bull fails the stalled job (n8n sets maxStalledCount 0: it
		// never runs a job a second time) and main records the execution as failed with n8n's MaxStalledCountError.
		/** @type {{ status: string, finished: boolean, data: unknown } | undefined} */
		let execution;
		await waitFor(
			async () => ['crashed', 'error', 'success'].includes((execution = await cluster.execution(/** @type {string} */ (executionId))).status),
			`execution ${executionId} to be settled`,
			240000,
		);
		assert.equal(execution?.status, 'error');
		assert.equal(execution?.finished, false);
		assert.match(JSON.stringify(execution?.data), /failed to be processed too many times and will no longer retry/);

		const killedBinds = bindPostsIn(sim.requests.slice(mark)).filter((request) => tagOf(request).startsWith('killed-'));
		const perTag = postsPerTag(killedBinds);
		assert.equal(perTag.size, 8, 'the binds in flight were sent, the other items never');
		assert.deepEqual([...new Set(perTag.values())], [1], 'no bind was sent twice');
		const jobUuids = killedBinds.map((request) => String(request.headers['x-job-uuid']));
		assert.ok(jobUuids.every((uuid) => sim.state.jobs.has(uuid)), 'ZStack accepted every bind in flight: they ran, though nobody read their result');
	});
});
