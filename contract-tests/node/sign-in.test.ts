import { createHash, createHmac } from 'node:crypto';

import nock from 'nock';

import { recordRequests, useNockWithoutNetwork } from '../harness/contract';
import { bindParameters, bindPath, HOST, SESSION, sessionCredential } from '../harness/fixtures';
import { acceptedAsNamed, jobNamedBy, JOB_POLL } from '../harness/named-jobs';
import { WorkflowHarness, zstackCredentialType } from '../harness/workflow';

const PASSWORD = 'S3cret-pässword';
const accountCredential = { host: HOST, authType: 'account', accountName: 'admin', password: PASSWORD };
const ACCESS_KEY_ID = 'AKIDZSTACKTEST000001';
const ACCESS_KEY_SECRET = 'secretOfTheAccessKeyUsedInTheseTests01';
const accessKeyCredential = { host: HOST, authType: 'accessKey', accessKeyId: ACCESS_KEY_ID, accessKeySecret: ACCESS_KEY_SECRET, managementNodeTimeZone: 'UTC' };
const FIRST_SESSION = '11111111111111111111111111111111';
const SECOND_SESSION = '22222222222222222222222222222222';
const sessionExpired = { error: { code: 'ID.1001', description: 'Session expired', details: 'session expired' } };
const fastPolling = { pollInterval: 0.01, jobTimeout: 5 };

/** The login body ZStack expects, computed here from the published rule (SHA-512, lowercase hex). */
const expectedLoginBody = {
	logInByAccount: { accountName: 'admin', password: createHash('sha512').update(PASSWORD, 'utf8').digest('hex') },
};

function loginReply(session: string) {
	return { inventory: { uuid: session, accountUuid: 'a'.repeat(32), userUuid: 'a'.repeat(32), expiredDate: 'Nov 27, 2026 3:05:43 AM', createDate: 'Nov 27, 2026 1:05:43 AM' } };
}

useNockWithoutNetwork();

let harness: WorkflowHarness;

beforeEach(() => {
	harness = new WorkflowHarness();
});

describe('account login', () => {
	beforeEach(() => harness.saveCredential('zstack', accountCredential));

	test('logs in with the SHA-512 password, then calls with the new session', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.put('/zstack/v1/accounts/login').reply(200, loginReply(FIRST_SESSION)).post(bindPath()).reply(200, { inventory: { name: 'bound' } });

		const { output, error } = await harness.run({ parameters: bindParameters() });

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json)).toEqual([{ name: 'bound' }]);
		expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual(['PUT /zstack/v1/accounts/login', `POST ${bindPath()}`]);
		expect(seen[0].body).toEqual(expectedLoginBody);
		expect(seen[0].headers.authorization).toBeUndefined();
		expect(seen[1].headers.authorization).toBe(`OAuth ${FIRST_SESSION}`);
		expect(harness.credentials.store.get('zstack')?.loginSessionUuid).toBe(FIRST_SESSION);
	});

	test('several items share one login, and the next execution reuses the stored session', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.put('/zstack/v1/accounts/login').once().reply(200, loginReply(FIRST_SESSION));
		scope.post(bindPath()).times(8).reply(200, { inventory: {} });

		const first = await harness.run({ parameters: bindParameters(), items: [{}, {}, {}, {}, {}] });
		const second = await harness.run({ parameters: bindParameters(), items: [{}, {}, {}] });

		expect(first.output).toHaveLength(5);
		expect(second.output).toHaveLength(3);
		expect(seen.filter((r) => r.method === 'PUT')).toHaveLength(1);
		expect(seen.filter((r) => r.method === 'POST').map((r) => r.headers.authorization)).toEqual(
			Array(8).fill(`OAuth ${FIRST_SESSION}`),
		);
	});

	test('an expired session (503 ID.1001 on the call) means one new login and one repeat of the call', async () => {
		harness.saveCredential('zstack', { ...accountCredential, loginSessionUuid: FIRST_SESSION });
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope
			.post(bindPath())
			.reply(503, sessionExpired)
			.put('/zstack/v1/accounts/login')
			.reply(200, loginReply(SECOND_SESSION))
			.post(bindPath())
			.reply(200, { inventory: { name: 'bound' } });

		const { output, error } = await harness.run({ parameters: bindParameters() });

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json)).toEqual([{ name: 'bound' }]);
		expect(seen.map((r) => `${r.method} ${r.headers.authorization ?? '-'}`)).toEqual([
			`POST OAuth ${FIRST_SESSION}`,
			'PUT -',
			`POST OAuth ${SECOND_SESSION}`,
		]);
		expect(harness.credentials.store.get('zstack')?.loginSessionUuid).toBe(SECOND_SESSION);
	});

	// ZStack accepts any session for an async API (202) and fails the job with ID.1001; polling again returns
	// the same stored failure, so only a new call, after a new login, can succeed (zstack-rest-facts.md).
	// The new call needs a new job UUID: ZStack keeps the failed job under the old one and would refuse a re-send
	// under it as a duplicate.
	test('a job that fails with ID.1001 means one new login and the call sent again, as a new job', async () => {
		harness.saveCredential('zstack', { ...accountCredential, loginSessionUuid: FIRST_SESSION });
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope
			.post(bindPath())
			.reply(acceptedAsNamed())
			.get(JOB_POLL)
			.reply(503, sessionExpired)
			.put('/zstack/v1/accounts/login')
			.reply(200, loginReply(SECOND_SESSION))
			.post(bindPath())
			.reply(acceptedAsNamed())
			.get(JOB_POLL)
			.reply(200, { inventory: { name: 'bound' } });

		const { output, error } = await harness.run({ parameters: bindParameters({ options: fastPolling }) });

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json)).toEqual([{ name: 'bound' }]);
		expect(seen.map((r) => `${r.method} ${r.path.replace(/\/[0-9a-f]{32}/g, '/…')} ${r.headers.authorization ?? '-'}`)).toEqual([
			`POST /zstack/v1/ai/models/…/model-services/… OAuth ${FIRST_SESSION}`,
			`GET /zstack/v1/api-jobs/… OAuth ${FIRST_SESSION}`,
			'PUT /zstack/v1/accounts/login -',
			`POST /zstack/v1/ai/models/…/model-services/… OAuth ${SECOND_SESSION}`,
			`GET /zstack/v1/api-jobs/… OAuth ${SECOND_SESSION}`,
		]);
		const jobNames = seen.filter((r) => r.method === 'POST').map((r) => r.headers['x-job-uuid']);
		expect(jobNames).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/), expect.stringMatching(/^[0-9a-f]{32}$/)]);
		expect(jobNames[0]).not.toBe(jobNames[1]);
	});

	test('ID.1001 again after the new login is a clear error, with no third try', async () => {
		harness.saveCredential('zstack', { ...accountCredential, loginSessionUuid: FIRST_SESSION });
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope
			.post(bindPath())
			.reply(503, sessionExpired)
			.put('/zstack/v1/accounts/login')
			.reply(200, loginReply(SECOND_SESSION))
			.post(bindPath())
			.reply(503, sessionExpired);

		const { error } = await harness.run({ parameters: bindParameters() });

		expect(error?.message).toBe('ZStack rejected the session it had just issued (ID.1001: Session expired)');
		expect(error?.description).toContain('Check the account name and password');
		expect(seen).toHaveLength(3);
		scope.done();
	});

	test('other ZStack errors (SYS.1006) never cause a login', async () => {
		harness.saveCredential('zstack', { ...accountCredential, loginSessionUuid: FIRST_SESSION });
		nock(HOST)
			.post(bindPath())
			.reply(503, { error: { code: 'SYS.1006', description: 'An operation failed' } });

		const { error } = await harness.run({ parameters: bindParameters() });

		expect(error?.message).toBe('ZStack error SYS.1006: An operation failed');
		// a login attempt would be an unmatched request, which afterEach rejects
	});

	test('a refused login (ID.1000) fails every item once, says the name or password is wrong, and never shows the password', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.put('/zstack/v1/accounts/login').reply(503, {
			error: { code: 'ID.1000', description: 'Authentication failed', details: 'wrong account name or password' },
		});

		const run = await harness.run({ parameters: bindParameters(), items: [{}, {}, {}], continueOnFail: true });

		expect(seen).toHaveLength(1);
		expect(run.output.map((item) => item.pairedItem)).toEqual([{ item: 0 }, { item: 1 }, { item: 2 }]);
		for (const item of run.output) {
			expect(item.json.error).toBe(
				'ZStack login as "admin" failed: ID.1000: Authentication failed. Check the account name and password',
			);
		}
		const everything = JSON.stringify(run.run.data);
		expect(everything).not.toContain(PASSWORD);
		expect(everything).not.toContain(expectedLoginBody.logInByAccount.password);
	});
});

describe('AccessKey', () => {
	/** Signature computed here from the published algorithm, not by the code under test. */
	function expectedAuthorization(method: string, date: string, uri: string): string {
		const signature = createHmac('sha1', ACCESS_KEY_SECRET).update(`${method}\n${date}\n${uri}`).digest('base64');
		return `ZStack ${ACCESS_KEY_ID}:${signature}`;
	}

	test('signs the call and the job poll with Date and Authorization over the path without /zstack', async () => {
		harness.saveCredential('zstack', accessKeyCredential);
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope
			.post(bindPath())
			.reply(acceptedAsNamed())
			.get(JOB_POLL)
			.reply(200, { inventory: { name: 'bound' } });

		const before = Date.now();
		const { error } = await harness.run({ parameters: bindParameters({ options: fastPolling }) });

		expect(error).toBeUndefined();
		expect(seen).toHaveLength(2);
		const uris = [bindPath().replace('/zstack', ''), `/v1/api-jobs/${jobNamedBy(seen[0])}`];
		seen.forEach((request, index) => {
			const date = String(request.headers.date);
			expect(date).toMatch(/^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} GMT$/);
			expect(Math.abs(Date.parse(date) - before)).toBeLessThan(60_000);
			expect(request.headers.authorization).toBe(expectedAuthorization(request.method, date, uris[index]));
		});
	});

	test('behind a proxy prefix and with a query string, the signed URI is still the path after /zstack', async () => {
		harness.saveCredential('zstack', { ...accessKeyCredential, host: 'https://proxy.example.test/cloud' });
		const scope = nock('https://proxy.example.test');
		const seen = recordRequests(scope);
		scope.get('/cloud/zstack/v1/ai/models').query({ limit: '1' }).reply(200, { inventories: [] });

		const result = await harness.testCredential();

		expect(result.status).toBe('OK');
		const date = String(seen[0].headers.date);
		expect(seen[0].headers.authorization).toBe(expectedAuthorization('GET', date, '/v1/ai/models'));
	});
	test("a request from n8n's HTTP Request node (legacy `uri` shape) is signed the same way", async () => {
		const authenticate = zstackCredentialType.authenticate as (
			credentials: object,
			request: object,
		) => Promise<{ headers: Record<string, string>; rejectUnauthorized?: boolean }>;

		const signed = await authenticate(
			{ ...accessKeyCredential, allowUnauthorizedCerts: true },
			{ uri: `${HOST}/zstack/v1/ai/models?limit=1`, method: 'GET', headers: {} },
		);

		expect(signed.headers.Authorization).toBe(expectedAuthorization('GET', signed.headers.Date, '/v1/ai/models'));
		expect(signed.rejectUnauthorized).toBe(false);
	});
});

describe('credential test', () => {
	test('session: a valid session passes', async () => {
		harness.saveCredential('zstack', sessionCredential);
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.get(`/zstack/v1/accounts/sessions/${SESSION}/valid`).reply(200, { valid: true });

		expect(await harness.testCredential()).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(seen[0].headers.authorization).toBe(`OAuth ${SESSION}`);
	});

	test('session: {"valid": false} fails the test', async () => {
		harness.saveCredential('zstack', { ...sessionCredential, host: 'zstack.test' });
		nock(HOST).get(`/zstack/v1/accounts/sessions/${SESSION}/valid`).reply(200, { valid: false });

		const result = await harness.testCredential();

		expect(result.status).toBe('Error');
		expect(result.message).toContain('not valid');
	});

	test('account, new: n8n logs in before the test (preAuthentication), and the test is a login', async () => {
		harness.saveCredential('zstack', accountCredential);
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.put('/zstack/v1/accounts/login').times(2).reply(200, loginReply(SECOND_SESSION));

		expect(await harness.testCredential()).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(seen.map((request) => [request.method, request.path])).toEqual([
			['PUT', '/zstack/v1/accounts/login'],
			['PUT', '/zstack/v1/accounts/login'],
		]);
		// The test's own login is written as n8n expressions; it hashes the password as the node does (UTF-8).
		expect(seen[1].body).toEqual(expectedLoginBody);
	});

	test('account, used: a stored login session that has ended does not fail the test, which logs in itself', async () => {
		harness.saveCredential('zstack', { ...accountCredential, loginSessionUuid: FIRST_SESSION });
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.put('/zstack/v1/accounts/login').reply(200, loginReply(SECOND_SESSION));

		expect(await harness.testCredential()).toEqual({ status: 'OK', message: 'Connection successful!' });
		expect(seen.map((request) => request.body)).toEqual([expectedLoginBody]);
	});

	test('account, used: a password changed since the stored login is found wrong', async () => {
		harness.saveCredential('zstack', { ...accountCredential, password: 'changed', loginSessionUuid: FIRST_SESSION });
		nock(HOST).put('/zstack/v1/accounts/login').reply(503, {
			error: { code: 'ID.1000', description: 'Authentication failed', details: 'wrong account name or password' },
		});

		const result = await harness.testCredential();

		expect(result).toEqual({ status: 'Error', message: expect.stringMatching(/^ZStack refused the sign-in \(HTTP 503\): check the credential's account name and password/) });
	});

	test('account: a wrong password fails with ZStack\'s message', async () => {
		harness.saveCredential('zstack', accountCredential);
		nock(HOST).put('/zstack/v1/accounts/login').reply(503, {
			error: { code: 'ID.1000', description: 'Authentication failed', details: 'wrong account name or password' },
		});

		const result = await harness.testCredential();

		expect(result).toEqual({
			status: 'Error',
			message: 'ZStack login as "admin" failed: ID.1000: Authentication failed. Check the account name and password',
		});
	});

	test('AccessKey: a signed GET succeeds; a rejected key fails', async () => {
		harness.saveCredential('zstack', accessKeyCredential);
		nock(HOST).get('/zstack/v1/ai/models').query({ limit: '1' }).reply(200, { inventories: [] });
		expect((await harness.testCredential()).status).toBe('OK');

		nock(HOST).get('/zstack/v1/ai/models').query({ limit: '1' }).reply(503, {
			error: { code: 'ID.1000', description: 'Authentication failed', details: 'invalid AccessKey signature' },
		});
		expect((await harness.testCredential()).message).toMatch(/^ZStack refused the sign-in \(HTTP 503\).* or its AccessKey ID and secret/);
	});

	test('a host that is not a URL is a clear error, not a crash', async () => {
		harness.saveCredential('zstack', { ...sessionCredential, host: 'http://exa mple:80:80' });

		const result = await harness.testCredential();

		expect(result.status).toBe('Error');
		expect(result.message).toContain('The ZStack host "http://exa mple:80:80" is not usable');
	});
});
