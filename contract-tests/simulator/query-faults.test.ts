import { call, oauth } from './http-test-client';
import { startSimulator, type Simulator } from './index';

/** Query faults (query-faults.js): the replies a client watching a list meets on a bad day. */

let sim: Simulator;
let headers: Record<string, string>;

beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(() => sim.stop());
beforeEach(() => {
	sim.reset();
	headers = oauth(sim.createSession());
});

const SERVICES = '/zstack/v1/ai/model-services?replyWithCount=true';
const uuids = (reply: { body: { inventories: { uuid: string }[] } }) => reply.body.inventories.map((inventory) => inventory.uuid);

test('shiftedPage: the page starts one later and total is one less, as after a deletion between two pages', async () => {
	const healthy = await call(sim, 'GET', SERVICES, { headers });
	sim.injectFault({ api: 'QueryModelService', kind: 'shiftedPage' });

	const shifted = await call(sim, 'GET', SERVICES, { headers });

	expect(uuids(shifted)).toEqual(uuids(healthy).slice(1));
	expect(shifted.body.total).toBe(healthy.body.total - 1);
});

test('withoutRefs: model services without modelServiceRefs, once; then whole again', async () => {
	sim.injectFault({ api: 'QueryModelService', kind: 'withoutRefs' });

	const trimmed = await call(sim, 'GET', SERVICES, { headers });
	const whole = await call(sim, 'GET', SERVICES, { headers });

	expect(trimmed.body.inventories.every((service: object) => !('modelServiceRefs' in service))).toBe(true);
	expect(whole.body.inventories.every((service: object) => Array.isArray((service as { modelServiceRefs?: unknown }).modelServiceRefs))).toBe(true);
});

test('halfList: the first or the second half, total that half; emptyList: nothing, total 0', async () => {
	const healthy = uuids(await call(sim, 'GET', SERVICES, { headers }));
	sim.injectFault({ api: 'QueryModelService', kind: 'halfList' });
	sim.injectFault({ api: 'QueryModelService', kind: 'halfList', half: 'second' });
	sim.injectFault({ api: 'QueryModelService', kind: 'emptyList' });

	const [first, second, empty] = [await call(sim, 'GET', SERVICES, { headers }), await call(sim, 'GET', SERVICES, { headers }), await call(sim, 'GET', SERVICES, { headers })];

	expect([...uuids(first), ...uuids(second)]).toEqual(healthy);
	expect([first.body.total, second.body.total]).toEqual([uuids(first).length, uuids(second).length]);
	expect([empty.body.inventories, empty.body.total]).toEqual([[], 0]);
});

test('a query fault over HTTP is queued like any other; an unknown kind is a 400', async () => {
	expect((await call(sim, 'POST', '/__simulator/faults', { body: { api: 'QueryModel', kind: 'emptyList' } })).status).toBe(200);
	expect((await call(sim, 'GET', '/zstack/v1/ai/models', { headers })).body.inventories).toEqual([]);
	expect((await call(sim, 'POST', '/__simulator/faults', { body: { api: 'QueryModel', kind: 'flap' } })).status).toBe(400);
});
