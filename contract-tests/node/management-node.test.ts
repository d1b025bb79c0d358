import { createHmac } from 'node:crypto';

import nock from 'nock';

import { recordRequests, useNockWithoutNetwork } from '../harness/contract';
import { bindParameters, bindPath, HOST, INTERNAL_JOB_HOST, sessionCredential } from '../harness/fixtures';
import { acceptedAsNamed, JOB_POLL } from '../harness/named-jobs';
import { WorkflowHarness } from '../harness/workflow';

/**
 * How a real management node behaves where the node once assumed otherwise (zstack-rest-facts.md):
 * the AccessKey `Date` is read in the management node's own zone, and a reply lost on the way back
 * must neither lose nor double a call.
 */

const ACCESS_KEY_ID = 'AKIDZSTACKTEST000001';
const ACCESS_KEY_SECRET = 'secretOfTheAccessKeyUsedInTheseTests01';
const accessKeyCredential = { host: HOST, authType: 'accessKey', accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET };
const fastPolling = { pollInterval: 0.01, jobTimeout: 5 };
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DATE_FORMAT = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) (\w{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT(?:([+-]\d{2}):(\d{2}))?$/;

useNockWithoutNetwork();

let harness: WorkflowHarness;

beforeEach(() => {
	harness = new WorkflowHarness();
});

/** The instant a `Date` header names, and the wall clock it shows, read as Java's `EEE, dd MMM yyyy HH:mm:ss z` would. */
function readDate(header: string) {
	const match = DATE_FORMAT.exec(header);
	if (!match) throw new Error(`not a ZStack Date: ${header}`);
	const [, , day, month, year, hour, minute, second, offsetHours = '+00', offsetMinutes = '00'] = match;
	const wallClock = Date.UTC(Number(year), MONTHS.indexOf(month), Number(day), Number(hour), Number(minute), Number(second));
	const offset = (offsetHours.startsWith('-') ? -1 : 1) * (Math.abs(Number(offsetHours)) * 60 + Number(offsetMinutes));
	return { wallClock, instant: wallClock - offset * 60_000, offsetMinutes: offset };
}

/** The wall clock of `zone` at `instant`, as milliseconds of a UTC date with the same fields. */
function wallClockIn(zone: string, instant: number): number {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' })
			.formatToParts(instant)
			.map(({ type, value }) => [type, Number(value)]),
	);
	return Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
}

describe("AccessKey: the Date is written in the management node's clock", () => {
	test.each([
		['no zone set (the default, Asia/Shanghai)', undefined, 'Asia/Shanghai', 480],
		['Asia/Shanghai', 'Asia/Shanghai', 'Asia/Shanghai', 480],
		['America/New_York in November', 'America/New_York', 'America/New_York', -300],
		['UTC', 'UTC', 'UTC', 0],
	])('%s', async (_, zone, expectedZone, expectedOffset) => {
		harness.saveCredential('zstack', { ...accessKeyCredential, ...(zone ? { managementNodeTimeZone: zone } : {}) });
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.post(bindPath()).reply(200, { inventory: { name: 'bound' } });

		const before = Date.now();
		const { error } = await harness.run({ parameters: bindParameters() });

		expect(error).toBeUndefined();
		const header = String(seen[0].headers.date);
		const date = readDate(header);
		// checkTimeZone=true compares instants; checkTimeZone=false compares the wall clock with the node's own.
		expect(Math.abs(date.instant - before)).toBeLessThan(60_000);
		expect(Math.abs(date.wallClock - wallClockIn(expectedZone, date.instant))).toBe(0);
		if (new Date(before).getUTCMonth() === 10) expect(date.offsetMinutes).toBe(expectedOffset);
		const signature = createHmac('sha1', ACCESS_KEY_SECRET).update(`POST\n${header}\n${bindPath().replace('/zstack', '')}`).digest('base64');
		expect(seen[0].headers.authorization).toBe(`ZStack ${ACCESS_KEY_ID}:${signature}`);
	});

	test('a zone that is no IANA name is a clear error before any request', async () => {
		harness.saveCredential('zstack', { ...accessKeyCredential, managementNodeTimeZone: 'CST' });

		const { error } = await harness.run({ parameters: bindParameters() });

		expect(error?.message).toBe(
			'The Management Node Time Zone "CST" is not a time zone name. Use an IANA name such as Asia/Shanghai or UTC (an abbreviation such as CST is ambiguous).',
		);
	});

	test('403 requestTimeTooSkewed says exactly what to set', async () => {
		harness.saveCredential('zstack', { ...accessKeyCredential, managementNodeTimeZone: 'Europe/Berlin' });
		nock(HOST).post(bindPath()).reply(403, 'requestTimeTooSkewed', { 'Content-Type': 'text/plain' });

		const { error } = await harness.run({ parameters: bindParameters() });

		expect(error?.message).toBe("ZStack refused the request time (HTTP 403 requestTimeTooSkewed): check the credential's Management Node Time Zone");
		expect(error?.description).toContain('The credential says "Europe/Berlin": set Management Node Time Zone to the zone the management node runs in');
	});

	test('the credential test shows the same advice', async () => {
		harness.saveCredential('zstack', accessKeyCredential);
		nock(HOST).get('/zstack/v1/ai/models').query({ limit: '1' }).reply(403, 'requestTimeTooSkewed');

		const result = await harness.testCredential();

		expect(result.status).toBe('Error');
		expect(result.message).toContain('set Management Node Time Zone to the time zone the management node runs in');
	});
});

describe('a reply lost on the way back is neither lost nor doubled', () => {
	beforeEach(() => harness.saveCredential('zstack', sessionCredential));

	const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

	test('reset after ZStack took the call: the node asks for its job, follows it, and sends the call once', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope
			.post(bindPath())
			.replyWithError(reset)
			.get(JOB_POLL)
			.reply(202, '')
			.get(JOB_POLL)
			.reply(200, { inventory: { name: 'bound once' } });

		const { output, error } = await harness.run({ parameters: bindParameters({ options: fastPolling }) });

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json)).toEqual([{ name: 'bound once' }]);
		const jobName = seen[0].headers['x-job-uuid'];
		expect(seen.map((request) => `${request.method} ${request.path}`)).toEqual([
			`POST ${bindPath()}`,
			`GET /zstack/v1/api-jobs/${jobName}`,
			`GET /zstack/v1/api-jobs/${jobName}`,
		]);
	});

	test('no reply within the Request Timeout, job already done: its result is the output', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope
			.post(bindPath())
			.delay(10_000)
			.reply(202, { location: `${INTERNAL_JOB_HOST}/zstack/v1/api-jobs/late` })
			.get(JOB_POLL)
			.reply(200, { inventory: { name: 'bound once' } });

		const { output, error } = await harness.run({ parameters: bindParameters({ options: { ...fastPolling, requestTimeout: 1 } }) });

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json)).toEqual([{ name: 'bound once' }]);
		expect(seen.filter((request) => request.method === 'POST')).toHaveLength(1);
	});

	test('reset before ZStack read it (job unknown): sent once more, under the same job name', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope
			.post(bindPath())
			.replyWithError(reset)
			.get(JOB_POLL)
			.reply(404, 'the job has been expired')
			.post(bindPath())
			.reply(200, { inventory: { name: 'bound once' } });

		const { output, error } = await harness.run({ parameters: bindParameters() });

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json)).toEqual([{ name: 'bound once' }]);
		const posts = seen.filter((request) => request.method === 'POST').map((request) => request.headers['x-job-uuid']);
		expect(posts).toHaveLength(2);
		expect(posts[1]).toBe(posts[0]);
		expect(seen[1].path).toBe(`/zstack/v1/api-jobs/${posts[0]}`);
	});

	test('when ZStack cannot be asked either, the item fails within the Job Timeout naming its job, and nothing is sent again', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope
			.post(bindPath())
			.replyWithError(reset)
			.get(JOB_POLL)
			.times(1000)
			.replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));

		const { error } = await harness.run({ parameters: bindParameters({ options: { pollInterval: 0.05, jobTimeout: 0.3 } }) });

		const job = String(seen[0].headers['x-job-uuid']);
		expect(error?.message).toBe(`The reply to the call was lost, and ZStack did not show its job ${job} within the Job Timeout (0.3 s)`);
		expect(error?.description).toContain(`look the job up with GET /zstack/v1/api-jobs/${job} before sending the call again`);
		expect(seen.filter((request) => request.method === 'POST')).toHaveLength(1);
		// ZStack was asked again and again, not once.
		expect(seen.filter((request) => request.method === 'GET').length).toBeGreaterThan(1);
	});

	test('a refused connection never reached ZStack: no job is asked for, the item fails at once', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.post(bindPath()).replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));

		const { error } = await harness.run({ parameters: bindParameters() });

		expect(error?.message).toBe('The service refused the connection - perhaps it is offline');
		expect(seen).toHaveLength(1);
	});
});

describe('Unbind outputs the pair and the model service ZStack returns', () => {
	test('async unbind: success, the pair, and the inventory', async () => {
		harness.saveCredential('zstack', sessionCredential);
		const inventory = { uuid: '0f4c8a9e2b3d4c5f8a7b6c5d4e3f2a1b', name: 'svc', modelServiceRefs: [] };
		nock(HOST).delete(bindPath()).reply(acceptedAsNamed()).get(JOB_POLL).reply(200, { inventory });

		const { output, error } = await harness.run({
			parameters: bindParameters({ operation: 'unbindFromService', options: fastPolling }),
		});

		expect(error).toBeUndefined();
		expect(output[0].json).toEqual({
			success: true,
			modelUuid: '7c9e6679742540de944be07fc1f90ae7',
			modelServiceUuid: '0f4c8a9e2b3d4c5f8a7b6c5d4e3f2a1b',
			inventory,
		});
	});
});
