import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { bindParameters } from '../harness/fixtures';
import { searchList } from '../harness/queries';
import { WorkflowHarness } from '../harness/workflow';
import { startSimulator, type Simulator } from '../simulator';

/**
 * The new operations against the ZStack simulator over real sockets: what n8n's HTTP client puts on the
 * wire (query encoding, repeated `q`, AccessKey signatures over the path) is what ZStack's REST server reads.
 */

const fastPolling = { pollInterval: 0.01, jobTimeout: 5 };

let sim: Simulator;
let harness: WorkflowHarness;

beforeAll(async () => {
	// The node signs AccessKey calls with a UTC Date today; this management node's clock runs in UTC.
	// A management node in China's zone, as most are: the credential's default zone matches it.
	sim = await startSimulator({ replyMode: 'async', jobPolls: 2, managementNodeTimeZone: 'Asia/Shanghai' });
});
afterAll(() => sim.stop());
beforeEach(() => {
	sim.reset();
	harness = new WorkflowHarness();
});

const signIns: [string, (sim: Simulator) => ICredentialDataDecryptedObject][] = [
	['a session', (s) => ({ host: s.url, authType: 'session', sessionUuid: s.createSession() })],
	['an account login', (s) => ({ host: s.url, authType: 'account', ...s.account })],
	['an AccessKey (signed without the query string)', (s) => ({ host: s.url, authType: 'accessKey', ...s.accessKey })],
];

describe.each(signIns)('signed in with %s', (_, credentialOf) => {
	beforeEach(() => harness.saveCredential('zstack', credentialOf(sim)));

	test('Get Many: filters and sort reach ZStack as it reads them', async () => {
		const { output, error } = await harness.run({
			parameters: {
				resource: 'model',
				operation: 'getAll',
				returnAll: true,
				filters: {
					conditions: [
						{ field: 'size', operator: 'greaterThanOrEqual', value: '2000000000' },
						{ field: 'modelClassifications', operator: 'notLike', value: '%embedding%' },
					],
				},
				options: { sort: { order: { field: 'size', direction: '-' } } },
			},
		});

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.name)).toEqual(['Qwen2.5-7B-Instruct', 'stable-diffusion-xl-base-1.0']);
	});

	test('a picker search, in any letter case, finds models by part of their name', async () => {
		const result = await searchList(harness, 'searchModels', 'QWEN');

		expect(result).toEqual({
			results: [{ name: 'Qwen2.5-7B-Instruct', value: sim.seed.models[0] }],
			paginationToken: undefined,
		});
	});
});

test('an empty picker search lists every model service, by name', async () => {
	harness.saveCredential('zstack', { host: sim.url, authType: 'session', sessionUuid: sim.createSession() });

	const { results } = await searchList(harness, 'searchModelServices');

	expect(results.map((entry) => entry.name)).toEqual([
		'embedding model service',
		'text to image model service',
		'text to text model service',
	]);
});

test('Get returns the model service as ZStack renders it, its bindings included', async () => {
	harness.saveCredential('zstack', { host: sim.url, authType: 'accessKey', ...sim.accessKey });
	const [binding] = sim.seed.bindings;

	const { output } = await harness.run({
		parameters: {
			resource: 'modelService',
			operation: 'get',
			modelServiceUuid: { __rl: true, mode: 'list', value: binding.modelServiceUuid },
		},
	});

	expect(output).toHaveLength(1);
	expect(output[0].json).toEqual({
		...sim.state.modelServices.find((service) => service.uuid === binding.modelServiceUuid),
		modelServiceRefs: [binding],
	});
});

test('Get of a UUID the simulator does not know is "not found"', async () => {
	harness.saveCredential('zstack', { host: sim.url, authType: 'session', sessionUuid: sim.createSession() });
	const unknown = '0'.repeat(32);

	const { error } = await harness.run({
		parameters: { resource: 'model', operation: 'get', modelUuid: { __rl: true, mode: 'id', value: unknown } },
	});

	expect(error?.message).toBe(`The model ${unknown} was not found`);
});

test('Unbind From Service on the seeded pair follows its job and removes the binding', async () => {
	harness.saveCredential('zstack', { host: sim.url, authType: 'accessKey', ...sim.accessKey });
	const [{ modelUuid, modelServiceUuid }] = sim.seed.bindings;

	const { output, error } = await harness.run({
		parameters: bindParameters({
			operation: 'unbindFromService',
			modelUuid: { __rl: true, mode: 'list', value: modelUuid },
			modelServiceUuid: { __rl: true, mode: 'list', value: modelServiceUuid },
			options: fastPolling,
		}),
	});

	expect(error).toBeUndefined();
	expect(output.map((item) => item.json)).toEqual([
		{ success: true, modelUuid, modelServiceUuid, inventory: expect.objectContaining({ uuid: modelServiceUuid, modelServiceRefs: [] }) },
	]);
	expect(sim.state.bindings).toEqual([]);
	// jobPolls: 2 → two polls answered 202, then the result.
	expect(sim.requests.filter((request) => request.path.startsWith('/zstack/v1/api-jobs/'))).toHaveLength(3);
});

test('bind, then unbind, leaves the model service without the binding', async () => {
	harness.saveCredential('zstack', { host: sim.url, authType: 'account', ...sim.account });
	const pair = { modelUuid: sim.seed.models[0], modelServiceUuid: sim.seed.modelServices[0] };
	const parameters = (operation: string) =>
		bindParameters({
			operation,
			modelUuid: { __rl: true, mode: 'id', value: pair.modelUuid },
			modelServiceUuid: { __rl: true, mode: 'id', value: pair.modelServiceUuid },
			options: fastPolling,
		});

	const bound = await harness.run({ parameters: parameters('bindToService') });
	const unbound = await harness.run({ parameters: parameters('unbindFromService') });

	expect((bound.output[0].json.modelServiceRefs as IDataObject[]).map((ref) => ref.modelUuid)).toEqual([pair.modelUuid]);
	expect(unbound.output.map((item) => item.json)).toEqual([
		{ success: true, ...pair, inventory: expect.objectContaining({ uuid: pair.modelServiceUuid, modelServiceRefs: [] }) },
	]);
	expect(sim.state.bindings.filter((binding) => binding.modelServiceUuid === pair.modelServiceUuid)).toEqual([]);
});
