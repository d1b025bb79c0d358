'use strict';
/*
 * tools/n8n/runner.js: drive a real, pinned n8n (installed by ./install.js) against
 * this package. Plain CommonJS, Node built-ins only.
 *
 * API
 * ---
 *   const { createN8n } = require('./runner');
 *
 *   const n8n = await createN8n(options?)
 *     Creates a fresh isolated instance: a temp N8N_USER_FOLDER (also TMPDIR), sqlite DB,
 *     fixed N8N_ENCRYPTION_KEY, telemetry/diagnostics/version notifications/
 *     personalization off. Installs this package into it as a community package
 *     (see "How the package is loaded"). Does NOT install n8n: call
 *     `ensureInstalled()` from ./install.js first (or run `npm run e2e:install`);
 *     createN8n throws a clear error when the cache is missing.
 *     options:
 *       packageDir   folder of the node package to load (default: repo root; must be built:
 *                    dist/ has to exist). Set to null to load no package at all.
 *       tarball      an existing `npm pack` tarball to install instead of packing packageDir.
 *       encryptionKey  (default: a fixed test key, N8N_E2E_ENCRYPTION_KEY)
 *       env          extra environment variables for every n8n process (override defaults).
 *       keepUserFolder  true: do not delete the temp folder in cleanup() (debugging).
 *       verbose      true: echo n8n's stdout/stderr to this process's stderr.
 *       timeoutMs    default timeout per CLI command (default 180 s).
 *
 *   n8n.userFolder            the temp N8N_USER_FOLDER (n8n state is in <userFolder>/.n8n)
 *   n8n.packageInstallDir     <userFolder>/.n8n/nodes/node_modules/<package name> (or null)
 *   n8n.env                   the environment used for n8n child processes
 *
 *   await n8n.importCredentials(list)
 *     list: [{ id, name, type, data: { ...plain fields } }]. `data` may be a plain
 *     object: `n8n import:credentials` encrypts it with the instance key. (A string
 *     `data` is stored as-is, i.e. must already be encrypted with the same key.)
 *     Returns the CLI result { code, stdout, stderr, durationMs }; throws on failure.
 *
 *   await n8n.importWorkflows(list)
 *     list: workflow JSON objects, each with an `id` (execute needs it), `name`,
 *     `nodes`, `connections` (`active: false`, `settings: {}` are filled in if absent).
 *     Throws if n8n skips a workflow or the CLI fails.
 *
 *   await n8n.execute(workflowId, { timeoutMs }?) -> {
 *       ok,            true if the run finished without resultData.error
 *       run,           the full IRun object n8n printed ({ data: { resultData: { runData, lastNodeExecuted, error? } }, status, ... })
 *       status,        run.status ('success' | 'error' | ...)
 *       error,         run.data.resultData.error (or undefined)
 *       lastNodeExecuted,
 *       runData,       run.data.resultData.runData  (per node: [{ data: { main: [[{ json }]] }, error? }])
 *       output(nodeName, { outputIndex = 0, runIndex = 0 }?) -> array of item.json of that node
 *       code, stdout, stderr, durationMs, logs (parsed JSON log lines)
 *     }
 *     Spawns `n8n execute --id <id> --rawOutput` asynchronously (safe with a fake HTTP
 *     server living in this same process). Throws only when no run data could be
 *     found in the output (e.g. n8n crashed, workflow missing) or on timeout; a
 *     workflow that ran and failed is returned with ok=false.
 *
 *   await n8n.exportCredentials({ decrypted = true, id }?) -> array
 *     `n8n export:credentials --all|--id --decrypted --output <file>`; with decrypted the
 *     `data` of every credential is the plain object (use it to prove that a node stored
 *     or refreshed a session in its credential between executions).
 *
 *   await n8n.exportWorkflows() -> array        `n8n export:workflow --all`
 *
 *   await n8n.cli(args, { timeoutMs, env }?) -> { code, stdout, stderr, durationMs }
 *     Any other n8n CLI command against this instance (rejects on timeout only).
 *
 *   const { url, port } = await n8n.startServer({ port?, timeoutMs? })
 *     `n8n start` on 127.0.0.1:<port> (free port if omitted); resolves once
 *     GET /healthz/readiness answers 200. Only one server per instance.
 *   await n8n.setupOwner({ email, password }?) -> { email, password, cookie }
 *     Creates the owner account through POST /rest/owner/setup (or, when a kept userFolder has
 *     one already, logs in as that owner) and keeps the cookie.
 *   await n8n.request(method, path, { body, headers }?) -> { status, headers, body, text }
 *     HTTP call to the running server with that cookie (e.g. GET /types/nodes.json).
 *   const worker = await n8n.startWorker({ concurrency?, timeoutMs? })
 *     `n8n worker` for queue mode (pass EXECUTIONS_MODE=queue, the PostgreSQL and Redis settings in `env`);
 *     resolves once it logs that it is ready: { child, pid (its process group), output, exited }.
 *   await n8n.stopServer()     SIGTERM, then SIGKILL after a grace period.
 *   await n8n.stop()           stops the server and any CLI still running, removes the temp
 *                              folder (unless keepUserFolder). Idempotent; also run on process exit.
 *
 *   Helpers: parseRunOutput(stdout) -> IRun | null,  freePort() -> Promise<number>,
 *            N8N_E2E_ENCRYPTION_KEY, ZSTACK_NODE_TYPE, ZSTACK_CREDENTIAL_TYPE.
 *
 * How the package is loaded
 * -------------------------
 * Exactly as n8n 2.x installs a community package (CommunityPackagesService.downloadPackage):
 * `npm pack` of the package, tarball extracted with `tar --strip-components=1` into
 * <userFolder>/.n8n/nodes/node_modules/<name>, dev/peer/optional dependencies stripped from
 * its package.json (npm install run only if it has runtime dependencies), and the name
 * recorded in <userFolder>/.n8n/nodes/package.json. At startup every n8n command that loads
 * community packages (execute, start, ...) scans nodes/node_modules/n8n-nodes-* and
 * registers the node as `<package name>.<node name>` (here `n8n-nodes-zstack.zStack`);
 * `n8n-workflow` is resolved from n8n's own node_modules (n8n sets NODE_PATH).
 * N8N_CUSTOM_EXTENSIONS is NOT used: it registers nodes under the `CUSTOM.` prefix,
 * which is not the type name a user's workflow contains.
 *
 * How output is parsed
 * --------------------
 * n8n prints the run (JSON.stringify(IRun, null, 2)) through its logger. The runner sets
 * N8N_LOG_FORMAT=json, so every log entry is one JSON line { level, message, ... }; the run
 * is the entry whose `message` parses as an object with data.resultData. The same holds
 * for failed runs (n8n logs the run after "Execution error:"). A text-format fallback
 * (a top-level "{" ... "}" block) is kept for robustness.
 */
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const http = require('node:http');
const { spawn } = require('node:child_process');
const { stripVTControlCharacters } = require('node:util');

const install = require('./install');

const N8N_E2E_ENCRYPTION_KEY = 'n8n-nodes-zstack-e2e-fixed-encryption-key';
const ZSTACK_NODE_TYPE = 'n8n-nodes-zstack.zStack';
const ZSTACK_CREDENTIAL_TYPE = 'zStackApi';
const DEFAULT_TIMEOUT_MS = 180e3;

/**
 * @typedef {{ code: number | null, signal: NodeJS.Signals | null, stdout: string, stderr: string, durationMs: number }} CliResult
 * @typedef {Error & { result?: CliResult }} CliError
 * @typedef {{ level: string, message: string, metadata?: object }} LogLine
 * @typedef {{ id: string, name: string, type: string, data: object | string }} CredentialImport
 * @typedef {{
 *   startTime: number, executionTime: number, data?: { main?: { json: any, pairedItem?: unknown }[][] },
 *   error?: { message: string },
 * }} TaskData one run of a node in n8n's run data
 * @typedef {{ id: string, name: string, nodes: object[], connections?: object, active?: boolean, settings?: object }} WorkflowImport
 * @typedef {{
 *   child: import('node:child_process').ChildProcess, port: number, url: string, stdout: string, stderr: string,
 *   exited: { code: number | null, signal: NodeJS.Signals | null } | null,
 *   exitPromise?: Promise<unknown>, startupMs?: number,
 * }} ServerProcess
 * @typedef {{
 *   child: import('node:child_process').ChildProcess, pid: number, output: string,
 *   exited: { code: number | null, signal: NodeJS.Signals | null } | null, exitPromise?: Promise<unknown>,
 * }} WorkerProcess
 */

/** Every live instance, so an abrupt exit still kills children and removes temp dirs. @type {Set<N8nInstance>} */
const live = new Set();
let exitHookInstalled = false;
function installExitHook() {
	if (exitHookInstalled) return;
	exitHookInstalled = true;
	process.once('exit', () => {
		for (const inst of live) inst._stopSync();
	});
}

/** @returns {Promise<number>} */
function freePort() {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on('error', reject);
		srv.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {import('node:net').AddressInfo} */ (srv.address());
			srv.close(() => resolve(port));
		});
	});
}

/**
 * Extract the IRun object from `n8n execute` output (json or text logger format).
 * @param {string} stdout
 * @returns {any} the IRun, or null
 */
function parseRunOutput(stdout) {
	const isRun = (/** @type {any} */ v) => v && typeof v === 'object' && v.data && typeof v.data === 'object' && v.data.resultData;
	const lines = String(stdout).split(/\r?\n/);
	let found = null;
	// 1. JSON log format: one entry per line, the run is a message that is itself JSON.
	for (const line of lines) {
		const t = line.trim();
		if (!t.startsWith('{')) continue;
		let entry;
		try {
			entry = JSON.parse(t);
		} catch {
			continue;
		}
		if (isRun(entry)) found = entry; // --rawOutput without logger wrapping (defensive)
		else if (entry && typeof entry.message === 'string' && entry.message.trimStart().startsWith('{')) {
			try {
				const msg = JSON.parse(entry.message);
				if (isRun(msg)) found = msg;
			} catch {
				/* not JSON */
			}
		}
	}
	if (found) return found;
	// 2. Text log format: a pretty-printed block starting with "{" and ending with "}" at column 0.
	for (let i = 0; i < lines.length; i++) {
		if (stripVTControlCharacters(lines[i]) !== '{') continue;
		for (let j = i + 1; j < lines.length; j++) {
			if (stripVTControlCharacters(lines[j]) !== '}') continue;
			try {
				const v = JSON.parse(stripVTControlCharacters(lines.slice(i, j + 1).join('\n')));
				if (isRun(v)) found = v;
				i = j;
				break;
			} catch {
				/* keep extending */
			}
		}
	}
	return found;
}

/** @param {string} text @returns {LogLine[]} */
function parseJsonLogLines(text) {
	/** @type {LogLine[]} */
	const out = [];
	for (const line of String(text).split(/\r?\n/)) {
		const t = line.trim();
		if (!t.startsWith('{')) continue;
		try {
			const v = JSON.parse(t);
			if (v && typeof v === 'object' && 'level' in v && 'message' in v) out.push(v);
		} catch {
			/* ignore */
		}
	}
	return out;
}

/** @param {{ userFolder: string, encryptionKey?: string, extra?: NodeJS.ProcessEnv }} options */
function baseEnv({ userFolder, encryptionKey, extra }) {
	const rt = install.nodeRuntime();
	const env = install.childEnv();
	const noProxy = ['127.0.0.1', 'localhost', '::1', env.NO_PROXY || env.no_proxy || ''].filter(Boolean).join(',');
	Object.assign(env, {
		N8N_USER_FOLDER: userFolder,
		...(encryptionKey ? { N8N_ENCRYPTION_KEY: encryptionKey } : {}),
		DB_TYPE: 'sqlite',
		N8N_DIAGNOSTICS_ENABLED: 'false',
		N8N_VERSION_NOTIFICATIONS_ENABLED: 'false',
		N8N_PERSONALIZATION_ENABLED: 'false',
		N8N_TEMPLATES_ENABLED: 'false',
		N8N_HIRING_BANNER_ENABLED: 'false',
		N8N_ENFORCE_SETTINGS_FILE_PERMISSIONS: 'true',
		N8N_SECURE_COOKIE: 'false',
		N8N_COMMUNITY_PACKAGES_ENABLED: 'true',
		N8N_LOG_OUTPUT: 'console',
		N8N_LOG_LEVEL: 'info',
		N8N_LOG_FORMAT: 'json',
		N8N_NO_COLOR: 'true',
		NO_COLOR: '1',
		NODE_ENV: 'production',
		GENERIC_TIMEZONE: 'UTC',
		TZ: 'UTC',
		NO_PROXY: noProxy,
		no_proxy: noProxy,
		NODE_OPTIONS: '',
		// n8n writes to os.tmpdir() (e.g. n8nDataTableUploads); keep that inside the user folder
		TMPDIR: path.join(userFolder, 'tmp'),
		// the Node 24 binary n8n must run on, first on PATH for the task runner child too
		PATH: [rt.binDir, env.PATH].join(path.delimiter),
	});
	delete env.N8N_CUSTOM_EXTENSIONS;
	return Object.assign(env, extra || {});
}

/**
 * @param {string} cmd
 * @param {string[]} args
 * @param {{
 *   env: NodeJS.ProcessEnv, cwd?: string, timeoutMs: number, verbose?: boolean, label?: string,
 *   track?: Set<import('node:child_process').ChildProcess>,
 * }} options
 * @returns {Promise<CliResult>}
 */
function run(cmd, args, { env, cwd, timeoutMs, verbose, label, track }) {
	return new Promise((resolve, reject) => {
		const t0 = Date.now();
		const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c) => {
			stdout += c;
			if (verbose) process.stderr.write(c);
		});
		child.stderr.on('data', (c) => {
			stderr += c;
			if (verbose) process.stderr.write(c);
		});
		let timedOut = false;
		const timer = setTimeout(() => {
			timedOut = true;
			killGroup(child, 'SIGKILL');
		}, timeoutMs);
		child.on('error', (err) => {
			clearTimeout(timer);
			reject(err);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			const res = { code, signal, stdout, stderr, durationMs: Date.now() - t0 };
			if (timedOut) {
				/** @type {CliError} */
				const err = new Error(`${label || args.join(' ')} timed out after ${timeoutMs} ms\n${tail(stdout, stderr)}`);
				err.result = res;
				reject(err);
			} else resolve(res);
		});
		if (track) {
			track.add(child);
			child.on('close', () => track.delete(child));
		}
	});
}

/**
 * Kill the child's whole process group (n8n spawns a task-runner child).
 * @param {import('node:child_process').ChildProcess} child
 * @param {NodeJS.Signals} signal
 */
function killGroup(child, signal) {
	if (!child || child.exitCode !== null || child.signalCode !== null) return;
	try {
		process.kill(-(/** @type {number} */ (child.pid)), signal);
	} catch {
		try {
			child.kill(signal);
		} catch {
			/* gone */
		}
	}
}

/** @param {string} stdout @param {string} stderr */
function tail(stdout, stderr, n = 4000) {
	return `--- stdout (tail) ---\n${String(stdout).slice(-n)}\n--- stderr (tail) ---\n${String(stderr).slice(-n)}`;
}

/** @param {string} url @returns {Promise<number>} the status, 0 when there was no answer */
function httpGet(url, timeoutMs = 2000) {
	return new Promise((resolve) => {
		const req = http.get(url, { timeout: timeoutMs }, (res) => {
			res.resume();
			res.on('end', () => resolve(res.statusCode ?? 0));
		});
		req.on('timeout', () => req.destroy());
		req.on('error', () => resolve(0));
	});
}

/**
 * Pack `packageDir` (or take `tarball`) and install it into <userFolder>/.n8n/nodes
 * the way n8n's CommunityPackagesService does.
 * @param {{ userFolder: string, packageDir: string | null, tarball?: string, env: NodeJS.ProcessEnv, timeoutMs: number, verbose: boolean }} options
 */
async function installCommunityPackage({ userFolder, packageDir, tarball, env, timeoutMs, verbose }) {
	const nodesDir = path.join(userFolder, '.n8n', 'nodes');
	await fsp.mkdir(nodesDir, { recursive: true });
	let tgz = tarball ? path.resolve(tarball) : null;
	if (!tgz) {
		if (packageDir === null) throw new Error('installCommunityPackage needs a packageDir or a tarball');
		const pkgJson = JSON.parse(await fsp.readFile(path.join(packageDir, 'package.json'), 'utf8'));
		for (const rel of [...(pkgJson.n8n?.nodes || []), ...(pkgJson.n8n?.credentials || [])]) {
			if (!fs.existsSync(path.join(packageDir, rel))) {
				throw new Error(`${pkgJson.name}: ${rel} does not exist; run 'npm run build' first`);
			}
		}
		const packDir = await fsp.mkdtemp(path.join(os.tmpdir(), 'n8n-e2e-pack-'));
		const res = await run('npm', ['pack', packageDir, '--ignore-scripts', '--silent', '--pack-destination', packDir], {
			env,
			cwd: packDir,
			timeoutMs,
			verbose,
			label: 'npm pack',
		});
		if (res.code !== 0) throw new Error(`npm pack failed (${res.code})\n${tail(res.stdout, res.stderr)}`);
		const name = res.stdout.trim().split('\n').at(-1)?.trim() ?? '';
		tgz = path.join(packDir, name);
	}
	const staging = await fsp.mkdtemp(path.join(nodesDir, '.staging-'));
	const tarRes = await run('tar', ['-xzf', tgz, '-C', staging, '--strip-components=1'], {
		env,
		timeoutMs,
		label: 'tar',
	});
	if (tarRes.code !== 0) throw new Error(`tar failed\n${tail(tarRes.stdout, tarRes.stderr)}`);
	if (!tarball) await fsp.rm(path.dirname(tgz), { recursive: true, force: true });
	const pjPath = path.join(staging, 'package.json');
	const { devDependencies, peerDependencies, optionalDependencies, ...pj } = JSON.parse(await fsp.readFile(pjPath, 'utf8'));
	void devDependencies;
	void peerDependencies;
	void optionalDependencies;
	await fsp.writeFile(pjPath, JSON.stringify(pj, null, 2));
	const target = path.join(nodesDir, 'node_modules', pj.name);
	await fsp.mkdir(path.dirname(target), { recursive: true });
	await fsp.rm(target, { recursive: true, force: true });
	await fsp.rename(staging, target);
	if (pj.dependencies && Object.keys(pj.dependencies).length) {
		const res = await run(
			'npm',
			['install', '--audit=false', '--fund=false', '--bin-links=false', '--install-strategy=shallow', '--ignore-scripts=true', '--package-lock=false'],
			{ env, cwd: target, timeoutMs, verbose, label: 'npm install (package deps)' },
		);
		if (res.code !== 0) throw new Error(`npm install in ${target} failed\n${tail(res.stdout, res.stderr)}`);
	}
	const nodesPkg = path.join(nodesDir, 'package.json');
	let manifest = { name: 'installed-nodes', private: true, dependencies: {} };
	try {
		manifest = JSON.parse(await fsp.readFile(nodesPkg, 'utf8'));
	} catch {
		/* new */
	}
	manifest.dependencies = { ...(manifest.dependencies || {}), [pj.name]: pj.version };
	await fsp.writeFile(nodesPkg, JSON.stringify(manifest, null, 2));
	return { target, name: pj.name, version: pj.version };
}

class N8nInstance {
	/** @param {{ userFolder: string, env: NodeJS.ProcessEnv, timeoutMs: number, verbose: boolean, keepUserFolder: boolean }} opts */
	constructor(opts) {
		this.userFolder = opts.userFolder;
		this.env = opts.env;
		this.timeoutMs = opts.timeoutMs;
		this.verbose = opts.verbose;
		this.keepUserFolder = opts.keepUserFolder;
		/** @type {string | null} */
		this.packageInstallDir = null;
		/** @type {string | null} */
		this.packageName = null;
		/** @type {ServerProcess | null} */
		this.server = null;
		this.stopped = false;
		this._seq = 0;
		/** @type {string | null} */
		this._cookie = null;
		/** @type {Set<import('node:child_process').ChildProcess>} */
		this._children = new Set();
		this._browserId = `n8n-e2e-${process.pid}-${Date.now()}`;
	}

	/** @param {string} prefix */
	_file(prefix) {
		return path.join(this.userFolder, 'io', `${prefix}-${Date.now()}-${++this._seq}.json`);
	}

	/**
	 * Run any n8n CLI command against this instance. Each run gets its own task-broker port.
	 * @param {string[]} args
	 * @param {{ timeoutMs?: number, env?: NodeJS.ProcessEnv }} [options]
	 */
	async cli(args, { timeoutMs, env } = {}) {
		if (this.stopped) throw new Error('n8n instance already stopped');
		const rt = install.nodeRuntime();
		const brokerPort = await freePort();
		return run(rt.nodeExe, [install.n8nBin(), ...args], {
			env: { ...this.env, N8N_RUNNERS_BROKER_PORT: String(brokerPort), ...(env || {}) },
			cwd: this.userFolder,
			timeoutMs: timeoutMs || this.timeoutMs,
			verbose: this.verbose,
			label: `n8n ${args.join(' ')}`,
			track: this._children,
		});
	}

	/** @param {string[]} args @param {{ timeoutMs?: number, env?: NodeJS.ProcessEnv }} [opts] */
	async _cliOk(args, opts) {
		const res = await this.cli(args, opts);
		const errors = parseJsonLogLines(res.stdout + '\n' + res.stderr).filter((l) => l.level === 'error');
		if (res.code !== 0 || errors.length) {
			/** @type {CliError} */
			const err = new Error(
				`n8n ${args.join(' ')} failed (exit ${res.code}): ${errors.map((e) => e.message).join(' | ')}\n${tail(res.stdout, res.stderr)}`,
			);
			err.result = res;
			throw err;
		}
		return res;
	}

	/** @param {CredentialImport[]} list */
	async importCredentials(list) {
		if (!Array.isArray(list)) throw new TypeError('importCredentials expects an array');
		const file = this._file('credentials');
		await fsp.mkdir(path.dirname(file), { recursive: true });
		await fsp.writeFile(file, JSON.stringify(list, null, 2), { mode: 0o600 });
		try {
			return await this._cliOk(['import:credentials', `--input=${file}`]);
		} finally {
			await fsp.rm(file, { force: true });
		}
	}

	/** @param {WorkflowImport[]} list */
	async importWorkflows(list) {
		if (!Array.isArray(list)) throw new TypeError('importWorkflows expects an array');
		const wfs = list.map((wf) => ({ active: false, settings: {}, connections: {}, ...wf }));
		for (const wf of wfs) if (!wf.id) throw new Error(`workflow "${wf.name}" needs an id`);
		const file = this._file('workflows');
		await fsp.mkdir(path.dirname(file), { recursive: true });
		await fsp.writeFile(file, JSON.stringify(wfs, null, 2));
		try {
			const res = await this._cliOk(['import:workflow', `--input=${file}`]);
			const skipped = parseJsonLogLines(res.stdout).filter((l) => /^Skipped workflow/.test(l.message));
			if (skipped.length) {
				throw new Error(`n8n skipped workflows: ${skipped.map((s) => s.message + ' ' + JSON.stringify(s.metadata || {})).join('; ')}`);
			}
			return res;
		} finally {
			await fsp.rm(file, { force: true });
		}
	}

	/** @param {string} workflowId @param {{ timeoutMs?: number }} [options] */
	async execute(workflowId, { timeoutMs } = {}) {
		const res = await this.cli(['execute', `--id=${workflowId}`, '--rawOutput'], { timeoutMs });
		const runObj = parseRunOutput(res.stdout) || parseRunOutput(res.stderr);
		if (!runObj) {
			/** @type {CliError} */
			const err = new Error(`n8n execute --id=${workflowId}: no run data in output (exit ${res.code})\n${tail(res.stdout, res.stderr)}`);
			err.result = res;
			throw err;
		}
		const resultData = runObj.data.resultData || {};
		/** @type {Record<string, TaskData[]>} */
		const runData = resultData.runData || {};
		return {
			ok: !resultData.error,
			run: runObj,
			status: runObj.status,
			error: resultData.error,
			lastNodeExecuted: resultData.lastNodeExecuted,
			runData,
			/** @param {string} nodeName @returns {any[]} the items' JSON */
			output(nodeName, { outputIndex = 0, runIndex = 0 } = {}) {
				const r = runData[nodeName];
				if (!r) throw new Error(`node "${nodeName}" did not run (ran: ${Object.keys(runData).join(', ')})`);
				const items = r[runIndex]?.data?.main?.[outputIndex] || [];
				return items.map((i) => i.json);
			},
			code: res.code,
			stdout: res.stdout,
			stderr: res.stderr,
			durationMs: res.durationMs,
			logs: parseJsonLogLines(res.stdout + '\n' + res.stderr),
		};
	}

	/** @param {{ decrypted?: boolean, id?: string }} [options] */
	async exportCredentials({ decrypted = true, id } = {}) {
		const file = this._file('export-credentials');
		await fsp.mkdir(path.dirname(file), { recursive: true });
		const args = ['export:credentials', id ? `--id=${id}` : '--all', `--output=${file}`];
		if (decrypted) args.push('--decrypted');
		try {
			const res = await this.cli(args);
			if (!fs.existsSync(file)) {
				// n8n logs "No credentials found" and writes nothing when the DB is empty
				if (/No credentials found/i.test(res.stdout)) return [];
				throw new Error(`export:credentials wrote no file (exit ${res.code})\n${tail(res.stdout, res.stderr)}`);
			}
			return JSON.parse(await fsp.readFile(file, 'utf8'));
		} finally {
			await fsp.rm(file, { force: true });
		}
	}

	async exportWorkflows() {
		const file = this._file('export-workflows');
		await fsp.mkdir(path.dirname(file), { recursive: true });
		try {
			const res = await this.cli(['export:workflow', '--all', `--output=${file}`]);
			if (!fs.existsSync(file)) {
				if (/No workflows found/i.test(res.stdout)) return [];
				throw new Error(`export:workflow wrote no file (exit ${res.code})\n${tail(res.stdout, res.stderr)}`);
			}
			return JSON.parse(await fsp.readFile(file, 'utf8'));
		} finally {
			await fsp.rm(file, { force: true });
		}
	}

	/** @param {{ port?: number, timeoutMs?: number }} [options] */
	async startServer({ port, timeoutMs } = {}) {
		if (this.stopped) throw new Error('n8n instance already stopped');
		if (this.server) throw new Error('server already started');
		port = port || (await freePort());
		const brokerPort = await freePort();
		const rt = install.nodeRuntime();
		const env = {
			...this.env,
			N8N_PORT: String(port),
			N8N_LISTEN_ADDRESS: '127.0.0.1',
			N8N_HOST: '127.0.0.1',
			N8N_PROTOCOL: 'http',
			WEBHOOK_URL: `http://127.0.0.1:${port}/`,
			N8N_RUNNERS_BROKER_PORT: String(brokerPort),
		};
		const child = spawn(rt.nodeExe, [install.n8nBin(), 'start'], {
			env,
			cwd: this.userFolder,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		/** @type {ServerProcess} */
		const server = { child, port, url: `http://127.0.0.1:${port}`, stdout: '', stderr: '', exited: null };
		this.server = server;
		child.stdout.on('data', (c) => {
			server.stdout = (server.stdout + c).slice(-200000);
			if (this.verbose) process.stderr.write(c);
		});
		child.stderr.on('data', (c) => {
			server.stderr = (server.stderr + c).slice(-200000);
			if (this.verbose) process.stderr.write(c);
		});
		server.exitPromise = new Promise((resolve) => {
			child.on('close', (code, signal) => {
				server.exited = { code, signal };
				resolve(server.exited);
			});
		});
		const deadline = Date.now() + (timeoutMs || this.timeoutMs);
		const t0 = Date.now();
		while (Date.now() < deadline) {
			if (server.exited) {
				this.server = null;
				throw new Error(`n8n start exited early (${JSON.stringify(server.exited)})\n${tail(server.stdout, server.stderr)}`);
			}
			// n8n 1.x is ready before its REST API is: wait for both.
			if ((await httpGet(`${server.url}/healthz/readiness`)) === 200 && (await httpGet(`${server.url}/rest/settings`)) === 200) {
				server.startupMs = Date.now() - t0;
				return { url: server.url, port, startupMs: server.startupMs };
			}
			await new Promise((r) => setTimeout(r, 250));
		}
		await this.stopServer();
		throw new Error(`n8n start: ${server.url}/healthz/readiness not ready in time\n${tail(server.stdout, server.stderr)}`);
	}

	/**
	 * `n8n worker` (queue mode: the env must carry EXECUTIONS_MODE=queue and the shared DB and Redis); resolves
	 * once it logs that it is ready. A worker lives in its own process group with its task runner; stop() kills it.
	 * @param {{ concurrency?: number, timeoutMs?: number }} [options]
	 */
	async startWorker({ concurrency = 10, timeoutMs } = {}) {
		if (this.stopped) throw new Error('n8n instance already stopped');
		const rt = install.nodeRuntime();
		const env = { ...this.env, N8N_RUNNERS_BROKER_PORT: String(await freePort()) };
		const child = spawn(rt.nodeExe, [install.n8nBin(), 'worker', `--concurrency=${concurrency}`], {
			env,
			cwd: this.userFolder,
			stdio: ['ignore', 'pipe', 'pipe'],
			detached: true,
		});
		this._children.add(child);
		/** @type {WorkerProcess} */
		const worker = { child, pid: /** @type {number} */ (child.pid), output: '', exited: null };
		const keep = (/** @type {Buffer} */ chunk) => {
			worker.output = (worker.output + chunk).slice(-2000000);
			if (this.verbose) process.stderr.write(chunk);
		};
		child.stdout.on('data', keep);
		child.stderr.on('data', keep);
		worker.exitPromise = new Promise((resolve) =>
			child.on('close', (code, signal) => {
				worker.exited = { code, signal };
				this._children.delete(child);
				resolve(worker.exited);
			}),
		);
		const deadline = Date.now() + (timeoutMs || this.timeoutMs);
		while (!worker.output.includes('n8n worker is now ready')) {
			if (worker.exited || Date.now() > deadline) {
				killGroup(child, 'SIGKILL');
				throw new Error(`n8n worker did not get ready (${JSON.stringify(worker.exited)})\n${worker.output.slice(-4000)}`);
			}
			await new Promise((r) => setTimeout(r, 250));
		}
		return worker;
	}

	/**
	 * HTTP request to the running editor server; sends the owner cookie once setupOwner() ran.
	 * Resolves { status, headers, body (parsed JSON when possible), text }.
	 * @param {string} method
	 * @param {string} urlPath
	 * @param {{ body?: unknown, headers?: Record<string, string>, timeoutMs?: number }} [options]
	 * @returns {Promise<{ status: number, headers: import('node:http').IncomingHttpHeaders, body: any, text: string }>}
	 */
	request(method, urlPath, { body, headers, timeoutMs = 30000 } = {}) {
		const server = this.server;
		if (!server) return Promise.reject(new Error('server not started'));
		const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
		/** @type {Record<string, string | number>} */
		const h = { 'browser-id': this._browserId, ...(headers || {}) };
		if (this._cookie) h.cookie = this._cookie;
		if (payload !== undefined) {
			h['content-type'] = h['content-type'] || 'application/json';
			h['content-length'] = Buffer.byteLength(payload);
		}
		return new Promise((resolve, reject) => {
			const req = http.request(`${server.url}${urlPath}`, { method, headers: h, timeout: timeoutMs }, (res) => {
				let text = '';
				res.setEncoding('utf8');
				res.on('data', (c) => (text += c));
				res.on('end', () => {
					let parsed = text;
					try {
						parsed = JSON.parse(text);
					} catch {
						/* not JSON */
					}
					resolve({ status: res.statusCode ?? 0, headers: res.headers, body: parsed, text });
				});
			});
			req.on('timeout', () => req.destroy(new Error(`${method} ${urlPath} timed out`)));
			req.on('error', reject);
			if (payload !== undefined) req.write(payload);
			req.end();
		});
	}

	/** Create the instance owner through the REST API and keep its auth cookie for request(). */
	async setupOwner({
		email = 'owner@n8n-nodes-zstack.test',
		password = 'E2e-Owner-Passw0rd',
		firstName = 'E2E',
		lastName = 'Owner',
	} = {}) {
		let res = await this.request('POST', '/rest/owner/setup', { body: { email, password, firstName, lastName } });
		if (res.status === 400 && /already set ?up/i.test(res.text)) {
			// n8n 1.x names the field email, 2.x emailOrLdapLoginId.
			res = await this.request('POST', '/rest/login', { body: { email, emailOrLdapLoginId: email, password } });
		}
		if (res.status !== 200) throw new Error(`owner setup failed: ${res.status} ${res.text.slice(0, 500)}`);
		const setCookie = res.headers['set-cookie'] ?? [];
		this._cookie = setCookie.map((c) => c.split(';')[0]).join('; ');
		return { email, password, cookie: this._cookie };
	}

	async stopServer({ graceMs = 10000 } = {}) {
		const server = this.server;
		if (!server) return;
		this.server = null;
		if (!server.exited) {
			killGroup(server.child, 'SIGTERM');
			const timer = setTimeout(() => killGroup(server.child, 'SIGKILL'), graceMs);
			await server.exitPromise;
			clearTimeout(timer);
		}
	}

	async stop() {
		if (this.stopped) return;
		await this.stopServer();
		this.stopped = true;
		for (const child of this._children) killGroup(child, 'SIGKILL');
		live.delete(this);
		if (!this.keepUserFolder) await fsp.rm(this.userFolder, { recursive: true, force: true });
	}

	/** Synchronous last-resort clean-up used by the process 'exit' hook. */
	_stopSync() {
		if (this.server) killGroup(this.server.child, 'SIGKILL');
		for (const child of this._children) killGroup(child, 'SIGKILL');
		if (!this.keepUserFolder) {
			try {
				fs.rmSync(this.userFolder, { recursive: true, force: true });
			} catch {
				/* ignore */
			}
		}
	}
}

/**
 * @param {{
 *   packageDir?: string | null, tarball?: string, encryptionKey?: string, env?: NodeJS.ProcessEnv,
 *   keepUserFolder?: boolean, userFolder?: string, verbose?: boolean, timeoutMs?: number,
 * }} [options]
 */
async function createN8n(options = {}) {
	if (!install.isInstalled()) {
		throw new Error(
			`n8n ${install.N8N_VERSION} is not installed in ${install.installDir()}; run 'npm run e2e:install' (node tools/n8n/install.js) first`,
		);
	}
	const kept = options.userFolder !== undefined;
	const userFolder = options.userFolder ? path.resolve(options.userFolder) : await fsp.mkdtemp(path.join(os.tmpdir(), 'n8n-e2e-'));
	await fsp.mkdir(path.join(userFolder, 'tmp'), { recursive: true });
	const env = baseEnv({
		userFolder,
		encryptionKey: options.encryptionKey || (kept ? undefined : N8N_E2E_ENCRYPTION_KEY),
		extra: options.env,
	});
	const inst = new N8nInstance({
		userFolder,
		env,
		timeoutMs: options.timeoutMs || DEFAULT_TIMEOUT_MS,
		verbose: !!options.verbose,
		keepUserFolder: kept || !!options.keepUserFolder,
	});
	installExitHook();
	live.add(inst);
	try {
		const packageDir = options.packageDir === undefined ? install.REPO_ROOT : options.packageDir;
		if (packageDir !== null || options.tarball) {
			const res = await installCommunityPackage({
				userFolder,
				packageDir,
				tarball: options.tarball,
				env,
				timeoutMs: inst.timeoutMs,
				verbose: inst.verbose,
			});
			inst.packageInstallDir = res.target;
			inst.packageName = res.name;
		}
	} catch (err) {
		await inst.stop();
		throw err;
	}
	return inst;
}

module.exports = {
	createN8n,
	killGroup,
	parseRunOutput,
	parseJsonLogLines,
	freePort,
	N8N_E2E_ENCRYPTION_KEY,
	ZSTACK_NODE_TYPE,
	ZSTACK_CREDENTIAL_TYPE,
	ensureInstalled: install.ensureInstalled,
	isInstalled: install.isInstalled,
};
