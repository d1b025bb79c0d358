'use strict';
/*
 * `npm run bench:n8n`: the ZStack node against n8n's own HTTP Request node, in a real n8n (the pinned 2.41.1
 * of tools/n8n), in the same workflow run.
 *
 * One workflow per latency and rotation:
 *
 *   Manual Trigger → Code (N items, each its own model UUID) ─┬→ ZStack (default options: concurrency 64)
 *                                                              ├→ ZStack (concurrency 16)
 *                                                              ├→ HTTP Request (POST, a fixed `Authorization: OAuth <session>` header)
 *                                                              └→ HTTP Request (POST, predefined credential zStackApi)
 *
 * The plain HTTP Request node (fixed header, no credential) is the peer a user would pick; the one using the
 * ZStack credential pays n8n's credential reads per item and is kept beside it. The measured nodes are sibling branches of the one Code node, so each gets the very same N input items
 * from the same run. n8n runs one node at a time (branches too, top to bottom with executionOrder v1), so no
 * measured node shares the CPU or the server with another. The order of the branches is rotated between the runs
 * (with 3 runs each of the first three goes first once) so that no node always pays a fresh process's first-call costs. Each
 * node's time is its own `executionTime` from the run data; the bench prints the median over the runs.
 *
 * The server (latency-server.js, in a worker thread of this process) answers every bind at once with 200 + inventory
 * after the fixed latency. Real ZStack answers a bind with 202 + a job to poll; n8n's HTTP Request node does not
 * follow such jobs, so a synchronous reply is the only one both nodes can be compared on.
 *
 * Beside them, a bare client with no n8n at all (node:http in this process, a new connection per request as n8n's
 * request helper makes, concurrency 16): what concurrency 16 costs when the node and n8n cost nothing.
 *
 * Then, per item, where each node's CPU goes: one more run per size in BENCH_PROFILE_ITEMS, with the n8n process
 * under `--cpu-prof`, cut at each node's run (cpu-profile.js). Last, memory at scale (n8n-memory.js): the ZStack
 * node alone on BENCH_MEMORY_ITEMS items at concurrency 64 against the simulator, heap measured around its run.
 *
 * Env: BENCH_ITEMS (200), BENCH_RUNS (3), BENCH_LATENCIES (ms, "20,50"), BENCH_PROFILE_ITEMS ("200,2000"; "" skips),
 * BENCH_MEMORY_ITEMS (10000; 0 skips), BENCH_VERBOSE=1 (echo n8n's output),
 * BENCH_CPU_PROF=<dir> (every n8n process writes a V8 CPU profile there: `--cpu-prof`).
 */
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');

const { createN8n, ensureInstalled, parseRunOutput } = require('../n8n/runner');
const { N8N_VERSION, nodeRuntime } = require('../n8n/install');
const { breakdown, readProfiles, CATEGORIES } = require('./cpu-profile');
const { table } = require('./table');
const { startLatencyServers, postBind } = require('./latency-server');
const { bindEachModelNode, manualTriggerWithItems } = require('../n8n/stack');
const { measureMemory } = require('./n8n-memory');

const root = path.resolve(__dirname, '..', '..');
/** The node's default Concurrency, from the built node (helpers/callOptionLimits.ts). */
const DEFAULT_CONCURRENCY = require(path.join(root, 'dist/nodes/ZStack/helpers/callOptionLimits.js')).CALL_OPTION_LIMITS.concurrency.default;
const ITEMS = Number(process.env.BENCH_ITEMS || 200);
const RUNS = Number(process.env.BENCH_RUNS || 3);
const LATENCIES = String(process.env.BENCH_LATENCIES || '20,50')
	.split(',')
	.map(Number)
	.filter((latency) => Number.isFinite(latency) && latency >= 0);
/** The latency of the figure for the HTTP Request node (0.9–1.3 s for 200 calls). */
const TARGET_LATENCY = 20;
const PROFILE_ITEMS = String(process.env.BENCH_PROFILE_ITEMS ?? '200,2000')
	.split(',')
	.filter((size) => size.trim() !== '')
	.map(Number);
const MEMORY_ITEMS = Number(process.env.BENCH_MEMORY_ITEMS ?? 10_000);
const PROBE = path.join(__dirname, 'n8n-probe.js');

const SESSION_UUID = '5e55105e55105e55105e55105e551050';

/**
 * @typedef {{ key: 'default' | 'c16' | 'plain' | 'http', name: string, service: string, options?: Record<string, number> }} Measured
 * @typedef {{ requests: number, maxInFlight: number, connections: number }} ServerStats
 * @typedef {Awaited<ReturnType<typeof createN8n>>} N8n
 */

/**
 * The measured nodes. Each binds to its own model service, so a reply shows whose request it answers.
 * @type {Measured[]}
 */
const MEASURED = [
	{ key: 'default', name: `ZStack (defaults: concurrency ${DEFAULT_CONCURRENCY})`, service: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaa0000', options: {} },
	{ key: 'c16', name: 'ZStack (concurrency 16)', service: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaa0016', options: { concurrency: 16 } },
	{ key: 'plain', name: 'HTTP Request (fixed header)', service: 'cccccccccccccccccccccccccccccccc' },
	{ key: 'http', name: 'HTTP Request (ZStack credential)', service: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' },
];
const CODE_NODE = `${ITEMS} models`;

// ---- the server worker -------------------------------------------------------------------------------------------

/** @type {Awaited<ReturnType<typeof startLatencyServers>>} */
let servers;

// ---- the workflow ------------------------------------------------------------------------------------------------

const credentialId = (/** @type {number} */ latency) => `benchZStack${latency}ms`;

/**
 * One workflow: the measured nodes as branches of the Code node, in the order given (the top one runs first).
 * A measured node with `options` is a ZStack node, one without is n8n's HTTP Request node.
 * @param {{ id: string, name: string, host: string, credential: string, measured: Measured[], items?: number }} options
 */
function benchWorkflow({ id, name, host, credential, measured, items = ITEMS }) {
	/** n8n's HTTP Request node sending the bind: with a fixed header (plain), or with the ZStack credential. */
	const httpRequestNode = (/** @type {Measured} */ m, /** @type {number} */ row) => ({
		id: `${id}-${m.key}`,
		name: m.name,
		position: [480, row * 200],
		type: 'n8n-nodes-base.httpRequest',
		typeVersion: 4.5,
		...(m.key === 'plain' ? {} : { credentials: { zStackApi: { id: credential, name: credential } } }),
		parameters: {
			method: 'POST',
			url: `=${host}/zstack/v1/ai/models/{{ $json.model }}/model-services/${m.service}`,
			...(m.key === 'plain'
				? {
						sendHeaders: true,
						specifyHeaders: 'keypair',
						headerParameters: { parameters: [{ name: 'Authorization', value: `OAuth ${SESSION_UUID}` }] },
					}
				: { authentication: 'predefinedCredentialType', nodeCredentialType: 'zStackApi' }),
			sendBody: true,
			contentType: 'json',
			specifyBody: 'json',
			jsonBody: '{}',
			options: {},
		},
	});
	const nodes = measured.map((m, row) =>
		m.options
			? bindEachModelNode({ id: `${id}-${m.key}`, name: m.name, credential, service: m.service, row, options: m.options })
			: httpRequestNode(m, row),
	);
	return {
		id,
		name,
		settings: { executionOrder: 'v1' },
		nodes: [
			...manualTriggerWithItems({ id, codeName: CODE_NODE, jsCode: `return Array.from({ length: ${items} }, (_, i) => ({ json: { model: (0xe000 + i).toString(16).padStart(32, '0') } }));`, y: 200 }),
			...nodes,
		],
		connections: {
			'Manual Trigger': { main: [[{ node: CODE_NODE, type: 'main', index: 0 }]] },
			[CODE_NODE]: { main: [nodes.map((node) => ({ node: node.name, type: 'main', index: 0 }))] },
		},
	};
}

const workflowId = (/** @type {number} */ latency, /** @type {number} */ run) => `zstackBench${latency}ms${run}`;
const workflow = (/** @type {number} */ latency, /** @type {Measured[]} */ order, /** @type {number} */ run) =>
	benchWorkflow({
		id: workflowId(latency, run),
		name: `bench ${latency} ms, run ${run + 1}`,
		host: `http://127.0.0.1:${servers.ports[latency]}`,
		credential: credentialId(latency),
		measured: order,
	});

/** Rotation r of the measured nodes: run 0 = as listed, run 1 starts with the second, ... */
const rotation = (/** @type {number} */ run) => MEASURED.map((_, i) => MEASURED[(i + run) % MEASURED.length]);

// ---- one run -------------------------------------------------------------------------------------------------------

/**
 * Every output item must answer its own input item's bind, from this node's model service, in order.
 * @param {Awaited<ReturnType<N8n['execute']>>} result
 * @param {Measured} measured
 */
function check(result, measured, items = ITEMS) {
	const models = result.output(CODE_NODE).map((json) => json.model);
	if (models.length !== items || new Set(models).size !== items) throw new Error(`the Code node made ${models.length} items`);
	const task = result.runData[measured.name]?.[0];
	if (!task) throw new Error(`${measured.name} did not run`);
	if (task.error) throw new Error(`${measured.name} failed: ${task.error.message}`);
	const output = result.output(measured.name);
	if (output.length !== items) throw new Error(`${measured.name} produced ${output.length} items, not ${items}`);
	output.forEach((json, i) => {
		const inventory = measured.options ? json : json.inventory;
		const ref = inventory?.modelServiceRefs?.[0];
		if (inventory?.uuid !== measured.service || ref?.modelUuid !== models[i]) {
			throw new Error(`${measured.name}, item ${i}: not the reply to its own bind: ${JSON.stringify(json).slice(0, 300)}`);
		}
	});
	return { items: output.length, seconds: task.executionTime / 1000, startTime: task.startTime };
}

/**
 * One `n8n execute` of a bench workflow, checked: every item answered, and the server saw each request once.
 * @param {N8n} n8n
 * @param {string} id
 * @param {number} latency
 */
async function runOnce(n8n, id, latency, measured = MEASURED, items = ITEMS) {
	await servers.ask({ type: 'reset' });
	const result = await n8n.execute(id);
	if (!result.ok) throw new Error(`run failed: ${JSON.stringify(result.error).slice(0, 1000)}`);
	/** @type {ServerStats} */
	const stats = await servers.ask({ type: 'stats', latency });
	const expected = items * measured.length;
	if (stats.requests !== expected) throw new Error(`the server saw ${stats.requests} requests, not ${expected}`);
	const nodes = Object.fromEntries(measured.map((m) => [m.key, check(result, m, items)]));
	const order = measured.slice()
		.sort((a, b) => nodes[a.key].startTime - nodes[b.key].startTime)
		.map((m) => m.key);
	return { nodes, order, stats, executeSeconds: result.durationMs / 1000 };
}

// ---- printing ------------------------------------------------------------------------------------------------------

const median = (/** @type {number[]} */ values) => {
	const sorted = values.slice().sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
/** @type {Record<Measured['key'], string>} */
const short = { default: `ZStack c${DEFAULT_CONCURRENCY}`, c16: 'ZStack c16', plain: 'HTTP plain', http: 'HTTP cred' };

// ---- where the CPU goes -------------------------------------------------------------------------------------------

const profileWorkflowId = (/** @type {number} */ items) => `zstackBenchProfile${items}`;
const profileLatency = () => (LATENCIES.includes(TARGET_LATENCY) ? TARGET_LATENCY : LATENCIES[0]);

/**
 * One more run of the four nodes (in the listed order) at the target latency, with the n8n process under
 * `--cpu-prof`, and per node the milliseconds per item of each category of its samples.
 * @param {N8n} n8n
 * @param {number} items
 * @returns {Promise<Record<Measured['key'], { busy: number, idle: number }>>} ms per item, busy and idle
 */
async function profileRun(n8n, items) {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zstack-bench-profile-'));
	try {
		await servers.ask({ type: 'reset' });
		const res = await n8n.cli(['execute', `--id=${profileWorkflowId(items)}`, '--rawOutput'], {
			env: { NODE_OPTIONS: `--require ${PROBE} --cpu-prof --cpu-prof-dir=${dir}`, ZSTACK_BENCH_PROBE_DIR: dir },
		});
		const run = parseRunOutput(res.stdout) ?? parseRunOutput(res.stderr);
		if (!run || run.data.resultData.error) throw new Error(`profiled run failed: ${JSON.stringify(run?.data.resultData.error ?? res.stderr.slice(-2000))}`);
		const runData = run.data.resultData.runData;
		const result = {
			runData,
			output: (/** @type {string} */ name) => (runData[name]?.[0]?.data?.main?.[0] ?? []).map((/** @type {{ json: any }} */ item) => item.json),
		};
		const checked = MEASURED.map((m) => check(/** @type {any} */ (result), m, items));
		const [main] = readProfiles(dir);
		if (!main) throw new Error('no CPU profile of the process that ran the ZStack node');
		const perNode = MEASURED.map((m) => {
			const task = runData[m.name][0];
			return breakdown(main.profile, main.clock, task.startTime, task.startTime + task.executionTime);
		});
		console.log(`\nPer item, where the CPU goes (ms/item): one run of ${items} items at ${profileLatency()} ms, n8n under --cpu-prof (slower than unprofiled)`);
		table(
			['category', ...MEASURED.map((m) => short[m.key])],
			[
				...CATEGORIES.map((category) => [category.name, ...perNode.map((totals) => (/** @type {number} */ (totals.get(category.name)) / items).toFixed(3))]),
				['busy (all but idle)', ...perNode.map((totals) => (sumBusy(totals) / items).toFixed(3))],
				['node time (executionTime)', ...checked.map((c) => ((c.seconds * 1000) / items).toFixed(3))],
			],
		);
		return /** @type {Record<Measured['key'], { busy: number, idle: number }>} */ (
			Object.fromEntries(
				MEASURED.map((m, i) => [
					m.key,
					{ busy: sumBusy(perNode[i]) / items, idle: /** @type {number} */ (perNode[i].get(CATEGORIES[0].name)) / items },
				]),
			)
		);
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

/**
 * For each target missed, whose cost remains, from the largest profile: the ZStack node's CPU per item against the
 * plain HTTP Request node's, and the waiting that bounded concurrency leaves.
 * @param {{ latency: number, key: 'default' | 'c16', ratio: number, bare: number }[]} missed
 * @param {Record<Measured['key'], { busy: number, idle: number }>} profile
 * @param {number} items the profile's size
 */
function explainMissed(missed, profile, items) {
	const cpu = (/** @type {Measured['key']} */ key) => `${profile[key].busy.toFixed(2)} ms busy + ${profile[key].idle.toFixed(2)} ms idle`;
	console.log(`\nWhose cost remains (the profile of ${items} items above, per item):`);
	for (const { latency, key, ratio, bare } of missed) {
		const node = key === 'default' ? `defaults (concurrency ${DEFAULT_CONCURRENCY})` : 'concurrency 16';
		const ownCpu = profile[key].busy <= profile.plain.busy ? 'no more CPU per item than' : 'more CPU per item than';
		const why =
			key === 'c16'
				? `a bare client with no n8n code at all, 16 in flight with a new connection each as n8n's helper makes, took ${bare.toFixed(2)}× the plain node, which has all ${ITEMS} in flight at once`
				: `the rest is waiting with at most ${DEFAULT_CONCURRENCY} requests in flight (the cap that spares the management node), where the plain node has all ${ITEMS} in flight at once`;
		console.log(`- ${node} at ${latency} ms, ${ratio.toFixed(2)}×: the ZStack node takes ${ownCpu} the plain HTTP Request node (${cpu(key)} vs ${cpu('plain')}); ${why}.`);
	}
}

const sumBusy = (/** @type {Map<string, number>} */ totals) =>
	[...totals].reduce((sum, [name, ms]) => (name === CATEGORIES[0].name ? sum : sum + ms), 0);

// ---- a bare client: what concurrency alone costs -------------------------------------------------------------------

/** Seconds for ITEMS binds by the bare client, `concurrency` at a time, against the server of `latency`. */
async function bareClientSeconds(/** @type {number} */ latency, /** @type {number} */ concurrency) {
	const url = (/** @type {number} */ i) =>
		`http://127.0.0.1:${servers.ports[latency]}/zstack/v1/ai/models/${i.toString(16).padStart(32, '0')}/model-services/${'d'.repeat(32)}`;
	let next = 0;
	const started = performance.now();
	await Promise.all(
		Array.from({ length: concurrency }, async () => {
			// A new agent per request: a new TCP connection, as n8n's request helper opens for each.
			while (next < ITEMS) await postBind(new http.Agent(), url(next++), SESSION_UUID);
		}),
	);
	return (performance.now() - started) / 1000;
}

// ---- main ----------------------------------------------------------------------------------------------------------

async function main() {
	const started = Date.now();
	const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	for (const file of [...manifest.n8n.nodes, ...manifest.n8n.credentials]) {
		if (!fs.existsSync(path.join(root, file))) throw new Error(`${file} is missing: run 'npm run build' first`);
	}
	await ensureInstalled();
	servers = await startLatencyServers({ latencies: LATENCIES });
	const cpus = os.cpus();
	console.log(
		`n8n-nodes-zstack bench:n8n — n8n ${N8N_VERSION} (real, \`n8n execute\`) on Node ${nodeRuntime().version}, ` +
			`${cpus.length} × ${cpus[0]?.model.trim()}, ${os.platform()} ${os.release()}`,
	);
	console.log(
		`Server: 127.0.0.1, worker thread of this process, 200 + inventory after the fixed latency (synchronous: n8n's HTTP ` +
			`Request node does not follow ZStack's 202 jobs), keep-alive.\nWorkflow: Manual Trigger → Code (${ITEMS} items) → ` +
			`four sibling branches, same input; n8n runs them one after another, order rotated per run; session credential.\n`,
	);

	const profileDir = process.env.BENCH_CPU_PROF ? path.resolve(process.env.BENCH_CPU_PROF) : undefined;
	const n8n = await createN8n({
		verbose: process.env.BENCH_VERBOSE === '1',
		env: profileDir ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${profileDir}` } : {},
	});
	/** @type {Record<number, Awaited<ReturnType<typeof runOnce>>[]>} */
	const results = {};
	try {
		const t0 = Date.now();
		await n8n.importCredentials(
			LATENCIES.map((latency) => ({
				id: credentialId(latency),
				name: credentialId(latency),
				type: 'zStackApi',
				data: { host: `http://127.0.0.1:${servers.ports[latency]}`, authType: 'session', sessionUuid: SESSION_UUID, allowUnauthorizedCerts: false },
			})),
		);
		await n8n.importWorkflows([
			...LATENCIES.flatMap((latency) => Array.from({ length: RUNS }, (_, run) => workflow(latency, rotation(run), run))),
			...PROFILE_ITEMS.map((items) =>
				benchWorkflow({
					id: profileWorkflowId(items),
					name: `bench profile, ${items} items`,
					host: `http://127.0.0.1:${servers.ports[profileLatency()]}`,
					credential: credentialId(profileLatency()),
					measured: MEASURED,
					items,
				}),
			),
		]);
		const setupSeconds = (Date.now() - t0) / 1000;

		/** @type {Record<number, number>} */
		const bareClient = {};
		for (const latency of LATENCIES) {
			results[latency] = [];
			const bareRuns = [];
			for (let run = 0; run < RUNS; run++) {
				results[latency].push(await runOnce(n8n, workflowId(latency, run), latency));
				bareRuns.push(await bareClientSeconds(latency, 16));
			}
			bareClient[latency] = median(bareRuns);
		}

		console.log(`Runs (one \`n8n execute\` each; seconds = the node's executionTime in the run data; order = the order the branches ran in)`);
		/** @type {(string | number)[][]} */
		const runRows = [];
		for (const latency of LATENCIES) {
			results[latency].forEach((r, run) =>
				runRows.push([
					`${latency} ms`,
					run + 1,
					r.order.map((key) => short[key]).join(' → '),
					...MEASURED.map((m) => r.nodes[m.key].seconds.toFixed(3)),
					r.stats.requests,
					r.stats.maxInFlight,
					r.stats.connections,
					r.executeSeconds.toFixed(1),
				]),
			);
		}
		table(['latency', 'run', 'order', ...MEASURED.map((m) => `${short[m.key]} s`), 'requests', 'max in flight', 'TCP conns', 'execute s'], runRows);
		console.log(`(requests, max in flight, TCP conns: seen by the server over the whole run, all four nodes; execute s: the whole n8n CLI process)\n`);

		const verdicts = [];
		/** Targets missed, for the explanation after the profiles. @type {{ latency: number, key: 'default' | 'c16', ratio: number, bare: number }[]} */
		const missed = [];
		for (const latency of LATENCIES) {
			const seconds = Object.fromEntries(MEASURED.map((m) => [m.key, median(results[latency].map((r) => r.nodes[m.key].seconds))]));
			console.log(`${ITEMS} binds, ${latency} ms latency, median of ${RUNS} runs`);
			table(
				['node', 'items', 'seconds', 'items/s', 'vs HTTP Request (fixed header)', 'vs HTTP Request (credential)'],
				MEASURED.map((m) => [
					m.name,
					results[latency][0].nodes[m.key].items,
					seconds[m.key].toFixed(3),
					(ITEMS / seconds[m.key]).toFixed(0),
					`${(seconds[m.key] / seconds.plain).toFixed(2)}×`,
					`${(seconds[m.key] / seconds.http).toFixed(2)}×`,
				]),
			);
			const bare = bareClient[latency];
			console.log(
				`ideal for concurrency ${DEFAULT_CONCURRENCY} / 16 / all: ${((ITEMS * latency) / DEFAULT_CONCURRENCY / 1000).toFixed(3)} / ` +
					`${((ITEMS * latency) / 16 / 1000).toFixed(3)} / ${(latency / 1000).toFixed(3)} s`,
			);
			console.log(
				`a bare client, no n8n at all (node:http, a new connection per request as n8n's helper makes), concurrency 16: ` +
					`${bare.toFixed(3)} s = ${(bare / seconds.plain).toFixed(2)}× the plain HTTP Request node (median of ${RUNS})\n`,
			);
			const where = `${latency} ms${latency === TARGET_LATENCY ? ", the issue's condition" : ''}`;
			const ratio = (/** @type {'default' | 'c16'} */ key) => seconds[key] / seconds.plain;
			verdicts.push(
				`Target (${where}): defaults ≤ 1.0× the plain HTTP Request node — ${seconds.default.toFixed(3)} s vs ${seconds.plain.toFixed(3)} s = ` +
					`${ratio('default').toFixed(2)}× ${ratio('default') <= 1 ? 'MET' : 'NOT MET'}`,
			);
			if (ratio('default') > 1) missed.push({ latency, key: 'default', ratio: ratio('default'), bare: bare / seconds.plain });
			if (latency === TARGET_LATENCY && ratio('c16') > 0.7) missed.push({ latency, key: 'c16', ratio: ratio('c16'), bare: bare / seconds.plain });
			if (latency === TARGET_LATENCY) {
				verdicts.push(
					`Target (${where}): concurrency 16 ≤ 0.7× the plain HTTP Request node — ${seconds.c16.toFixed(3)} s vs ${seconds.plain.toFixed(3)} s = ` +
						`${ratio('c16').toFixed(2)}× ${ratio('c16') <= 0.7 ? 'MET' : 'NOT MET'}` +
						(ratio('c16') > 0.7 && bare / seconds.plain > 0.7
							? ` (the bare client with no n8n at all: ${(bare / seconds.plain).toFixed(2)}×, also above 0.7×)`
							: ''),
				);
			}
		}
		if (!LATENCIES.includes(TARGET_LATENCY)) verdicts.push(`(The issue's figure for the HTTP Request node is at ${TARGET_LATENCY} ms, which this run left out.)`);
		for (const verdict of verdicts) console.log(verdict);

		/** @type {Awaited<ReturnType<typeof profileRun>> | undefined} */
		let largestProfile;
		for (const items of PROFILE_ITEMS) largestProfile = await profileRun(n8n, items);
		if (largestProfile && missed.length > 0) explainMissed(missed, largestProfile, Math.max(...PROFILE_ITEMS));
		if (MEMORY_ITEMS > 0) await measureMemory(n8n, MEMORY_ITEMS, PROBE);
		console.log(`\nSetup (credentials + workflows imported) ${setupSeconds.toFixed(1)} s; whole bench ${((Date.now() - started) / 1000).toFixed(0)} s`);
	} finally {
		await n8n.stop();
		servers.stop();
	}
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
	void servers?.terminate();
});
