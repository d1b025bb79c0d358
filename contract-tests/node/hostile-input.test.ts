import nock from 'nock';

import { recordRequests, useNockWithoutNetwork } from '../harness/contract';
import { bindParameters, bindPath, HOST, INTERNAL_JOB_HOST, SESSION, sessionCredential } from '../harness/fixtures';
import { acceptedAsNamed, jobNamedBy, JOB_POLL } from '../harness/named-jobs';
import { WorkflowHarness } from '../harness/workflow';

/**
 * What a probe of hostile inputs and faults found (issue "Trust", D1–D14): each specification here failed
 * before its fix.
 */

const OTHER_HOST = 'http://other-host.test:9000';
const LOGIN = '/zstack/v1/accounts/login';
const fastPolling = { pollInterval: 0.01, jobTimeout: 5 };
const accountCredential = { host: HOST, authType: 'account', accountName: 'admin', password: 'S3cret' };
const accessKeyCredential = {
	host: HOST,
	authType: 'accessKey',
	accessKeyId: 'AKIDZSTACKTEST000001',
	accessKeySecret: 'secretOfTheAccessKeyUsedInTheseTests01',
	managementNodeTimeZone: 'UTC',
};
const sessionExpired = { error: { code: 'ID.1001', description: 'Session expired', details: 'session expired' } };
const loginReply = (uuid: string) => ({ inventory: { uuid, accountUuid: 'a'.repeat(32) } });

useNockWithoutNetwork();

let harness: WorkflowHarness;

beforeEach(() => {
	harness = new WorkflowHarness();
});

/** Everything that reaches the other host: the sign-in must never be there. */
function otherHostRequests() {
	return recordRequests(nock(OTHER_HOST).persist().get(/.*/).reply(200, { inventory: { stolen: true } }).post(/.*/).reply(200, {}).put(/.*/).reply(200, {}));
}

describe('D1: a redirect never carries the sign-in to another host', () => {
	const signIns = {
		'a session UUID': sessionCredential,
		'an account login': { ...accountCredential, loginSessionUuid: SESSION },
		'an AccessKey': accessKeyCredential,
	};

	describe.each(Object.entries(signIns))('with %s', (_, credential) => {
		beforeEach(() => harness.saveCredential('zstack', credential));

		test('a redirected call fails, naming the status and the other host, and the other host gets nothing', async () => {
			const elsewhere = otherHostRequests();
			nock(HOST).post(bindPath()).reply(307, '', { Location: `${OTHER_HOST}/zstack/v1/ai/models/x?token=abc` });

			const { output, error } = await harness.run({ parameters: bindParameters(), continueOnFail: true });

			expect(error).toBeUndefined();
			expect(output.map((item) => item.json)).toEqual([
				{ error: `ZStack answered HTTP 307, a redirect to ${OTHER_HOST}, which the node does not follow` },
			]);
			expect(elsewhere).toEqual([]);
		});

		test('a redirected job poll fails the same way', async () => {
			const elsewhere = otherHostRequests();
			nock(HOST)
				.post(bindPath())
				.reply(acceptedAsNamed())
				.get(JOB_POLL)
				.reply(302, '', { Location: `${OTHER_HOST}/steal` });

			const { output } = await harness.run({ parameters: bindParameters({ options: fastPolling }), continueOnFail: true });

			expect(output[0].json.error).toBe(`ZStack answered HTTP 302, a redirect to ${OTHER_HOST}, which the node does not follow`);
			expect(elsewhere).toEqual([]);
		});

		test('a redirected credential test fails and the other host gets nothing', async () => {
			const elsewhere = otherHostRequests();
			nock(HOST)
				.get(/.*/)
				.reply(302, '', { Location: `${OTHER_HOST}/steal` })
				.put(LOGIN)
				.optionally()
				.reply(307, '', { Location: `${OTHER_HOST}${LOGIN}` });

			const result = await harness.testCredential();

			expect(result.status).toBe('Error');
			expect(result.message).toMatch(/HTTP 30[27]/);
			expect(elsewhere).toEqual([]);
		});
	});

	test('a redirected login sends no password hash to the other host', async () => {
		harness.saveCredential('zstack', accountCredential);
		const elsewhere = otherHostRequests();
		nock(HOST).put(LOGIN).reply(307, '', { Location: `${OTHER_HOST}${LOGIN}` });

		const { output } = await harness.run({ parameters: bindParameters(), continueOnFail: true });

		expect(output[0].json.error).toBe(`ZStack login as "admin" failed with HTTP 307: a redirect to ${OTHER_HOST}, which the node does not follow`);
		expect(elsewhere).toEqual([]);
	});
});

describe('D2: Get Many with Return All always ends', () => {
	beforeEach(() => harness.saveCredential('zstack', sessionCredential));
	const getManyAll = { resource: 'model', operation: 'getAll', returnAll: true };
	const models = (from: number, count: number) =>
		Array.from({ length: count }, (_, index) => ({ uuid: (from + index).toString(16).padStart(32, '0'), name: `m${from + index}` }));

	test('a server that ignores start and sends no total: the repeated page ends the reading', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.get('/zstack/v1/ai/models').query(true).times(2).reply(200, { inventories: models(0, 100) });

		const { output, error } = await harness.run({ parameters: getManyAll });

		expect(error).toBeUndefined();
		expect(output).toHaveLength(100);
		expect(seen).toHaveLength(2);
	});

	test('a model added at the front while the pages are read: the next page repeats one, and the rest of it is kept', async () => {
		// 251 models; after the first page one more comes first, so every later page starts one earlier.
		let list = models(1, 250);
		nock(HOST)
			.get('/zstack/v1/ai/models')
			.query(true)
			.times(4)
			.reply((uri) => {
				const start = Number(new URL(uri, HOST).searchParams.get('start'));
				const page = { inventories: list.slice(start, start + 100), total: list.length };
				if (start === 0) list = [...models(0, 1), ...list];
				return [200, page];
			});

		const { output, error } = await harness.run({ parameters: getManyAll });

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json.name)).toEqual(models(1, 250).map((model) => model.name));
	});

	test('an empty page ends the reading even when total promises more', async () => {
		nock(HOST)
			.get('/zstack/v1/ai/models')
			.query((query) => query.start === '0')
			.reply(200, { inventories: models(0, 100), total: 500 })
			.get('/zstack/v1/ai/models')
			.query((query) => query.start === '100')
			.reply(200, { inventories: [], total: 500 });

		const { output } = await harness.run({ parameters: getManyAll });

		expect(output).toHaveLength(100);
	});

	test('reading stops with a clear error past 50 000 results', async () => {
		nock(HOST)
			.get('/zstack/v1/ai/models')
			.query(true)
			.times(501)
			.reply((uri) => {
				const start = Number(new URL(uri, HOST).searchParams.get('start'));
				return [200, { inventories: models(start, 100) }];
			});

		const { error } = await harness.run({ parameters: getManyAll });

		expect(error?.message).toBe('Return All stopped after 50000 results');
		expect(error?.description).toContain('Narrow the query with Filters');
	});
});

describe('D4: when ZStack rejects the sessions it has just issued, the batch stops logging in', () => {
	test('500 items at concurrency 8 with ID.1001 on every call: one login', async () => {
		harness.saveCredential('zstack', accountCredential);
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.put(LOGIN).times(100).reply(200, () => loginReply(`${seen.length}`.padStart(32, '1')));
		scope.post(bindPath()).times(600).reply(503, sessionExpired);

		const { output, error } = await harness.run({
			parameters: bindParameters({ options: { concurrency: 8 } }),
			items: Array.from({ length: 500 }, () => ({})),
			continueOnFail: true,
		});

		expect(error).toBeUndefined();
		expect(output).toHaveLength(500);
		for (const item of output) expect(item.json.error).toBe('ZStack rejected the session it had just issued (ID.1001: Session expired)');
		expect(seen.filter((request) => request.path === LOGIN)).toHaveLength(1);
	});
});

describe('D5: the Job Timeout bounds each poll', () => {
	test('a poll slower than the time left fails when the Job Timeout is up, not when the poll ends', async () => {
		harness.saveCredential('zstack', sessionCredential);
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope
			.post(bindPath())
			.reply(acceptedAsNamed())
			.get(JOB_POLL)
			.delay(20_000)
			.reply(200, { inventory: {} });

		const started = Date.now();
		const { error } = await harness.run({ parameters: bindParameters({ options: { jobTimeout: 1, pollInterval: 0.1 } }) });

		expect(error?.message).toBe(`ZStack job ${jobNamedBy(seen[0])} did not finish within 1 s`);
		// The poll alone would take 20 s; a generous margin for a busy machine.
		expect(Date.now() - started).toBeLessThan(15_000);
	});
});

describe('D6, N7: a 202 location is only a hint; the node follows the job it named itself', () => {
	test.each(['..', '../accounts', 'x'.repeat(32), '%2e%2e'])('location ending in %s: only the own job is polled', async (job) => {
		harness.saveCredential('zstack', sessionCredential);
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope
			.post(bindPath())
			.reply(202, { location: `${INTERNAL_JOB_HOST}/zstack/v1/api-jobs/${job}` })
			.get(JOB_POLL)
			.reply(200, { inventory: { name: 'bound' } });

		const { output, error } = await harness.run({ parameters: bindParameters({ options: fastPolling }) });

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json)).toEqual([{ name: 'bound' }]);
		expect(seen.map((request) => `${request.method} ${request.path}`)).toEqual([`POST ${bindPath()}`, `GET /zstack/v1/api-jobs/${jobNamedBy(seen[0])}`]);
	});
});

describe('D8, D9: Poll Interval and Request Timeout have bounds', () => {
	beforeEach(() => harness.saveCredential('zstack', sessionCredential));

	test.each([
		[{ pollInterval: 0 }, 'Item 0: option Poll Interval must be a number of seconds from 0.01 to 3600, not 0'],
		[{ requestTimeout: 3_000_000 }, 'Item 0: option Request Timeout must be a number of seconds from 0.1 to 86400, not 3000000'],
		[{ jobTimeout: -1 }, 'Item 0: option Job Timeout must be a number of seconds from 0 to 604800, not -1'],
	])('%j fails the item before any request', async (options, message) => {
		const { error } = await harness.run({ parameters: bindParameters({ options }) });

		expect(error?.message).toBe(message);
	});
});

describe('D10: the credential test puts only a UUID into its URL', () => {
	test('a session "UUID" with path segments cannot steer the test elsewhere', async () => {
		harness.saveCredential('zstack', { ...sessionCredential, sessionUuid: 'x/../../../ai/models?limit=1#' });
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.get('/zstack/v1/accounts/sessions/xaimodelslimit1/valid').reply(200, { valid: false });

		const result = await harness.testCredential();

		expect(result.status).toBe('Error');
		expect(seen.map((request) => request.path)).toEqual(['/zstack/v1/accounts/sessions/xaimodelslimit1/valid']);
	});
});

describe('D11: a password typed into Host is never echoed', () => {
	test.each(['http://admin:hunter2@zstack.test:8080', 'admin:hunter2@zstack.test', 'https://user:hunter2@zstack.test/prefix'])(
		'%s',
		async (host) => {
			harness.saveCredential('zstack', { ...sessionCredential, host });

			const { error } = await harness.run({ parameters: bindParameters() });

			expect(error?.message).toBe(
				'The ZStack host is not usable: it must not contain a user or password. Enter the management node address, e.g. http://zstack.example.com:8080',
			);
			expect(JSON.stringify(error)).not.toContain('hunter2');
		},
	);
});

describe('D12: error texts are bounded', () => {
	beforeEach(() => harness.saveCredential('zstack', sessionCredential));

	test('a 10 kB plain-text reply is cut in the message', async () => {
		nock(HOST).post(bindPath()).reply(500, 'x'.repeat(10_000), { 'Content-Type': 'text/plain' });

		const { output } = await harness.run({ parameters: bindParameters(), continueOnFail: true });

		expect(String(output[0].json.error).length).toBeLessThan(2_200);
	});

	test('a 50 000-deep cause chain gives a short description, and the whole error stays in zstackError', async () => {
		// Written as text: JSON.stringify itself cannot nest this deep.
		const levels = Array.from({ length: 50_000 }, (_, level) => `{"code":"SYS.1006","description":"level ${level}","details":"d","cause":`);
		const body = `{"error":${levels.join('')}null${'}'.repeat(50_001)}`;
		nock(HOST).post(bindPath()).times(2).reply(503, body, { 'Content-Type': 'application/json' });

		const { output, error } = await harness.run({ parameters: bindParameters(), continueOnFail: true });
		const { error: failed } = await harness.run({ parameters: bindParameters() });

		expect(error).toBeUndefined();
		expect(output[0].json.error).toBe('ZStack error SYS.1006: level 0');
		expect(output[0].json.zstackError).toMatchObject({ code: 'SYS.1006', description: 'level 0', cause: { description: 'level 1' } });
		expect(String(failed?.description).length).toBeLessThan(2_200);
	});
});

describe('D13: deeply nested tags are a clear error', () => {
	test('tags nested 20 deep fail the item before any request', async () => {
		harness.saveCredential('zstack', sessionCredential);

		const { output } = await harness.run({
			parameters: bindParameters({
				additionalFields: { userTags: '={{ Array.from({ length: 20 }).reduce((nested) => [nested], "tag") }}' },
			}),
			continueOnFail: true,
		});

		expect(output[0].json).toEqual({ error: 'Item 0: userTags must be a list of text values' });
	});

	test('tags nested 20 000 deep fail the item with a clear error before any request', async () => {
		harness.saveCredential('zstack', sessionCredential);
		const { output } = await harness.run({
			parameters: bindParameters({
				additionalFields: { systemTags: '={{ Array.from({ length: 20000 }).reduce((nested) => [nested], "tag") }}' },
			}),
			continueOnFail: true,
		});

		expect(output[0].json).toEqual({ error: 'Item 0: the tags could not be read: Maximum call stack size exceeded' });
	});
});

describe('D14: httpCode is an HTTP status or absent', () => {
	test('a refused login carries no ZStack code as its HTTP code', async () => {
		harness.saveCredential('zstack', accountCredential);
		nock(HOST)
			.put(LOGIN)
			.reply(503, { error: { code: 'ID.1000', description: 'Authentication failed', details: 'wrong password' } });

		const { error } = await harness.run({ parameters: bindParameters() });

		expect(error?.message).toContain('ZStack login as "admin" failed: ID.1000');
		expect(error?.httpCode ?? undefined).toBeUndefined();
	});

	test('a ZStack error on a call carries the HTTP status', async () => {
		harness.saveCredential('zstack', sessionCredential);
		nock(HOST).post(bindPath()).reply(503, { error: { code: 'SYS.1006', description: 'An operation failed' } });

		const { error } = await harness.run({ parameters: bindParameters() });

		expect(error?.httpCode).toBe('503');
	});
});

describe('an unknown sign-in method', () => {
	test('is a clear error before any request', async () => {
		harness.saveCredential('zstack', { ...sessionCredential, authType: 'kerberos' });

		const { error } = await harness.run({ parameters: bindParameters() });

		expect(error?.message).toBe(
			'The ZStack API credential\'s Authentication "kerberos" is not one of session, account, accessKey. Open the credential and choose one.',
		);
	});
});
