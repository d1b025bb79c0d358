'use strict';
/*
 * End-to-end, beyond the bind: API → Call, the ZStack Trigger and the scheduled examples in a real n8n
 * 2.41.1 against the simulator (async replies, as real ZStack). Scheduled examples carry a Manual Trigger
 * beside their Schedule Trigger, so `n8n execute` runs them as the schedule would. A polling trigger does not
 * poll under `n8n execute` (n8n passes a poll node's input through outside manual mode), so the trigger
 * example is published and polled by a running n8n: once at activation, then once a minute (n8n refuses
 * poll intervals under a minute).
 */
const assert = require('node:assert/strict');
const { after, before, describe, test } = require('node:test');

const { startStack, startWithActiveWorkflows, waitForExecution } = require('../n8n/stack');
const { until } = require('./until');

const QWEN = '6b3e2f5a9c1d4e7f8a0b1c2d3e4f5a01';
const TEXT_SERVICE = 'd4c8a1e27f3b4c6d9e0f1a2b3c4d5e01';
const BUILD_AGENT = '9a1f3c5e7b2d4f6a8c0e1b3d5f7a9c03';

describe('beyond the bind: API → Call, the ZStack Trigger and the scheduled examples in a real n8n', () => {
	/** @type {Awaited<ReturnType<typeof startStack>>} */
	let stack;

	before(async () => {
		stack = await startStack({ simulator: { jobPolls: 2 } });
	});

	after(async () => {
		await stack?.stop();
	});

	test('API → Call (start-stopped-build-agents): a query with repeated q, then an async PUT followed to the job result', async () => {
		stack.sim.requests.length = 0;
		const result = await stack.n8n.execute('zstackExampleStartVms1');
		assert.equal(result.ok, true, JSON.stringify(result.error));

		const [reply] = result.output('Stopped build agents');
		assert.deepEqual(reply.inventories, [{ uuid: BUILD_AGENT, name: 'build-agent-01', state: 'Stopped' }]);
		assert.equal(reply.schema['inventories[0]'], 'org.zstack.header.vm.VmInstanceInventory', 'the reply is output as ZStack sent it');
		const [started] = result.output('Start the VM');
		assert.equal(result.output('Start the VM').length, 1);
		assert.equal(started.inventory.uuid, BUILD_AGENT);
		assert.equal(started.inventory.state, 'Running');
		assert.equal(stack.sim.state.vmInstances.find((vm) => vm.uuid === BUILD_AGENT)?.state, 'Running');

		const query = stack.sim.requests.find((request) => request.path === '/zstack/v1/vm-instances');
		assert.deepEqual(new URLSearchParams(query?.query).getAll('q'), ['name~=build-agent-%', 'state=Stopped']);
		const action = stack.sim.requests.find((request) => request.path.endsWith('/actions'));
		assert.equal(action?.method, 'PUT');
		assert.equal(action?.path, `/zstack/v1/vm-instances/${BUILD_AGENT}/actions`);
		assert.deepEqual(action?.body, { startVmInstance: {} });
		const polls = stack.sim.requests.filter((request) => request.path.startsWith('/zstack/v1/api-jobs/'));
		assert.ok(polls.length >= 2, 'the 202 job was polled until it ended');
	});

	test('the ZStack Trigger (summary-when-model-bound), active in a running n8n, runs once for a bind made through the node', async () => {
		const watching = () => stack.sim.requests.filter((request) => request.path === '/zstack/v1/ai/model-services').length;
		stack.sim.requests.length = 0;
		await startWithActiveWorkflows(stack.n8n, ['zstackExampleBoundSummary1']);
		// The poll at activation learns what exists and starts no execution.
		await until(() => watching() >= 1, 60_000, 'the poll at activation');

		const bind = await stack.n8n.execute('zstackExampleBind1');
		assert.equal(bind.ok, true, JSON.stringify(bind.error));

		const execution = await waitForExecution(stack.n8n, 'zstackExampleBoundSummary1', { timeoutMs: 150_000 });
		assert.equal(execution.status, 'success');
		assert.equal(execution.mode, 'trigger');
		const [event] = execution.output('When a model is bound');
		assert.equal(event.event, 'modelBoundToService');
		assert.equal(event.modelUuid, QWEN);
		assert.equal(event.modelServiceUuid, TEXT_SERVICE);
		assert.deepEqual(execution.output('Summary to post'), [
			{
				summary: `Model ${QWEN} is now served by "text to text model service" (vLLM, 1 model(s) bound).`,
				modelUuid: QWEN,
				modelServiceUuid: TEXT_SERVICE,
			},
		]);
	});

	test('every night (nightly-bind-vendor-models): Get Many of a vendor, then Bind each, Continue On Fail', async () => {
		stack.sim.requests.length = 0;
		stack.sim.injectFault({ api: 'BindModelToService', kind: 'error', times: 1 });
		const result = await stack.n8n.execute('zstackExampleNightlyBind1');
		assert.equal(result.ok, true, JSON.stringify(result.error));

		const models = result.output('Alibaba models');
		assert.deepEqual(models.map((model) => model.vendor), ['Alibaba']);
		const query = stack.sim.requests.find((request) => request.path === '/zstack/v1/ai/models');
		assert.deepEqual(new URLSearchParams(query?.query).getAll('q'), ['vendor=Alibaba']);
		// ZStack refused the bind: the item carries its error and the run goes on.
		const [bound] = result.output('Bind to the text model service');
		assert.equal(result.output('Bind to the text model service').length, models.length);
		assert.match(bound.error, /^ZStack error /);
		assert.equal(typeof bound.zstackError.code, 'string');
	});
});
