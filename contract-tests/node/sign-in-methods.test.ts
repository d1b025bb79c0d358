import path from 'node:path';

import type { SignInMethod } from '../../nodes/ZStack/transport/signIn/signInMethod';
import { startSimulator, type Simulator } from '../simulator';
import { bindParameters } from '../harness/fixtures';
import { WorkflowHarness, zstackCredentialType } from '../harness/workflow';

/**
 * Every sign-in method in the registry works end to end against the simulator, whose seed has a credential
 * for each: a method added to the registry without its simulator credential fails here.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports -- the built package, as n8n loads it
const { SIGN_IN_METHODS } = require(path.resolve(__dirname, '../../dist/nodes/ZStack/transport/signIn/registry.js')) as {
	SIGN_IN_METHODS: readonly SignInMethod[];
};

let sim: Simulator;

beforeAll(async () => {
	sim = await startSimulator({ replyMode: 'async', managementNodeTimeZone: 'Asia/Shanghai' });
});
afterAll(async () => sim.stop());

test.each(SIGN_IN_METHODS.map((method) => [method.option.value]))('%s: a bind through the node succeeds', async (authType) => {
	const harness = new WorkflowHarness();
	harness.saveCredential('zstack', sim.credentialFor(authType));
	const [model, modelService] = [sim.seed.models[1], sim.seed.modelServices[1]];

	const { output, error } = await harness.run({
		parameters: bindParameters({
			modelUuid: { __rl: true, mode: 'id', value: model },
			modelServiceUuid: { __rl: true, mode: 'id', value: modelService },
			options: { pollInterval: 0.01 },
		}),
	});

	expect(error).toBeUndefined();
	expect(output[0].json).toMatchObject({ uuid: modelService });
});

test('the credential offers exactly the registered methods', () => {
	const authType = zstackCredentialType.properties.find((property) => property.name === 'authType');
	expect(authType?.options?.map((option) => ('value' in option ? option.value : undefined))).toEqual(
		SIGN_IN_METHODS.map((method) => method.option.value),
	);
});
