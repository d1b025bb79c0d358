import { createHash } from 'node:crypto';
import bindContract from '../contracts/BindModelToService.contract.json';
import { accessKeyHeaders, awaitJob, bindPath, call, jobPath, oauth, sign, sleep, withSimulator, ZSTACK_DATE } from './http-test-client';
import { startSimulator, type Simulator } from './index';

const sha512 = (text: string) => createHash('sha512').update(text).digest('hex');

// ---- specification ------------------------------------------------------------------------------------------

describe('ZStack simulator', () => {
	let sim: Simulator;
	let session: Record<string, string>;
	let firstModel: string;
	let firstService: string;

	beforeAll(async () => {
		sim = await startSimulator({ jobPolls: 1 });
		[firstModel] = sim.seed.models;
		[firstService] = sim.seed.modelServices;
	});
	beforeEach(() => {
		sim.reset();
		session = oauth(sim.createSession());
	});
	afterAll(() => sim.stop());

	describe('account and user login', () => {
		const logIn = (password: string, accountName = 'admin') =>
			call(sim, 'PUT', '/zstack/v1/accounts/login', { body: { logInByAccount: { accountName, password } } });

		test('the SHA-512 hex of the password opens a session at once (login is never async)', async () => {
			expect(sha512('password')).toBe(
				'b109f3bbbc244eb82441917ed06d618b9008dd09b3befd1b5e07394c706a8bb980b1d7785e5976ec049b46df5f1326af5a2ea6d103fd07c95385ffab0cacbc86',
			);
			const reply = await logIn(sha512(sim.account.password));

			expect(reply.status).toBe(200);
			const { inventory } = reply.body;
			expect(inventory).toEqual({
				uuid: expect.stringMatching(/^[0-9a-f]{32}$/),
				accountUuid: expect.stringMatching(/^[0-9a-f]{32}$/),
				userUuid: expect.stringMatching(/^[0-9a-f]{32}$/),
				expiredDate: expect.stringMatching(ZSTACK_DATE),
				createDate: expect.stringMatching(ZSTACK_DATE),
			});
			const validity = await call(sim, 'GET', `/zstack/v1/accounts/sessions/${inventory.uuid}/valid`);
			expect(validity.body).toEqual({ valid: true });
		});

		test.each([
			['the plain password', () => logIn(sim.account.password)],
			['the upper-case hash', () => logIn(sha512(sim.account.password).toUpperCase())],
			['an unknown account', () => logIn(sha512(sim.account.password), 'nobody')],
		])('%s is refused with 503 ID.1000', async (_, attempt) => {
			const reply = await attempt();

			expect(reply.status).toBe(503);
			expect(reply.body.error).toMatchObject({ code: 'ID.1000', description: 'Authentication failed' });
		});

		test('the admin account can log in as a user of itself', async () => {
			const reply = await call(sim, 'PUT', '/zstack/v1/accounts/users/login', {
				body: { logInByUser: { accountName: 'admin', userName: 'admin', password: sha512('password') } },
			});

			expect(reply.status).toBe(200);
			expect(sim.state.sessions.has(reply.body.inventory.uuid)).toBe(true);
		});

		test('past 500 live sessions, login answers 503 ID.1006', async () => {
			for (let live = sim.state.sessions.size; live < 500; live++) sim.createSession();

			const reply = await logIn(sha512('password'));

			expect(reply.status).toBe(503);
			expect(reply.body.error.code).toBe('ID.1006');
		});

		test('logout needs no credentials, answers at once (a sync API) and the session is then invalid', async () => {
			const sessionUuid = sim.createSession();

			const reply = await call(sim, 'DELETE', `/zstack/v1/accounts/sessions/${sessionUuid}`);

			expect(reply.status).toBe(200);
			expect(reply.body).toEqual({});
			expect((await call(sim, 'GET', `/zstack/v1/accounts/sessions/${sessionUuid}/valid`)).body).toEqual({ valid: false });
		});
	});

	describe('sessions', () => {
		test('every call renews a session: it expires sessionTimeoutMs after its last use (a sliding idle timeout)', async () => {
			await withSimulator({ sessionTimeoutMs: 2_000 }, async (shortLived) => {
				const sessionUuid = shortLived.createSession();
				const headers = oauth(sessionUuid);
				const createdUntil = shortLived.state.sessions.get(sessionUuid)!.expiresAt;
				await sleep(50);

				expect((await call(shortLived, 'GET', '/zstack/v1/ai/models', { headers })).status).toBe(200);

				const session = shortLived.state.sessions.get(sessionUuid)!;
				expect(session.expiresAt).toBeGreaterThan(createdUntil);
				expect(session.expiredDate).toMatch(ZSTACK_DATE);
			});
		});

		test('an idle session expires, then a query (a sync API) answers 503 ID.1001 directly', async () => {
			await withSimulator({ sessionTimeoutMs: 100 }, async (shortLived) => {
				const headers = oauth(shortLived.createSession());
				await sleep(300);

				const expired = await call(shortLived, 'GET', '/zstack/v1/ai/models', { headers });

				expect(expired.status).toBe(503);
				expect(expired.body.error).toMatchObject({ code: 'ID.1001', description: 'Session expired' });
			});
		});

		test('a call refused for its expired session does not revive it', async () => {
			const sessionUuid = sim.createSession();
			sim.state.sessions.get(sessionUuid)!.expiresAt = Date.now() - 1;

			await call(sim, 'GET', '/zstack/v1/ai/models', { headers: oauth(sessionUuid) });

			expect(sim.state.sessions.get(sessionUuid)!.expiresAt).toBeLessThan(Date.now());
		});

		test('an unknown session is answered like an expired one, not with 401', async () => {
			const reply = await call(sim, 'GET', '/zstack/v1/ai/models', { headers: oauth('0'.repeat(32)) });

			expect(reply.status).toBe(503);
			expect(reply.body.error.code).toBe('ID.1001');
		});

		test('expireSession ends one session', async () => {
			const sessionUuid = sim.createSession();
			sim.expireSession(sessionUuid);

			const reply = await call(sim, 'GET', '/zstack/v1/ai/models', { headers: oauth(sessionUuid) });

			expect(reply.body.error.code).toBe('ID.1001');
		});

		test('a missing Authorization header is a 400 with a plain-text body', async () => {
			const reply = await call(sim, 'GET', '/zstack/v1/ai/models');

			expect(reply.status).toBe(400);
			expect(reply.contentType).toMatch(/^text\/plain/);
			expect(reply.text).toMatch(/Authorization/);
		});
	});

	describe('AccessKey signatures', () => {
		test('the test signer matches a vector computed elsewhere (Python hmac)', () => {
			expect(sign('example-secret', 'POST', 'Thu, 01 Jan 2026 00:00:00 GMT', '/v1/ai/models/m/model-services/s')).toBe(
				'fP9Vyt+fc+EvpSMHWcYLsqaxkP8=',
			);
		});

		test('a signature over METHOD, Date and the URI without /zstack or query string is accepted', async () => {
			const path = '/zstack/v1/ai/models?limit=1';

			const reply = await call(sim, 'GET', path, { headers: accessKeyHeaders(sim, 'GET', path) });

			expect(reply.status).toBe(200);
			expect(reply.body.inventories).toHaveLength(1);
		});

		test('a signed bind is accepted, and so is its signed job poll', async () => {
			const path = bindPath(firstModel, firstService);
			const accepted = await call(sim, 'POST', path, { headers: accessKeyHeaders(sim, 'POST', path), body: {} });
			expect(accepted.status).toBe(202);
			const poll = jobPath(accepted.body.location);

			const { reply } = await awaitJob(sim, accepted, accessKeyHeaders(sim, 'GET', poll));

			expect(reply.status).toBe(200);
		});

		test.each([
			['a signature over the path with /zstack', (path: string) => {
				const date = new Date().toUTCString();
				return { Date: date, Authorization: `ZStack ${sim.accessKey.accessKeyId}:${sign(sim.accessKey.accessKeySecret, 'GET', date, path)}` };
			}],
			['a signature made with another secret', () => {
				const date = new Date().toUTCString();
				return { Date: date, Authorization: `ZStack ${sim.accessKey.accessKeyId}:${sign('other-secret', 'GET', date, '/v1/ai/models')}` };
			}],
			['an unknown AccessKeyId', () => {
				const date = new Date().toUTCString();
				return { Date: date, Authorization: `ZStack UNKNOWNKEY:${sign(sim.accessKey.accessKeySecret, 'GET', date, '/v1/ai/models')}` };
			}],
		])('%s is refused with 503 ID.1000 naming the AccessKey signature', async (_, headersFor) => {
			const reply = await call(sim, 'GET', '/zstack/v1/ai/models', { headers: headersFor('/zstack/v1/ai/models') });

			expect(reply.status).toBe(503);
			expect(reply.body.error.code).toBe('ID.1000');
			expect(reply.body.error.description).toMatch(/AccessKey signature is invalid/);
		});

		test('a Date more than 15 minutes off is refused with a plain-text 403', async () => {
			const sixteenMinutesAgo = new Date(Date.now() - 16 * 60 * 1000);
			const headers = accessKeyHeaders(sim, 'GET', '/zstack/v1/ai/models', sixteenMinutesAgo);

			const reply = await call(sim, 'GET', '/zstack/v1/ai/models', { headers });

			expect(reply.status).toBe(403);
			expect(reply.contentType).toMatch(/^text\/plain/);
		});
	});

	describe('async jobs', () => {
		test("a bind answers 202 with a location under the simulator's own URL; polls answer 202 with no body, then 200", async () => {
			const accepted = await call(sim, 'POST', bindPath(firstModel, firstService), { headers: session, body: {} });

			expect(accepted.status).toBe(202);
			expect(accepted.body).toEqual({
				location: expect.stringMatching(new RegExp(`^${sim.url}/zstack/v1/api-jobs/[0-9a-f]{32}$`)),
				apiTimeout: expect.any(Number),
			});
			const running = await call(sim, 'GET', jobPath(accepted.body.location), { headers: session });
			expect(running.status).toBe(202);
			expect(running.text).toBe('');
			const done = await call(sim, 'GET', jobPath(accepted.body.location), { headers: session });
			expect(done.status).toBe(200);
			expect(done.body.inventory.uuid).toBe(firstService);
		});

		test('jobPolls sets how many polls answer 202', async () => {
			await withSimulator({ jobPolls: 3 }, async (patient) => {
				const headers = oauth(patient.createSession());
				const accepted = await call(patient, 'POST', bindPath(firstModel, firstService), { headers, body: {} });

				const { reply, runningPolls } = await awaitJob(patient, accepted, headers);

				expect(runningPolls).toBe(3);
				expect(reply.status).toBe(200);
			});
		});

		test('jobDurationMs keeps a job running that long, however often it is polled', async () => {
			await withSimulator({ jobPolls: 0, jobDurationMs: 60_000 }, async (slow) => {
				const headers = oauth(slow.createSession());
				const startedAt = Date.now();
				const clock = jest.spyOn(Date, 'now').mockReturnValue(startedAt);
				try {
					const accepted = await call(slow, 'POST', bindPath(firstModel, firstService), { headers, body: {} });
					const poll = () => call(slow, 'GET', jobPath(accepted.body.location), { headers });

					expect((await poll()).status).toBe(202);
					expect((await poll()).status).toBe(202);
					clock.mockReturnValue(startedAt + 59_999);
					expect((await poll()).status).toBe(202);
					clock.mockReturnValue(startedAt + 60_000);
					const done = await poll();
					expect(done.status).toBe(200);
					expect(done.body.inventory.uuid).toBe(firstService);
				} finally {
					clock.mockRestore();
				}
			});
		});

		test('a failed job answers 503 with a ZStack error whose cause has the same shape', async () => {
			const accepted = await call(sim, 'POST', bindPath('f'.repeat(32), firstService), { headers: session, body: {} });

			const { reply } = await awaitJob(sim, accepted, session);

			expect(reply.status).toBe(503);
			const errorShape = { code: 'SYS.1003', description: expect.any(String), details: expect.any(String), elaboration: null, opaque: null };
			expect(reply.body.error).toEqual({ ...errorShape, cause: { ...errorShape, cause: null } });
			expect(reply.body.error.cause.details).toContain('f'.repeat(32));
		});

		test('an unknown job is a plain-text 404 "the job has been expired"', async () => {
			const reply = await call(sim, 'GET', `/zstack/v1/api-jobs/${'a'.repeat(32)}`, { headers: session });

			expect(reply.status).toBe(404);
			expect(reply.text).toBe('the job has been expired');
		});

		test('internalJobHost names another host in the location, for testing a client that polls its own host', async () => {
			await withSimulator({ internalJobHost: 'http://mn-internal.invalid:8080' }, async (behindProxy) => {
				const headers = oauth(behindProxy.createSession());

				const accepted = await call(behindProxy, 'POST', bindPath(firstModel, firstService), { headers, body: {} });

				expect(accepted.body.location).toMatch(/^http:\/\/mn-internal\.invalid:8080\/zstack\/v1\/api-jobs\/[0-9a-f]{32}$/);
			});
		});

		test.each([
			['no Authorization at all', {}],
			['an unknown session', oauth('0'.repeat(32))],
			['a header RestServer could not even parse', { Authorization: 'Basic Zm9vOmJhcg==' }],
		])('job polls are answered before any authentication: %s is ignored', async (_, pollHeaders) => {
			const accepted = await call(sim, 'POST', bindPath(firstModel, firstService), { headers: session, body: {} });

			const { reply } = await awaitJob(sim, accepted, pollHeaders as Record<string, string>);

			expect(reply.status).toBe(200);
			expect(reply.body.inventory.uuid).toBe(firstService);
		});

		test('a client-chosen X-Job-UUID names the job, and reusing it is a plain-text 400', async () => {
			const jobUuid = 'c'.repeat(32);
			const headers = { ...session, 'X-Job-UUID': jobUuid };

			const first = await call(sim, 'POST', bindPath(firstModel, firstService), { headers, body: {} });
			const second = await call(sim, 'POST', bindPath(firstModel, firstService), { headers, body: {} });

			expect(first.body.location).toMatch(new RegExp(`/api-jobs/${jobUuid}$`));
			expect(second.status).toBe(400);
			expect(second.contentType).toMatch(/^text\/plain/);
		});

		test('an X-Job-UUID that is not 32 hex characters is a 400', async () => {
			const headers = { ...session, 'X-Job-UUID': 'not-a-uuid' };

			const reply = await call(sim, 'POST', bindPath(firstModel, firstService), { headers, body: {} });

			expect(reply.status).toBe(400);
		});

		test('X-API-Timeout (seconds) is echoed as apiTimeout in milliseconds', async () => {
			const headers = { ...session, 'X-API-Timeout': '90' };

			const reply = await call(sim, 'POST', bindPath(firstModel, firstService), { headers, body: {} });

			expect(reply.body.apiTimeout).toBe(90_000);
		});

		test('in sync mode a bind answers 200 with its result at once', async () => {
			await withSimulator({ replyMode: 'sync' }, async (synchronous) => {
				const headers = oauth(synchronous.createSession());

				const reply = await call(synchronous, 'POST', bindPath(firstModel, firstService), { headers, body: {} });

				expect(reply.status).toBe(200);
				expect(reply.body.inventory.uuid).toBe(firstService);
			});
		});
	});

	describe('REST-layer errors are plain text', () => {
		test.each([
			['an unknown path', 404, 'GET', '/zstack/v1/no-such-api', undefined],
			['a known path with the wrong method', 405, 'PUT', '/zstack/v1/ai/models', undefined],
			['a job poll with a method other than GET', 405, 'DELETE', `/zstack/v1/api-jobs/${'a'.repeat(32)}`, undefined],
			['a malformed JSON body (RestServer answers the parse exception with 500)', 500, 'POST', bindPath('x', 'y'), '{"systemTags": ['],
			['a JSON body that is not an object', 500, 'POST', bindPath('x', 'y'), '["systemTags"]'],
		] as const)('%s → %i', async (_, status, method, path, body) => {
			const reply = await call(sim, method, path, { headers: session, body });

			expect(reply.status).toBe(status);
			expect(reply.contentType).toMatch(/^text\/plain/);
		});
	});

	describe('binding models to model services', () => {
		async function bind(modelUuid: string, modelServiceUuid: string, body: unknown = {}) {
			const accepted = await call(sim, 'POST', bindPath(modelUuid, modelServiceUuid), { headers: session, body });
			return (await awaitJob(sim, accepted, session)).reply;
		}

		test("the first seeded service carries the example values of the contract's response", async () => {
			const reply = await bind(firstModel, firstService);

			expect(reply.body.inventory).toMatchObject(bindContract.response.body.inventory);
		});

		test('the new binding appears in modelServiceRefs and in a later QueryModelService', async () => {
			const reply = await bind(firstModel, firstService, { systemTags: ['tag::a'], userTags: ['b'] });
			const ref = { uuid: expect.stringMatching(/^[0-9a-f]{32}$/), modelUuid: firstModel, modelServiceUuid: firstService };
			expect(reply.body.inventory.modelServiceRefs).toEqual([ref]);

			const query = await call(sim, 'GET', `/zstack/v1/ai/model-services/${firstService}`, { headers: session });

			expect(query.body.inventories[0].modelServiceRefs).toEqual([ref]);
			expect(sim.state.bindings).toContainEqual({ ...ref, systemTags: ['tag::a'], userTags: ['b'] });
		});

		test('binding an already bound pair adds no second ref', async () => {
			await bind(firstModel, firstService);

			const again = await bind(firstModel, firstService);

			expect(again.body.inventory.modelServiceRefs).toHaveLength(1);
		});

		test('unbinding answers the model service inventory without the ref, and removes it', async () => {
			const [seeded] = sim.seed.bindings;
			const accepted = await call(sim, 'DELETE', bindPath(seeded.modelUuid, seeded.modelServiceUuid), { headers: session });

			const { reply } = await awaitJob(sim, accepted, session);

			expect(reply.status).toBe(200);
			expect(reply.body).toEqual({
				inventory: { ...sim.state.modelServices.find((service) => service.uuid === seeded.modelServiceUuid), modelServiceRefs: [] },
			});
			const query = await call(sim, 'GET', `/zstack/v1/ai/model-services/${seeded.modelServiceUuid}`, { headers: session });
			expect(query.body.inventories[0].modelServiceRefs).toEqual([]);
		});

		test('an unknown model service fails the bind with SYS.1003', async () => {
			const reply = await bind(firstModel, 'e'.repeat(32));

			expect(reply.status).toBe(503);
			expect(reply.body.error.code).toBe('SYS.1003');
		});
	});

	describe('queries', () => {
		const query = async (path: string) => (await call(sim, 'GET', path, { headers: session })).body;
		const names = (body: { inventories: { name: string }[] }) => body.inventories.map((inventory) => inventory.name);

		test('list every seeded model, with total only when replyWithCount=true', async () => {
			const plain = await query('/zstack/v1/ai/models');
			const counted = await query('/zstack/v1/ai/models?replyWithCount=true');

			expect(plain.inventories).toHaveLength(3);
			expect(plain).not.toHaveProperty('total');
			expect(counted.total).toBe(3);
			expect(new Set(names(plain)).size).toBe(3);
		});

		test('a model inventory has the fields of ModelInventory', async () => {
			const { inventories } = await query(`/zstack/v1/ai/models/${firstModel}`);

			expect(inventories).toEqual([
				expect.objectContaining({
					uuid: firstModel,
					name: expect.any(String),
					size: expect.any(Number),
					modelClassifications: expect.any(Array),
					createDate: expect.stringMatching(ZSTACK_DATE),
					lastOpDate: expect.stringMatching(ZSTACK_DATE),
				}),
			]);
		});

		test.each([
			['=', 'q=name=bge-large-zh-v1.5', ['bge-large-zh-v1.5']],
			['!=', 'q=name!=bge-large-zh-v1.5', ['Qwen2.5-7B-Instruct', 'stable-diffusion-xl-base-1.0']],
			['~= (LIKE)', `q=${encodeURIComponent('name~=%diffusion%')}`, ['stable-diffusion-xl-base-1.0']],
			['!~=', `q=${encodeURIComponent('name!~=%diffusion%')}`, ['Qwen2.5-7B-Instruct', 'bge-large-zh-v1.5']],
			['?= (in)', 'q=vendor?=BAAI,Alibaba', ['Qwen2.5-7B-Instruct', 'bge-large-zh-v1.5']],
			['!?=', 'q=vendor!?=BAAI,Alibaba', ['stable-diffusion-xl-base-1.0']],
			['> on a number', 'q=size>5000000000', ['Qwen2.5-7B-Instruct', 'stable-diffusion-xl-base-1.0']],
			['<=', 'q=size<=1302113280', ['bge-large-zh-v1.5']],
			['a list field, matching any element', 'q=modelClassifications=image-generation', ['stable-diffusion-xl-base-1.0']],
			['ANDed conditions', 'q=size>5000000000&q=vendor=Alibaba', ['Qwen2.5-7B-Instruct']],
		])('q with %s', async (_, search, expected) => {
			expect(names(await query(`/zstack/v1/ai/models?${search}`)).sort()).toEqual(expected);
		});

		test('is null / not null', async () => {
			sim.state.models[0].description = null;

			expect(names(await query(`/zstack/v1/ai/models?q=${encodeURIComponent('description is null')}`))).toEqual(['Qwen2.5-7B-Instruct']);
			expect(await query(`/zstack/v1/ai/models?q=${encodeURIComponent('description not null')}`)).toMatchObject({
				inventories: [{ name: 'bge-large-zh-v1.5' }, { name: 'stable-diffusion-xl-base-1.0' }],
			});
		});

		test('a dotted field looks into modelServiceRefs', async () => {
			const [seeded] = sim.seed.bindings;

			const body = await query(`/zstack/v1/ai/model-services?q=modelServiceRefs.modelUuid=${seeded.modelUuid}`);

			expect(body.inventories.map((inventory: { uuid: string }) => inventory.uuid)).toEqual([seeded.modelServiceUuid]);
		});

		test('sort, start and limit page through the matches; total counts them all', async () => {
			const body = await query(`/zstack/v1/ai/models?sort=${encodeURIComponent('+size')}&start=1&limit=1&replyWithCount=true`);
			const descending = await query('/zstack/v1/ai/models?sort=-size');

			expect(names(body)).toEqual(['stable-diffusion-xl-base-1.0']);
			expect(body.total).toBe(3);
			expect(names(descending)).toEqual(['Qwen2.5-7B-Instruct', 'stable-diffusion-xl-base-1.0', 'bge-large-zh-v1.5']);
		});

		test('the default limit is 1000', async () => {
			for (let index = 0; index < 1001; index++) {
				sim.state.models.push({ ...sim.state.models[0], uuid: index.toString(16).padStart(32, '0') });
			}

			expect((await query('/zstack/v1/ai/models')).inventories).toHaveLength(1000);
		});

		test('fields keeps only the named fields', async () => {
			const body = await query(`/zstack/v1/ai/model-services?fields=uuid,name&q=uuid=${firstService}`);

			expect(body.inventories).toEqual([{ uuid: firstService, name: 'text to text model service' }]);
		});

		test('an unknown field is 503 SYS.1007; an unparseable condition or limit is a plain-text 400', async () => {
			const unknownField = await call(sim, 'GET', '/zstack/v1/ai/models?q=colour=red', { headers: session });
			const unparseable = await call(sim, 'GET', '/zstack/v1/ai/models?q=name', { headers: session });
			const badLimit = await call(sim, 'GET', '/zstack/v1/ai/models?limit=ten', { headers: session });

			expect(unknownField.status).toBe(503);
			expect(unknownField.body.error.code).toBe('SYS.1007');
			expect([unparseable.status, unparseable.contentType]).toEqual([400, expect.stringMatching(/^text\/plain/)]);
			expect(badLimit.status).toBe(400);
		});
	});

	describe('fault injection', () => {
		const bindCall = () => call(sim, 'POST', bindPath(firstModel, firstService), { headers: session, body: {} });

		test('error: a call answered with a job fails on the poll with the given error, completed with nulls', async () => {
			sim.injectFault({ api: 'BindModelToService', kind: 'error', error: { code: 'SYS.1006', description: 'Operation error', cause: { code: 'AI.1001' } } });

			const { reply } = await awaitJob(sim, await bindCall(), session);

			expect(reply.status).toBe(503);
			expect(reply.body.error).toMatchObject({
				code: 'SYS.1006',
				description: 'Operation error',
				details: null,
				elaboration: null,
				opaque: null,
				cause: { code: 'AI.1001', cause: null },
			});
			expect(sim.state.bindings).toHaveLength(sim.seed.bindings.length);
		});

		test('error: a GET answers with it directly, with the given status', async () => {
			sim.injectFault({ api: 'QueryModel', kind: 'error', status: 500, error: { code: 'SYS.1000' } });

			const reply = await call(sim, 'GET', '/zstack/v1/ai/models', { headers: session });

			expect(reply.status).toBe(500);
			expect(reply.body.error.code).toBe('SYS.1000');
		});

		test('sessionExpired on a job poll answers ID.1001 and really ends the session', async () => {
			const accepted = await bindCall();
			sim.injectFault({ api: 'JobPoll', kind: 'sessionExpired' });

			const poll = await call(sim, 'GET', jobPath(accepted.body.location), { headers: session });
			const retry = await call(sim, 'GET', jobPath(accepted.body.location), { headers: session });

			expect([poll.status, poll.body.error.code]).toEqual([503, 'ID.1001']);
			expect(retry.body.error.code).toBe('ID.1001');
		});

		test('plainText answers the given status and text', async () => {
			sim.injectFault({ api: 'Login', kind: 'plainText', status: 502, text: 'Bad Gateway' });

			const reply = await call(sim, 'PUT', '/zstack/v1/accounts/login', { body: {} });

			expect([reply.status, reply.contentType.startsWith('text/plain'), reply.text]).toEqual([502, true, 'Bad Gateway']);
		});

		test('delay holds the reply back', async () => {
			sim.injectFault({ api: 'QueryModelService', kind: 'delay', ms: 120 });
			const startedAt = Date.now();

			const reply = await call(sim, 'GET', '/zstack/v1/ai/model-services', { headers: session });

			expect(reply.status).toBe(200);
			expect(Date.now() - startedAt).toBeGreaterThanOrEqual(100);
		});

		test('notJson answers 200 with a body that is not JSON', async () => {
			sim.injectFault({ api: 'QueryModel', kind: 'notJson' });

			const reply = await call(sim, 'GET', '/zstack/v1/ai/models', { headers: session });

			expect(reply.status).toBe(200);
			expect(() => JSON.parse(reply.text)).toThrow();
		});

		test('noInventory: the job completes with 200 {}, though the bind happened', async () => {
			sim.injectFault({ api: 'BindModelToService', kind: 'noInventory' });

			const { reply } = await awaitJob(sim, await bindCall(), session);

			expect([reply.status, reply.body]).toEqual([200, {}]);
			expect(sim.state.bindings.some((binding) => binding.modelServiceUuid === firstService)).toBe(true);
		});

		test('reset destroys the socket mid-reply, after the server acted', async () => {
			sim.injectFault({ api: 'BindModelToService', kind: 'reset' });

			await expect(bindCall()).rejects.toThrow();
			expect(sim.state.jobs.size).toBe(1);
		});

		test('jobNeverFinishes keeps the job answering 202', async () => {
			sim.injectFault({ api: 'BindModelToService', kind: 'jobNeverFinishes' });
			const accepted = await bindCall();

			const polls = [];
			for (let attempt = 0; attempt < 5; attempt++) polls.push((await call(sim, 'GET', jobPath(accepted.body.location), { headers: session })).status);

			expect(polls).toEqual([202, 202, 202, 202, 202]);
		});

		test('jobExpired makes the job answer 404 from then on', async () => {
			const accepted = await bindCall();
			sim.injectFault({ api: 'JobPoll', kind: 'jobExpired' });

			const first = await call(sim, 'GET', jobPath(accepted.body.location), { headers: session });
			const second = await call(sim, 'GET', jobPath(accepted.body.location), { headers: session });

			expect([first.status, first.text, second.status]).toEqual([404, 'the job has been expired', 404]);
		});

		test('faults act in FIFO order, times times each, on matching APIs only; * matches any', async () => {
			sim.injectFault({ api: 'QueryModel', kind: 'plainText', status: 500, times: 2 });
			sim.injectFault({ api: '*', kind: 'plainText', status: 502 });

			const statuses = [];
			statuses.push((await call(sim, 'GET', '/zstack/v1/ai/model-services', { headers: session })).status);
			for (let attempt = 0; attempt < 3; attempt++) statuses.push((await call(sim, 'GET', '/zstack/v1/ai/models', { headers: session })).status);

			expect(statuses).toEqual([502, 500, 500, 200]);
			expect(sim.pendingFaults).toEqual([]);
		});

		test('an unknown kind or api is refused when injected', () => {
			expect(() => sim.injectFault({ api: 'QueryModel', kind: 'explode' } as never)).toThrow(/kind/);
			expect(() => sim.injectFault({ api: 'Nope', kind: 'notJson' } as never)).toThrow(/api/);
		});
	});

	describe('HTTP control endpoints for out-of-process tests', () => {
		test('faults, sessions, expiry, request log and reset', async () => {
			const injected = await call(sim, 'POST', '/__simulator/faults', { body: { api: 'QueryModel', kind: 'plainText', status: 418 } });
			expect(injected.status).toBe(200);
			expect((await call(sim, 'GET', '/zstack/v1/ai/models', { headers: session })).status).toBe(418);

			const created = await call(sim, 'POST', '/__simulator/sessions');
			const headers = oauth(created.body.uuid);
			expect((await call(sim, 'GET', '/zstack/v1/ai/models', { headers })).status).toBe(200);
			await call(sim, 'POST', '/__simulator/expire-sessions', { body: {} });
			expect((await call(sim, 'GET', '/zstack/v1/ai/models', { headers })).body.error.code).toBe('ID.1001');

			const log = await call(sim, 'GET', '/__simulator/requests');
			expect(log.body.requests.map((entry: { method: string; path: string }) => `${entry.method} ${entry.path}`)).toEqual([
				'GET /zstack/v1/ai/models',
				'GET /zstack/v1/ai/models',
				'GET /zstack/v1/ai/models',
			]);

			await call(sim, 'POST', `/__simulator/reset`);
			expect(sim.requests).toEqual([]);
			expect(sim.state.sessions.size).toBe(0);
		});

		test('info names the account, AccessKey and seeded UUIDs; a bad fault spec is a 400', async () => {
			const info = await call(sim, 'GET', '/__simulator/info');
			const badFault = await call(sim, 'POST', '/__simulator/faults', { body: { api: 'QueryModel', kind: 'explode' } });

			expect(info.body).toEqual({ url: sim.url, account: sim.account, accessKey: sim.accessKey, seed: sim.seed });
			expect(badFault.status).toBe(400);
		});
	});
});
