import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { signInMethodOf } from '../../nodes/ZStack/transport/signIn/registry';
import { startSimulator, type Simulator } from '../simulator';
import { bindParameters } from '../harness/fixtures';
import { WorkflowHarness, zstackCredentialType } from '../harness/workflow';

/**
 * A new credential signs in with Account Login. Credentials saved with 0.1.0, whose default was Session UUID,
 * keep it: n8n's credential form writes every field's default into a new credential (useCredentialForm's
 * setCredentialPropertyDefaults), so they hold `authType: 'session'`, and n8n hands them to the node with
 * the defaults applied (CredentialsHelper.applyDefaultsAndOverwrites → NodeHelpers.getNodeParameters), which
 * is also why data stored without `authType` reaches the node as Account Login, its session UUID dropped.
 */
let sim: Simulator;

beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(async () => sim.stop());
beforeEach(() => sim.reset());

/** The requests of one bind made with that credential as stored (the harness hands it over as n8n does). */
async function bindWith(credential: ICredentialDataDecryptedObject) {
	const harness = new WorkflowHarness();
	harness.saveCredential('zstack', credential);
	const [model, modelService] = [sim.seed.models[1], sim.seed.modelServices[1]];
	const { error } = await harness.run({
		parameters: bindParameters({
			modelUuid: { __rl: true, mode: 'id', value: model },
			modelServiceUuid: { __rl: true, mode: 'id', value: modelService },
			options: { pollInterval: 0.01 },
		}),
	});
	expect(error).toBeUndefined();
	return sim.requests;
}

const loggedIn = (requests: typeof sim.requests) => requests.some((request) => request.path === '/zstack/v1/accounts/login');

test('a new ZStack API credential defaults to Account Login', async () => {
	const authType = zstackCredentialType.properties.find((property) => property.name === 'authType');
	expect(authType?.default).toBe('account');

	const { host, accountName, password } = sim.credentialFor('account');
	expect(loggedIn(await bindWith({ host, accountName, password }))).toBe(true);
});

test('a Session UUID credential saved in the editor with 0.1.0 still signs with its session', async () => {
	const { host, sessionUuid } = sim.credentialFor('session');
	const savedBy010 = { host, authType: 'session', sessionUuid, ignoreSslIssues: false };

	const requests = await bindWith(savedBy010);
	expect(loggedIn(requests)).toBe(false);
	expect(requests.at(-1)?.headers.authorization).toBe(`OAuth ${sessionUuid}`);
});

test('data stored without Authentication reaches the node as Account Login, its session UUID dropped', async () => {
	const harness = new WorkflowHarness();
	harness.saveCredential('zstack', { host: sim.url, sessionUuid: sim.credentialFor('session').sessionUuid });

	const { error } = await harness.run({ parameters: bindParameters() });

	expect(error?.message).toBe('ZStack login needs an account name');
	expect(sim.requests).toEqual([]);
});

test("the sign-in registry, handed data without Authentication (never so from n8n), reads 0.1.0's default, Session UUID", () => {
	expect(signInMethodOf({ host: 'http://zstack.test:8080', sessionUuid: 'a'.repeat(32) }).option.value).toBe('session');
});
