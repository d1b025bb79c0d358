import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { bindParameters } from '../harness/fixtures';
import { PollHarness } from '../harness/poll';
import { WorkflowHarness } from '../harness/workflow';
import { startSimulator, type Simulator } from '../simulator';
import { formatZStackDate } from '../simulator/seed';

/**
 * The ZStack Trigger polled by n8n-core's PollContext against the simulator; binds and unbinds are made
 * through the ZStack node, as a workflow would make them. Static data is carried from poll to poll only
 * through a JSON copy, as n8n's database (and a queue-mode worker) carries it.
 */

const fastPolling = { pollInterval: 0.01, jobTimeout: 5 };

let sim: Simulator;
let trigger: PollHarness;
let node: WorkflowHarness;

beforeAll(async () => {
	sim = await startSimulator({ replyMode: 'async', jobPolls: 1 });
});
afterAll(() => sim.stop());
beforeEach(() => {
	sim.reset();
	const credential = { host: sim.url, authType: 'account', ...sim.account };
	trigger = new PollHarness();
	trigger.saveCredential('zstack', credential);
	node = new WorkflowHarness();
	node.saveCredential('zstack', credential);
});

const services = () => sim.seed.modelServices;

async function bind(model: string, service: string, operation = 'bindToService'): Promise<void> {
	const { error } = await node.run({
		parameters: bindParameters({
			operation,
			modelUuid: { __rl: true, mode: 'id', value: model },
			modelServiceUuid: { __rl: true, mode: 'id', value: service },
			options: fastPolling,
		}),
	});
	expect(error).toBeUndefined();
}

/** A model as ZStack's AddModel would leave it (the simulator has no AddModel API). */
function addModel(uuid: string, fields: IDataObject = {}): void {
	const now = formatZStackDate(new Date());
	sim.state.models.push({ uuid, name: `model ${uuid.slice(0, 4)}`, vendor: 'Alibaba', type: 'LLM', createDate: now, lastOpDate: now, ...fields });
}

const event = (name: string, overrides: INodeParameters = {}): INodeParameters => ({ event: name, ...overrides });

describe('Model Bound To Service', () => {
	test('emits nothing for what exists at activation, then one item per bind, once', async () => {
		const [qwen] = sim.seed.models;
		const [textService] = services();

		expect(await trigger.poll(event('modelBoundToService'))).toBeNull();
		expect(await trigger.poll(event('modelBoundToService'))).toBeNull();

		await bind(qwen, textService);
		const items = await trigger.poll(event('modelBoundToService'));

		expect(items).toHaveLength(1);
		const [item] = items!;
		expect(item).toMatchObject({ event: 'modelBoundToService', modelUuid: qwen, modelServiceUuid: textService });
		const inventory = item.inventory as IDataObject;
		expect(inventory.uuid).toBe(textService);
		expect(inventory.name).toBe('text to text model service');
		expect((inventory.modelServiceRefs as IDataObject[]).map((ref) => ref.modelUuid)).toContain(qwen);

		expect(await trigger.poll(event('modelBoundToService'))).toBeNull();
	});

	test('the static data keeps uuids and compared fields only', async () => {
		await trigger.poll(event('modelBoundToService'));
		const stored = JSON.stringify(trigger.storedStaticData);
		expect(stored).toContain(services()[1]);
		expect(stored).toContain(sim.seed.models[1]);
		expect(stored).not.toContain('embedding model service');
		expect(stored.length).toBeLessThan(500);
	});

	test('Filters narrow what is watched, sent to ZStack as q conditions', async () => {
		const [qwen, bge] = sim.seed.models;
		const [textService, , imageService] = services();
		const filters = { conditions: [{ field: 'name', operator: 'like', value: 'text to text%' }] };

		expect(await trigger.poll(event('modelBoundToService', { filters }))).toBeNull();
		await bind(bge, imageService);
		await bind(qwen, textService);
		const items = await trigger.poll(event('modelBoundToService', { filters }));

		expect(items?.map((item) => [item.modelUuid, item.modelServiceUuid])).toEqual([[qwen, textService]]);
		const reads = sim.requests.filter((request) => request.path === '/zstack/v1/ai/model-services');
		expect(reads.length).toBeGreaterThanOrEqual(2);
		expect(reads.every((request) => new URLSearchParams(request.query).getAll('q').includes('name~=text to text%'))).toBe(true);
	});

	test('a change of event or filters starts afresh: nothing is emitted for what existed before', async () => {
		await trigger.poll(event('modelBoundToService'));
		await bind(sim.seed.models[0], services()[0]);
		const filters = { conditions: [{ field: 'type', operator: 'equals', value: 'LLM' }] };
		expect(await trigger.poll(event('modelBoundToService', { filters }))).toBeNull();
	});
});

describe('Model Unbound From Service', () => {
	test('an unbind made through the node is one item, once two replies in a row have shown it', async () => {
		const [, bge] = sim.seed.models;
		const [, embeddingService] = services();

		expect(await trigger.poll(event('modelUnboundFromService'))).toBeNull();
		await bind(bge, embeddingService, 'unbindFromService');
		expect(await trigger.poll(event('modelUnboundFromService'))).toBeNull();
		const items = await trigger.poll(event('modelUnboundFromService'));

		expect(items).toHaveLength(1);
		expect(items![0]).toMatchObject({ event: 'modelUnboundFromService', modelUuid: bge, modelServiceUuid: embeddingService });
		expect((items![0].inventory as IDataObject).modelServiceRefs).toEqual([]);
		expect(await trigger.poll(event('modelUnboundFromService'))).toBeNull();
	});

	test('a bind is no unbind', async () => {
		await trigger.poll(event('modelUnboundFromService'));
		await bind(sim.seed.models[0], services()[0]);
		expect(await trigger.poll(event('modelUnboundFromService'))).toBeNull();
	});
});

describe('Model Created', () => {
	const NEW_MODEL = 'a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a1';

	test('a new model is one item with its whole inventory; the watching read asks for uuid and createDate only', async () => {
		expect(await trigger.poll(event('modelCreated'))).toBeNull();
		addModel(NEW_MODEL, { name: 'DeepSeek-R1-Distill-Qwen-7B' });
		sim.requests.length = 0;

		const items = await trigger.poll(event('modelCreated'));

		expect(items).toHaveLength(1);
		expect(items![0]).toMatchObject({ event: 'modelCreated', modelUuid: NEW_MODEL });
		expect(items![0].inventory).toMatchObject({ uuid: NEW_MODEL, name: 'DeepSeek-R1-Distill-Qwen-7B', vendor: 'Alibaba' });
		const [watching] = sim.requests;
		expect(watching.path).toBe('/zstack/v1/ai/models');
		expect(new URLSearchParams(watching.query).get('fields')).toBe('uuid,createDate');
		expect(await trigger.poll(event('modelCreated'))).toBeNull();
	});

	test('with a vendor filter, only that vendor’s new models', async () => {
		const filters = { conditions: [{ field: 'vendor', operator: 'equals', value: 'DeepSeek' }] };
		expect(await trigger.poll(event('modelCreated', { filters }))).toBeNull();
		addModel('a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a2', { vendor: 'DeepSeek' });
		addModel('a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a3', { vendor: 'Alibaba' });

		const items = await trigger.poll(event('modelCreated', { filters }));

		expect(items?.map((item) => item.modelUuid)).toEqual(['a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a2']);
	});

	test('a bad filter fails the poll before any request', async () => {
		sim.requests.length = 0;
		const filters = { conditions: [{ field: 'vendor; drop', operator: 'equals', value: 'x' }] };
		await expect(trigger.poll(event('modelCreated', { filters }))).rejects.toThrow('Item 0: filter 1 field "vendor; drop" is not a field name');
		expect(sim.requests).toEqual([]);
	});
});

describe('Model Deleted', () => {
	test('a model ZStack no longer has is one item naming it, on the second poll after it went; once', async () => {
		const gone = sim.state.models[0].uuid;
		expect(await trigger.poll(event('modelDeleted'))).toBeNull();
		// As ZStack's DeleteModel would leave it (the simulator has no DeleteModel API).
		sim.state.models.splice(0, 1);

		expect(await trigger.poll(event('modelDeleted'))).toBeNull();
		expect(await trigger.poll(event('modelDeleted'))).toEqual([{ event: 'modelDeleted', modelUuid: gone }]);
		expect(await trigger.poll(event('modelDeleted'))).toBeNull();
	});
});

describe('Model Service Created and Updated', () => {
	test('a new model service is one item', async () => {
		expect(await trigger.poll(event('modelServiceCreated'))).toBeNull();
		sim.state.modelServices.push({ ...structuredClone(sim.state.modelServices[0]), uuid: 'c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c1', name: 'rerank service' });

		const items = await trigger.poll(event('modelServiceCreated'));

		expect(items?.map((item) => [item.modelServiceUuid, (item.inventory as IDataObject).name])).toEqual([
			['c0c0c0c0c0c0c0c0c0c0c0c0c0c0c0c1', 'rerank service'],
		]);
	});

	test('a changed lastOpDate is one item naming the previous date; a bind through the node counts', async () => {
		const [textService] = services();
		expect(await trigger.poll(event('modelServiceUpdated'))).toBeNull();
		const before = sim.state.modelServices[0].lastOpDate;
		await bind(sim.seed.models[0], textService);

		const items = await trigger.poll(event('modelServiceUpdated'));

		expect(items).toHaveLength(1);
		expect(items![0]).toMatchObject({ event: 'modelServiceUpdated', modelServiceUuid: textService, previousLastOpDate: before });
		expect(items![0].lastOpDate).not.toBe(before);
		expect((items![0].inventory as IDataObject).lastOpDate).toBe(items![0].lastOpDate);
		expect(await trigger.poll(event('modelServiceUpdated'))).toBeNull();
	});
});

describe('a manual test run', () => {
	test('emits the most recent matching item and leaves what the active workflow has seen alone', async () => {
		await trigger.poll(event('modelCreated'));
		const stored = structuredClone(trigger.storedStaticData);
		addModel('a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a4', { name: 'newest' });

		const sample = await trigger.poll(event('modelCreated'), 'manual');

		expect(sample?.map((item) => [item.event, item.modelUuid, (item.inventory as IDataObject).name])).toEqual([
			['modelCreated', 'a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a4', 'newest'],
		]);
		expect(trigger.storedStaticData).toEqual(stored);
		// The active workflow still sees the model as new.
		expect((await trigger.poll(event('modelCreated')))?.map((item) => item.modelUuid)).toEqual(['a0a0a0a0a0a0a0a0a0a0a0a0a0a0a0a4']);
	});

	test('for bindings: the most recently changed service with a bound model', async () => {
		const [qwen] = sim.seed.models;
		await bind(qwen, services()[2]);

		const sample = await trigger.poll(event('modelBoundToService'), 'manual');

		expect(sample?.map((item) => [item.modelUuid, item.modelServiceUuid])).toEqual([[qwen, services()[2]]]);
	});

	test('nothing matching: nothing emitted', async () => {
		const filters = { conditions: [{ field: 'vendor', operator: 'equals', value: 'nobody' }] };
		expect(await trigger.poll(event('modelCreated', { filters }), 'manual')).toBeNull();
	});
});

describe('a flaky management node: the simulator’s query faults create no events', () => {
	test.each(['modelBoundToService', 'modelUnboundFromService', 'modelServiceCreated'])('%s', async (name) => {
		expect(await trigger.poll(event(name))).toBeNull();
		for (const fault of [
			{ kind: 'withoutRefs' },
			{ kind: 'withoutRefs' },
			{ kind: 'halfList', half: 'first' },
			{ kind: 'halfList', half: 'second' },
			{ kind: 'emptyList' },
			{ kind: 'shiftedPage' },
		] as const) {
			sim.injectFault({ api: 'QueryModelService', ...fault });
			expect(await trigger.poll(event(name))).toBeNull();
		}
		expect(sim.pendingFaults).toEqual([]);
		expect(await trigger.poll(event(name))).toBeNull();
	});

	test('a real unbind among the faults is still one item', async () => {
		const [, bge] = sim.seed.models;
		const [, embeddingService] = services();
		expect(await trigger.poll(event('modelUnboundFromService'))).toBeNull();
		sim.injectFault({ api: 'QueryModelService', kind: 'emptyList' });
		expect(await trigger.poll(event('modelUnboundFromService'))).toBeNull();

		await bind(bge, embeddingService, 'unbindFromService');
		sim.injectFault({ api: 'QueryModelService', kind: 'withoutRefs' });
		const polls = [];
		for (let poll = 0; poll < 4; poll++) polls.push(await trigger.poll(event('modelUnboundFromService')));

		expect(polls.flatMap((items) => items ?? []).map((item) => [item.modelUuid, item.modelServiceUuid])).toEqual([[bge, embeddingService]]);
	});
});
