import nock from 'nock';

import { recordRequests, useNockWithoutNetwork, type SeenRequest } from '../harness/contract';
import { bindParameters, bindPath, HOST, INTERNAL_JOB_HOST, sessionCredential } from '../harness/fixtures';
import { acceptedAsNamed, jobNamedBy, JOB_POLL } from '../harness/named-jobs';
import { WorkflowHarness } from '../harness/workflow';

/**
 * A call names its job once (X-Job-UUID) and keeps that name for good (issue 18, N1, N2, N7): ZStack refuses a
 * second request under a saved job's UUID (RestServer.java ~963–977), so a re-send under the same name runs at
 * most once, and the job the node follows is always the one it named.
 */

useNockWithoutNetwork();

let harness: WorkflowHarness;

beforeEach(() => {
	harness = new WorkflowHarness();
	harness.saveCredential('zstack', sessionCredential);
});

const fastPolling = { pollInterval: 0.01, jobTimeout: 5 };
const bound = { inventory: { name: 'bound once' } };
const reset = () => Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
const requestLines = (seen: SeenRequest[]) => seen.map((request) => `${request.method} ${request.path}`);
const posts = (seen: SeenRequest[]) => seen.filter((request) => request.method === 'POST');

/**
 * A busy management node: it saves a call's job `ms` after the call first arrived (RestServer ~1262), its job
 * lookups answering 404 until then and `saved` after. Returns the interceptor of the bind calls, to answer.
 */
function callsSavedLate(scope: nock.Scope, ms: number, saved: [number, unknown]): nock.Interceptor {
	let savedAt = Infinity;
	scope
		.get(JOB_POLL)
		.times(1000)
		.reply(() => (Date.now() < savedAt ? [404, 'the job has been expired'] : saved) as [number, nock.Body]);
	return scope.post(bindPath()).matchHeader('x-job-uuid', () => {
		savedAt = Math.min(savedAt, Date.now() + ms);
		return true;
	});
}

/**
 * The call's reply is lost (a reset), and asked for, its job is not saved yet (the first request still waits in the
 * management node's queue): returns the interceptor of the re-send, to answer.
 */
function resentAfterLostReply(scope: nock.Scope): nock.Interceptor {
	return scope.post(bindPath()).replyWithError(reset()).get(JOB_POLL).reply(404, 'the job has been expired', { 'Content-Type': 'text/plain' }).post(bindPath());
}

/** Runs one bind and expects its inventory, from a call sent twice under the one job UUID the node named. */
async function boundAfterOneResend(seen: SeenRequest[]): Promise<string> {
	const { output, error } = await harness.run({ parameters: bindParameters({ options: fastPolling }) });

	expect(error).toBeUndefined();
	expect(output.map((item) => item.json)).toEqual([bound.inventory]);
	const job = jobNamedBy(seen[0]);
	expect(posts(seen).map(jobNamedBy)).toEqual([job, job]);
	return job;
}

describe('N1: one job UUID per call, for good', () => {
	test('a 404 after a lost reply: sent again under the same UUID, ZStack says "Duplicate job uuid", the job is followed', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		// Meanwhile the first copy was saved: ZStack refuses the second, under that name only.
		resentAfterLostReply(scope)
			.reply(function () {
				const named = String(this.req.headers['x-job-uuid']);
				return named === jobNamedBy(seen[0]) ? [400, `Duplicate job uuid[${named}]`] : [202, { location: `${INTERNAL_JOB_HOST}/zstack/v1/api-jobs/${named}` }];
			})
			.get(JOB_POLL)
			.reply(202, '')
			.get(JOB_POLL)
			.reply(200, bound);

		const job = await boundAfterOneResend(seen);
		expect(requestLines(seen)).toEqual([
			`POST ${bindPath()}`,
			`GET /zstack/v1/api-jobs/${job}`,
			`POST ${bindPath()}`,
			`GET /zstack/v1/api-jobs/${job}`,
			`GET /zstack/v1/api-jobs/${job}`,
		]);
	});

	test('a job saved seconds after its call: the node keeps asking within the Job Timeout, re-sending under the same UUID', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		// The management node saves the job 1.5 s after the call arrived, and answers nothing sooner.
		callsSavedLate(scope, 1500, [200, bound])
			.times(20)
			.delay(10_000)
			.reply(function () {
				return [400, `Duplicate job uuid[${String(this.req.headers['x-job-uuid'])}]`];
			});

		const { output, error } = await harness.run({ parameters: bindParameters({ options: { ...fastPolling, requestTimeout: 0.5, jobTimeout: 20 } }) });

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json)).toEqual([bound.inventory]);
		const job = jobNamedBy(seen[0]);
		expect(new Set(posts(seen).map(jobNamedBy))).toEqual(new Set([job]));
		expect(seen.filter((request) => request.method === 'GET').every((request) => request.path === `/zstack/v1/api-jobs/${job}`)).toBe(true);
	});
});

describe('N2: a poll that fails on the way is asked again', () => {
	const proxy502 = '<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center></body></html>';

	test.each([
		['a proxy answers 502 in HTML', (poll: nock.Interceptor) => poll.reply(502, proxy502, { 'Content-Type': 'text/html' })],
		['a proxy answers 503 in plain text', (poll: nock.Interceptor) => poll.reply(503, 'Service Unavailable', { 'Content-Type': 'text/plain' })],
		['the connection is reset', (poll: nock.Interceptor) => poll.replyWithError(reset())],
	])('%s, twice: the job is still followed to its result, and the call sent once', async (_, fail) => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.post(bindPath()).reply(acceptedAsNamed());
		fail(scope.get(JOB_POLL).times(2));
		scope.get(JOB_POLL).reply(200, bound);

		const { output, error } = await harness.run({ parameters: bindParameters({ options: fastPolling }) });

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json)).toEqual([bound.inventory]);
		expect(posts(seen)).toHaveLength(1);
	});

	test("a proxy's 502 page on the call itself: the job is asked for, the call sent again under the same UUID, run once", async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope
			.post(bindPath())
			.reply(502, proxy502, { 'Content-Type': 'text/html' })
			.get(JOB_POLL)
			.reply(404, 'the job has been expired', { 'Content-Type': 'text/plain' })
			.post(bindPath())
			.reply(acceptedAsNamed())
			.get(JOB_POLL)
			.reply(200, bound);

		await boundAfterOneResend(seen);
	});

	test('the Job Timeout counts from the first question about a lost reply, not again once the job is found', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		// ZStack saves the job 3 s after the call, then runs it for longer than the Job Timeout; every reply to a send is lost.
		callsSavedLate(scope, 3000, [202, '']).times(1000).replyWithError(reset());

		const started = Date.now();
		const { error } = await harness.run({ parameters: bindParameters({ options: { pollInterval: 0.2, jobTimeout: 4 } }) });
		const took = Date.now() - started;

		expect(error?.message).toBe(`ZStack job ${jobNamedBy(seen[0])} did not finish within 4 s`);
		// Within the 4 s Job Timeout and a poll's slack, where a second Job Timeout after the 3 s recovery would end past 7 s.
		expect(took).toBeGreaterThanOrEqual(4000);
		expect(took).toBeLessThan(6500);
	});

	test("ZStack's plain-text 500 on the call (an exception before any job) ends the item at once", async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.post(bindPath()).reply(500, 'java.lang.ClassCastException', { 'Content-Type': 'text/plain' });

		const { error } = await harness.run({ parameters: bindParameters({ options: fastPolling }) });

		expect(error?.message).toContain('HTTP 500');
		expect(requestLines(seen)).toEqual([`POST ${bindPath()}`]);
	});

	test("ZStack's plain-text 500 on a re-send after a lost reply ends the item too; the call is not sent again and again", async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		resentAfterLostReply(scope).reply(500, 'java.lang.ClassCastException', { 'Content-Type': 'text/plain' });

		const { error } = await harness.run({ parameters: bindParameters({ options: fastPolling }) });

		expect(error?.message).toContain('HTTP 500');
		const job = jobNamedBy(seen[0]);
		expect(requestLines(seen)).toEqual([`POST ${bindPath()}`, `GET /zstack/v1/api-jobs/${job}`, `POST ${bindPath()}`]);
	});

	test("ZStack's own JSON error on a poll ends the job, after a proxy's failure did not", async () => {
		const failed = { code: 'SYS.1006', description: 'An operation failed', details: 'model busy' };
		nock(HOST)
			.post(bindPath())
			.reply(acceptedAsNamed())
			.get(JOB_POLL)
			.reply(503, 'Service Unavailable')
			.get(JOB_POLL)
			.reply(503, { error: failed });

		const { error } = await harness.run({ parameters: bindParameters({ options: fastPolling }) });

		expect(error?.message).toBe('ZStack error SYS.1006: An operation failed');
	});

	test('a proxy failing until the Job Timeout: the item fails naming the job and what the last poll got', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.post(bindPath()).reply(acceptedAsNamed()).get(JOB_POLL).times(1000).reply(502, proxy502, { 'Content-Type': 'text/html' });

		const { error } = await harness.run({ parameters: bindParameters({ options: { pollInterval: 0.02, jobTimeout: 0.3 } }) });

		const job = jobNamedBy(seen[0]);
		expect(error?.message).toBe(`ZStack job ${job} did not finish within 0.3 s`);
		expect(error?.description).toContain(`Look it up with GET /zstack/v1/api-jobs/${job}`);
		expect(error?.description).toContain('The last poll got no answer from ZStack: HTTP 502: <html>');
	});
});

describe('N7: the job followed is the one the node named; a location is only a hint', () => {
	const ANOTHER_JOB = 'f'.repeat(32);

	test.each([
		['another job', () => `${INTERNAL_JOB_HOST}/zstack/v1/api-jobs/${ANOTHER_JOB}`],
		['two job segments', (job: string) => `${INTERNAL_JOB_HOST}/zstack/v1/api-jobs/${ANOTHER_JOB}/api-jobs/${job}`],
		['the own job in upper case', (job: string) => `${INTERNAL_JOB_HOST}/zstack/v1/api-jobs/${job.toUpperCase()}`],
		['no job at all', () => 'not a location'],
	])('a location naming %s: the own job is followed, and output as its location when not waiting', async (_, location) => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope
			.post(bindPath())
			.times(2)
			.reply(function () {
				return [202, { location: location(String(this.req.headers['x-job-uuid'])) }];
			})
			.get(JOB_POLL)
			.reply(200, bound);

		const followed = await harness.run({ parameters: bindParameters({ options: fastPolling }) });
		const notWaiting = await harness.run({ parameters: bindParameters({ options: { waitForCompletion: false } }) });

		expect(followed.error).toBeUndefined();
		expect(followed.output.map((item) => item.json)).toEqual([bound.inventory]);
		expect(requestLines(seen).slice(0, 2)).toEqual([`POST ${bindPath()}`, `GET /zstack/v1/api-jobs/${jobNamedBy(seen[0])}`]);
		const job = jobNamedBy(seen[2]);
		expect(notWaiting.output.map((item) => item.json)).toEqual([{ jobUuid: job, location: `${HOST}/zstack/v1/api-jobs/${job}` }]);
	});

	test('a 202 without a body is followed all the same', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.post(bindPath()).reply(202, '').get(JOB_POLL).reply(200, bound);

		const { output, error } = await harness.run({ parameters: bindParameters({ options: fastPolling }) });

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json)).toEqual([bound.inventory]);
		expect(seen[1].path).toBe(`/zstack/v1/api-jobs/${jobNamedBy(seen[0])}`);
	});
});

describe("21.6: a failed job shows ZStack's error code, not HTTP 503", () => {
	test('the error code n8n shows is the job\'s ZStack code; the message and zstackError keep the rest', async () => {
		const failed = { code: 'SYS.1006', description: 'An operation failed', details: 'model busy' };
		nock(HOST).post(bindPath()).times(2).reply(acceptedAsNamed()).get(JOB_POLL).times(2).reply(503, { error: failed });

		const { error } = await harness.run({ parameters: bindParameters({ options: fastPolling }) });
		const continued = await harness.run({ parameters: bindParameters({ options: fastPolling }), continueOnFail: true });

		expect(error?.httpCode).toBe('SYS.1006');
		expect(error?.message).toBe('ZStack error SYS.1006: An operation failed');
		expect(error?.description).toBe('model busy');
		expect(continued.output.map((item) => item.json)).toEqual([{ error: 'ZStack error SYS.1006: An operation failed', zstackError: failed }]);
	});
});
