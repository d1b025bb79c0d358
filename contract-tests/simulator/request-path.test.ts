import { accessKeyHeaders, call, sign } from './http-test-client';
import { startSimulator, type Simulator } from './index';

/**
 * S1: the simulator routes and verifies AccessKey signatures on the decoded path, as RestServer does
 * (getDecodedUrl ~603, routing ~642, the signed URI ~894), and refuses what Tomcat refuses before it.
 */

let sim: Simulator;

beforeAll(async () => {
	sim = await startSimulator();
});
afterAll(() => sim.stop());

/** A model looked up by a uuid segment holding a space, `+`, `:` and Chinese, percent-encoded as sent. */
const SEGMENT = 'a b+c:模型';
const ENCODED_PATH = `/zstack/v1/ai/models/${encodeURIComponent(SEGMENT)}`;

test('a signature over the decoded path is accepted, and the decoded segment is what the API reads', async () => {
	const reply = await call(sim, 'GET', ENCODED_PATH, { headers: accessKeyHeaders(sim, 'GET', ENCODED_PATH) });

	expect(reply.status).toBe(200);
	expect(reply.body.inventories).toEqual([]);
	expect(sim.requests.at(-1)?.path).toBe(ENCODED_PATH);
});

test('a signature over the percent-encoded path, as sent, is refused', async () => {
	const date = new Date().toUTCString();
	const signature = sign(sim.accessKey.accessKeySecret, 'GET', date, ENCODED_PATH.replace(/^\/zstack/, ''));

	const reply = await call(sim, 'GET', ENCODED_PATH, { headers: { Date: date, Authorization: `ZStack ${sim.accessKey.accessKeyId}:${signature}` } });

	expect(reply.status).toBe(503);
	expect(reply.body.error.description).toMatch(/Authentication failed/);
});

test('routing reads the decoded path: an encoded letter reaches the same API', async () => {
	const session = sim.createSession();

	const reply = await call(sim, 'GET', '/zstack/v1/ai/%6Dodels', { headers: { Authorization: `OAuth ${session}` } });

	expect(reply.status).toBe(200);
	expect(reply.body.inventories.length).toBeGreaterThan(0);
});

test.each([
	['an encoded slash', '/zstack/v1/ai/models/a%2Fb'],
	['a malformed escape', '/zstack/v1/ai/models/a%zz'],
])('%s is a plain-text 400 before any API', async (_, path) => {
	const reply = await call(sim, 'GET', path, { headers: { Authorization: `OAuth ${sim.createSession()}` } });

	expect(reply.status).toBe(400);
	expect(reply.contentType).toMatch(/^text\/plain/);
});
