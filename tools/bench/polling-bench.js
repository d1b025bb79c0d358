// @ts-check
'use strict';

/**
 * Job polling: how soon a batch of ZStack jobs is seen finished, and how many polls that costs.
 * Part of `npm run bench`; alone: `node tools/bench/polling-bench.js` (after `npm run build`).
 *
 * Every client binds through its own ZStack simulator (async replies, jobs that run `jobDurationMs` after
 * the call), at the node's default concurrency (64), and is compared with:
 *   - ideal: a client that knows when the job ends: the call, a wait of exactly the job's duration, one poll;
 *   - ideal through n8n: the node itself, each bind answered (200, no job) when its job would end: what the node
 *     would take if polling cost nothing, n8n's work per item included;
 *   - ZStack's SDKs (Java ZSClient.syncPollResult, Python zssdk._sync_polling): a poll right after the 202,
 *     then one every 1 s;
 *   - the node before adaptive polling: the whole Poll Interval (1 s) before every poll.
 * The node runs with its defaults (Poll Interval 1 s) inside n8n-core's WorkflowExecute (the contract tests'
 * harness); the other clients are plain undici. 50 ms jobs run one client after another; the 2 s and 30 s
 * batches run all clients at once (each against its own simulator), since their times are waits, not CPU.
 *
 * Environment: BENCH_POLL_JOBS (jobs of 50 ms, default 64).
 */

const { setTimeout: sleep } = require('node:timers/promises');
const path = require('node:path');
const { Agent, request } = require('undici');

require('../require-typescript');
const { startSimulator } = require('../../contract-tests/simulator');
const { WorkflowHarness } = require('../../contract-tests/harness/workflow');
const { table } = require('./table');

const root = path.resolve(__dirname, '../..');
const { mapInOrder } = require(path.join(root, 'dist/nodes/ZStack/helpers/concurrency.js'));

/** The node's default concurrency and Poll Interval, from the built node (helpers/callOptionLimits.ts). */
const { concurrency, pollInterval } = require(path.join(root, 'dist/nodes/ZStack/helpers/callOptionLimits.js')).CALL_OPTION_LIMITS;
const CONCURRENCY = concurrency.default;
const POLL_INTERVAL_MS = pollInterval.default * 1000;
const QUICK_JOBS = Number(process.env.BENCH_POLL_JOBS ?? 64);

/**
 * @typedef {import('../../contract-tests/simulator').Simulator} Simulator
 * @typedef {'ideal' | 'nodeIdeal' | 'node' | 'sdk' | 'before'} ClientKey
 * @typedef {{ seconds: number, polls: number, jobs: number }} Outcome
 */

/** @type {Record<ClientKey, string>} */
const CLIENT_NAMES = {
	ideal: 'ideal (knows when the job ends: one poll)',
	nodeIdeal: 'ideal through n8n (the node, answered when the job ends)',
	node: 'ZStack node, defaults (adaptive, Poll Interval 1 s)',
	sdk: "ZStack's SDKs (poll at once, then every 1 s)",
	before: 'the node before (1 s before every poll)',
};

const pollCount = (/** @type {Simulator} */ sim) => sim.requests.filter((entry) => entry.path.startsWith('/zstack/v1/api-jobs/')).length;

/**
 * A plain client: the call, then polls of the job after the waits `waitBefore(pollNumber)` gives.
 * @param {Simulator} sim
 * @param {number} jobs
 * @param {(poll: number) => number} waitBefore ms to wait before poll number 0, 1, …
 */
async function plainClient(sim, jobs, waitBefore) {
	const dispatcher = new Agent({ keepAliveTimeout: 30_000 });
	const headers = { authorization: `OAuth ${sim.createSession()}`, 'content-type': 'application/json;charset=UTF-8' };
	const [model] = sim.seed.models;
	const [service] = sim.seed.modelServices;
	const started = performance.now();
	await mapInOrder(jobs, CONCURRENCY, async () => {
		const accepted = await request(`${sim.url}/zstack/v1/ai/models/${model}/model-services/${service}`, {
			method: 'POST',
			dispatcher,
			headers,
			body: '{}',
		});
		const { location } = /** @type {{ location: string }} */ (await accepted.body.json());
		if (accepted.statusCode !== 202) throw new Error(`expected 202, got ${accepted.statusCode}`);
		for (let poll = 0; ; poll++) {
			const wait = waitBefore(poll);
			if (wait > 0) await sleep(wait);
			const polled = await request(location, { dispatcher, headers });
			await polled.body.text();
			if (polled.statusCode === 200) return;
			if (polled.statusCode !== 202) throw new Error(`job poll answered ${polled.statusCode}`);
		}
	});
	const seconds = (performance.now() - started) / 1000;
	await dispatcher.close();
	return seconds;
}

/** The ZStack node with its default options, one bind per item. @param {Simulator} sim @param {number} jobs */
async function nodeClient(sim, jobs) {
	const harness = new WorkflowHarness();
	harness.saveCredential('bench', { host: sim.url, authType: 'session', sessionUuid: sim.createSession() });
	const [model] = sim.seed.models;
	const [service] = sim.seed.modelServices;
	const started = performance.now();
	const { output, error } = await harness.run({
		credentialId: 'bench',
		parameters: {
			resource: 'model',
			operation: 'bindToService',
			modelUuid: { __rl: true, mode: 'id', value: model },
			modelServiceUuid: { __rl: true, mode: 'id', value: service },
		},
		items: Array.from({ length: jobs }, () => ({})),
	});
	const seconds = (performance.now() - started) / 1000;
	if (error) throw new Error(`node: ${error.message}`);
	if (output.length !== jobs || output.some((item) => /** @type {any} */ (item.json).uuid !== service)) {
		throw new Error(`node: ${output.length} items, not ${jobs} inventories of the bound service`);
	}
	return seconds;
}

/**
 * One client on its own simulator whose jobs take `durationMs`.
 * @param {ClientKey} key
 * @param {number} durationMs
 * @param {number} jobs
 * @returns {Promise<Outcome>}
 */
async function measure(key, durationMs, jobs) {
	const answeredWhenDone = key === 'nodeIdeal';
	const sim = await startSimulator({
		port: 0,
		jobPolls: 0,
		jobDurationMs: durationMs,
		requestLogLimit: 1_000_000,
		...(answeredWhenDone ? { replyMode: 'sync' } : {}),
	});
	if (answeredWhenDone && durationMs > 0) sim.injectFault({ api: 'BindModelToService', kind: 'delay', ms: durationMs, times: jobs });
	try {
		/** @type {Record<ClientKey, () => Promise<number>>} */
		const clients = {
			ideal: () => plainClient(sim, jobs, (poll) => (poll === 0 ? durationMs : 0)),
			nodeIdeal: () => nodeClient(sim, jobs),
			node: () => nodeClient(sim, jobs),
			sdk: () => plainClient(sim, jobs, (poll) => (poll === 0 ? 0 : POLL_INTERVAL_MS)),
			before: () => plainClient(sim, jobs, () => POLL_INTERVAL_MS),
		};
		const seconds = await clients[key]();
		return { seconds, polls: pollCount(sim) / jobs, jobs };
	} finally {
		await sim.stop();
	}
}

const KEYS = /** @type {ClientKey[]} */ (['ideal', 'nodeIdeal', 'node', 'sdk', 'before']);

/**
 * @param {number} durationMs
 * @param {number} jobs
 * @param {boolean} together all clients at once (for long waits) or one after another
 */
async function batch(durationMs, jobs, together) {
	/** @type {Partial<Record<ClientKey, Outcome>>} */
	const outcomes = {};
	if (together) {
		const all = await Promise.all(KEYS.map((key) => measure(key, durationMs, jobs)));
		KEYS.forEach((key, i) => (outcomes[key] = all[i]));
	} else {
		for (const key of KEYS) outcomes[key] = await measure(key, durationMs, jobs);
	}
	return /** @type {Record<ClientKey, Outcome>} */ (outcomes);
}

async function runPollingBench() {
	// Warm-up: JIT, n8n-core's lazy singletons.
	await measure('node', 0, CONCURRENCY);

	const plan = [
		{ label: '50 ms', durationMs: 50, jobs: QUICK_JOBS, together: false },
		{ label: '2 s', durationMs: 2000, jobs: 2 * CONCURRENCY, together: true },
		{ label: '30 s', durationMs: 30_000, jobs: CONCURRENCY, together: true },
	];
	/** @type {Record<string, Record<ClientKey, Outcome>>} */
	const results = {};
	for (const { label, durationMs, jobs, together } of plan) results[label] = await batch(durationMs, jobs, together);

	console.log(`Job polling: binds answered 202 + a job that ends after a fixed time; concurrency ${CONCURRENCY}, simulator in this process`);
	/** @type {(string | number)[][]} */
	const rows = [];
	for (const { label, jobs } of plan) {
		const byClient = results[label];
		for (const key of KEYS) {
			const { seconds, polls } = byClient[key];
			rows.push([
				`${label} × ${jobs}`,
				CLIENT_NAMES[key],
				seconds.toFixed(3),
				`${(seconds / byClient.ideal.seconds).toFixed(2)}×`,
				`${(seconds / byClient.nodeIdeal.seconds).toFixed(2)}×`,
				polls.toFixed(2),
			]);
		}
	}
	table(['jobs', 'client', 'seconds', 'vs ideal', 'vs ideal through n8n', 'polls/job'], rows);
	console.log(
		'ideal = the call, a wait of exactly the job time, one poll (so: waves × (job time + two round trips)), with no n8n;\n' +
			'ideal through n8n = the node with its defaults, each bind answered synchronously after the job time: n8n\'s work per item, no poll\n',
	);

	const quick = results['50 ms'];
	const long = results['30 s'];
	const verdict = (/** @type {boolean} */ met) => (met ? 'MET' : 'MISSED');
	const quickRatio = quick.node.seconds / quick.ideal.seconds;
	const longRatio = long.node.polls / long.before.polls;
	const lines = [
		`Target: 50 ms jobs within 2× of the ideal — ${quick.node.seconds.toFixed(3)} s vs ${quick.ideal.seconds.toFixed(3)} s = ${quickRatio.toFixed(2)}× ${verdict(quickRatio <= 2)}` +
			` (the ideal through n8n, ${quick.nodeIdeal.seconds.toFixed(3)} s: ${(quick.node.seconds / quick.nodeIdeal.seconds).toFixed(2)}×)`,
		`Target: 50 ms jobs at most 3 polls per job — ${quick.node.polls.toFixed(2)} ${verdict(quick.node.polls <= 3)}`,
		`Target: 30 s jobs at most 1.2× the polls of the node before (1 s before every poll) — ${long.node.polls.toFixed(2)} vs ${long.before.polls.toFixed(2)} = ${longRatio.toFixed(2)}× ${verdict(longRatio <= 1.2)}` +
			` (ZStack's SDKs: ${long.sdk.polls.toFixed(2)})`,
		`50 ms jobs against ZStack's SDKs: ${(quick.sdk.seconds / quick.node.seconds).toFixed(1)}× faster; against the node before: ${(quick.before.seconds / quick.node.seconds).toFixed(1)}× faster`,
	];
	for (const line of lines) console.log(line);
	return results;
}

module.exports = { runPollingBench };

if (require.main === module) {
	runPollingBench().catch((error) => {
		console.error(error);
		process.exitCode = 1;
	});
}
