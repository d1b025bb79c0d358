'use strict';
/*
 * End-to-end: the packed package installed into a real n8n 2.41.1 the way n8n installs community
 * packages, driven by n8n's own CLI (`import:*`, `execute`), against the ZStack simulator.
 * Run with `npm run test:e2e` (the first run installs n8n into the cache: about 3 minutes).
 */
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const { after, before, describe, test } = require('node:test');

const { startSimulator } = require('../../contract-tests/simulator');
const { simulatorCredential, startStack } = require('../n8n/stack');

const BIND_NODE = 'Bind Qwen to the text service';
const MANY_NODE = 'Bind each model';
const MODEL = '6b3e2f5a9c1d4e7f8a0b1c2d3e4f5a01';
const SERVICE = 'd4c8a1e27f3b4c6d9e0f1a2b3c4d5e01';

/** @typedef {Awaited<ReturnType<typeof startStack>>} Stack */

/**
 * The example bind workflow, bound to another credential under another id.
 * @param {Stack} stack
 * @param {string} id
 * @param {string} credentialId
 */
function bindWorkflowWith(stack, id, credentialId) {
	const example = stack.examples.find((workflow) => workflow.id === 'zstackExampleBind1');
	assert.ok(example, 'examples/ holds the bind workflow');
	const copy = structuredClone(example);
	copy.id = id;
	copy.name = `${example.name} (${credentialId})`;
	const bindNode = copy.nodes.find((node) => node.name === BIND_NODE);
	assert.ok(bindNode, `the bind workflow has a node "${BIND_NODE}"`);
	bindNode.credentials = { ...bindNode.credentials, zStackApi: { id: credentialId, name: credentialId } };
	return copy;
}

describe('the ZStack node in a real n8n, against the simulator (async replies, as real ZStack)', () => {
	/** @type {Stack} */
	let stack;
	/** @type {import('../../contract-tests/simulator').Simulator} */
	let syncSimulator;

	before(async () => {
		syncSimulator = await startSimulator({ port: 0, replyMode: 'sync' });
		stack = await startStack({
			// The location names a host only the management node reaches, so polls must go to the configured
			// host; the management node's clock runs in Asia/Shanghai, the credential's default Management Node
			// Time Zone (the AccessKey Date is written in that zone's wall clock).
			simulator: { jobPolls: 2, internalJobHost: 'http://mn-internal.invalid:8080', managementNodeTimeZone: 'Asia/Shanghai' },
			extraCredentials: [
				(sim) => ({ id: 'zstackSession1', name: 'zstackSession1', type: 'zStackApi', data: simulatorCredential(sim, 'session') }),
				(sim) => ({ id: 'zstackAccessKey1', name: 'zstackAccessKey1', type: 'zStackApi', data: simulatorCredential(sim, 'accessKey') }),
				() => ({ id: 'zstackSyncSession1', name: 'zstackSyncSession1', type: 'zStackApi', data: simulatorCredential(syncSimulator, 'session') }),
			],
		});
		await stack.n8n.importWorkflows([
			bindWorkflowWith(stack, 'zstackE2eSession1', 'zstackSession1'),
			bindWorkflowWith(stack, 'zstackE2eAccessKey1', 'zstackAccessKey1'),
			bindWorkflowWith(stack, 'zstackE2eSync1', 'zstackSyncSession1'),
		]);
	});

	after(async () => {
		await stack?.stop();
		await syncSimulator?.stop();
	});

	test('the package loads as a community package: node, credential, icons and codex are installed', () => {
		const installed = stack.n8n.packageInstallDir;
		assert.ok(installed, 'the package was installed');
		for (const file of [
			'dist/nodes/ZStack/ZStack.node.js',
			'dist/nodes/ZStack/ZStack.node.json',
			'dist/nodes/ZStack/zstack.svg',
			'dist/nodes/ZStack/zstack.dark.svg',
			'dist/credentials/ZStackApi.credentials.js',
		]) {
			assert.ok(fs.existsSync(path.join(installed, file)), `${file} is in the installed package`);
		}
	});

	test('account login: the async bind is followed to its result; the stored session is reused by the next execution', async () => {
		stack.sim.requests.length = 0;
		const first = await stack.n8n.execute('zstackExampleBind1');
		assert.equal(first.ok, true, JSON.stringify(first.error));
		const [inventory] = first.output(BIND_NODE);
		assert.equal(first.output(BIND_NODE).length, 1);
		assert.equal(inventory.uuid, SERVICE);
		assert.equal(inventory.name, 'text to text model service');
		assert.equal(inventory.requestCpu, 4);
		assert.ok(inventory.modelServiceRefs.some((/** @type {{ modelUuid: string, modelServiceUuid: string }} */ ref) => ref.modelUuid === MODEL && ref.modelServiceUuid === SERVICE));

		const [stored] = await stack.n8n.exportCredentials({ id: 'zstackSimulator1' });
		assert.match(stored.data.loginSessionUuid, /^[0-9a-f]{32}$/);

		const second = await stack.n8n.execute('zstackExampleBind1');
		assert.equal(second.ok, true, JSON.stringify(second.error));
		const logins = stack.sim.requests.filter((request) => request.path === '/zstack/v1/accounts/login');
		assert.equal(logins.length, 1, 'one login serves both executions');
		const polls = stack.sim.requests.filter((request) => request.path.startsWith('/zstack/v1/api-jobs/'));
		assert.ok(polls.length >= 2, 'the 202 job was polled on the configured host');
	});

	test('session UUID auth binds', async () => {
		const result = await stack.n8n.execute('zstackE2eSession1');
		assert.equal(result.ok, true, JSON.stringify(result.error));
		assert.equal(result.output(BIND_NODE)[0].uuid, SERVICE);
	});

	test('account login: an expired stored session is renewed once and the call succeeds', async () => {
		stack.sim.expireAllSessions();
		stack.sim.requests.length = 0;
		const result = await stack.n8n.execute('zstackExampleBind1');
		assert.equal(result.ok, true, JSON.stringify(result.error));
		const logins = stack.sim.requests.filter((request) => request.path === '/zstack/v1/accounts/login');
		assert.equal(logins.length, 1);
	});

	test('AccessKey auth: the simulator accepts the signed call and the signed polls', async () => {
		stack.sim.requests.length = 0;
		const result = await stack.n8n.execute('zstackE2eAccessKey1');
		assert.equal(result.ok, true, JSON.stringify(result.error));
		assert.equal(result.output(BIND_NODE)[0].uuid, SERVICE);
		assert.ok(stack.sim.requests.every((request) => String(request.headers.authorization).startsWith('ZStack ')));
	});

	test('a synchronous (200) reply is output as it is', async () => {
		const result = await stack.n8n.execute('zstackE2eSync1');
		assert.equal(result.ok, true, JSON.stringify(result.error));
		assert.equal(result.output(BIND_NODE)[0].name, 'text to text model service');
	});

	test('several items with a ZStack error under Continue On Fail: one item each, in order, the error carried', async () => {
		const result = await stack.n8n.execute('zstackExampleBindMany1');
		assert.equal(result.ok, true, JSON.stringify(result.error));
		const items = result.output(MANY_NODE);
		assert.equal(items.length, 3);
		assert.equal(items[0].uuid, SERVICE);
		assert.match(items[1].error, /^ZStack error SYS\.1003/);
		assert.equal(items[1].zstackError.code, 'SYS.1003');
		assert.equal(items[2].uuid, SERVICE);
		const paired = (result.runData[MANY_NODE]?.[0]?.data?.main?.[0] ?? []).map((item) => item.pairedItem);
		assert.deepEqual(paired, [{ item: 0 }, { item: 1 }, { item: 2 }]);
	});
});
