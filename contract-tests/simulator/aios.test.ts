import { awaitJob, call, oauth, sleep, type HttpReply } from './http-test-client';
import { startSimulator, type Simulator } from './index';
import { SEED } from './seed';

/**
 * The AIOS lifecycle APIs answer as ZStack's RestServer routes them (aios.js names each source): a PUT by its action
 * key, a POST by its parameter name, a DELETE by its query string, a GET through the query API; and the instance
 * groups a deploy or a restart starts come up, or fail under a fault.
 */

let sim: Simulator;
let session: Record<string, string>;

/** Long enough that no test sees a group come up unless it waits for it. */
const NEVER_DURING_A_TEST = 600_000;

beforeAll(async () => {
	sim = await startSimulator({ jobPolls: 1, instanceGroupStartMs: NEVER_DURING_A_TEST });
});
beforeEach(() => {
	sim.reset();
	sim.configure({ instanceGroupStartMs: NEVER_DURING_A_TEST });
	session = oauth(sim.createSession());
});
afterAll(() => sim.stop());

/** Calls an API as a client would: a 202 is followed to the job's result. */
async function run(method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, body?: unknown): Promise<HttpReply> {
	const reply = await call(sim, method, `/zstack/v1${path}`, { headers: session, body });
	return reply.status === 202 ? (await awaitJob(sim, reply, {})).reply : reply;
}

const groupsPath = '/ai/model-services/instances/groups/';
const statusOf = async (uuid: string) => {
	const reply = await run('GET', `${groupsPath}${uuid}`);
	const [group] = reply.body.inventories;
	return { group: group?.status, instances: group?.instances.map((instance: { status: string }) => instance.status) };
};
const deploy = (fields: Record<string, unknown> = {}) =>
	run('PUT', `/ai/model-services/${sim.seed.modelServices[0]}`, {
		deployModelService: { zoneUuid: sim.seed.zones[0], name: 'qwen-chat-2', type: 'VirtualMachine', modelUuid: sim.seed.models[0], ...fields },
	});
const invalidArgument = (details: string) => ({ status: 503, body: { error: expect.objectContaining({ code: 'SYS.1007', details }) } });
const modelNamed = (name: string) => sim.state.models.filter((model) => model.name === name);

describe('a PUT is an action named by its body key (RestServer.java ~445, ~773)', () => {
	test.each([
		['UpdateModel', `/ai/models/${SEED.models[0]}`, { name: 'renamed' }],
		['DeployModelService as the Go SDK wraps it', `/ai/model-services/${SEED.modelServices[0]}`, { params: { zoneUuid: SEED.zones[0], name: 'g', type: 'VirtualMachine' } }],
		['UpdateModelCenter', `/ai/model-centers/${SEED.modelCenters[0]}`, { name: 'renamed' }],
	])('%s without its action key on a path other APIs share: 400, and nothing changes', async (_, path, body) => {
		const before = structuredClone([sim.state.models, sim.state.instanceGroups, sim.state.modelCenters]);

		const reply = await call(sim, 'PUT', `/zstack/v1${path}`, { headers: session, body });

		expect([reply.status, reply.contentType, reply.text]).toEqual([
			400,
			expect.stringMatching(/^text\/plain/),
			`the body doesn't contain action mapping to the URL[/v1${path}]`,
		]);
		expect([sim.state.models, sim.state.instanceGroups, sim.state.modelCenters]).toEqual(before);
	});

	test('one path, two APIs: updateModelService changes the service, deployModelService starts an instance group of it', async () => {
		const service = sim.seed.modelServices[0];

		const updated = await run('PUT', `/ai/model-services/${service}`, { updateModelService: { name: 'chat service', requestCpu: 8 } });
		const deployed = await deploy();

		expect(updated.body.inventory).toMatchObject({ uuid: service, name: 'chat service', requestCpu: 8, framework: 'vLLM' });
		expect(deployed.body.inventory).toMatchObject({ name: 'qwen-chat-2', modelServiceUuid: service, status: 'Deploying' });
		expect(sim.state.instanceGroups.map((group) => group.name)).toContain('qwen-chat-2');
	});

	test('on a path of its own, a body without the key is a message without fields: UpdateModelServiceInstanceGroup changes nothing', async () => {
		const [group] = sim.seed.instanceGroups;

		const flat = await run('PUT', `/model-service-instance-groups/${group}`, { name: 'renamed' });
		const wrapped = await run('PUT', `/model-service-instance-groups/${group}`, { updateModelServiceInstanceGroup: { name: 'renamed' } });

		expect([flat.status, flat.body.inventory.name]).toEqual([200, 'qwen-chat']);
		expect([wrapped.status, wrapped.body.inventory.name]).toEqual([200, 'renamed']);
	});

	test('… and RestartModelServiceGroups without its key misses its required uuids: SYS.1007, as ZStack validates a message', async () => {
		const reply = await run('PUT', '/model-service-instance-groups', { params: { uuids: [sim.seed.instanceGroups[1]] } });

		expect(reply).toMatchObject(
			invalidArgument('field[uuids] of message[org.zstack.ai.message.APIRestartModelServiceGroupsMsg] is mandatory, can not be null'),
		);
	});
});

describe("a POST reads the body's parameter name (RestServer.java ~939, ~1349)", () => {
	const addModel = (wrapper: string) =>
		run('POST', '/ai/models', { [wrapper]: { name: 'Qwen 1.5 32B', installPath: '192.168.10.12:/ai/model_center/Qwen_1.5_32B', modelCenterUuid: sim.seed.modelCenters[0], vendor: 'Alibaba' } });

	test("AddModel in `param` (DG and EX) adds the model; in `params` (some Go SDK copies) its fields are missing: SYS.1007 for the first required one", async () => {
		const wrong = await addModel('params');
		const right = await addModel('param');

		expect(wrong).toMatchObject(invalidArgument('field[name] of message[org.zstack.ai.message.APIAddModelMsg] is mandatory, can not be null'));
		expect(right.status).toBe(200);
		expect(right.body.inventory).toMatchObject({ uuid: expect.stringMatching(/^[0-9a-f]{32}$/), name: 'Qwen 1.5 32B', vendor: 'Alibaba' });
		expect(modelNamed('Qwen 1.5 32B')).toHaveLength(1);
	});

	test('CloneModelService reads `params` (DG): in `param` the fields are ignored and the copy keeps the source\'s name', async () => {
		const source = sim.seed.modelServices[0];

		const named = await run('POST', `/ai/model-services/${source}`, { params: { name: 'chat copy', requestCpu: 2 } });
		const unnamed = await run('POST', `/ai/model-services/${source}`, { param: { name: 'never read' } });

		expect(named.body.inventory).toMatchObject({ name: 'chat copy', requestCpu: 2, framework: 'vLLM', system: false });
		expect(unnamed.body.inventory.name).toBe('text to text model service');
		expect(new Set([named.body.inventory.uuid, unnamed.body.inventory.uuid, source]).size).toBe(3);
	});

	test('AddModelService creates the service bound to the models it names; AddModelCenter a connected center', async () => {
		const service = await run('POST', '/ai/model-services', {
			param: {
				name: 'example',
				yaml: 'services: []',
				requestCpu: 4,
				requestMemory: 8192,
				modelCenterUuid: sim.seed.modelCenters[0],
				installPath: '/opt/zstack-ai/model-services/example',
				startCommand: 'python start.py',
				modelUuids: [sim.seed.models[2]],
			},
		});
		const center = await run('POST', '/ai/model-centers', { param: { name: 'second center', url: '10.0.0.2:/ai', managementIp: '10.0.0.2', managementPort: 5000 } });

		expect(service.body.inventory).toMatchObject({ name: 'example', requestCpu: 4, modelServiceRefs: [{ modelUuid: sim.seed.models[2] }] });
		expect(center.body.inventory).toMatchObject({ name: 'second center', status: 'Connected', managementPort: 5000 });
	});

	test('a wrapper that is not an object fails the cast to a Map: 500 with the exception', async () => {
		const reply = await call(sim, 'POST', '/zstack/v1/ai/models', { headers: session, body: { param: 'Qwen' } });

		expect([reply.status, reply.text]).toEqual([500, 'java.lang.String cannot be cast to java.util.Map']);
	});

	test('a uuid naming no resource is SYS.1003 naming the field (ApiMessageProcessorImpl)', async () => {
		const reply = await deploy({ zoneUuid: 'f'.repeat(32) });

		expect(reply).toMatchObject({
			status: 503,
			body: { error: { code: 'SYS.1003', details: `invalid field[zoneUuid], resource[uuid:${'f'.repeat(32)}, type:ZoneVO] not found` } },
		});
	});
});

describe('a DELETE takes its parameters from the query string, never the body (RestServer.java ~909)', () => {
	const model = () => sim.seed.models[2];
	const exists = () => sim.state.models.some((candidate) => candidate.uuid === model());

	test('deleteMode in the query is validated: Bogus is SYS.1007 and the model stays; Enforcing deletes it, answering {}', async () => {
		const bogus = await run('DELETE', `/ai/models/${model()}?deleteMode=Bogus`);
		const stayed = exists();
		const enforcing = await run('DELETE', `/ai/models/${model()}?deleteMode=Enforcing`);

		expect(bogus).toMatchObject(
			invalidArgument('valid value for field[deleteMode] of message[org.zstack.ai.message.APIDeleteModelMsg] are [permissive, enforcing], but Bogus found'),
		);
		expect(stayed).toBe(true);
		expect([enforcing.status, enforcing.body]).toEqual([200, {}]);
		expect(exists()).toBe(false);
	});

	test('deleteMode in the body is never read: the delete goes ahead as Permissive', async () => {
		const reply = await run('DELETE', `/ai/models/${model()}`, { deleteMode: 'Bogus' });

		expect([reply.status, reply.body]).toEqual([200, {}]);
		expect(exists()).toBe(false);
	});

	test('deleting a model service unbinds its models; deleting what does not exist succeeds (successIfResourceNotExisting)', async () => {
		const [binding] = sim.seed.bindings;

		const deleted = await run('DELETE', `/ai/model-services/${binding.modelServiceUuid}?deleteMode=Permissive`);
		const again = await run('DELETE', `/ai/model-services/${binding.modelServiceUuid}?deleteMode=Permissive`);

		expect([deleted.status, again.status, again.body]).toEqual([200, 200, {}]);
		expect(sim.state.bindings).toEqual([]);
	});
});

describe('the queries: the query API on every AIOS inventory and on what the pickers list', () => {
	test('instance groups: the list path ends in a slash (DG, Go SDK) and takes q, sort, limit, fields and replyWithCount; without the slash it is a 404', async () => {
		const reply = await run('GET', `${groupsPath}?q=status=Error&sort=-name&limit=1&fields=uuid,name,status&replyWithCount=true`);
		const noSlash = await call(sim, 'GET', '/zstack/v1/ai/model-services/instances/groups', { headers: session });

		expect(reply.body).toEqual({
			inventories: [{ uuid: sim.seed.instanceGroups[2], name: 'sdxl-images', status: 'Error' }],
			total: 2,
			schema: { 'inventories[0]': 'org.zstack.ai.entity.ModelServiceInstanceGroupInventory' },
		});
		expect([noSlash.status, noSlash.text]).toEqual([404, 'no api mapping to /v1/ai/model-services/instances/groups']);
	});

	test('an instance group by uuid carries the fields of the DG example, its instances with their endpoint', async () => {
		const reply = await run('GET', `${groupsPath}${sim.seed.instanceGroups[0]}`);

		const [group] = reply.body.inventories;
		expect(Object.keys(group)).toEqual(expect.arrayContaining(['uuid', 'name', 'description', 'modelServiceUuid', 'modelUuid', 'status', 'instances', 'createDate', 'lastOpDate']));
		expect(group.instances[0]).toMatchObject({ modelServiceGroupUuid: group.uuid, status: 'Running', url: expect.stringMatching(/^http:\/\//) });
		expect(reply.body.schema['inventories[0].instances[0]']).toBe('org.zstack.ai.entity.ModelServiceInstanceInventory');
	});

	test.each([
		['/ai/model-centers', 'modelCenters', 'org.zstack.ai.entity.ModelCenterInventory'],
		['/zones', 'zones', 'org.zstack.header.zone.ZoneInventory'],
		['/clusters', 'clusters', 'org.zstack.header.cluster.ClusterInventory'],
		['/images', 'images', 'org.zstack.header.image.ImageInventory'],
		['/l3-networks', 'l3Networks', 'org.zstack.header.network.l3.L3NetworkInventory'],
		['/primary-storage', 'primaryStorages', 'org.zstack.header.storage.primary.PrimaryStorageInventory'],
	] as const)('GET %s (zstack-sdk-go-v2 pkg/client) lists the seeded %s, searchable by name', async (path, seeded, className) => {
		const all = await run('GET', `${path}?fields=uuid,name`);
		const [first] = all.body.inventories;
		const searched = await run('GET', `${path}?q=name~=%25${encodeURIComponent(first.name.slice(1, 4))}%25`);

		expect(all.body.inventories.map((inventory: { uuid: string }) => inventory.uuid)).toEqual(sim.seed[seeded]);
		expect(all.body.schema['inventories[0]']).toBe(className);
		expect(searched.body.inventories.map((inventory: { uuid: string }) => inventory.uuid)).toContain(first.uuid);
	});
});

describe('instance groups come up', () => {
	test('a deploy answers the group Deploying, and it stays so until instanceGroupStartMs has passed', async () => {
		const deployed = await deploy();

		expect(deployed.body.inventory.status).toBe('Deploying');
		expect(await statusOf(deployed.body.inventory.uuid)).toEqual({ group: 'Deploying', instances: ['Deploying'] });
	});

	test('then it is Running, its instances too; the deploy\'s job keeps the status the group had when the API ran', async () => {
		sim.configure({ instanceGroupStartMs: 200 });
		const deployedAt = Date.now();
		const accepted = await call(sim, 'PUT', `/zstack/v1/ai/model-services/${sim.seed.modelServices[0]}`, {
			headers: session,
			body: { deployModelService: { zoneUuid: sim.seed.zones[0], name: 'soon running', type: 'VirtualMachine' } },
		});
		const { reply: deployed } = await awaitJob(sim, accepted, {});
		const uuid = deployed.body.inventory.uuid;

		while ((await statusOf(uuid)).group !== 'Running') {
			if (Date.now() - deployedAt > 10_000) throw new Error('the group never came up');
			await sleep(25);
		}

		expect(Date.now() - deployedAt).toBeGreaterThanOrEqual(200);
		expect(await statusOf(uuid)).toEqual({ group: 'Running', instances: ['Running'] });
		expect((await awaitJob(sim, accepted, {})).reply.body.inventory.status).toBe('Deploying');
	});

	test('under the fault instanceGroupFails the group ends in Error instead', async () => {
		sim.configure({ instanceGroupStartMs: 0 });
		sim.injectFault({ api: 'DeployModelService', kind: 'instanceGroupFails' });

		const failing = await deploy({ name: 'fails' });
		const healthy = await deploy({ name: 'comes up' });

		expect(await statusOf(failing.body.inventory.uuid)).toEqual({ group: 'Error', instances: ['Error'] });
		expect(await statusOf(healthy.body.inventory.uuid)).toEqual({ group: 'Running', instances: ['Running'] });
	});

	test('a restart takes Error groups through Starting to Running, answering one result per group', async () => {
		const [, first, second] = sim.seed.instanceGroups;

		const restarted = await run('PUT', '/model-service-instance-groups', { restartModelServiceGroups: { uuids: [first, second] } });
		const starting = await statusOf(first);
		sim.configure({ instanceGroupStartMs: 0 });
		await run('PUT', '/model-service-instance-groups', { restartModelServiceGroups: { uuids: [second] } });

		expect(restarted.body).toEqual({ results: [first, second].map((uuid) => ({ uuid, success: true, error: null })) });
		expect(starting).toEqual({ group: 'Starting', instances: ['Starting'] });
		expect(await statusOf(second)).toEqual({ group: 'Running', instances: ['Running'] });
	});

	test('a restart under instanceGroupFails ends in Error again; a restart naming an unknown group is SYS.1003 and restarts none', async () => {
		sim.configure({ instanceGroupStartMs: 0 });
		const [, failed] = sim.seed.instanceGroups;
		sim.injectFault({ api: 'RestartModelServiceGroups', kind: 'instanceGroupFails' });

		await run('PUT', '/model-service-instance-groups', { restartModelServiceGroups: { uuids: [failed] } });
		const unknown = await run('PUT', '/model-service-instance-groups', { restartModelServiceGroups: { uuids: [failed, 'e'.repeat(32)] } });

		expect(await statusOf(failed)).toEqual({ group: 'Error', instances: ['Error'] });
		expect(unknown.body.error.details).toBe(`invalid field[uuids], resource[uuids:[${'e'.repeat(32)}], type:ModelServiceInstanceGroupVO] not found`);
	});

	test('a delete removes the group, and a change it had pending never brings it back', async () => {
		const deployed = await deploy();
		const uuid = deployed.body.inventory.uuid;

		const deleted = await run('DELETE', `${groupsPath}${uuid}?deleteMode=Permissive`);
		sim.configure({ instanceGroupStartMs: 0 });

		expect([deleted.status, deleted.body]).toEqual([200, {}]);
		expect((await run('GET', `${groupsPath}${uuid}`)).body.inventories).toEqual([]);
		expect(sim.state.instanceGroupChanges.has(uuid)).toBe(false);
	});

	test('over HTTP: the delay through /__simulator/config, the fault through /__simulator/faults, the groups in /__simulator/state', async () => {
		await call(sim, 'POST', '/__simulator/config', { body: { instanceGroupStartMs: 0 } });
		await call(sim, 'POST', '/__simulator/faults', { body: { api: 'DeployModelService', kind: 'instanceGroupFails' } });

		const deployed = await deploy({ name: 'watched' });
		const state = await call(sim, 'GET', '/__simulator/state');

		expect(sim.options.instanceGroupStartMs).toBe(0);
		expect(state.body.instanceGroups.find((group: { name: string }) => group.name === 'watched')).toMatchObject({
			uuid: deployed.body.inventory.uuid,
			status: 'Error',
		});
	});
});
