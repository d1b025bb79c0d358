'use strict';
/*
 * `npm run bench:queue`: how many binds per second the ZStack node gets through in a real n8n 2.41.1, in regular mode
 * (main runs every execution) and in queue mode with 1 and 2 workers (./cluster.js), all on PostgreSQL 17.
 *
 * Workload: BENCH_EXECUTIONS (20) executions of BENCH_ITEMS (50) binds each, all sent at once to a production
 * webhook of main (Webhook → Split Out → ZStack Bind → Set, answered when the last node finishes). The simulator
 * answers as ZStack does (202 + a job, one poll), every exchange delayed by BENCH_LATENCY_MS (20). One warm-up
 * execution of the same size runs first in each setup (it logs in, and n8n loads and compiles the node), then the
 * timed round. Every answer is checked (one output per item, in order), the binds are counted on the simulator.
 *
 * Printed per setup: wall time, items/s, the ratio to regular mode, and the CPU seconds each process group used
 * during the timed round (main, workers, PostgreSQL, Redis, this process with the simulator), so that one sees what
 * the machine spends its cores on. Asserts nothing about speed.
 */
const fs = require('node:fs');
const os = require('node:os');

const { simulatorCredential } = require('../n8n/stack');
const { startQueueCluster } = require('./cluster');
const { bindItems, bindWorkflow } = require('./workflows');

const EXECUTIONS = Number(process.env.BENCH_EXECUTIONS || 20);
const ITEMS = Number(process.env.BENCH_ITEMS || 50);
const LATENCY_MS = Number(process.env.BENCH_LATENCY_MS || 20);
const CLOCK_TICKS = 100; // USER_HZ on Linux

/**
 * CPU seconds (user + system) of the processes in the process group `pgid` or whose parent is `pgid`, read from
 * /proc: n8n's task runner shares its process group, PostgreSQL's backends each start their own session.
 * @param {number} pgid
 */
function groupCpuSeconds(pgid) {
	let ticks = 0;
	for (const entry of fs.readdirSync('/proc')) {
		if (!/^\d+$/.test(entry)) continue;
		let stat;
		try {
			stat = fs.readFileSync(`/proc/${entry}/stat`, 'utf8');
		} catch {
			continue;
		}
		// Fields after the command name (which may hold spaces), from field 3 (state) on.
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		if (Number(fields[2]) !== pgid && Number(fields[1]) !== pgid) continue;
		ticks += Number(fields[11]) + Number(fields[12]);
	}
	return ticks / CLOCK_TICKS;
}

function ownCpuSeconds() {
	const { user, system } = process.cpuUsage();
	return (user + system) / 1e6;
}

/** @param {number} workers */
async function measure(workers) {
	const label = workers === 0 ? 'regular mode' : `queue mode, ${workers} worker${workers > 1 ? 's' : ''}`;
	const cluster = await startQueueCluster({
		workers,
		credentials: (sim) => [{ id: 'benchAccount1', name: 'benchAccount1', type: 'zStackApi', data: simulatorCredential(sim, 'account') }],
		workflows: [bindWorkflow({ id: 'benchBind1', path: 'bench-bind', credentialId: 'benchAccount1', respond: 'lastNode' })],
		publish: ['benchBind1'],
	});
	try {
		cluster.sim.injectFault({ api: '*', kind: 'delay', ms: LATENCY_MS, times: Number.MAX_SAFE_INTEGER });
		/** @param {string} prefix */
		const runOne = async (prefix) => {
			const items = bindItems(prefix, ITEMS);
			const response = await cluster.webhook('bench-bind', { items });
			const tags = Array.isArray(response.body) ? response.body.map((/** @type {{ tag: string }} */ item) => item.tag) : [];
			if (response.status !== 200 || tags.join() !== items.map((item) => item.tag).join()) {
				throw new Error(`${label}: ${prefix} answered ${response.status} ${JSON.stringify(response.body).slice(0, 300)}`);
			}
		};
		await runOne('warm-up');

		/** @type {Record<string, number>} */
		const groups = {
			main: /** @type {number} */ (cluster.main.server?.child.pid),
			...Object.fromEntries(cluster.workers.map((worker) => [`worker ${worker.index + 1}`, worker.process.pid])),
			postgres: cluster.postgres.pid,
			...(cluster.redis ? { redis: cluster.redis.pid } : {}),
		};
		const cpuBefore = Object.fromEntries(Object.entries(groups).map(([name, pgid]) => [name, groupCpuSeconds(pgid)]));
		const ownBefore = ownCpuSeconds();
		const mark = cluster.sim.requests.length;
		const started = process.hrtime.bigint();
		await Promise.all(Array.from({ length: EXECUTIONS }, (_, run) => runOne(`bench-${run}`)));
		const seconds = Number(process.hrtime.bigint() - started) / 1e9;

		const binds = cluster.sim.requests.slice(mark).filter((request) => request.method === 'POST' && request.path.includes('/model-services/')).length;
		if (binds !== EXECUTIONS * ITEMS) throw new Error(`${label}: ${binds} binds reached the simulator, expected ${EXECUTIONS * ITEMS}`);
		const cpu = Object.fromEntries(Object.entries(groups).map(([name, pgid]) => [name, groupCpuSeconds(pgid) - cpuBefore[name]]));
		cpu['simulator + bench'] = ownCpuSeconds() - ownBefore;
		return { label, seconds, itemsPerSecond: binds / seconds, cpu };
	} finally {
		await cluster.stop();
	}
}

async function main() {
	const results = [];
	for (const workers of [0, 1, 2]) results.push(await measure(workers));
	const regular = results[0].itemsPerSecond;
	const cpus = os.cpus();
	process.stdout.write(
		`\n${EXECUTIONS} executions × ${ITEMS} binds, ${LATENCY_MS} ms per exchange (202 + one poll per bind), node defaults (concurrency 64)\n` +
			`machine: ${cpus.length} × ${cpus[0]?.model ?? 'cpu'}, load average ${os.loadavg().map((load) => load.toFixed(1)).join(' ')}\n\n`,
	);
	process.stdout.write(`${'setup'.padEnd(26)}${'wall s'.padStart(8)}${'items/s'.padStart(9)}${'× regular'.padStart(11)}   CPU seconds in the timed round\n`);
	for (const result of results) {
		const cpu = Object.entries(result.cpu)
			.map(([name, seconds]) => `${name} ${seconds.toFixed(1)}`)
			.join(', ');
		process.stdout.write(
			`${result.label.padEnd(26)}${result.seconds.toFixed(1).padStart(8)}${result.itemsPerSecond.toFixed(0).padStart(9)}${(result.itemsPerSecond / regular).toFixed(2).padStart(11)}   ${cpu}\n`,
		);
	}
}

main().catch((error) => {
	process.stderr.write(`${error.stack ?? error}\n`);
	process.exitCode = 1;
});
