// @ts-check
'use strict';

/**
 * Memory at scale, part of `npm run bench:n8n`: the ZStack node alone on many items at concurrency 64 in a real
 * n8n, binding through the ZStack simulator (async replies: each item is a call and a job poll, as with real
 * ZStack). The n8n process runs with the probe (n8n-probe.js, `--expose-gc`), which measures around the node's
 * execute(): the heap after a full GC before it and after it, the heap its output takes, and the peaks.
 * Heap after − heap before − output = what the node's run left behind; per-item state that outlived its item
 * would show there as bytes per item.
 */

const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const { startSimulator } = require('../../contract-tests/simulator');
const { parseRunOutput } = require('../n8n/runner');

const CONCURRENCY = 64;
const NODE_NAME = 'ZStack (concurrency 64)';
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
					{ id: `${id}-trigger`, name: 'Manual Trigger', type: 'n8n-nodes-base.manualTrigger', typeVersion: 1, position: [0, 0], parameters: {} },
					{
						id: `${id}-code`,
						name: CODE_NODE,
						type: 'n8n-nodes-base.code',
						typeVersion: 2,
						position: [240, 0],
						parameters: { jsCode: `return Array.from({ length: ${items} }, (_, i) => ({ json: { i, model: '${model}' } }));` },
					},
					{
						id: `${id}-zstack`,
						name: NODE_NAME,
						type: 'n8n-nodes-zstack.zStack',
						typeVersion: 1,
						position: [480, 0],
						credentials: { zStackApi: { id: credential, name: credential } },
						parameters: {
							resource: 'model',
							operation: 'bindToService',
							modelUuid: { __rl: true, mode: 'id', value: '={{ $json.model }}' },
							modelServiceUuid: { __rl: true, mode: 'id', value: service },
							additionalFields: {},
							options: { concurrency: CONCURRENCY },
						},
					},
				],
				connections: {
					'Manual Trigger': { main: [[{ node: CODE_NODE, type: 'main', index: 0 }]] },
					[CODE_NODE]: { main: [[{ node: NODE_NAME, type: 'main', index: 0 }]] },
				},
			},
		]);
		const res = await n8n.cli(['execute', `--id=${id}`, '--rawOutput'], {
			env: { NODE_OPTIONS: `--require ${probe} --expose-gc`, ZSTACK_BENCH_PROBE_DIR: dir, ZSTACK_BENCH_MEMORY: '1' },
		});
		const run = parseRunOutput(res.stdout) ?? parseRunOutput(res.stderr);
		const task = run?.data.resultData.runData[NODE_NAME]?.[0];
		const output = task?.data?.main?.[0] ?? [];
		if (!task || task.error || output.length !== items || output.some((/** @type {{ json: any }} */ item) => item.json.uuid !== service)) {
			throw new Error(`memory run: not ${items} bound items: ${JSON.stringify(task?.error ?? run?.data.resultData.error ?? res.stderr.slice(-2000))}`);
		}
		const reports = fs
			.readdirSync(dir)
			.filter((file) => file.startsWith('memory-'))
			.map((file) => JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')))
			.filter((report) => report.runs.length > 0);
		if (reports.length !== 1 || reports[0].runs.length !== 1) throw new Error('memory run: the probe saw no single run of the ZStack node');
		const [{ runs: [measured], maxRss }] = reports;
		const leftBehind = measured.heapAfter - measured.heapBefore - measured.outputSize;
		const jobs = sim.state.jobs.size;
		console.log(`\nMemory at scale: ${items} binds at concurrency ${CONCURRENCY}, simulator with async replies (a call and a job poll each; ${jobs} jobs), real n8n`);
		console.log(`  node run: ${(measured.ms / 1000).toFixed(1)} s (${((measured.ms * 1000) / items).toFixed(0)} µs/item; executionTime ${(task.executionTime / 1000).toFixed(1)} s)`);
		console.log(`  heap after a full GC: before the node ${mb(measured.heapBefore)}, after it ${mb(measured.heapAfter)} with its output held; the output alone ${mb(measured.outputSize)}`);
		console.log(`  left behind by the node's run (after − before − output): ${mb(leftBehind)} = ${(leftBehind / items).toFixed(0)} bytes per item`);
		console.log(`  peaks during the node's run: heap ${mb(measured.peakHeap)} (garbage included), RSS ${mb(measured.peakRss)}; process peak RSS ${mb(maxRss)}`);
		return { ...measured, leftBehind, maxRss };
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
		await sim.stop();
	}
}

module.exports = { measureMemory };
