'use strict';
// The AIOS lifecycle examples, run by `n8n execute` in a real n8n 2.41.1 against the simulator (async replies), whose
// instance groups take INSTANCE_GROUP_START_MS to come up; the scheduled one has a Manual Trigger beside its schedule.
const assert = require('node:assert/strict');
const { after, before, beforeEach, describe, test } = require('node:test');

const { SEED } = require('../../contract-tests/simulator/seed');
const { startStack } = require('../n8n/stack');

// The seeded resources the examples name: Qwen, the text service, the zone; the two groups seeded in Error.
const [QWEN] = SEED.models;
const [TEXT_SERVICE] = SEED.modelServices;
const [ZONE] = SEED.zones;
const [, ...FAILED_GROUPS] = SEED.instanceGroups;
const INSTANCE_GROUP_START_MS = 1500;
const GROUPS_PATH = '/zstack/v1/ai/model-services/instances/groups/';

describe('the AIOS lifecycle in a real n8n: deploy and wait, bind, summary; every night, restart what failed', () => {
	/** @type {Awaited<ReturnType<typeof startStack>>} */
	let stack;
	/** @type {Record<string, string>} */
	let session;

	/** @param {string} path */
	const query = async (path) => {
		const reply = await fetch(`${stack.sim.url}${path}`, { headers: session });
		return /** @type {{ inventories: Record<string, any>[] }} */ (await reply.json());
	};

	before(async () => {
		// AccessKey signs every call, so that no session of one test is lost by the next test's reset.
		stack = await startStack({ simulator: { jobPolls: 1, instanceGroupStartMs: INSTANCE_GROUP_START_MS }, authType: 'accessKey' });
	});
	beforeEach(() => {
		stack.sim.reset();
		session = { Authorization: `OAuth ${stack.sim.createSession()}` };
	});
	after(async () => {
		await stack?.stop();
	});

	test('deploy-model-service: the deploy is followed until its group runs, then its model is bound and the summary written', async () => {
		const result = await stack.n8n.execute('zstackExampleDeploy1');
		assert.equal(result.ok, true, JSON.stringify(result.error));

		const [deployed] = result.output('Deploy the text service');
		assert.equal(result.output('Deploy the text service').length, 1);
		assert.equal(deployed.status, 'Running');
		assert.equal(deployed.name, 'qwen-chat-n8n');
		assert.equal(deployed.modelServiceUuid, TEXT_SERVICE);
		assert.deepEqual(
			deployed.instances.map((/** @type {{ status: string }} */ instance) => instance.status),
			['Running'],
		);

		const deploy = stack.sim.requests.find((request) => request.method === 'PUT' && request.path === `/zstack/v1/ai/model-services/${TEXT_SERVICE}`);
		assert.deepEqual(deploy?.body, {
			deployModelService: {
				zoneUuid: ZONE,
				name: 'qwen-chat-n8n',
				type: 'VirtualMachine',
				description: 'Qwen2.5 chat, deployed by n8n',
				modelUuid: QWEN,
				clusterUuid: SEED.clusters[0],
				l3NetworkUuids: [...SEED.l3Networks],
				cpuNum: 8,
				memorySize: 17179869184,
			},
			systemTags: [],
			userTags: [],
		});
		// The node looked at the group until it came up: its last look is no sooner than the group's start time.
		const looks = stack.sim.requests.filter((request) => request.method === 'GET' && request.path === `${GROUPS_PATH}${deployed.uuid}`);
		assert.ok(looks.length >= 1, 'the group was followed');
		assert.ok(/** @type {number} */ (looks.at(-1)?.at) - deploy.at >= INSTANCE_GROUP_START_MS, 'the output waited for Running');

		const bind = stack.sim.requests.find((request) => request.method === 'POST' && request.path.includes('/model-services/'));
		assert.equal(bind?.path, `/zstack/v1/ai/models/${QWEN}/model-services/${TEXT_SERVICE}`);
		assert.ok(bind.at >= /** @type {number} */ (looks.at(-1)?.at), 'the bind came after the group ran');
		const [summary] = result.output('Summary to post');
		assert.deepEqual(summary, {
			summary: `"text to text model service" is deployed as "qwen-chat-n8n" (Running) at ${deployed.instances[0].url}, serving 1 bound model(s).`,
			instanceGroupUuid: deployed.uuid,
			url: deployed.instances[0].url,
		});
	});

	test('deploy-model-service when the group fails: the run stops at the deploy with the group, its status and the reason', async () => {
		stack.sim.injectFault({ api: 'DeployModelService', kind: 'instanceGroupFails' });

		const result = await stack.n8n.execute('zstackExampleDeploy1');

		assert.equal(result.ok, false);
		const message = `${result.error?.message} ${result.error?.description ?? ''}`;
		assert.match(message, /Model service instance group [0-9a-f]{32} \("qwen-chat-n8n"\) failed: its status is Error/);
		assert.match(message, /instance [0-9a-f]{32} is Error/);
		assert.equal(result.runData['Bind its model to the service'], undefined, 'nothing was bound');
		assert.equal(stack.sim.requests.some((request) => request.method === 'POST'), false);
	});

	test('nightly-restart-failed-instance-groups: Get Many with status Error, one restart each; the groups come up', async () => {
		const result = await stack.n8n.execute('zstackExampleNightlyRestart1');
		assert.equal(result.ok, true, JSON.stringify(result.error));

		const failed = result.output('Failed instance groups');
		assert.deepEqual(
			failed.map((group) => [group.uuid, group.status]),
			FAILED_GROUPS.map((uuid) => [uuid, 'Error']),
		);
		const list = stack.sim.requests.find((request) => request.method === 'GET' && request.path === GROUPS_PATH);
		assert.deepEqual(new URLSearchParams(list?.query).getAll('q'), ['status=Error']);
		const restarts = stack.sim.requests.filter((request) => request.method === 'PUT' && request.path === '/zstack/v1/model-service-instance-groups');
		assert.deepEqual(
			restarts.map((request) => request.body),
			FAILED_GROUPS.map((uuid) => ({ restartModelServiceGroups: { uuids: [uuid] }, systemTags: [], userTags: [] })),
		);
		assert.deepEqual(
			result.output('Restart each').map((item) => [item.success, item.instanceGroupUuid]),
			FAILED_GROUPS.map((uuid) => [true, uuid]),
		);

		const deadline = Date.now() + 30_000;
		let statuses = [];
		do {
			await new Promise((resolve) => setTimeout(resolve, 250));
			statuses = (await query(`${GROUPS_PATH}?q=uuid?=${FAILED_GROUPS.join(',')}&fields=status`)).inventories.map((group) => group.status);
		} while (statuses.some((status) => status !== 'Running') && Date.now() < deadline);
		assert.deepEqual(statuses, ['Running', 'Running']);
	});
});
