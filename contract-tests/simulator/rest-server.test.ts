import { request } from 'undici';
import { accessKeyHeaders, awaitJob, bindPath, call, jobPath, oauth, withSimulator, type HttpReply } from './http-test-client';
import { DEFAULT_OPTIONS, startSimulator, type Simulator } from './index';

/**
 * The simulator answers as ZStack's RestServer does where a client can tell the difference: sessions under async
 * calls, X-Job-UUID, connections cut at each point, SDK-style bodies, query replies, limits, and the VM APIs
 * kept for generic calls. Each behaviour names its source in index.js.
 */

let sim: Simulator;
let session: Record<string, string>;
let model: string;
let service: string;

beforeAll(async () => {
	sim = await startSimulator({ jobPolls: 1 });
	[model] = sim.seed.models;
	[service] = sim.seed.modelServices;
});
beforeEach(() => {
	sim.reset();
	session = oauth(sim.createSession());
});
afterAll(() => sim.stop());

const bind = (headers: Record<string, string>, body: unknown = {}) => call(sim, 'POST', bindPath(model, service), { headers, body });
const boundPairs = () => sim.state.bindings.filter((binding) => binding.modelUuid === model && binding.modelServiceUuid === service);
const jobUuidOf = (accepted: HttpReply) => jobPath(accepted.body.location).split('/').pop()!;
const freshJobUuid = (digit: string) => digit.repeat(32);

describe('an expired or unknown session', () => {
	test('on an async API: 202, and the job fails with ID.1001; polling again with a new session returns the same failure', async () => {
		const accepted = await bind(oauth('0'.repeat(32)));
		expect(accepted.status).toBe(202);

		const { reply: failed } = await awaitJob(sim, accepted, {});
		const again = await call(sim, 'GET', jobPath(accepted.body.location), { headers: session });

		expect([failed.status, failed.body.error.code]).toEqual([503, 'ID.1001']);
		expect(again.body).toEqual(failed.body);
		expect(boundPairs()).toEqual([]);
	});

	test('recovering means sending the call again with a new session: a new job that succeeds', async () => {
		const stale = sim.createSession();
		sim.expireSession(stale);
		const first = await bind(oauth(stale));
		await awaitJob(sim, first, {});

		const second = await bind(session);
		const { reply } = await awaitJob(sim, second, {});

		expect(jobUuidOf(second)).not.toBe(jobUuidOf(first));
		expect([reply.status, reply.body.inventory.uuid]).toEqual([200, service]);
		expect(boundPairs()).toHaveLength(1);
	});

	test('on an async API in sync reply mode: 503 ID.1001 at once', async () => {
		await withSimulator({ replyMode: 'sync' }, async (synchronous) => {
			const reply = await call(synchronous, 'POST', bindPath(model, service), { headers: oauth('0'.repeat(32)), body: {} });

			expect([reply.status, reply.body.error.code]).toEqual([503, 'ID.1001']);
		});
	});

	test('fault sessionExpired on an async API ends the session it carries and fails the job with ID.1001', async () => {
		const sessionUuid = session.Authorization.split(' ')[1];
		sim.injectFault({ api: 'BindModelToService', kind: 'sessionExpired' });

		const accepted = await bind(session);
		const { reply } = await awaitJob(sim, accepted, {});

		expect(accepted.status).toBe(202);
		expect([reply.status, reply.body.error.code]).toEqual([503, 'ID.1001']);
		expect(sim.state.sessions.has(sessionUuid)).toBe(false);
		expect(boundPairs()).toEqual([]);
	});

	test('fault sessionExpired on a query answers 503 ID.1001 directly and ends the session', async () => {
		sim.injectFault({ api: 'QueryModel', kind: 'sessionExpired' });

		const refused = await call(sim, 'GET', '/zstack/v1/ai/models', { headers: session });
		const retried = await call(sim, 'GET', '/zstack/v1/ai/models', { headers: session });

		expect([refused.status, refused.body.error.code]).toEqual([503, 'ID.1001']);
		expect(retried.body.error.code).toBe('ID.1001');
	});

	test('fault sessionExpired on a job poll fails that job with ID.1001 for good', async () => {
		const accepted = await bind(session);
		sim.injectFault({ api: 'JobPoll', kind: 'sessionExpired' });

		const failed = await call(sim, 'GET', jobPath(accepted.body.location));
		const again = await call(sim, 'GET', jobPath(accepted.body.location));

		expect([failed.status, failed.body.error.code]).toEqual([503, 'ID.1001']);
		expect(again.body).toEqual(failed.body);
	});
});

describe('X-Job-UUID', () => {
	test('names the job; a POST reusing it is a plain-text 400 "Duplicate job uuid[…]", refused before the API runs', async () => {
		const jobUuid = freshJobUuid('c');
		const first = await bind({ ...session, 'X-Job-UUID': jobUuid });
		sim.state.bindings = [];

		const second = await bind({ ...session, 'X-Job-UUID': jobUuid });

		expect(first.body.location).toBe(`${sim.url}/zstack/v1/api-jobs/${jobUuid}`);
		expect([second.status, second.contentType, second.text]).toEqual([400, expect.stringMatching(/^text\/plain/), `Duplicate job uuid[${jobUuid}]`]);
		expect(boundPairs()).toEqual([]);
	});

	test('a DELETE reusing a job uuid is refused the same way', async () => {
		const jobUuid = freshJobUuid('d');
		const [seeded] = sim.seed.bindings;
		await bind({ ...session, 'X-Job-UUID': jobUuid });

		const reply = await call(sim, 'DELETE', bindPath(seeded.modelUuid, seeded.modelServiceUuid), { headers: { ...session, 'X-Job-UUID': jobUuid } });

		expect([reply.status, reply.text]).toEqual([400, `Duplicate job uuid[${jobUuid}]`]);
		expect(sim.state.bindings).toContainEqual(expect.objectContaining({ uuid: seeded.uuid }));
	});

	test('only its length is checked (32), on every API but queries, login included', async () => {
		const tooShort = await bind({ ...session, 'X-Job-UUID': 'e'.repeat(31) });
		const notHex = await bind({ ...session, 'X-Job-UUID': 'z'.repeat(32) });
		const login = await call(sim, 'PUT', '/zstack/v1/accounts/login', {
			headers: { 'X-Job-UUID': 'short' },
			body: { logInByAccount: { accountName: 'admin', password: 'x' } },
		});
		const query = await call(sim, 'GET', '/zstack/v1/ai/models', { headers: { ...session, 'X-Job-UUID': 'short' } });

		expect([tooShort.status, tooShort.text]).toEqual([400, "Invalid header[X-Job-UUID], it must be a UUID with '-' stripped"]);
		expect(notHex.status).toBe(202);
		expect(login.status).toBe(400);
		expect(query.status).toBe(200);
	});

	test('a client that lost the reply polls its own job uuid: 404 when ZStack never accepted the call', async () => {
		const reply = await call(sim, 'GET', `/zstack/v1/api-jobs/${freshJobUuid('f')}`);

		expect([reply.status, reply.text]).toEqual([404, 'the job has been expired']);
	});
});

describe('connections cut at each point', () => {
	const sendBind = (jobUuid: string) =>
		request(`${sim.url}${bindPath(model, service)}`, { method: 'POST', headers: { ...session, 'X-Job-UUID': jobUuid }, body: '{}' }).then((reply) =>
			reply.body.text(),
		);

	test('resetBeforeRead: the socket is destroyed before the request is read; nothing happens and no job exists', async () => {
		const jobUuid = freshJobUuid('1');
		sim.injectFault({ api: 'BindModelToService', kind: 'resetBeforeRead' });

		await expect(sendBind(jobUuid)).rejects.toThrow();

		expect(boundPairs()).toEqual([]);
		expect(sim.state.jobs.has(jobUuid)).toBe(false);
		expect((await call(sim, 'GET', `/zstack/v1/api-jobs/${jobUuid}`)).status).toBe(404);
		expect(sim.requests.at(-2)).toMatchObject({ method: 'POST', fault: 'resetBeforeRead', body: undefined });
	});

	test('resetAfterAccept: the call ran and its job is stored, but no byte of the reply is sent', async () => {
		const jobUuid = freshJobUuid('2');
		sim.injectFault({ api: 'BindModelToService', kind: 'resetAfterAccept' });

		await expect(sendBind(jobUuid)).rejects.toThrow();
		const { reply } = await awaitJob(sim, { status: 202, contentType: '', text: '', body: { location: `${sim.url}/zstack/v1/api-jobs/${jobUuid}` } }, {});

		expect([reply.status, reply.body.inventory.uuid]).toEqual([200, service]);
		expect(boundPairs()).toHaveLength(1);
	});

	test('reset on a job poll cuts that reply mid-body; the job is still there to poll again', async () => {
		const accepted = await bind(session);
		await call(sim, 'GET', jobPath(accepted.body.location));
		sim.injectFault({ api: 'JobPoll', kind: 'reset' });

		await expect(request(`${sim.url}${jobPath(accepted.body.location)}`).then((reply) => reply.body.text())).rejects.toThrow();
		const again = await call(sim, 'GET', jobPath(accepted.body.location));

		expect(again.status).toBe(200);
	});
});

describe('REST-layer texts', () => {
	test('an unknown path names the path without the context path; a non-GET job poll says only GET is allowed', async () => {
		const unknown = await call(sim, 'GET', '/zstack/v1/no-such-api', { headers: session });
		const deletePoll = await call(sim, 'DELETE', `/zstack/v1/api-jobs/${freshJobUuid('a')}`);

		expect([unknown.status, unknown.text]).toEqual([404, 'no api mapping to /v1/no-such-api']);
		expect([deletePoll.status, deletePoll.text]).toEqual([405, 'only GET method is allowed for querying job status']);
	});

	test("a missing Authorization is 400 \"missing header 'Authorization'\"; another scheme is 400 too", async () => {
		const missing = await call(sim, 'GET', '/zstack/v1/ai/models');
		const basic = await call(sim, 'GET', '/zstack/v1/ai/models', { headers: { Authorization: 'Basic Zm9vOmJhcg==' } });

		expect([missing.status, missing.text]).toEqual([400, "missing header 'Authorization'"]);
		expect([basic.status, basic.text]).toEqual([400, "Authorization type must be 'OAuth'"]);
	});
});

describe('request bodies', () => {
	test('SDK style: fields under params, tags at the top level; the tags are kept', async () => {
		const accepted = await bind(session, { params: { modelUuid: model, modelServiceUuid: service }, systemTags: ['tag::a'], userTags: ['b'] });
		await awaitJob(sim, accepted, {});

		expect(boundPairs()).toEqual([expect.objectContaining({ systemTags: ['tag::a'], userTags: ['b'] })]);
	});

	test('tags inside params (as zssdk.py sends them) are kept too; top-level tags win', async () => {
		await awaitJob(sim, await bind(session, { params: { systemTags: ['inside'], userTags: ['inside'] }, userTags: ['top'] }), {});

		expect(boundPairs()).toEqual([expect.objectContaining({ systemTags: ['inside'], userTags: ['top'] })]);
	});

	test('a body without params, or no body at all, is accepted', async () => {
		const bare = await awaitJob(sim, await bind(session, { systemTags: [] }), {});
		const empty = await awaitJob(sim, await call(sim, 'POST', bindPath(model, service), { headers: session }), {});

		expect([bare.reply.status, empty.reply.status]).toEqual([200, 200]);
	});

	test('tags that are not a list fail the cast in RestServer: a plain-text 500', async () => {
		const reply = await bind(session, { systemTags: 'tag::a' });

		expect([reply.status, reply.contentType]).toEqual([500, expect.stringMatching(/^text\/plain/)]);
	});

	test('past maxBodyBytes the reply is 413, the body is neither acted on nor kept', async () => {
		await withSimulator({ maxBodyBytes: 1024 }, async (small) => {
			const headers = oauth(small.createSession());
			const body = { systemTags: ['x'.repeat(2000)] };

			const reply = await call(small, 'POST', bindPath(model, service), { headers, body });

			expect([reply.status, reply.contentType]).toEqual([413, expect.stringMatching(/^text\/plain/)]);
			expect(small.state.jobs.size).toBe(0);
			expect(JSON.stringify(small.requests)).not.toContain('x'.repeat(2000));
		});
	});

	test('the default limit is 1 MiB', async () => {
		const reply = await bind(session, { systemTags: ['x'.repeat(DEFAULT_OPTIONS.maxBodyBytes)] });

		expect(DEFAULT_OPTIONS.maxBodyBytes).toBe(1024 * 1024);
		expect(reply.status).toBe(413);
	});
});

describe('the request log', () => {
	test('keeps only the last requestLogLimit requests, oldest first', async () => {
		await withSimulator({ requestLogLimit: 3 }, async (small) => {
			for (let index = 0; index < 5; index++) await call(small, 'GET', `/zstack/v1/ai/models?start=${index}`);

			expect(small.requests.map((logged) => logged.query)).toEqual(['start=2', 'start=3', 'start=4']);
		});
	});

	test('keeps 1000 by default', () => {
		expect(DEFAULT_OPTIONS.requestLogLimit).toBe(1000);
	});
});

describe('query replies', () => {
	const query = async (path: string) => (await call(sim, 'GET', path, { headers: session })).body;

	test.each(['TRUE', 'True', ' true '])('replyWithCount=%j counts (Boolean.parseBoolean, trimmed)', async (value) => {
		expect((await query(`/zstack/v1/ai/models?replyWithCount=${encodeURIComponent(value)}`)).total).toBe(3);
	});

	test.each(['yes', '1'])('replyWithCount=%s does not', async (value) => {
		expect(await query(`/zstack/v1/ai/models?replyWithCount=${value}`)).not.toHaveProperty('total');
	});

	test('GET /resources/{uuid} is a query on that uuid alone: other parameters are ignored, as RestServer returns early', async () => {
		const body = await query(`/zstack/v1/ai/models/${model}?q=name=nothing&limit=0`);

		expect(body.inventories.map((inventory: { uuid: string }) => inventory.uuid)).toEqual([model]);
	});

	test('carry a schema naming each inventory class by its JSON path, nested inventories first', async () => {
		const [seeded] = sim.seed.bindings;

		const body = await query(`/zstack/v1/ai/model-services?q=uuid?=${service},${seeded.modelServiceUuid}&sort=name`);

		expect(body.schema).toEqual({
			'inventories[0].modelServiceRefs[0]': 'org.zstack.ai.entity.ModelServiceRefInventory',
			'inventories[0]': 'org.zstack.ai.entity.ModelServiceInventory',
			'inventories[1]': 'org.zstack.ai.entity.ModelServiceInventory',
		});
		expect(Object.keys(body.schema)).toEqual(['inventories[0].modelServiceRefs[0]', 'inventories[0]', 'inventories[1]']);
		expect((await query('/zstack/v1/ai/models?q=name=nothing')).schema).toEqual({});
	});

	test('an inventory result carries its schema only when asked with X-JSON-Schema', async () => {
		const accepted = await bind(session);

		const { reply: plain } = await awaitJob(sim, accepted, {});
		const { reply: withSchema } = await awaitJob(sim, accepted, { 'X-JSON-Schema': 'true' });

		expect(plain.body).not.toHaveProperty('schema');
		expect(withSchema.body.schema).toEqual({
			'inventory.modelServiceRefs[0]': 'org.zstack.ai.entity.ModelServiceRefInventory',
			'inventory': 'org.zstack.ai.entity.ModelServiceInventory',
		});
	});
});

describe('LIKE (~=, !~=) without backtracking', () => {
	const names = async (condition: string) =>
		((await call(sim, 'GET', `/zstack/v1/ai/models?q=${encodeURIComponent(condition)}`, { headers: session })).body.inventories as { name: string }[]).map(
			(inventory) => inventory.name,
		);

	test('a dozen % against long names answers at once (a backtracking regex would not finish)', async () => {
		const long = 'a'.repeat(20_000);
		sim.state.models.forEach((inventory, index) => (inventory.name = index === 0 ? `${long}x` : long));

		expect(await names(`name~=${'%'.repeat(12)}x`)).toEqual([`${long}x`]);
		expect(await names(`name~=${'%a'.repeat(12)}%b`)).toEqual([]);
		expect(await names(`name!~=${'%a'.repeat(12)}%x`)).toEqual([long, long]);
	});

	test.each([
		['% matches any run, also none', '%', ['bge-large-zh-v1.5', 'Qwen2.5-7B-Instruct', 'stable-diffusion-xl-base-1.0']],
		['_ matches exactly one character', 'bge-large-zh-v1_5', ['bge-large-zh-v1.5']],
		['letter case is ignored', 'QWEN%', ['Qwen2.5-7B-Instruct']],
		['a dot is a dot, not a regex wildcard', 'Qwen2.5%', ['Qwen2.5-7B-Instruct']],
		['segments must appear in order', '%diffusion%base%', ['stable-diffusion-xl-base-1.0']],
		['segments must not overlap', '%base-1.0%1.0', []],
		['without % the whole name must match', 'bge', []],
	])('%s', async (_, pattern, expected) => {
		expect((await names(`name~=${pattern}`)).sort()).toEqual(expected.sort());
	});
});

describe('VM instances, for generic API calls', () => {
	const [running, , stopped] = ['', '', ''].map((_, index) => () => sim.seed.vmInstances[index]);
	const vmAction = (uuid: string, body: unknown, headers = session) => call(sim, 'PUT', `/zstack/v1/vm-instances/${uuid}/actions`, { headers, body });

	test('QueryVmInstance lists the seeded VMs with the fields of VmInstanceInventory and their schema', async () => {
		const reply = await call(sim, 'GET', '/zstack/v1/vm-instances?q=state=Running&replyWithCount=true', { headers: session });

		expect(reply.body.total).toBe(2);
		expect(reply.body.inventories[0]).toEqual(
			expect.objectContaining({
				uuid: running(),
				name: expect.any(String),
				state: 'Running',
				hostUuid: expect.stringMatching(/^[0-9a-f]{32}$/),
				cpuNum: expect.any(Number),
				memorySize: expect.any(Number),
				hypervisorType: 'KVM',
				vmNics: [expect.objectContaining({ ip: expect.any(String), l3NetworkUuid: expect.any(String) })],
				allVolumes: [expect.objectContaining({ type: 'Root', uuid: reply.body.inventories[0].rootVolumeUuid })],
			}),
		);
		expect(reply.body.schema).toMatchObject({
			'inventories[0].vmNics[0]': 'org.zstack.header.vm.VmNicInventory',
			'inventories[0].allVolumes[0]': 'org.zstack.header.volume.VolumeInventory',
			'inventories[0]': 'org.zstack.header.vm.VmInstanceInventory',
		});
	});

	test('GET /vm-instances/{uuid} is a query on that uuid', async () => {
		const reply = await call(sim, 'GET', `/zstack/v1/vm-instances/${stopped()}`, { headers: session });

		expect(reply.body.inventories.map((vm: { uuid: string; state: string }) => [vm.uuid, vm.state])).toEqual([[stopped(), 'Stopped']]);
	});

	test('stopVmInstance: a job whose result is the inventory, Stopped and without a host', async () => {
		const accepted = await vmAction(running(), { stopVmInstance: { type: 'grace' } });

		const { reply } = await awaitJob(sim, accepted, {});

		expect(accepted.status).toBe(202);
		expect(reply.body.inventory).toMatchObject({ uuid: running(), state: 'Stopped', hostUuid: null });
		expect(sim.state.vmInstances.find((vm) => vm.uuid === running())?.state).toBe('Stopped');
	});

	test('startVmInstance: Running again, on its last host', async () => {
		const { reply } = await awaitJob(sim, await vmAction(stopped(), { startVmInstance: {}, systemTags: [] }), {});

		expect(reply.body.inventory).toMatchObject({ uuid: stopped(), state: 'Running', hostUuid: reply.body.inventory.lastHostUuid });
	});

	test('an action the path does not know is a plain-text 400, as RestServer answers', async () => {
		const reply = await vmAction(running(), { explodeVmInstance: {} });

		expect([reply.status, reply.text]).toEqual([400, `the body doesn't contain action mapping to the URL[/v1/vm-instances/${running()}/actions]`]);
	});

	test('an unknown VM fails the job as an invalid argument; an expired session fails it with ID.1001', async () => {
		const unknown = await awaitJob(sim, await vmAction('0'.repeat(32), { stopVmInstance: {} }), {});
		const expired = await awaitJob(sim, await vmAction(running(), { stopVmInstance: {} }, oauth('0'.repeat(32))), {});

		expect(unknown.reply.body.error.code).toBe('SYS.1007');
		expect(expired.reply.body.error.code).toBe('ID.1001');
		expect(sim.state.vmInstances.find((vm) => vm.uuid === running())?.state).toBe('Running');
	});

	test('faults target the action by its API name; AccessKey calls work as for any API', async () => {
		sim.injectFault({ api: 'StartVmInstance', kind: 'plainText', status: 502 });
		const path = `/zstack/v1/vm-instances/${running()}/actions`;

		const stop = await call(sim, 'PUT', path, { headers: accessKeyHeaders(sim, 'PUT', path), body: { stopVmInstance: {} } });
		const start = await vmAction(running(), { startVmInstance: {} });

		expect([stop.status, start.status]).toEqual([202, 502]);
	});
});

describe('options while running', () => {
	test('configure() and POST /__simulator/config change them; GET reads them; fixed options are refused', async () => {
		await withSimulator({}, async (other) => {
			const changed = await call(other, 'POST', '/__simulator/config', { body: { managementNodeTimeZone: 'Asia/Shanghai', checkTimeZone: true } });
			const read = await call(other, 'GET', '/__simulator/config');
			const fixed = await call(other, 'POST', '/__simulator/config', { body: { port: 1 } });
			const invalid = await call(other, 'POST', '/__simulator/config', { body: { checkTimeZone: 'yes' } });

			expect(changed.body).toMatchObject({ managementNodeTimeZone: 'Asia/Shanghai', checkTimeZone: true });
			expect(read.body).toEqual(changed.body);
			expect([fixed.status, invalid.status]).toEqual([400, 400]);
			expect(other.configure({ internalJobHost: 'http://mn-internal.invalid:8080' }).internalJobHost).toBe('http://mn-internal.invalid:8080');
			other.reset();
			expect(other.options.checkTimeZone).toBe(true);
		});
	});
});
