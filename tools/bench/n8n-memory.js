// @ts-check
'use strict';

/**
 * Memory at scale, part of `npm run bench:n8n`: the ZStack node alone on many items at concurrency 64 in a real
 * n8n, binding through the ZStack simulator (async replies: each item is a call and a job poll, as with real
 * ZStack). The n8n process runs with the probe (n8n-probe.js, `--expose-gc`), which measures around the node's
 * execute(): the heap after a full GC before it, right after it and 6 s later (sockets that n8n's per-request
 * agents keep open a few seconds let go by then), the heap its output takes, and the peaks.
 * Heap 6 s later − heap before − output = what the node's run left behind; per-item state that outlived its
 * item would show there as bytes per item. The same node runs twice on the same items: the first run also pays
 * what n8n loads and compiles on first use (code, caches), the second shows what a run leaves.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startSimulator } = require('../../contract-tests/simulator');
const { parseRunOutput } = require('../n8n/runner');
const { bindEachModelNode, manualTriggerWithItems } = require('../n8n/stack');

const CONCURRENCY = 64;
/** The same node twice, as sibling branches on the same items: the first run pays what is loaded and compiled on first use. */
const NODE_NAMES = ['ZStack, first run', 'ZStack, second run'];
const CODE_NODE = 'items';

const mb = (/** @type {number} */ bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

/**
 * @param {import('./n8n-bench').N8n} n8n
 * @param {number} items
 * @param {string} probe the probe's path
 */
async function measureMemory(n8n, items, probe) {
	const sim = await startSimulator({ port: 0, jobPolls: 0 });
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zstack-bench-memory-'));
	try {
		const [model] = sim.seed.models;
		const [service] = sim.seed.modelServices;
		const credential = 'benchMemorySimulator';
		await n8n.importCredentials([
			{ id: credential, name: credential, type: 'zStackApi', data: { host: sim.url, authType: 'session', sessionUuid: sim.createSession() } },
		]);
		const id = `zstackBenchMemory${items}`;
		await n8n.importWorkflows([
			{
				id,
				name: `bench memory, ${items} items`,
				settings: { executionOrder: 'v1' },
				nodes: [
					...manualTriggerWithItems({
						id,
						codeName: CODE_NODE,
						jsCode: `return Array.from({ length: ${items} }, (_, i) => ({ json: { i, model: '${model}' } }));`,
					}),
					...NODE_NAMES.map((name, row) =>
						bindEachModelNode({ id: `${id}-zstack${row}`, name, credential, service, row, options: { concurrency: CONCURRENCY } }),
					),
				],
				connections: {
					'Manual Trigger': { main: [[{ node: CODE_NODE, type: 'main', index: 0 }]] },
					[CODE_NODE]: { main: [NODE_NAMES.map((node) => ({ node, type: 'main', index: 0 }))] },
				},
			},
		]);
		const res = await n8n.cli(['execute', `--id=${id}`, '--rawOutput'], {
			env: { NODE_OPTIONS: `--require ${probe} --expose-gc`, ZSTACK_BENCH_PROBE_DIR: dir, ZSTACK_BENCH_MEMORY: '1' },
			timeoutMs: 900_000,
		});
		// The run's items are checked by the probe and the simulator: n8n's printout of 3 × items may be too large to parse.
		const run = parseRunOutput(res.stdout) ?? parseRunOutput(res.stderr);
		if (run?.data.resultData.error) throw new Error(`memory run failed: ${JSON.stringify(run.data.resultData.error).slice(0, 1000)}`);
		const jobs = sim.state.jobs.size;
		if (jobs !== NODE_NAMES.length * items) throw new Error(`memory run: the simulator ran ${jobs} binds, not ${NODE_NAMES.length * items}\n${res.stdout.slice(-2000)}`);
		const reports = fs
			.readdirSync(dir)
			.filter((file) => file.startsWith('memory-'))
			.map((file) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')))
			.filter((report) => report.runs.length > 0);
		if (reports.length !== 1 || reports[0].runs.length !== NODE_NAMES.length) throw new Error('memory run: the probe did not see both runs of the ZStack node');
		const [{ runs, maxRss }] = reports;
		if (runs.some((/** @type {{ outputItems: number }} */ measured) => measured.outputItems !== items)) throw new Error('memory run: a run did not output one item per bind');
		console.log(
			`\nMemory at scale: ${items} binds at concurrency ${CONCURRENCY}, twice (two sibling ZStack nodes, same items), simulator with ` +
				`async replies (a call and a job poll each), real n8n; process peak RSS ${mb(maxRss)}`,
		);
		const rows = runs.map((/** @type {any} */ measured, /** @type {number} */ i) => {
			const leftBehind = measured.heapSettled - measured.heapBefore - measured.outputSize;
			return { name: NODE_NAMES[i], ...measured, leftBehind };
		});
		for (const r of rows) {
			console.log(`  ${r.name}: ${(r.ms / 1000).toFixed(1)} s (${((r.ms * 1000) / items).toFixed(0)} µs/item)`);
			console.log(
				`    heap after a full GC: before ${mb(r.heapBefore)}; right after ${mb(r.heapAfter)}, 6 s later ${mb(r.heapSettled)} with the output held; ` +
					`the output alone ${mb(r.outputSize)}`,
			);
			const growth = r.heapSettled - r.heapBefore;
			console.log(
				`    heap growth over the run (6 s later − before): ${mb(growth)}, ${(growth / items).toFixed(0)} bytes per item; ` +
					(r.leftBehind > 0 ? `${mb(r.leftBehind)} more than its output` : 'no more than its output: no per-item state stayed'),
			);
			console.log(`    peaks during the run: heap ${mb(r.peakHeap)} (garbage included), RSS ${mb(r.peakRss)}`);
		}
		return { rows, maxRss };
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
		await sim.stop();
	}
}

module.exports = { measureMemory };
