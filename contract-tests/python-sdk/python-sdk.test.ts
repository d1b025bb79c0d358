import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { startSimulator, type Simulator } from '../simulator';

/**
 * ZStack's own Python client against the simulator: zssdk.py, the official Python 2.7 SDK core, is loaded at
 * test time from ../shared/reference/zstack-source/ beside the repository (ZSTACK_ZSSDK_PY overrides the path;
 * it is never copied into the repository), with the action classes the open-source core lacks from
 * zstack_ai_actions.py. Python 2.7 is ZSTACK_PYTHON2, else /root/.pyenv/versions/2.7.18/bin/python, else
 * `python2` on PATH. Where neither is found the suite is skipped.
 */

const runFile = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, '..', '..');
const ZSSDK = process.env.ZSTACK_ZSSDK_PY ?? path.resolve(REPO_ROOT, '..', 'shared', 'reference', 'zstack-source', 'zssdk.py');
const DRIVER = path.join(__dirname, 'drive_zssdk.py');
const MANAGEMENT_NODE_ZONE = 'Asia/Shanghai';

function findPython27(): string | undefined {
	const candidates = [process.env.ZSTACK_PYTHON2, '/root/.pyenv/versions/2.7.18/bin/python', 'python2'].filter(
		(candidate): candidate is string => Boolean(candidate),
	);
	return candidates.find(
		(candidate) => spawnSync(candidate, ['-c', 'import sys; sys.exit(0 if sys.version_info[:2] == (2, 7) else 1)']).status === 0,
	);
}

const python = existsSync(ZSSDK) ? findPython27() : undefined;

(python ? describe : describe.skip)(
	python
		? "ZStack's Python SDK (zssdk.py on Python 2.7) against the simulator"
		: "ZStack's Python SDK check: SKIPPED, Python 2.7 or ../shared/reference/zstack-source/zssdk.py not found",
	() => {
		let sim: Simulator;
		let model: string;
		let service: string;

		beforeAll(async () => {
			sim = await startSimulator({ managementNodeTimeZone: MANAGEMENT_NODE_ZONE, jobPolls: 1 });
			[model] = sim.seed.models;
			[service] = sim.seed.modelServices;
		});
		afterAll(() => sim.stop());
		beforeEach(() => {
			sim.reset();
			sim.configure({ checkTimeZone: false });
		});

		/** Runs one scenario of drive_zssdk.py with the SDK process in time zone `tz`; returns its report. */
		async function drive(scenario: string, tz: string) {
			const expiredSession = sim.createSession();
			sim.expireSession(expiredSession);
			const { stdout } = await runFile(/** found above */ python!, [DRIVER, ZSSDK, scenario], {
				timeout: 60_000,
				env: {
					...process.env,
					TZ: tz,
					PYTHONDONTWRITEBYTECODE: '1',
					ZSTACK_SIM_PORT: new URL(sim.url).port,
					ZSTACK_MODEL_UUID: model,
					ZSTACK_MODEL_SERVICE_UUID: service,
					ZSTACK_VM_UUID: sim.seed.vmInstances[0],
					ZSTACK_EXPIRED_SESSION_UUID: expiredSession,
					ZSTACK_ACCESS_KEY_ID: sim.accessKey.accessKeyId,
					ZSTACK_ACCESS_KEY_SECRET: sim.accessKey.accessKeySecret,
					ZSTACK_ACCOUNT: sim.account.accountName,
					ZSTACK_PASSWORD: sim.account.password,
				},
			});
			return JSON.parse(stdout);
		}

		test(`login, query, bind with the SDK's job polling, AccessKey calls with TZ=${MANAGEMENT_NODE_ZONE}, an expired session on an async call, a VM action`, async () => {
			const report = await drive('session-and-access-key', MANAGEMENT_NODE_ZONE);

			expect(report.login.value.inventory.uuid).toMatch(/^[0-9a-f]{32}$/);
			// The SDK sends replyWithCount=True (Python's spelling), which ZStack counts.
			expect(report.query.value).toMatchObject({ total: 1, inventories: [{ name: 'bge-large-zh-v1.5' }] });
			expect(report.bind.value.inventory.modelServiceRefs).toContainEqual(expect.objectContaining({ modelUuid: model, modelServiceUuid: service }));
			expect(report.accessKeyQuery.value.inventories.map((inventory: { uuid: string }) => inventory.uuid)).toEqual([service]);
			expect(report.accessKeyUnbind.value.inventory).toMatchObject({ uuid: service, modelServiceRefs: [] });
			expect(report.expiredSessionBind.error.code).toBe('ID.1001');
			expect(report.stopVm.value.inventory).toMatchObject({ uuid: sim.seed.vmInstances[0], state: 'Stopped', hostUuid: null });

			// The SDK polls the location as given: the simulator's own URL. AccessKey calls poll with
			// "OAuth None", which RestServer ignores like any Authorization on a poll.
			const polls = sim.requests.filter((logged) => logged.path.startsWith('/zstack/v1/api-jobs/'));
			expect(new Set(polls.map((poll) => poll.headers.host))).toEqual(new Set([new URL(sim.url).host]));
			expect(polls.some((poll) => poll.headers.authorization === 'OAuth None')).toBe(true);
			const bindRequest = sim.requests.find((logged) => logged.method === 'POST');
			expect(bindRequest?.body).toEqual({ params: expect.objectContaining({ systemTags: ['zssdk::check'] }) });
			// The expired session's bind never ran; the first bind was undone by the AccessKey unbind.
			expect(sim.state.bindings.filter((binding) => binding.modelServiceUuid === service)).toEqual([]);
		});

		test(`AccessKey from an SDK in UTC to a management node in ${MANAGEMENT_NODE_ZONE}: 403 requestTimeTooSkewed`, async () => {
			const report = await drive('access-key-query', 'UTC');

			expect(report.accessKeyQuery.error).toEqual({ code: 'sdk.1000', details: 'requestTimeTooSkewed' });
		});

		test('AccessKey with checkTimeZone=true: the SDK labels its local time CST, which Java reads as America/Chicago', async () => {
			sim.configure({ checkTimeZone: true });

			const report = await drive('access-key-query', MANAGEMENT_NODE_ZONE);

			expect(report.accessKeyQuery.error).toEqual({ code: 'sdk.1000', details: 'requestTimeTooSkewed' });
		});
	},
);
