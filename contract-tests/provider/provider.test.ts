import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startSimulator, type Simulator } from '../simulator';
import { DEFAULT_CONTRACTS_DIR, verifyContracts, type TargetAuth, type VerifyOptions } from './verify';

const CONTRACT_FILES = readdirSync(DEFAULT_CONTRACTS_DIR).filter((file) => file.endsWith('.contract.json')).sort();
/** Contracts whose call ZStack answers with a job: every one but the GET queries. */
const JOB_CONTRACT_COUNT = CONTRACT_FILES.filter(
	(file) => (JSON.parse(readFileSync(path.join(DEFAULT_CONTRACTS_DIR, file), 'utf8')) as { request: { method: string } }).request.method !== 'GET',
).length;
const FAST_POLLING = { pollIntervalMs: 5, pollTimeoutMs: 5_000 };

const fixturesOf = (sim: Simulator) => ({
	modelUuid: sim.seed.models[0],
	modelServiceUuid: sim.seed.modelServices[0],
	modelCenterUuid: sim.seed.modelCenters[0],
	instanceGroupUuid: sim.seed.instanceGroups[0],
	zoneUuid: sim.seed.zones[0],
	clusterUuid: sim.seed.clusters[0],
	imageUuid: sim.seed.images[0],
	l3NetworkUuid: sim.seed.l3Networks[0],
	primaryStorageUuid: sim.seed.primaryStorages[0],
});
/**
 * A location naming a host only the management node reaches, so that polls prove they go to the target's host;
 * a management node in China's zone, as most are (the AccessKey credential says so).
 */
const SIMULATOR_OPTIONS = { internalJobHost: 'http://mn-internal.invalid:8080', managementNodeTimeZone: 'Asia/Shanghai' };

describe('provider verification against the ZStack simulator', () => {
	let sim: Simulator;

	beforeAll(async () => {
		sim = await startSimulator({ jobPolls: 2, ...SIMULATOR_OPTIONS });
	});
	afterEach(() => sim.reset());
	afterAll(() => sim.stop());

	const verify = (overrides: Partial<VerifyOptions> = {}) =>
		verifyContracts({ target: { host: sim.url, auth: sim.credentialFor('accessKey') }, fixtures: fixturesOf(sim), ...FAST_POLLING, ...overrides });

	const resultFor = async (operationId: string, overrides: Partial<VerifyOptions> = {}) => {
		const report = await verify(overrides);
		const result = report.contracts.find((contract) => contract.operationId === operationId);
		if (!result) throw new Error(`no result for ${operationId}`);
		return { report, result };
	};

	describe('every contract passes', () => {
		const authMethods: [string, (sim: Simulator) => TargetAuth][] = [
			['a session uuid', (s) => s.credentialFor('session')],
			['an account login', (s) => s.credentialFor('account')],
			['a user login', (s) => ({ ...s.credentialFor('account'), userName: s.account.accountName })],
			['an AccessKey signature', (s) => s.credentialFor('accessKey')],
		];

		test.each(authMethods)('authenticating with %s', async (_, authOf) => {
			const report = await verify({ target: { host: sim.url, auth: authOf(sim) } });

			expect(report.contracts.map((contract) => contract.file).sort()).toEqual(CONTRACT_FILES);
			expect(report.contracts.filter((contract) => !contract.ok)).toEqual([]);
			expect(report.ok).toBe(true);
		});

		test('when ZStack answers synchronously', async () => {
			const synchronous = await startSimulator({ replyMode: 'sync', ...SIMULATOR_OPTIONS });
			try {
				const report = await verify({ target: { host: synchronous.url, auth: synchronous.credentialFor('accessKey') } });

				expect(report.ok).toBe(true);
				expect(synchronous.requests.some((logged) => logged.path.includes('/api-jobs/'))).toBe(false);
			} finally {
				await synchronous.stop();
			}
		});
	});

	test("follows the async protocol at the target's own host, not the location's internal one", async () => {
		await verify();

		const polls = sim.requests.filter((logged) => logged.path.startsWith('/zstack/v1/api-jobs/'));
		expect(polls).toHaveLength(3 * JOB_CONTRACT_COUNT); // jobPolls: 2 → two 202s, then the result
		expect(new Set(polls.map((poll) => poll.headers.host))).toEqual(new Set([new URL(sim.url).host]));
	});

	test("sends a contract's query with its placeholders filled, a list as repeated parameters", async () => {
		await verify();

		const query = sim.requests.find((logged) => logged.method === 'GET' && logged.path === '/zstack/v1/ai/models');
		const params = new URLSearchParams(query?.query);
		expect(params.getAll('q')).toEqual([`uuid=${sim.seed.models[0]}`]);
		expect(Object.fromEntries([...params].filter(([name]) => name !== 'q'))).toEqual({ limit: '50', start: '0', replyWithCount: 'true' });
	});

	test("fills the placeholders of a contract's body", async () => {
		await verify();

		const deploy = sim.requests.find((logged) => logged.method === 'PUT' && logged.path === `/zstack/v1/ai/model-services/${sim.seed.modelServices[0]}` && 'deployModelService' in (logged.body as object));
		expect((deploy?.body as { deployModelService: unknown }).deployModelService).toMatchObject({ zoneUuid: sim.seed.zones[0], l3NetworkUuids: [sim.seed.l3Networks[0]] });
	});

	test('replays the deletes last, so that the resources the other contracts name still exist for them', async () => {
		const report = await verify();

		const deletes = report.contracts.map((contract) => contract.operationId.startsWith('Delete'));
		expect(deletes.indexOf(true)).toBeGreaterThan(0);
		expect(deletes.slice(deletes.indexOf(true)).every(Boolean)).toBe(true);
		expect(report.ok).toBe(true);
	});

	test('replays only the contracts selected', async () => {
		const report = await verify({ select: (contract) => contract.request.method === 'GET' });

		expect(report.contracts.length).toBeGreaterThan(0);
		expect(report.contracts.length).toBe(CONTRACT_FILES.length - JOB_CONTRACT_COUNT);
		expect(sim.requests.filter((logged) => logged.path.startsWith('/zstack/v1/') && !logged.path.includes('/accounts/')).every((logged) => logged.method === 'GET')).toBe(true);
	});

	test('logs out the session it logged in with', async () => {
		await verify({ target: { host: sim.url, auth: sim.credentialFor('account') } });

		expect(sim.state.sessions.size).toBe(0);
	});

	describe('catches drift and names it', () => {
		test('a reply without inventory', async () => {
			sim.injectFault({ api: 'BindModelToService', kind: 'noInventory' });

			const { report, result } = await resultFor('BindModelToService');

			expect(report.ok).toBe(false);
			expect(result.problems).toEqual(['inventory: missing (documented ModelServiceInventory)']);
		});

		test("an unbind whose job result has no inventory (ZStack's reply is the model service inventory)", async () => {
			sim.injectFault({ api: 'UnbindModelFromService', kind: 'noInventory' });

			const { result } = await resultFor('UnbindModelFromService');

			expect(result.problems).toEqual(['inventory: missing (documented ModelServiceInventory)']);
		});

		test('a field with the wrong JSON type, and a field gone missing', async () => {
			const [service] = sim.state.modelServices;
			service.requestMemory = '1024';
			delete service.readme;

			const { result } = await resultFor('BindModelToService');

			expect(result.problems).toEqual([
				'inventory.readme: missing (documented String)',
				'inventory.requestMemory: expected Long (an integer number), got string "1024"',
			]);
		});

		test('an error reply, with its ZStack code', async () => {
			sim.injectFault({ api: 'BindModelToService', kind: 'error', error: { code: 'SYS.1006', description: 'Operation error', details: 'boom' } });

			const { result } = await resultFor('BindModelToService');

			expect(result).toMatchObject({ ok: false, status: 503, problems: ['expected HTTP 200, got 503: SYS.1006 Operation error: boom'] });
		});

		test('a body that is not JSON', async () => {
			sim.injectFault({ api: 'JobPoll', kind: 'notJson' });

			const report = await verify();

			// The fault answers the run's first job poll, whichever contract's job that is.
			expect(report.contracts.filter((contract) => !contract.ok).map((contract) => contract.problems)).toEqual([
				["content-type is 'text/html;charset=UTF-8', not application/json", expect.stringMatching(/^body is not JSON: /)],
			]);
		});

		test('a job that never finishes', async () => {
			sim.injectFault({ api: 'BindModelToService', kind: 'jobNeverFinishes' });

			const { result } = await resultFor('BindModelToService', { pollTimeoutMs: 50 });

			expect(result.problems).toEqual([expect.stringMatching(/still running after 50 ms/)]);
		});

		test('a placeholder the fixtures do not fill', async () => {
			const { result } = await resultFor('BindModelToService', { fixtures: { modelUuid: sim.seed.models[0] } });

			expect(result.problems).toEqual(['no fixture for {modelServiceUuid}']);
		});
	});

	describe('contracts whose documented reply is a list of inventories', () => {
		let contractsDir: string;

		beforeEach(() => {
			contractsDir = mkdtempSync(path.join(tmpdir(), 'zstack-contracts-'));
			const queryContract = {
				operationId: 'QueryModelService',
				request: { method: 'GET', path: '/zstack/v1/ai/model-services/{modelServiceUuid}', headers: { Authorization: 'OAuth {sessionUuid}' } },
				response: { status: 200, body: { inventories: [] } },
				documentedReply: {
					inventories: {
						type: 'ModelServiceInventory',
						list: true,
						fields: { uuid: 'String', requestCpu: 'Integer', modelServiceRefs: { type: 'ModelServiceRefInventory', list: true, fields: { modelUuid: 'String' } } },
					},
				},
			};
			writeFileSync(path.join(contractsDir, 'QueryModelService.contract.json'), JSON.stringify(queryContract));
		});
		afterEach(() => rmSync(contractsDir, { recursive: true, force: true }));

		test('pass when every element has the documented fields', async () => {
			const { result } = await resultFor('QueryModelService', { contractsDir, fixtures: { modelServiceUuid: sim.seed.modelServices[1] } });

			expect(result).toMatchObject({ ok: true, problems: [] });
		});

		test('name the element that drifted', async () => {
			sim.state.modelServices[1].requestCpu = 2.5;
			sim.state.bindings[0].modelUuid = 42 as unknown as string;

			const { result } = await resultFor('QueryModelService', { contractsDir, fixtures: { modelServiceUuid: sim.seed.modelServices[1] } });

			expect(result.problems).toEqual([
				'inventories[0].requestCpu: expected Integer (an integer number), got number 2.5',
				'inventories[0].modelServiceRefs[0].modelUuid: expected String (a string), got number 42',
			]);
		});
	});
});

/**
 * Against a real ZStack, opt-in through the environment. Careful: it really binds ZSTACK_MODEL_UUID to
 * ZSTACK_MODEL_SERVICE_UUID (and unbinds it). The other contracts that change things (add, update, deploy, restart,
 * delete) are not replayed there: they would create models and VMs and delete the ones the fixtures name.
 */
const REAL_ZSTACK_CONTRACTS = (contract: { operationId: string; request: { method: string } }) =>
	contract.request.method === 'GET' || ['BindModelToService', 'UnbindModelFromService'].includes(contract.operationId);

function realZStackFromEnv(env: NodeJS.ProcessEnv): { host: string; auth: TargetAuth; fixtures: Record<string, string> } | undefined {
	const { ZSTACK_HOST, ZSTACK_MODEL_UUID, ZSTACK_MODEL_SERVICE_UUID } = env;
	const auth: TargetAuth | undefined = env.ZSTACK_SESSION_UUID
		? { authType: 'session', sessionUuid: env.ZSTACK_SESSION_UUID }
		: env.ZSTACK_ACCESS_KEY_ID && env.ZSTACK_ACCESS_KEY_SECRET
			? {
					authType: 'accessKey',
					accessKeyId: env.ZSTACK_ACCESS_KEY_ID,
					accessKeySecret: env.ZSTACK_ACCESS_KEY_SECRET,
					managementNodeTimeZone: env.ZSTACK_TIME_ZONE,
				}
			: env.ZSTACK_ACCOUNT && env.ZSTACK_PASSWORD
				? { authType: 'account', accountName: env.ZSTACK_ACCOUNT, password: env.ZSTACK_PASSWORD }
				: undefined;
	if (!ZSTACK_HOST || !auth || !ZSTACK_MODEL_UUID || !ZSTACK_MODEL_SERVICE_UUID) return undefined;
	return { host: ZSTACK_HOST, auth, fixtures: { modelUuid: ZSTACK_MODEL_UUID, modelServiceUuid: ZSTACK_MODEL_SERVICE_UUID } };
}

const realZStack = realZStackFromEnv(process.env);

/** Skipped, and counted so in jest's summary, unless the environment names a real ZStack. */
const REAL_ZSTACK_TITLE =
	'provider verification against a real ZStack (set ZSTACK_HOST, ZSTACK_MODEL_UUID, ZSTACK_MODEL_SERVICE_UUID and ' +
	'ZSTACK_SESSION_UUID, or ZSTACK_ACCOUNT + ZSTACK_PASSWORD, or ZSTACK_ACCESS_KEY_ID + ZSTACK_ACCESS_KEY_SECRET [+ ZSTACK_TIME_ZONE])';

(realZStack ? describe : describe.skip)(REAL_ZSTACK_TITLE, () => {
	test('every contract passes', async () => {
		const { host, auth, fixtures } = realZStack!;

		const report = await verifyContracts({ target: { host, auth }, fixtures, select: REAL_ZSTACK_CONTRACTS, pollTimeoutMs: 120_000 });

		expect(report.contracts.filter((contract) => !contract.ok)).toEqual([]);
		expect(report.contracts).toHaveLength(CONTRACT_FILES.length - JOB_CONTRACT_COUNT + 2);
	}, 180_000);
});
