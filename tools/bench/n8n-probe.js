// @ts-check
'use strict';

/**
 * Loaded into the n8n processes of `npm run bench:n8n` with `--require`, when ZSTACK_BENCH_PROBE_DIR is set:
 *
 * - clock-<pid>.json: this process's wall clock and monotonic clock read at the same moment, so that a V8 CPU
 *   profile (monotonic microseconds) can be cut at the times n8n's run data gives (epoch milliseconds);
 * - with ZSTACK_BENCH_MEMORY=1, memory-<pid>.json: peak RSS and heap of the process, and around every run of the
 *   ZStack node's execute(): the heap after a full GC before it, right after it and 6 s later (its output still
 *   held), and the size of that output (a structured clone of it, measured the same way). What the node leaves
 *   behind is the growth minus its output. Needs `--expose-gc`.
 */

const fs = require('node:fs');
const Module = require('node:module');
const path = require('node:path');

const dir = process.env.ZSTACK_BENCH_PROBE_DIR;
/** How long after the node's run the heap is measured again. */
const SETTLE_MS = 6000;

if (dir) {
	fs.writeFileSync(
		path.join(dir, `clock-${process.pid}.json`),
		JSON.stringify({ epochMs: Date.now(), monotonicUs: Number(process.hrtime.bigint() / 1000n) }),
	);
	if (process.env.ZSTACK_BENCH_MEMORY === '1') watchMemory(dir);
}

/** @param {string} probeDir */
function watchMemory(probeDir) {
	const collect = /** @type {() => void} */ (/** @type {any} */ (globalThis).gc);
	if (typeof collect !== 'function') throw new Error('the memory probe needs --expose-gc');
	const heapAfterGc = () => {
		collect();
		collect();
		return process.memoryUsage().heapUsed;
	};
	/** The heap a structured clone of `value` takes: about what `value` itself takes. @param {unknown} value */
	const sizeOf = (value) => {
		const before = heapAfterGc();
		const copy = structuredClone(value);
		const size = heapAfterGc() - before;
		return copy === undefined ? 0 : size;
	};
	/** @type {{ items: number, outputItems: number, heapBefore: number, heapAfter: number, heapSettled: number, outputSize: number, peakHeap: number, peakRss: number, ms: number }[]} */
	const runs = [];
	const peaks = { heap: 0, rss: 0 };
	const sample = () => {
		const { heapUsed, rss } = process.memoryUsage();
		peaks.heap = Math.max(peaks.heap, heapUsed);
		peaks.rss = Math.max(peaks.rss, rss);
	};
	setInterval(sample, 20).unref();

	/** Wraps the ZStack node's execute() once its module is loaded (n8n loads community nodes by path). */
	const load = /** @type {any} */ (Module)._load;
	/** @type {any} */ (Module)._load = function (/** @type {string} */ request, /** @type {unknown[]} */ ...rest) {
		const exports = load.call(this, request, ...rest);
		if (/[\\/]dist[\\/]nodes[\\/]ZStack[\\/]ZStack\.node(\.js)?$/.test(request) && exports.ZStack && !exports.ZStack.probed) {
			const execute = exports.ZStack.prototype.execute;
			exports.ZStack.prototype.execute = async function (/** @type {unknown[]} */ ...args) {
				const items = this.getInputData().length;
				const heapBefore = heapAfterGc();
				peaks.heap = 0;
				peaks.rss = 0;
				const started = performance.now();
				const output = await execute.apply(this, args);
				const ms = performance.now() - started;
				sample();
				const peak = { ...peaks };
				const heapAfter = heapAfterGc();
				// Sockets and timers that outlive the run by a few seconds (keep-alive, n8n's per-request agents) let go.
				await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
				const heapSettled = heapAfterGc();
				const outputItems = Array.isArray(output?.[0]) ? output[0].length : 0;
				runs.push({ items, outputItems, heapBefore, heapAfter, heapSettled, outputSize: sizeOf(output), peakHeap: peak.heap, peakRss: peak.rss, ms });
				return output;
			};
			exports.ZStack.probed = true;
		}
		return exports;
	};

	process.on('exit', () => {
		fs.writeFileSync(
			path.join(probeDir, `memory-${process.pid}.json`),
			JSON.stringify({ runs, maxRss: process.resourceUsage().maxRSS * 1024 }),
		);
	});
}
