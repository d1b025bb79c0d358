import { pairParameters, seededPairs } from '../harness/batch';
import { WorkflowHarness } from '../harness/workflow';
import { startSimulator, type Simulator } from '../simulator';

/**
 * Against the simulator as a busy management node behind a flaky proxy (slow-node.js): whatever the delay or the
 * proxy does, each item ends with its own model service, and ZStack ran each call once.
 */
let simulator: Simulator;
let harness: WorkflowHarness;

beforeAll(async () => {
	simulator = await startSimulator({ replyMode: 'async' });
});
afterAll(async () => simulator.stop());
beforeEach(() => {
	simulator.reset();
	simulator.configure({ acceptDelayMs: 0 });
	harness = new WorkflowHarness();
	harness.saveCredential('zstack', simulator.credentialFor('account'));
});

const pairs = () => seededPairs(simulator.seed);

async function bindAll(options: Record<string, number>) {
	const parameters = pairParameters({ concurrency: 3, pollInterval: 0.05, jobTimeout: 20, ...options });
	const { output, error } = await harness.run({ parameters, items: pairs(), continueOnFail: true });
	expect(error).toBeUndefined();
	expect(output.map(({ json, pairedItem }) => ({ uuid: json.uuid, error: json.error, pairedItem }))).toEqual(
		pairs().map(({ service }, item) => ({ uuid: service, error: undefined, pairedItem: { item } })),
	);
	// Each call ran once: six runs, under six job UUIDs.
	const binds = simulator.apiRuns.filter((run) => run.api === 'BindModelToService');
	expect(binds).toHaveLength(6);
	expect(Object.values(simulator.runsByJob())).toEqual([1, 1, 1, 1, 1, 1]);
}

test('jobs saved 1.5 s after their call, Request Timeout 0.5 s: every item ends with its inventory, each call ran once', async () => {
	simulator.configure({ acceptDelayMs: 1500 });

	await bindAll({ requestTimeout: 0.5 });

	// The node did re-send (under the same job UUIDs), and ZStack refused the copies.
	const posts = simulator.requests.filter((request) => request.method === 'POST');
	expect(posts.length).toBeGreaterThan(6);
	expect(new Set(posts.map((request) => request.headers['x-job-uuid'])).size).toBe(6);
});

test('job polls answered by a proxy with 502 pages: every item ends with its inventory, each call ran once', async () => {
	simulator.injectFault({ api: 'JobPoll', kind: 'proxyPage', times: 8 });
	simulator.injectFault({ api: 'JobPoll', kind: 'proxyPage', status: 503, times: 4 });

	await bindAll({});

	expect(simulator.requests.filter((request) => request.fault === 'proxyPage')).toHaveLength(12);
});
