import { call, oauth } from './http-test-client';
import { startSimulator, type Simulator } from './index';

/** S2: the control endpoints that take an object of options refuse any other body, and change nothing. */

let sim: Simulator;

beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(() => sim.stop());

test.each([
	['text', 'all'],
	['a list', ['x']],
	['a number', 42],
	['null', 'null'],
	['a uuid that is no text', { uuid: 42 }],
])('expire-sessions with %s: 400, and every session lives on', async (_, body) => {
	const session = sim.createSession();

	const reply = await call(sim, 'POST', '/__simulator/expire-sessions', { body });

	expect(reply.status).toBe(400);
	expect((await call(sim, 'GET', '/zstack/v1/ai/models', { headers: oauth(session) })).status).toBe(200);
});

test('config with a body that is no object: 400, options unchanged', async () => {
	const before = { ...sim.options };

	const reply = await call(sim, 'POST', '/__simulator/config', { body: '["replyMode"]' });

	expect(reply.status).toBe(400);
	expect(sim.options).toEqual(before);
});

test('expire-sessions with no body, or {}, ends every session; with {uuid}, that one', async () => {
	const [first, second] = [sim.createSession(), sim.createSession()];
	expect((await call(sim, 'POST', '/__simulator/expire-sessions', { body: { uuid: first } })).body).toEqual({ expired: 1 });
	expect((await call(sim, 'GET', '/zstack/v1/ai/models', { headers: oauth(second) })).status).toBe(200);

	expect((await call(sim, 'POST', '/__simulator/expire-sessions')).status).toBe(200);

	expect(sim.state.sessions.size).toBe(0);
});
