// @ts-check
'use strict';

/**
 * The benchmark's ZStack stand-in: one HTTP server per added latency, on 127.0.0.1, running in a worker thread
 * so that its work does not share the event loop being measured. It answers BindModelToService synchronously
 * (200 + inventory) after the fixed latency, with keep-alive, and counts requests and the most in flight.
 *
 * With `workerData.tls` ({key, cert}) it also serves HTTPS with no added latency.
 *
 * Messages from the parent: {type: 'stats', latency} → {type: 'stats', requests, maxInFlight, connections};
 * {type: 'reset'} clears the counters of every server.
 *
 * Required from a bench (the main thread), it exports both ends the benches share: `startLatencyServers`, which
 * runs this file in a worker and speaks that protocol, and `postBind`, a plain node:http bind against it.
 */

const http = require('node:http');
const https = require('node:https');
const path = require('node:path');
const { isMainThread, parentPort, Worker, workerData } = require('node:worker_threads');

const BIND_PATH = /^\/zstack\/v1\/ai\/models\/([0-9a-f]{32})\/model-services\/([0-9a-f]{32})$/;

/**
 * @param {number} latency
 * @param {{ key: string, cert: string }} [tls] serve HTTPS with this key and certificate
 */
function startServer(latency, tls) {
	const stats = { requests: 0, inFlight: 0, maxInFlight: 0, connections: 0 };
	/** @type {http.RequestListener} */
	const handle = (req, res) => {
		stats.requests += 1;
		stats.inFlight += 1;
		stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
		const chunks = [];
		req.on('data', (chunk) => chunks.push(chunk));
		req.on('end', () => {
			const match = BIND_PATH.exec(req.url ?? '');
			const answer = () => {
				stats.inFlight -= 1;
				if (!match || req.method !== 'POST') {
					res.writeHead(404, { 'content-type': 'text/plain' }).end(`no API mapping to ${req.method} ${req.url}`);
					return;
				}
				if (req.headers.authorization === undefined) {
					res.writeHead(400, { 'content-type': 'text/plain' }).end('missing header Authorization');
					return;
				}
				const [, modelUuid, modelServiceUuid] = match;
				const payload = JSON.stringify({
					inventory: {
						uuid: modelServiceUuid,
						name: 'bench-service',
						modelServiceRefs: [{ modelUuid, modelServiceUuid }],
					},
				});
				res
					.writeHead(200, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(payload) })
					.end(payload);
			};
			if (latency > 0) setTimeout(answer, latency);
			else setImmediate(answer);
		});
	};
	const server = tls ? https.createServer(tls, handle) : http.createServer(handle);
	server.on(tls ? 'secureConnection' : 'connection', () => (stats.connections += 1));
	server.keepAliveTimeout = 30_000;
	return new Promise((resolve) => {
		server.listen(0, '127.0.0.1', () => {
			const address = /** @type {import('node:net').AddressInfo} */ (server.address());
			resolve({ latency, port: address.port, stats, server });
		});
	});
}

async function main() {
	const latencies = /** @type {number[]} */ (workerData.latencies);
	const servers = await Promise.all(latencies.map((latency) => startServer(latency)));
	const byLatency = new Map(servers.map((entry) => [entry.latency, entry]));
	/** An HTTPS server with no added latency, when the parent could make a certificate. */
	const secure = workerData.tls ? await startServer(0, workerData.tls) : undefined;
	if (secure) servers.push(secure);
	parentPort?.on('message', (message) => {
		if (message.type === 'stats') {
			const { stats } = /** @type {any} */ (byLatency.get(message.latency));
			parentPort?.postMessage({ type: 'stats', ...stats });
		} else if (message.type === 'reset') {
			for (const { stats } of servers) Object.assign(stats, { requests: 0, maxInFlight: 0, connections: 0 });
			parentPort?.postMessage({ type: 'reset' });
		} else if (message.type === 'stop') {
			for (const { server } of servers) server.close(), server.closeAllConnections();
			parentPort?.close();
		}
	});
	parentPort?.postMessage({
		type: 'ready',
		ports: Object.fromEntries(servers.filter((entry) => entry !== secure).map((entry) => [entry.latency, entry.port])),
		tlsPort: secure?.port,
	});
}

/**
 * Runs the servers in a worker thread and resolves once they listen.
 * @param {{ latencies: number[], tls?: { key: string, cert: string } }} options
 */
async function startLatencyServers({ latencies, tls }) {
	const worker = new Worker(path.join(__dirname, 'latency-server.js'), { workerData: { latencies, tls } });
	/** @type {{ ports: Record<number, number>, tlsPort?: number }} */
	const ready = await new Promise((resolve, reject) => {
		worker.once('message', resolve);
		worker.once('error', reject);
	});
	return {
		ports: ready.ports,
		tlsPort: ready.tlsPort,
		/** @param {object} message @returns {Promise<any>} the worker's answer */
		ask: (message) =>
			new Promise((resolve) => {
				worker.once('message', resolve);
				worker.postMessage(message);
			}),
		stop: () => worker.postMessage({ type: 'stop' }),
		/** For a bench that failed: the worker ends at once. */
		terminate: () => worker.terminate(),
	};
}

/**
 * One bind POST (`{}`) through node:http on `agent`, signed with `session`; resolves to the parsed reply.
 * @param {http.Agent} agent
 * @param {string} url
 * @param {string} session
 */
function postBind(agent, url, session) {
	return new Promise((resolve, reject) => {
		const request = http.request(
			url,
			{ method: 'POST', agent, headers: { authorization: `OAuth ${session}`, 'content-type': 'application/json' } },
			(response) => {
				const chunks = /** @type {Buffer[]} */ ([]);
				response.on('data', (chunk) => chunks.push(chunk));
				response.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
				response.on('error', reject);
			},
		);
		request.on('error', reject);
		request.end('{}');
	});
}

if (isMainThread) module.exports = { startLatencyServers, postBind };
else void main();
