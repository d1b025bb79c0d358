import { batchParameters } from '../harness/batch';
import { WorkflowHarness } from '../harness/workflow';
import { startSimulator, type Simulator } from '../simulator';

/**
 * Item 7 of issue 18: executions running at once in one n8n process share a login under way with the same
 * credential, as the items of one execution do: a cold Account Login credential logs in once, not once per execution.
 */
let simulator: Simulator;

beforeAll(async () => {
	simulator = await startSimulator({ replyMode: 'sync' });
});
afterAll(async () => simulator.stop());

const logins = () => simulator.requests.filter((request) => request.path === '/zstack/v1/accounts/login').length;

/** `count` executions that each read the credential as stored before any of them logged in: without a session. */
function coldExecutions(count: number): WorkflowHarness[] {
	simulator.reset();
	return Array.from({ length: count }, () => {
		const harness = new WorkflowHarness();
		harness.saveCredential('zstack', simulator.credentialFor('account'));
		return harness;
	});
}

function bindTwo(harness: WorkflowHarness) {
	const parameters = batchParameters({ concurrency: 2 });
	parameters.modelUuid = { __rl: true, mode: 'id', value: simulator.seed.models[0] };
	parameters.modelServiceUuid = { __rl: true, mode: 'id', value: simulator.seed.modelServices[0] };
	return harness.run({ parameters, items: [{}, {}], continueOnFail: true });
}

test('eight executions at once on a cold Account Login credential: one login, every item bound with its session', async () => {
	const harnesses = coldExecutions(8);
	simulator.injectFault({ api: 'Login', kind: 'delay', ms: 300 });

	const runs = await Promise.all(harnesses.map(bindTwo));

	for (const { output, error } of runs) {
		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.uuid)).toEqual([simulator.seed.modelServices[0], simulator.seed.modelServices[0]]);
	}
	expect(logins()).toBe(1);
	const sessions = new Set(simulator.requests.filter((request) => request.method === 'POST').map((request) => request.headers.authorization));
	expect(sessions.size).toBe(1);
});

test('a login that fails is not shared as a session: the next execution logs in itself', async () => {
	const harnesses = coldExecutions(2);
	simulator.injectFault({ api: 'Login', kind: 'plainText', status: 502, text: 'Bad Gateway' });

	const runs = await Promise.all(harnesses.map(bindTwo));

	expect(runs.map(({ output }) => output.every((item) => item.json.uuid === simulator.seed.modelServices[0]))).toEqual([false, true]);
	expect(logins()).toBe(2);
});
