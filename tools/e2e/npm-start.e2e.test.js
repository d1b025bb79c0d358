'use strict';
/*
 * End-to-end, real n8n: `npm start` (tools/start.js, as `npm start` runs it after the build) keeps a workflow
 * saved in the editor until the next start, brings the examples and the credential once, not twice, stops
 * everything on Ctrl-C, and `--fresh` starts from an empty data folder. The data folder is a temporary
 * XDG_DATA_HOME; the ports are free ones, set through N8N_PORT and ZSTACK_SIM_PORT as the README says.
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');
const { after, before, test } = require('node:test');

const { ensureInstalled, freePort } = require('../n8n/runner');
const { readExamples } = require('../n8n/stack');

const START = path.join(__dirname, '..', 'start.js');
const READY = 'Press Ctrl-C to stop.';

/** @type {string} */
let dataHome;

before(async () => {
	await ensureInstalled();
	dataHome = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-nodes-zstack-start-'));
});
after(() => fs.rmSync(dataHome, { recursive: true, force: true }));

/**
 * Runs tools/start.js until it is ready; resolves with its output so far, the editor's URL and login, and a
 * `stop` that presses Ctrl-C (SIGINT to its process group, as a terminal does) and waits for it to exit.
 * @param {string[]} [args]
 */
async function npmStart(args = []) {
	const [editorPort, simulatorPort] = [await freePort(), await freePort()];
	const child = spawn(process.execPath, [START, ...args], {
		env: { ...process.env, XDG_DATA_HOME: dataHome, N8N_PORT: String(editorPort), ZSTACK_SIM_PORT: String(simulatorPort) },
		stdio: ['ignore', 'pipe', 'pipe'],
		detached: true,
	});
	let output = '';
	child.stdout.on('data', (chunk) => (output += chunk));
	child.stderr.on('data', (chunk) => (output += chunk));
	const exited = new Promise((resolve) => child.on('close', resolve));
	const deadline = Date.now() + 300_000;
	while (!output.includes(READY)) {
		if (child.exitCode !== null || Date.now() > deadline) {
			process.kill(-(/** @type {number} */ (child.pid)), 'SIGKILL');
			throw new Error(`npm start did not get ready:\n${output}`);
		}
		await new Promise((resolve) => setTimeout(resolve, 500));
	}
	const url = /n8n editor: +(http:\/\/\S+)/.exec(output)?.[1];
	const [, email, password] = /sign in as +(\S+) \/ (\S+)/.exec(output) ?? [];
	assert.equal(url, `http://127.0.0.1:${editorPort}`, output);
	return {
		output,
		url,
		login: { email, password },
		async stop() {
			process.kill(-(/** @type {number} */ (child.pid)), 'SIGINT');
			const timer = setTimeout(() => process.kill(-(/** @type {number} */ (child.pid)), 'SIGKILL'), 60_000);
			const code = await exited;
			clearTimeout(timer);
			return code;
		},
	};
}

/** The editor's REST API as the signed-in owner. @param {Awaited<ReturnType<typeof npmStart>>} started */
async function editorApi(started) {
	const { email, password } = started.login;
	const login = await fetch(`${started.url}/rest/login`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ email, emailOrLdapLoginId: email, password }),
	});
	assert.equal(login.status, 200, await login.text());
	const headers = { 'content-type': 'application/json', cookie: login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') };
	/** @param {string} what @returns {Promise<{ id: string, name: string }[]>} */
	const list = async (what) => {
		const reply = await fetch(`${started.url}/rest/${what}`, { headers });
		return /** @type {{ data: { id: string, name: string }[] }} */ (await reply.json()).data;
	};
	return {
		workflows: () => list('workflows'),
		credentials: () => list('credentials'),
		/** @param {string} name */
		async saveWorkflow(name) {
			const reply = await fetch(`${started.url}/rest/workflows`, {
				method: 'POST',
				headers,
				body: JSON.stringify({ name, nodes: [], connections: {}, settings: {}, active: false }),
			});
			assert.equal(reply.status, 200, await reply.text());
		},
	};
}

/** The process groups still running tools/start.js or n8n from our data folder. */
function leftovers() {
	const processes = fs.readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
	return processes.filter((pid) => {
		try {
			const environment = fs.readFileSync(`/proc/${pid}/environ`, 'utf8');
			return environment.includes(dataHome);
		} catch {
			return false;
		}
	});
}

test('npm start keeps a saved workflow and the credential until the next start; --fresh starts clean', async () => {
	const examples = readExamples().map((example) => example.name).sort();

	const first = await npmStart();
	const firstApi = await editorApi(first);
	await firstApi.saveWorkflow('Saved before Ctrl-C');
	await first.stop();
	assert.deepEqual(leftovers(), [], 'Ctrl-C left processes running');

	const second = await npmStart();
	const secondApi = await editorApi(second);
	const names = (await secondApi.workflows()).map((workflow) => workflow.name).sort();
	assert.deepEqual(names, [...examples, 'Saved before Ctrl-C'].sort(), 'the examples once each and the saved workflow');
	assert.deepEqual((await secondApi.credentials()).map((credential) => credential.name), ['ZStack (simulator)']);
	assert.match(second.output, /data folder: .*kept between starts/);
	await second.stop();

	const fresh = await npmStart(['--fresh']);
	const freshNames = (await (await editorApi(fresh)).workflows()).map((workflow) => workflow.name).sort();
	assert.deepEqual(freshNames, examples);
	await fresh.stop();
	assert.deepEqual(leftovers(), []);
});
