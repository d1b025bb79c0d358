'use strict';
/*
 * End-to-end, the ZStack Trigger on the AIOS lifecycle in a real n8n 2.41.1 against the simulator (async replies):
 * a published workflow watching Instance Group Status Changed (To Statuses: Running) runs once after the
 * deploy-model-service example deploys the text service and its group comes up. n8n polls at activation (which
 * only learns), then once a minute; the group comes up within seconds, between two polls, so the trigger sees it
 * first as it runs.
 */
const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');

const { SEED } = require('../../contract-tests/simulator/seed');
const { startStack, startWithActiveWorkflows, waitForExecution, SIMULATOR_CREDENTIAL_ID } = require('../n8n/stack');
const { until } = require('./until');

const [TEXT_SERVICE] = SEED.modelServices;
const GROUPS_PATH = '/zstack/v1/ai/model-services/instances/groups/';
const WORKFLOW_ID = 'zstackE2eGroupRunning1';
const TRIGGER_NODE = 'When an instance group runs';

/** A workflow of one ZStack Trigger watching instance groups turn Running, and a Set node naming the group. */
const whenAGroupRuns = {
	id: WORKFLOW_ID,
	name: 'e2e: when a model service instance group runs',
	active: false,
	settings: { executionOrder: 'v1' },
	nodes: [
		{
			id: 'e2e-group-running-trigger',
			name: TRIGGER_NODE,
			type: 'n8n-nodes-zstack.zStackTrigger',
			typeVersion: 1,
			position: [0, 0],
			parameters: { pollTimes: { item: [{ mode: 'everyMinute' }] }, event: 'instanceGroupStatusChanged', toStatuses: 'Running', filters: {} },
			credentials: { zStackApi: { id: SIMULATOR_CREDENTIAL_ID, name: 'ZStack (simulator)' } },
		},
		{
			id: 'e2e-group-running-note',
			name: 'Note',
			type: 'n8n-nodes-base.set',
			typeVersion: 3.4,
			position: [240, 0],
			parameters: {
				assignments: {
					assignments: [
						{ id: 'e2e-group-running-note-1', name: 'note', type: 'string', value: '="{{ $json.inventory.name }}" is {{ $json.status }} at {{ $json.inventory.instances[0].url }}' },
					],
				},
				options: {},
			},
		},
	],
	connections: { [TRIGGER_NODE]: { main: [[{ node: 'Note', type: 'main', index: 0 }]] } },
};

describe('the ZStack Trigger on the AIOS lifecycle in a real n8n', () => {
	/** @type {Awaited<ReturnType<typeof startStack>>} */
	let stack;

	before(async () => {
		stack = await startStack({ simulator: { jobPolls: 1, instanceGroupStartMs: 1500 }, extraWorkflows: [whenAGroupRuns] });
	});

	after(async () => {
		await stack?.stop();
	});

	test('Instance Group Status Changed (To Statuses: Running), active, runs once for a deploy made through the node', async () => {
		const polls = () => stack.sim.requests.filter((request) => request.method === 'GET' && request.path === GROUPS_PATH).length;
		await startWithActiveWorkflows(stack.n8n, [WORKFLOW_ID]);
		// The poll at activation learns the seeded groups (one Running, two in Error) and starts no execution.
		await until(() => polls() >= 1, 60_000, 'the poll at activation');

		const deploy = await stack.n8n.execute('zstackExampleDeploy1');
		assert.equal(deploy.ok, true, JSON.stringify(deploy.error));
		const [deployed] = deploy.output('Deploy the text service');
		assert.equal(deployed.status, 'Running');

		const execution = await waitForExecution(stack.n8n, WORKFLOW_ID, { timeoutMs: 150_000 });
		assert.equal(execution.status, 'success');
		assert.equal(execution.mode, 'trigger');
		const events = execution.output(TRIGGER_NODE);
		assert.deepEqual(
			events.map((event) => [event.event, event.instanceGroupUuid, event.modelServiceUuid, event.status]),
			[['instanceGroupStatusChanged', deployed.uuid, TEXT_SERVICE, 'Running']],
		);
		assert.equal(events[0].inventory.uuid, deployed.uuid);
		assert.deepEqual(execution.output('Note'), [{ note: `"qwen-chat-n8n" is Running at ${deployed.instances[0].url}` }]);

		// The next poll sees nothing changed: no second execution.
		const pollsSoFar = polls();
		await until(() => polls() > pollsSoFar, 90_000, 'the next poll');
		const filter = encodeURIComponent(JSON.stringify({ workflowId: WORKFLOW_ID }));
		// Time for an execution that poll would start to be recorded (the first one took well under this).
		await new Promise((resolve) => setTimeout(resolve, 5000));
		const list = await stack.n8n.request('GET', `/rest/executions?filter=${filter}`);
		assert.deepEqual(
			list.body.data.results.map((/** @type {{ id: string }} */ run) => run.id),
			[execution.id],
		);
	});
});
