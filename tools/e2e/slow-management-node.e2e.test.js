'use strict';
/*
 * End-to-end, real n8n 2.41.1, against the simulator as a management node on a bad day (issue 18):
 * - a slow accept: every job is saved 2.5 s after its call arrives, and the node's Request Timeout is 1 s, so no
 *   call gets its 202 in time (RestServer saves the job only when it processes the request, ~1262);
 * - flaky polls: a proxy answers job polls with nginx's 502 and 503 pages a few times.
 * Each item must end with its model service, and ZStack must have run each call exactly once.
 */
const assert = require('node:assert/strict');
const { after, before, test } = require('node:test');

const { startSimulator } = require('../../contract-tests/simulator');
const { createN8n, ensureInstalled } = require('../n8n/runner');
const { bindEachModelNode, manualTriggerWithItems, simulatorCredential } = require('../n8n/stack');

const CREDENTIAL = 'zstackSlowNode1';
const CODE_NODE = 'Models';
const BIND_NODE = 'Bind';
const OPTIONS = { requestTimeout: 1, pollInterval: 0.2, jobTimeout: 60, concurrency: 8 };

/** @type {import('../../contract-tests/simulator').Simulator} */
let sim;
/** @type {Awaited<ReturnType<typeof createN8n>>} */
let n8n;

/**
 * A workflow that binds every seeded model to `service`.
 * @param {string} id @param {string} service
 */
function bindAllModels(id, service) {
	return {
		id,
		name: id,
		settings: { executionOrder: 'v1' },
		nodes: [
			...manualTriggerWithItems({ id, codeName: CODE_NODE, jsCode: `return ${JSON.stringify(sim.seed.models.map((model) => ({ json: { model } })))};` }),
			bindEachModelNode({ id: `${id}-bind`, name: BIND_NODE, credential: CREDENTIAL, service, row: 0, options: OPTIONS }),
		],
		connections: {
			'Manual Trigger': { main: [[{ node: CODE_NODE, type: 'main', index: 0 }]] },
			[CODE_NODE]: { main: [[{ node: BIND_NODE, type: 'main', index: 0 }]] },
		},
	};
}

before(async () => {
	await ensureInstalled();
	sim = await startSimulator({ port: 0, jobPolls: 1 });
	n8n = await createN8n();
	await n8n.importCredentials([{ id: CREDENTIAL, name: CREDENTIAL, type: 'zStackApi', data: simulatorCredential(sim, 'account') }]);
	await n8n.importWorkflows([bindAllModels('zstackSlowAccept1', sim.seed.modelServices[0]), bindAllModels('zstackFlakyPolls1', sim.seed.modelServices[1])]);
});

after(async () => {
	await n8n?.stop();
	await sim?.stop();
});

/**
 * Runs the workflow; every item must end with `service`'s inventory, each bind run exactly once by ZStack.
 * @param {string} workflowId @param {string} service
 */
async function bindsEndOnceEach(workflowId, service) {
	const result = await n8n.execute(workflowId);
	assert.equal(result.ok, true, JSON.stringify(result.error));
	const items = result.output(BIND_NODE);
	assert.deepEqual(
		items.map((item) => ({ uuid: item.uuid, error: item.error })),
		sim.seed.models.map(() => ({ uuid: service, error: undefined })),
		'each item ends with its model service',
	);
	const binds = sim.apiRuns.filter((run) => run.api === 'BindModelToService' && run.path.endsWith(`/model-services/${service}`));
	const runsPerModel = sim.seed.models.map((model) => binds.filter((run) => run.path.includes(`/models/${model}/`)).length);
	assert.deepEqual(runsPerModel, sim.seed.models.map(() => 1), 'ZStack ran each call once');
	return binds;
}

test('jobs saved 2.5 s after their call, Request Timeout 1 s: each item ends with its inventory, each call run once', async () => {
	sim.configure({ acceptDelayMs: 2500 });
	try {
		await bindsEndOnceEach('zstackSlowAccept1', sim.seed.modelServices[0]);
	} finally {
		sim.configure({ acceptDelayMs: 0 });
	}
	const duplicates = sim.requests.filter((request) => request.method === 'POST' && request.path.endsWith(sim.seed.modelServices[0]));
	assert.ok(duplicates.length > sim.seed.models.length, 'the calls were re-sent (under their own job UUIDs) while their jobs were not saved');
	assert.equal(new Set(duplicates.map((request) => request.headers['x-job-uuid'])).size, sim.seed.models.length, 'one job UUID per call');
});

test("job polls answered by a proxy's 502 and 503 pages: each item ends with its inventory, each call run once", async () => {
	sim.injectFault({ api: 'JobPoll', kind: 'proxyPage', times: 3 });
	sim.injectFault({ api: 'JobPoll', kind: 'proxyPage', status: 503, times: 2 });

	await bindsEndOnceEach('zstackFlakyPolls1', sim.seed.modelServices[1]);

	assert.equal(sim.requests.filter((request) => request.fault === 'proxyPage').length, 5, 'the proxy answered five polls');
});
