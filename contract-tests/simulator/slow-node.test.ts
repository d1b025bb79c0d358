import { randomUUID } from 'node:crypto';

import { bindPath, call, oauth, sleep } from './http-test-client';
import { startSimulator, type Simulator } from './index';

/** A busy management node and a proxy in front of it (slow-node.js), as RestServer and nginx behave. */
describe('ZStack simulator: a slow or proxied management node', () => {
	let sim: Simulator;
	let session: Record<string, string>;
	let path: string;

	beforeAll(async () => {
		sim = await startSimulator({ jobPolls: 0 });
		path = bindPath(sim.seed.models[0], sim.seed.modelServices[0]);
	});
	beforeEach(() => {
		sim.reset();
		sim.configure({ acceptDelayMs: 0 });
		session = oauth(sim.createSession());
	});
	afterAll(() => sim.stop());

	const newJob = () => randomUUID().replaceAll('-', '');
	const bind = (job: string) => call(sim, 'POST', path, { headers: { ...session, 'X-Job-UUID': job }, body: { params: {} } });
	const poll = (job: string) => call(sim, 'GET', `/zstack/v1/api-jobs/${job}`);

	describe('a slow accept (acceptDelayMs)', () => {
		test('the job is saved only after the wait: polls before then answer 404, a re-send under its UUID is a duplicate, the API runs once', async () => {
			sim.configure({ acceptDelayMs: 400 });
			const job = newJob();
			const started = Date.now();

			const first = bind(job);
			await sleep(50);
			const early = await poll(job);
			const resent = bind(job);
			const accepted = await first;
			const acceptedAfter = Date.now() - started;
			const duplicate = await resent;
			const late = await poll(job);

			expect({ status: early.status, text: early.text }).toEqual({ status: 404, text: 'the job has been expired' });
			expect(accepted.status).toBe(202);
			expect(acceptedAfter).toBeGreaterThanOrEqual(395);
			expect({ status: duplicate.status, text: duplicate.text }).toEqual({ status: 400, text: `Duplicate job uuid[${job}]` });
			expect(late.status).toBe(200);
			expect(sim.runsByJob()).toEqual({ [job]: 1 });
		});

		test('queries are never held (they create no job)', async () => {
			sim.configure({ acceptDelayMs: 5_000 });
			const started = Date.now();

			const reply = await call(sim, 'GET', '/zstack/v1/ai/models', { headers: session });

			expect(reply.status).toBe(200);
			expect(Date.now() - started).toBeLessThan(4_000);
		});

		test('two calls under different job UUIDs are two runs: what a re-send under a new name does', async () => {
			await Promise.all([bind(newJob()), bind(newJob())]);

			expect(sim.apiRuns.map((run) => run.api)).toEqual(['BindModelToService', 'BindModelToService']);
		});

		test('over HTTP: POST /__simulator/config sets it, GET /__simulator/runs counts the runs per job', async () => {
			const configured = await call(sim, 'POST', '/__simulator/config', { body: { acceptDelayMs: 100 } });
			const job = newJob();
			await bind(job);
			const runs = await call(sim, 'GET', '/__simulator/runs');

			expect(configured.body.acceptDelayMs).toBe(100);
			expect(runs.body.byJob).toEqual({ [job]: 1 });
			expect(runs.body.runs).toEqual([{ api: 'BindModelToService', path, jobUuid: job, at: expect.any(Number) }]);
		});
	});

	describe("a proxy's error page on job polls (fault proxyPage)", () => {
		test('N polls get the HTML page (502 by default, or the status asked for), then ZStack answers again', async () => {
			const job = newJob();
			expect((await bind(job)).status).toBe(202);
			sim.injectFault({ api: 'JobPoll', kind: 'proxyPage', times: 2 });
			await call(sim, 'POST', '/__simulator/faults', { body: { api: 'JobPoll', kind: 'proxyPage', status: 503 } });

			const replies = [await poll(job), await poll(job), await poll(job), await poll(job)];

			expect(replies.map((reply) => [reply.status, reply.contentType])).toEqual([
				[502, 'text/html'],
				[502, 'text/html'],
				[503, 'text/html'],
				[200, 'application/json;charset=UTF-8'],
			]);
			expect(replies[0].text).toContain('<title>502 Bad Gateway</title>');
			expect(replies[2].text).toContain('<title>503 Service Temporarily Unavailable</title>');
			expect(sim.runsByJob()).toEqual({ [job]: 1 });
		});
	});
});
