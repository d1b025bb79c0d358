'use strict';
/*
 * n8n 2.41.1 in queue mode on one machine: PostgreSQL 17 and Redis (./services.js), a main instance that receives
 * webhooks and puts executions on the queue, and workers that run them; the ZStack simulator as ZStack.
 *
 * Every instance gets its own N8N_USER_FOLDER with the packed package installed into it as n8n installs community
 * packages (tools/n8n/runner.js); they share the database, Redis and one N8N_ENCRYPTION_KEY, as n8n's queue mode
 * requires. stop() stops everything started here, by process id (process groups), whatever failed before.
 */
const fsp = require('node:fs/promises');
const http = require('node:http');
const path = require('node:path');

const { startSimulator } = require('../../contract-tests/simulator');
const install = require('../n8n/install');
const { createN8n, ensureInstalled, parseJsonLogLines, N8N_E2E_ENCRYPTION_KEY } = require('../n8n/runner');
const { startPostgres, startRedis, serviceFolder } = require('./services');

/**
 * @typedef {Awaited<ReturnType<typeof createN8n>>} N8n
 * @typedef {import('../n8n/runner').WorkerProcess} WorkerProcess
 * @typedef {import('../n8n/runner').CredentialImport} CredentialImport
 * @typedef {import('../n8n/runner').WorkflowImport} WorkflowImport
 * @typedef {import('../../contract-tests/simulator').Simulator} Simulator
 * @typedef {{ index: number, n8n: N8n, process: WorkerProcess }} Worker
 */

/**
 * Queue-mode settings shared by main and workers. With `shortStallCheck` a job whose worker died is found stalled
 * after 15-20 s instead of 60-90 s (defaults: lock 60 s, renewed every 10 s, stalled check every 30 s).
 * @param {{ postgresPort: number, redisPort: number | null }} ports no Redis: regular mode (main runs every execution)
 * @param {boolean} shortStallCheck
 * @returns {NodeJS.ProcessEnv}
 */
function queueEnv({ postgresPort, redisPort }, shortStallCheck) {
	return {
		EXECUTIONS_MODE: redisPort ? 'queue' : 'regular',
		DB_TYPE: 'postgresdb',
		DB_POSTGRESDB_HOST: '127.0.0.1',
		DB_POSTGRESDB_PORT: String(postgresPort),
		DB_POSTGRESDB_DATABASE: 'postgres',
		DB_POSTGRESDB_USER: 'postgres',
		DB_POSTGRESDB_PASSWORD: '',
		QUEUE_BULL_REDIS_HOST: '127.0.0.1',
		QUEUE_BULL_REDIS_PORT: String(redisPort),
		N8N_ENCRYPTION_KEY: N8N_E2E_ENCRYPTION_KEY,
		...(shortStallCheck
			? {
					QUEUE_WORKER_LOCK_DURATION: '15000',
					QUEUE_WORKER_LOCK_RENEW_TIME: '5000',
					QUEUE_WORKER_STALLED_INTERVAL: '5000',
				}
			: {}),
	};
}

/**
 * @param {string} url
 * @param {unknown} body
 * @param {number} timeoutMs
 * @returns {Promise<{ status: number, body: any }>}
 */
function postJson(url, body, timeoutMs) {
	const payload = JSON.stringify(body);
	return new Promise((resolve, reject) => {
		const request = http.request(
			url,
			{ method: 'POST', timeout: timeoutMs, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) } },
			(response) => {
				let text = '';
				response.setEncoding('utf8');
				response.on('data', (chunk) => (text += chunk));
				response.on('end', () => {
					let parsed = text;
					try {
						parsed = JSON.parse(text);
					} catch {
						/* not JSON */
					}
					resolve({ status: response.statusCode ?? 0, body: parsed });
				});
			},
		);
		request.on('timeout', () => request.destroy(new Error(`POST ${url} timed out after ${timeoutMs} ms`)));
		request.on('error', reject);
		request.end(payload);
	});
}

/** @param {WorkflowImport[]} workflows */
function webhookPathsOf(workflows) {
	return workflows.flatMap((workflow) =>
		/** @type {{ type?: string, parameters?: { path?: string } }[]} */ (workflow.nodes)
			.filter((node) => node.type === 'n8n-nodes-base.webhook')
			.map((node) => String(node.parameters?.path)),
	);
}

/** @param {string} url @returns {Promise<number>} the status of an OPTIONS request from another origin, 0 on no answer */
function preflight(url) {
	return new Promise((resolve) => {
		const request = http.request(url, {
			method: 'OPTIONS',
			timeout: 5000,
			headers: { origin: 'http://127.0.0.1', 'access-control-request-method': 'POST' },
		});
		request.on('response', (response) => {
			response.resume();
			resolve(response.statusCode ?? 0);
		});
		request.on('timeout', () => request.destroy());
		request.on('error', () => resolve(0));
		request.end();
	});
}

/**
 * Starts the whole queue-mode stack (`workers: 0`: regular mode, no Redis, main runs the executions itself, for
 * comparison). `credentials` and `workflows` are imported before main starts; the workflows named in `publish` are
 * published (active), so main registers their webhooks when it starts.
 * @param {{
 *   workers?: number, concurrency?: number, simulator?: import('../../contract-tests/simulator').SimulatorOptions,
 *   credentials: (sim: Simulator) => CredentialImport[], workflows: WorkflowImport[], publish: string[],
 *   shortStallCheck?: boolean, verbose?: boolean,
 * }} options
 */
async function startQueueCluster(options) {
	await ensureInstalled();
	/** @type {(() => Promise<unknown>)[]} stops, last started first */
	const stops = [];
	const stop = async () => {
		/** @type {unknown[]} */
		const errors = [];
		for (const stopOne of stops.splice(0).reverse()) {
			try {
				await stopOne();
			} catch (error) {
				errors.push(error);
			}
		}
		if (errors.length) throw errors[0];
	};
	try {
		const dir = await serviceFolder();
		stops.push(() => fsp.rm(dir, { recursive: true, force: true }));
		const queueMode = (options.workers ?? 2) > 0;
		const [redis, postgres] = await Promise.all([queueMode ? startRedis(dir) : null, startPostgres(dir)]);
		if (redis) stops.push(redis.stop);
		stops.push(postgres.stop);
		const sim = await startSimulator({ port: 0, requestLogLimit: 100000, ...options.simulator });
		stops.push(() => sim.stop());

		const tarball = await packPackage(dir);
		const env = queueEnv({ postgresPort: postgres.port, redisPort: redis?.port ?? null }, options.shortStallCheck ?? false);
		const instance = async () => {
			const n8n = await createN8n({ tarball, env, verbose: options.verbose });
			stops.push(() => n8n.stop());
			return n8n;
		};

		const main = await instance();
		await main.importCredentials(options.credentials(sim));
		await main.importWorkflows(options.workflows);
		for (const id of options.publish) await cliOk(main, ['publish:workflow', `--id=${id}`]);
		const { url } = await retryOnPortClash(() => main.startServer());
		await waitFor(() => (main.server?.stdout ?? '').includes('Editor is now accessible'), 'main to open its editor', 120000);
		// n8n 2.41 activates published workflows after that message (its publication service, on by default, works in
		// the background): a CORS preflight of a webhook answers 204 only once the webhook is registered.
		for (const webhookPath of webhookPathsOf(options.workflows.filter((workflow) => options.publish.includes(workflow.id)))) {
			await waitFor(async () => (await preflight(`${url}/webhook/${webhookPath}`)) === 204, `main to register webhook ${webhookPath}`, 120000);
		}
		await main.setupOwner();

		/** @type {Worker[]} */
		const workers = await Promise.all(
			Array.from({ length: options.workers ?? 2 }, async (_, index) => {
				const n8n = await instance();
				return { index, n8n, process: await retryOnPortClash(() => n8n.startWorker({ concurrency: options.concurrency ?? 10 })) };
			}),
		);

		return {
			sim,
			main,
			workers,
			postgres,
			redis,
			stop,
			/**
			 * POST to a production webhook of main.
			 * @param {string} webhookPath @param {unknown} body
			 */
			webhook(webhookPath, body, timeoutMs = 300000) {
				return postJson(`${url}/webhook/${webhookPath}`, body, timeoutMs);
			},
			/**
			 * Which worker ran each execution, from the workers' own logs ("Worker started execution <id>").
			 * @returns {Map<string, number>} execution id → worker index
			 */
			executionsByWorker() {
				/** @type {Map<string, number>} */
				const ranBy = new Map();
				for (const worker of workers) {
					for (const line of parseJsonLogLines(worker.process.output)) {
						const started = /^Worker started execution (\S+)/.exec(line.message);
						if (started) ranBy.set(started[1], worker.index);
					}
				}
				return ranBy;
			},
			/**
			 * The execution as main's REST API shows it (status, mode, finished, data as n8n stores it).
			 * @param {string} id
			 */
			async execution(id) {
				const response = await main.request('GET', `/rest/executions/${id}`);
				if (response.status !== 200) throw new Error(`GET /rest/executions/${id}: ${response.status} ${response.text.slice(0, 300)}`);
				return response.body.data;
			},
		};
	} catch (error) {
		await stop().catch(() => undefined);
		throw error;
	}
}

/**
 * The runner picks each process's free ports (web, task broker) just before n8n binds them; on a shared machine
 * another process can take one in between, and n8n exits. Such a start is tried again with new ports.
 * @template T
 * @param {() => Promise<T>} start
 */
async function retryOnPortClash(start) {
	for (let attempt = 1; ; attempt++) {
		try {
			return await start();
		} catch (error) {
			if (attempt >= 3 || !/already in use|EADDRINUSE/.test(String(error))) throw error;
		}
	}
}

/** @param {N8n} n8n @param {string[]} args */
async function cliOk(n8n, args) {
	const result = await n8n.cli(args);
	const errors = parseJsonLogLines(result.stdout + result.stderr).filter((line) => line.level === 'error');
	if (result.code !== 0 || errors.length) throw new Error(`n8n ${args.join(' ')} failed (${result.code}): ${result.stdout.slice(-2000)} ${result.stderr.slice(-2000)}`);
	return result;
}

/** `npm pack` of the repository once, installed on every instance. @param {string} dir */
async function packPackage(dir) {
	const { spawnSync } = require('node:child_process');
	const result = spawnSync('npm', ['pack', install.REPO_ROOT, '--ignore-scripts', '--silent', '--pack-destination', dir], {
		encoding: 'utf8',
		env: install.childEnv(),
	});
	if (result.status !== 0) throw new Error(`npm pack failed: ${result.stderr}`);
	return path.join(dir, result.stdout.trim().split('\n').at(-1) ?? '');
}

/**
 * @param {() => boolean | Promise<boolean>} condition
 * @param {string} what
 * @param {number} timeoutMs
 */
async function waitFor(condition, what, timeoutMs) {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
		await new Promise((resolve) => setTimeout(resolve, 250));
	}
}

module.exports = { startQueueCluster, waitFor, postJson };
