// @ts-check
'use strict';

/**
 * `npm run bench`: what the ZStack node costs on top of the network, in one process and one run.
 *
 *  1. The time to `require` the built node and credential modules (n8n-workflow, which n8n has loaded long
 *     before, is timed apart).
 *  2. Against a loopback server with a fixed added latency (5 ms, 50 ms), N BindModelToService calls made
 *     (a) directly with undici over keep-alive connections — the floor — and (b) as N items through the built
 *     node inside n8n-core's WorkflowExecute (the contract tests' harness), at the same concurrency (1, 8, 16) for both.
 *  3. Thousands of items, for throughput and memory.
 *  4. Where the time per item goes inside n8n's request path, layer by layer, against a 0 ms server.
 *  5. Job polling (polling-bench.js): jobs of 50 ms, 2 s and 30 s, against the ideal and ZStack's SDKs.
 *
 * Figures, not assertions: nothing here fails on a slow machine, except a wrong answer (lost, duplicated or
 * reordered items), which aborts the run.
 *
 * Environment: BENCH_ITEMS (default 200), BENCH_MANY (default 5000), BENCH_CALLS (calls per round and layer, default 500).
 */

// ---- 1. module load time: first, before anything else has loaded the package or n8n ----------------------
const path = require('node:path');

const root = path.resolve(__dirname, '../..');
const manifest = require(path.join(root, 'package.json'));
if (!require('node:fs').existsSync(path.join(root, manifest.n8n.nodes[0]))) {
	console.error(`${manifest.n8n.nodes[0]} is missing: run \`npm run build\` first (the bench loads the built node).`);
	process.exit(1);
}
const loadStarted = performance.now();
require('n8n-workflow');
const workflowLoaded = performance.now();
const nodeExports = require(path.join(root, manifest.n8n.nodes[0]));
const nodeLoaded = performance.now();
const credentialExports = require(path.join(root, manifest.n8n.credentials[0]));
const credentialLoaded = performance.now();
/** @type {import('n8n-workflow').INodeType} */
const zstackNode = new (/** @type {any} */ (Object.values(nodeExports)[0]))();
/** @type {import('n8n-workflow').ICredentialType} */
const zstackCredential = new (/** @type {any} */ (Object.values(credentialExports)[0]))();
const instantiated = performance.now();
/** Loading again with the package's modules dropped from the require cache (files cached by the OS by now). */
const reloads = Array.from({ length: 5 }, () => {
	for (const file of Object.keys(require.cache)) {
		if (file.startsWith(path.join(root, 'dist') + path.sep)) delete require.cache[file];
	}
	const started = performance.now();
	require(path.join(root, manifest.n8n.nodes[0]));
	require(path.join(root, manifest.n8n.credentials[0]));
	return performance.now() - started;
}).sort((a, b) => a - b);
const loadTimes = {
	n8nWorkflow: workflowLoaded - loadStarted,
	node: nodeLoaded - workflowLoaded,
	credential: credentialLoaded - nodeLoaded,
	instantiate: instantiated - credentialLoaded,
	reload: reloads[2],
};

// ---- everything else ---------------------------------------------------------------------------------------
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const v8 = require('node:v8');
const vm = require('node:vm');
const os = require('node:os');
const { Agent, request: undiciRequest } = require('undici');
const { Container } = require('@n8n/di');
const { OutboundHttp, SsrfProtectionService, DnsResolver } = require('@n8n/backend-network');
const { Logger } = require('@n8n/backend-common');

require('../require-typescript');
const { WorkflowHarness } = require('../../contract-tests/harness/workflow');
const { mapInOrder } = require(path.join(root, 'dist/nodes/ZStack/helpers/concurrency.js'));
const { runPollingBench } = require('./polling-bench');
const { table } = require('./table');
const { startLatencyServers, postBind } = require('./latency-server');

const ITEMS = Number(process.env.BENCH_ITEMS ?? 200);
const MANY = Number(process.env.BENCH_MANY ?? 5000);
const CALLS = Number(process.env.BENCH_CALLS ?? 500);
const LATENCIES = [5, 50];
/** The server also answers with no added latency (per-layer costs) and 20 ms (the issue's HTTP Request figure). */
const SERVER_LATENCIES = [0, 5, 20, 50];
const CONCURRENCIES = [1, 8, 16];
const SESSION = '5e55101100000000000000000000beef';
const MODEL_SERVICE = '0f4c8a9e2b3d4c5f8a7b6c5d4e3f2a1b';
const CREDENTIAL_ID = 'bench';
const PROBE_NODE = 'bench.probe';

const modelUuid = (/** @type {number} */ i) => i.toString(16).padStart(32, '0');
const bindPath = (/** @type {string} */ model) => `/zstack/v1/ai/models/${model}/model-services/${MODEL_SERVICE}`;
const itemsOf = (/** @type {number} */ count) => Array.from({ length: count }, (_, i) => ({ model: modelUuid(i) }));

// ---- the server worker ---------------------------------------------------------------------------------------

/** @type {Awaited<ReturnType<typeof startLatencyServers>>} */
let servers;

/** A throwaway self-signed certificate (openssl), or undefined when openssl is not there. */
function selfSignedCertificate() {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zstack-bench-'));
	try {
		execFileSync('openssl', [
			'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
			'-keyout', path.join(dir, 'key.pem'), '-out', path.join(dir, 'cert.pem'),
		], { stdio: 'ignore' });
		return { key: fs.readFileSync(path.join(dir, 'key.pem'), 'utf8'), cert: fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8') };
	} catch {
		return undefined;
	} finally {
		fs.rmSync(dir, { recursive: true, force: true });
	}
}

async function startServers() {
	servers = await startLatencyServers({ latencies: SERVER_LATENCIES, tls: selfSignedCertificate() });
}

const hostOf = (/** @type {number} */ latency) => `http://127.0.0.1:${servers.ports[latency]}`;

// ---- memory -----------------------------------------------------------------------------------------------------

v8.setFlagsFromString('--expose-gc');
/** @type {() => void} */
const collectGarbage = vm.runInNewContext('gc');
/** Peak heap since the last reset, and over the whole bench. */
let peakHeap = 0;
let overallPeakHeap = 0;
const sampler = setInterval(() => {
	const { heapUsed } = process.memoryUsage();
	peakHeap = Math.max(peakHeap, heapUsed);
	overallPeakHeap = Math.max(overallPeakHeap, heapUsed);
}, 25);
sampler.unref();

// ---- (a) the floor: undici, keep-alive, the node's own concurrency scheduler --------------------------------------

/**
 * @param {number} latency
 * @param {{ model: string }[]} items
 * @param {number} concurrency
 */
async function floorRun(latency, items, concurrency) {
	const dispatcher = new Agent({ keepAliveTimeout: 30_000 });
	const origin = hostOf(latency);
	const started = performance.now();
	const inventories = await mapInOrder(items.length, concurrency, async (/** @type {number} */ index) => {
		const model = items[index].model;
		const { statusCode, body } = await undiciRequest(`${origin}${bindPath(model)}`, {
			method: 'POST',
			dispatcher,
			headers: {
				authorization: `OAuth ${SESSION}`,
				'content-type': 'application/json;charset=UTF-8',
				accept: 'application/json',
			},
			body: '{}',
		});
		const reply = /** @type {any} */ (await body.json());
		if (statusCode !== 200) throw new Error(`floor: HTTP ${statusCode}`);
		return reply.inventory;
	});
	const seconds = (performance.now() - started) / 1000;
	await dispatcher.close();
	checkOrder('floor', items, inventories);
	return seconds;
}

/**
 * @param {string} who
 * @param {{ model: string }[]} items
 * @param {any[]} inventories
 */
function checkOrder(who, items, inventories) {
	if (inventories.length !== items.length) throw new Error(`${who}: ${inventories.length} results for ${items.length} items`);
	inventories.forEach((inventory, index) => {
		const expected = items[index].model;
		if (inventory?.modelServiceRefs?.[0]?.modelUuid !== expected) {
			throw new Error(`${who}: result ${index} is not item ${index}'s: ${JSON.stringify(inventory)}`);
		}
	});
}

// ---- (b) the node in n8n-core's WorkflowExecute --------------------------------------------------------------------

/**
 * The contract tests' harness, with a session credential for the server of that latency.
 * @param {number} latency
 * @param {Record<string, import('n8n-workflow').INodeType>} [extraNodeTypes]
 */
function newHarness(latency, extraNodeTypes) {
	const harness = new WorkflowHarness(extraNodeTypes);
	harness.saveCredential(CREDENTIAL_ID, { host: hostOf(latency), authType: 'session', sessionUuid: SESSION });
	return harness;
}

/** The items' model UUIDs come from an expression, as when a workflow binds a list of models. */
function bindParameters(/** @type {number} */ concurrency) {
	return {
		resource: 'model',
		operation: 'bindToService',
		modelUuid: { __rl: true, mode: 'id', value: '={{ $json.model }}' },
		modelServiceUuid: { __rl: true, mode: 'id', value: MODEL_SERVICE },
		options: { concurrency },
	};
}

/**
 * @param {number} latency
 * @param {{ model: string }[]} items
 * @param {number} concurrency
 */
async function nodeRun(latency, items, concurrency) {
	const harness = newHarness(latency);
	const started = performance.now();
	const { output, error } = await harness.run({ parameters: bindParameters(concurrency), items, credentialId: CREDENTIAL_ID });
	const seconds = (performance.now() - started) / 1000;
	if (error) throw new Error(`node: ${error.message}`);
	checkOrder('node', items, output.map((item) => item.json));
	output.forEach((item, index) => {
		if (/** @type {any} */ (item.pairedItem)?.item !== index) throw new Error(`node: item ${index} is not paired with input ${index}`);
	});
	const { reads } = harness.credentials;
	if (reads !== 1) throw new Error(`node: the credential was read ${reads} times in one execution`);
	return seconds;
}

// ---- 4. per-item costs inside n8n's request path -------------------------------------------------------------------

/**
 * The best of three rounds, since other work on the machine only ever adds time.
 * @param {number} count calls per round
 * @param {(i: number) => unknown} work
 * @returns {Promise<number>} ms per call
 */
async function perCall(count, work) {
	for (let i = 0; i < Math.min(50, count); i++) await work(i);
	let best = Infinity;
	for (let round = 0; round < 3; round++) {
		const started = performance.now();
		for (let i = 0; i < count; i++) await work(i);
		best = Math.min(best, (performance.now() - started) / count);
	}
	return best;
}

/** @param {number} count @param {(i: number) => unknown} work @returns {number} ms per call, best of three rounds */
function perCallSync(count, work) {
	for (let i = 0; i < Math.min(200, count); i++) work(i);
	let best = Infinity;
	for (let round = 0; round < 3; round++) {
		const started = performance.now();
		for (let i = 0; i < count; i++) work(i);
		best = Math.min(best, (performance.now() - started) / count);
	}
	return best;
}

/** The options the node's client passes to httpRequestWithAuthentication for a bind. */
function bindRequest(/** @type {number} */ i, origin = hostOf(0)) {
	return {
		method: /** @type {const} */ ('POST'),
		url: `${origin}${bindPath(modelUuid(i))}`,
		body: '{}',
		headers: { 'Content-Type': 'application/json;charset=UTF-8' },
		arrayFormat: /** @type {const} */ ('repeat'),
		timeout: 60_000,
		encoding: /** @type {const} */ ('text'),
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
	};
}

/** @type {{ layer: string, ms: number, note: string }[]} */
const layers = [];

async function measureRawLayers() {
	const url = (/** @type {number} */ i) => `${hostOf(0)}${bindPath(modelUuid(i))}`;
	const keepAlive = new Agent({ keepAliveTimeout: 30_000 });
	layers.push({
		layer: 'undici request, keep-alive (the floor)',
		ms: await perCall(CALLS, async (i) => {
			const { body } = await undiciRequest(url(i), {
				method: 'POST',
				dispatcher: keepAlive,
				headers: { authorization: `OAuth ${SESSION}`, 'content-type': 'application/json' },
				body: '{}',
			});
			await body.json();
		}),
		note: '',
	});
	await keepAlive.close();
	const shared = new http.Agent({ keepAlive: true });
	layers.push({
		layer: 'node:http request, shared keep-alive Agent',
		ms: await perCall(CALLS, (i) => postBind(shared, url(i), SESSION)),
		note: '',
	});
	shared.destroy();
	layers.push({
		layer: 'node:http request, new http.Agent per request',
		ms: await perCall(CALLS, (i) => {
			const agent = new http.Agent();
			return postBind(agent, url(i), SESSION);
		}),
		note: 'a TCP connect + close per request',
	});
	const agentFactory = Container.get(OutboundHttp).transport();
	layers.push({
		layer: "  of which: building n8n's agent pair (buildNodeAgents)",
		// What setAxiosAgents does for each request: OutboundHttp.transport().getNodeAgent(options) → buildNodeAgents.
		ms: perCallSync(CALLS * 10, () => agentFactory.getNodeAgent({})),
		note: 'an http and an https agent, per request',
	});

	const outbound = Container.get(OutboundHttp);
	layers.push({
		layer: "n8n OutboundHttp request (helpers.httpRequest: axios, new agents)",
		ms: await perCall(CALLS, (i) => outbound.requests().request(bindRequest(i))),
		note: '',
	});

	// The same with SSRF protection on (N8N_SSRF_PROTECTION_ENABLED; off by default), loopback allowed.
	const ssrfConfig = /** @type {any} */ ({
		enabled: true,
		blockedIpRanges: ['127.0.0.0/8'],
		allowedIpRanges: ['127.0.0.0/8'],
		allowedHostnames: [],
		blockedHostnames: [],
		dnsCacheMaxSize: 1024 * 1024,
	});
	const ssrf = new SsrfProtectionService(ssrfConfig, Container.get(DnsResolver), Container.get(Logger));
	const guarded = new OutboundHttp(ssrf, ssrfConfig, Container.get(Logger));
	layers.push({
		layer: '  the same with SSRF protection on',
		ms: await perCall(CALLS, (i) => guarded.requests().request(bindRequest(i))),
		note: 'off by default in n8n 2.41',
	});

	if (servers.tlsPort !== undefined) {
		// Over HTTPS (a self-signed certificate, as many ZStack installations have: "Ignore SSL Issues").
		const origin = `https://127.0.0.1:${servers.tlsPort}`;
		const secure = new Agent({ keepAliveTimeout: 30_000, connect: { rejectUnauthorized: false } });
		layers.push({
			layer: 'HTTPS: undici request, keep-alive',
			ms: await perCall(CALLS, async (i) => {
				const { body } = await undiciRequest(`${origin}${bindPath(modelUuid(i))}`, {
					method: 'POST',
					dispatcher: secure,
					headers: { authorization: `OAuth ${SESSION}`, 'content-type': 'application/json' },
					body: '{}',
				});
				await body.json();
			}),
			note: 'one TLS handshake in all',
		});
		await secure.close();
		layers.push({
			layer: 'HTTPS: n8n OutboundHttp request',
			ms: await perCall(CALLS, (i) => outbound.requests().request({ ...bindRequest(i, origin), skipSslCertificateValidation: true })),
			note: 'a TLS handshake (RSA 2048) per request',
		});
	}
}

/**
 * A node with the ZStack node's description (so parameters resolve exactly as the ZStack node's do) whose
 * execute measures the n8n helpers the ZStack node calls per item.
 * @returns {import('n8n-workflow').INodeType}
 */
function probeNodeType() {
	return {
		description: zstackNode.description,
		async execute() {
			const ctx = /** @type {import('n8n-workflow').IExecuteFunctions} */ (this);
			const count = ctx.getInputData().length;
			const at = (/** @type {number} */ i) => i % count;
			/** @param {string} layer @param {number} ms @param {string} [note] */
			const add = (layer, ms, note = '') => layers.push({ layer, ms, note });

			add('getNodeParameter, literal UUID locator (extractValue)', perCallSync(CALLS * 10, (i) =>
				ctx.getNodeParameter('modelServiceUuid', at(i), '', { extractValue: true })));
			add('getNodeParameter, ={{ $json.model }} locator (extractValue)', perCallSync(CALLS * 10, (i) =>
				ctx.getNodeParameter('modelUuid', at(i), '', { extractValue: true })));
			add("getNodeParameter, 'additionalFields' collection", perCallSync(CALLS * 10, (i) =>
				ctx.getNodeParameter('additionalFields', at(i), {})));
			add("getNodeParameter, 'options' collection", perCallSync(CALLS * 10, (i) =>
				ctx.getNodeParameter('options', at(i), {})));

			const data = await ctx.getCredentials('zStackApi');
			add('getCredentials (here an in-memory store)', await perCall(CALLS * 10, () => ctx.getCredentials('zStackApi')),
				'n8n adds a DB read + decryption; ~10 ms in the issue');
			add('credential authenticate(), session', perCallSync(CALLS * 10, (i) =>
				/** @type {any} */ (zstackCredential).authenticate(data, bindRequest(i))));
			const accessKey = { ...data, authType: 'accessKey', accessKeyId: 'bench', accessKeySecret: 'secret' };
			add('credential authenticate(), AccessKey (HMAC-SHA1)', perCallSync(CALLS * 10, (i) =>
				/** @type {any} */ (zstackCredential).authenticate(accessKey, bindRequest(i))));

			const credentialsDecrypted = { id: CREDENTIAL_ID, name: CREDENTIAL_ID, type: 'zStackApi', data };
			add('httpRequestWithAuthentication, credential passed in (credentialsDecrypted)', await perCall(CALLS, (i) =>
				ctx.helpers.httpRequestWithAuthentication.call(ctx, 'zStackApi', bindRequest(i), { credentialsDecrypted })));
			add('httpRequestWithAuthentication, credential read per call', await perCall(CALLS, (i) =>
				ctx.helpers.httpRequestWithAuthentication.call(ctx, 'zStackApi', bindRequest(i))),
				'what the node no longer does');
			return [[{ json: {} }]];
		},
	};
}

async function measureN8nLayers() {
	const { error } = await newHarness(0, { [PROBE_NODE]: probeNodeType() }).run({
		nodeType: PROBE_NODE,
		credentialId: CREDENTIAL_ID,
		parameters: {
			...bindParameters(1),
			additionalFields: { systemTags: ['a::b'], userTags: ['team::ml'] },
			options: { concurrency: 1, jobTimeout: 600, pollInterval: 1, requestTimeout: 60 },
		},
		items: itemsOf(100),
	});
	if (error) throw error;

	// The whole node, one item after another with no latency: everything per item that is not the network.
	const items = itemsOf(CALLS);
	const nodeSeconds = await nodeRun(0, items, 1);
	const floorSeconds = await floorRun(0, items, 1);
	layers.push({ layer: 'the ZStack node in WorkflowExecute, per item, concurrency 1', ms: (nodeSeconds * 1000) / CALLS, note: '' });
	layers.push({ layer: '  minus the floor: per-item overhead of node + n8n', ms: ((nodeSeconds - floorSeconds) * 1000) / CALLS, note: '' });
	const busy = await nodeRun(0, items, 16);
	layers.push({ layer: 'the ZStack node, per item, concurrency 16 (CPU-bound)', ms: (busy * 1000) / CALLS, note: '' });
}

// ---- floor against node ---------------------------------------------------------------------------------------------

const COMPARISON_HEADER = ['latency', 'conc', 'items', 'ideal s', 'floor s', 'floor it/s', 'node s', 'node it/s', 'node/floor', 'node/ideal', 'max in flight f/n', 'TCP conns f/n'];

/** @param {number[]} values */
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * The floor and the node, alternately, on the same items; with the server's view of the node's last run.
 * @param {number} latency
 * @param {number} concurrency
 * @param {number} count
 */
async function compare(latency, concurrency, count) {
	const items = itemsOf(count);
	const ideal = (count * latency) / 1000 / concurrency;
	const repeats = ideal < 2 ? 3 : 1;
	const floors = [];
	const nodes = [];
	let floorStats;
	let nodeStats;
	for (let run = 0; run < repeats; run++) {
		await servers.ask({ type: 'reset' });
		floors.push(await floorRun(latency, items, concurrency));
		floorStats = await servers.ask({ type: 'stats', latency });
		await servers.ask({ type: 'reset' });
		nodes.push(await nodeRun(latency, items, concurrency));
		nodeStats = await servers.ask({ type: 'stats', latency });
	}
	return { floor: median(floors), node: median(nodes), ideal, floorStats, nodeStats };
}

/**
 * @param {number} latency
 * @param {number} concurrency
 * @param {number} count
 * @param {Awaited<ReturnType<typeof compare>>} result
 */
function comparisonRow(latency, concurrency, count, { floor, node, ideal, floorStats, nodeStats }) {
	return [
		`${latency} ms`,
		concurrency,
		count,
		fixed(ideal, 3),
		fixed(floor, 3),
		fixed(count / floor, 0),
		fixed(node, 3),
		fixed(count / node, 0),
		fixed(node / floor),
		fixed(node / ideal),
		`${floorStats.maxInFlight} / ${nodeStats.maxInFlight}`,
		`${floorStats.connections} / ${nodeStats.connections}`,
	];
}

// ---- printing ------------------------------------------------------------------------------------------------------

const fixed = (/** @type {number} */ value, digits = 2) => value.toFixed(digits);
const mb = (/** @type {number} */ bytes) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

// ---- main ------------------------------------------------------------------------------------------------------------

async function main() {
	const benchStarted = performance.now();
	const rssLoaded = process.memoryUsage().rss;
	await startServers();
	const cpus = os.cpus();
	console.log(`n8n-nodes-zstack bench — Node ${process.version}, n8n-core ${/** @type {{ version: string }} */ (require(path.join(root, 'node_modules/n8n-core/package.json'))).version}, ` +
		`${cpus.length} × ${cpus[0]?.model.trim()}, ${os.platform()} ${os.release()}, ${mb(os.totalmem())} RAM`);
	console.log('Server: 127.0.0.1 in a worker thread, 200 + inventory after the fixed latency, keep-alive.\n');

	console.log('Module load (require, in this process)');
	table(
		['module', 'ms'],
		[
			['n8n-workflow (n8n has it loaded already)', fixed(loadTimes.n8nWorkflow, 1)],
			[manifest.n8n.nodes[0], fixed(loadTimes.node, 1)],
			[manifest.n8n.credentials[0], fixed(loadTimes.credential, 1)],
			['new ZStack() + new ZStackApi()', fixed(loadTimes.instantiate, 1)],
			['node + credential again, require cache cleared (median of 5)', fixed(loadTimes.reload, 1)],
		],
	);
	console.log('');

	// Warm-up: JIT, connection setup, n8n's lazy singletons.
	await floorRun(0, itemsOf(200), 8);
	await nodeRun(0, itemsOf(200), 8);

	/** @type {(string | number)[][]} */
	const rows = [];
	let target = { node: 0, ideal: 0 };
	for (const latency of LATENCIES) {
		for (const concurrency of CONCURRENCIES) {
			const result = await compare(latency, concurrency, ITEMS);
			if (latency === 50 && concurrency === 16) target = result;
			rows.push(comparisonRow(latency, concurrency, ITEMS, result));
		}
	}
	console.log(`Bind Model To Service, ${ITEMS} items: floor = undici keep-alive; node = the built node in n8n-core WorkflowExecute`);
	table(COMPARISON_HEADER, rows);
	console.log('ideal = items × latency / concurrency; s = median of 3 runs (1 run when ideal ≥ 2 s); f/n = floor/node\n');

	console.log(`For the issue's figure of n8n's HTTP Request node (200 calls, 20 ms, all concurrent: 0.9–1.3 s in a real n8n)`);
	const issueRows = [];
	for (const concurrency of [16, 64]) issueRows.push(comparisonRow(20, concurrency, 200, await compare(20, concurrency, 200)));
	table(COMPARISON_HEADER, issueRows);
	console.log('');

	/** @type {(string | number)[][]} */
	const manyRows = [];
	for (const concurrency of [16, 64]) {
		const items = itemsOf(MANY);
		const floor = await floorRun(5, items, concurrency);
		collectGarbage();
		const heapBefore = process.memoryUsage().heapUsed;
		peakHeap = heapBefore;
		const node = await nodeRun(5, items, concurrency);
		manyRows.push([
			'5 ms',
			concurrency,
			MANY,
			fixed((MANY * 5) / 1000 / concurrency, 3),
			fixed(floor, 3),
			fixed(MANY / floor, 0),
			fixed(node, 3),
			fixed(MANY / node, 0),
			fixed(node / floor),
			`${mb(heapBefore)} → ${mb(peakHeap)}`,
		]);
	}
	console.log('Thousands of items (one run each)');
	table(['latency', 'conc', 'items', 'ideal s', 'floor s', 'floor it/s', 'node s', 'node it/s', 'node/floor', 'heap before → peak'], manyRows);
	console.log('heap before = after a full GC; peak = sampled every 25 ms during the node run, garbage not yet collected included');
	console.log('');

	await measureRawLayers();
	await measureN8nLayers();
	console.log(`Per-call cost of each layer, 0 ms server, one call after another (best of 3 rounds of ${CALLS}+ calls)`);
	table(['layer', 'ms/call', 'note'], layers.map(({ layer, ms, note }) => [layer, fixed(ms, 3), note]));
	console.log('');

	const maxRss = process.resourceUsage().maxRSS * 1024;
	console.log(
		`Peak memory: RSS ${mb(maxRss)} (whole process, server thread included; ${mb(rssLoaded)} with n8n-core and the node loaded, before any run), ` +
			`peak heap ${mb(overallPeakHeap)}`,
	);
	const ratio = target.node / target.ideal;
	console.log(
		`Target: concurrency 16 at 50 ms within 1.5× of N×latency/16 — ${fixed(target.node, 3)} s vs ${fixed(target.ideal, 3)} s = ${fixed(ratio)}× ` +
			(ratio <= 1.5 ? 'MET' : 'MISSED'),
	);
	console.log(`Target: module load under 50 ms — ${fixed(loadTimes.node + loadTimes.credential, 1)} ms ` +
		(loadTimes.node + loadTimes.credential < 50 ? 'MET' : 'MISSED'));
	servers.stop();
	console.log('');
	await runPollingBench();
	console.log(`\nBench time ${fixed((performance.now() - benchStarted) / 1000, 1)} s`);
}

main().catch((error) => {
	console.error(error);
	process.exitCode = 1;
	void servers?.terminate();
});
