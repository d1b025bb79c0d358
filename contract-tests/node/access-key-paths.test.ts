import type { IDataObject } from 'n8n-workflow';

import { WorkflowHarness } from '../harness/workflow';
import { startSimulator, type Simulator } from '../simulator';

/**
 * N4: AccessKey signs the path RestServer verifies — the decoded one (getDecodedUrl ~603, ~894), as ZStack's
 * SDKs sign it — so API → Call paths with characters that travel percent-encoded pass a real management node.
 * The simulator verifies as RestServer does (contract-tests/simulator/request-path.js).
 */

let sim: Simulator;
let harness: WorkflowHarness;

beforeAll(async () => {
	sim = await startSimulator({ managementNodeTimeZone: 'Asia/Shanghai' });
});
afterAll(() => sim.stop());
beforeEach(() => {
	sim.reset();
	harness = new WorkflowHarness();
	harness.saveCredential('zstack', sim.credentialFor('accessKey'));
});

const callEach = (paths: string[]) =>
	harness.run({
		parameters: { resource: 'api', operation: 'call', method: 'GET', path: '={{ $json.path }}' },
		items: paths.map((path): IDataObject => ({ path })),
		continueOnFail: true,
	});

test('paths with a space, +, :, a literal % (typed %25) and Chinese, typed or percent-encoded: each call is accepted', async () => {
	const segments = ['a b', 'a+b', 'vm:1', '100%', '模型', encodeURIComponent('模型')];
	const { output, error } = await callEach(segments.map((segment) => `/ai/models/${segment === '100%' ? '100%25' : segment}`));

	expect(error).toBeUndefined();
	expect(output.map((item) => item.json.inventories)).toEqual(segments.map(() => []));
	const sent = sim.requests.map((request) => decodeURIComponent(request.path));
	expect(sent).toEqual(['a b', 'a+b', 'vm:1', '100%', '模型', '模型'].map((segment) => `/zstack/v1/ai/models/${segment}`));
});

test('an encoded slash (%2F) fails its item, naming it, and is never sent', async () => {
	const { output } = await callEach(['/ai/models/a%2Fb', '/ai/models']);

	expect(output[0].json.error).toMatch(/^Item 0: Path "\/ai\/models\/a%2Fb" must not contain an encoded slash/);
	expect(output[1].json.inventories).toHaveLength(sim.state.models.length);
	expect(sim.requests.map((request) => request.path)).toEqual(['/zstack/v1/ai/models']);
});
