import fc from 'fast-check';
import type { INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { recordRequests, useNockWithoutNetwork, watchUnmatched } from '../harness/contract';
import { HOST, INTERNAL_JOB_HOST, SESSION, sessionCredential } from '../harness/fixtures';
import { acceptedAsNamed, jobNamedBy, JOB_POLL } from '../harness/named-jobs';
import { WorkflowHarness } from '../harness/workflow';

/** API → Call: any ZStack API by method and path, signed and followed like the typed operations. */

const VM = '8e3c5a7b9d1f4c4e6a8c0e2a4c6e8a01';
const fastPolling = { pollInterval: 0.01, jobTimeout: 5 };

useNockWithoutNetwork();

let harness: WorkflowHarness;

beforeEach(() => {
	harness = new WorkflowHarness();
	harness.saveCredential('zstack', sessionCredential);
});

function callParameters(overrides: INodeParameters = {}): INodeParameters {
	return { resource: 'api', operation: 'call', method: 'GET', path: '/vm-instances', ...overrides };
}

function queryOf(path: string): URLSearchParams {
	return new URLSearchParams(path.split('?')[1] ?? '');
}

describe('a synchronous GET', () => {
	test('sends repeated q parameters and outputs the reply as ZStack sent it', async () => {
		const reply = {
			inventories: [{ uuid: VM, name: 'web-1', state: 'Running' }],
			total: 1,
			schema: { 'inventories[0]': 'org.zstack.header.vm.VmInstanceInventory' },
		};
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.get('/zstack/v1/vm-instances').query(true).reply(200, reply);

		const { output, error } = await harness.run({
			parameters: callParameters({
				queryParameters: {
					parameters: [
						{ name: 'q', value: 'state=Running' },
						{ name: 'q', value: 'name~=web%' },
						{ name: 'replyWithCount', value: 'true' },
					],
				},
			}),
		});

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json)).toEqual([reply]);
		expect(seen).toHaveLength(1);
		expect(seen[0].path.split('?')[0]).toBe('/zstack/v1/vm-instances');
		expect(queryOf(seen[0].path).getAll('q')).toEqual(['state=Running', 'name~=web%']);
		expect(queryOf(seen[0].path).get('replyWithCount')).toBe('true');
		expect(seen[0].headers.authorization).toBe(`OAuth ${SESSION}`);
		expect(seen[0].body).toBeUndefined();
	});

	test('a pasted /zstack/v1 prefix is the prefix every call has, not sent twice', async () => {
		nock(HOST).get('/zstack/v1/ai/models').reply(200, { inventories: [] });

		const { output, error } = await harness.run({ parameters: callParameters({ path: '/zstack/v1/ai/models/' }) });

		expect(error).toBeUndefined();
		expect(output[0].json).toEqual({ inventories: [] });
	});

	test('GET and DELETE send no body even when one is set: ZStack reads their parameters from the query string', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.get('/zstack/v1/vm-instances').reply(200, { inventories: [] });
		scope.delete(`/zstack/v1/vm-instances/${VM}`).query({ deleteMode: 'Enforcing' }).reply(200, {});

		const get = await harness.run({ parameters: callParameters({ body: '{"params": {"name": "ignored"}}' }) });
		const del = await harness.run({
			parameters: callParameters({
				method: 'DELETE',
				path: `/vm-instances/${VM}`,
				body: '{"params": {"name": "ignored"}}',
				queryParameters: { parameters: [{ name: 'deleteMode', value: 'Enforcing' }] },
			}),
		});

		expect(get.error).toBeUndefined();
		expect(del.error).toBeUndefined();
		expect(seen.map(({ method, body }) => ({ method, body }))).toEqual([
			{ method: 'GET', body: undefined },
			{ method: 'DELETE', body: undefined },
		]);
		expect(del.output[0].json).toEqual({});
	});
});

describe('an asynchronous call', () => {
	const createVm = {
		params: { name: 'web-3', instanceOfferingUuid: 'f'.repeat(32), imageUuid: 'e'.repeat(32), l3NetworkUuids: ['d'.repeat(32)] },
		systemTags: ['hostname::web-3'],
	};
	const created = { inventory: { uuid: VM, name: 'web-3', state: 'Running' } };

	test('a POST answered 202 is followed on the configured host to the job result, which is output as sent', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope
			.post('/zstack/v1/vm-instances')
			.reply(acceptedAsNamed())
			.get(JOB_POLL)
			.reply(202, '')
			.get(JOB_POLL)
			.reply(200, created);

		const { output, error } = await harness.run({
			parameters: callParameters({ method: 'POST', body: JSON.stringify(createVm), options: fastPolling }),
		});

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json)).toEqual([created]);
		const [post] = seen;
		expect(post.body).toEqual(createVm);
		expect(post.headers['content-type']).toBe('application/json;charset=UTF-8');
		expect(post.headers['x-job-uuid']).toMatch(/^[0-9a-f]{32}$/);
		const job = jobNamedBy(post);
		expect(seen.map((request) => `${request.method} ${request.path}`)).toEqual(['POST /zstack/v1/vm-instances', `GET /zstack/v1/api-jobs/${job}`, `GET /zstack/v1/api-jobs/${job}`]);
		scope.done();
	});

	test('a body given as an object (from an expression) is sent as it is', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.put(`/zstack/v1/vm-instances/${VM}/actions`).reply(200, created);

		const { error } = await harness.run({
			parameters: callParameters({ method: 'PUT', path: `/vm-instances/${VM}/actions`, body: { stopVmInstance: { type: 'grace' } } }),
		});

		expect(error).toBeUndefined();
		expect(seen[0].body).toEqual({ stopVmInstance: { type: 'grace' } });
	});

	test('with Wait for Completion off, the job is output at once', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.put(`/zstack/v1/vm-instances/${VM}/actions`).reply(acceptedAsNamed());

		const { output, error } = await harness.run({
			parameters: callParameters({
				method: 'PUT',
				path: `/vm-instances/${VM}/actions`,
				body: '{"startVmInstance": {}}',
				options: { waitForCompletion: false },
			}),
		});

		expect(error).toBeUndefined();
		const job = jobNamedBy(seen[0]);
		expect(output[0].json).toEqual({ jobUuid: job, location: `${INTERNAL_JOB_HOST}/zstack/v1/api-jobs/${job}` });
	});
});

describe('ZStack errors', () => {
	const zstackError = { code: 'SYS.1007', description: 'One or more API argument is invalid', details: `invalid field[uuid], resource[uuid:${VM}] not found` };

	test('a 503 error fails the item, and under Continue On Fail is an error item carrying zstackError', async () => {
		nock(HOST).get(`/zstack/v1/vm-instances/${VM}`).reply(503, { error: zstackError });

		const { output, error } = await harness.run({
			parameters: callParameters({ path: `/vm-instances/${VM}` }),
			continueOnFail: true,
		});

		expect(error).toBeUndefined();
		expect(output).toEqual([
			{ json: { error: 'ZStack error SYS.1007: One or more API argument is invalid', zstackError }, pairedItem: { item: 0 } },
		]);
	});

	test('a job that fails is the same error', async () => {
		nock(HOST)
			.put(`/zstack/v1/vm-instances/${VM}/actions`)
			.reply(acceptedAsNamed(HOST))
			.get(JOB_POLL)
			.reply(503, { error: zstackError });

		const { error } = await harness.run({
			parameters: callParameters({ method: 'PUT', path: `/vm-instances/${VM}/actions`, body: '{"stopVmInstance": {}}', options: fastPolling }),
		});

		expect(error?.message).toBe('ZStack error SYS.1007: One or more API argument is invalid');
		// n8n shows httpCode as "Error code …": a failed job's is ZStack's, every failed job being HTTP 503.
		expect(error?.httpCode).toBe('SYS.1007');
	});
});

describe('bad input fails the item before anything is sent', () => {
	test.each([
		['http://evil.test/zstack/v1/vm-instances', /^Item 0: Path ".*" must be relative to \/zstack\/v1, without a scheme or host/],
		['//evil.test/vm-instances', /without a scheme or host/],
		['/vm-instances/../accounts', /must not contain \. or \.\. segments/],
		['/vm-instances/%2e%2E/accounts', /must not contain \. or \.\. segments/],
		['/vm-instances/./x', /must not contain \. or \.\. segments/],
		['/vm-instances?q=name=x', /must not contain \? or #: put query parameters in Query Parameters/],
		['/vm-instances#top', /must not contain \? or #/],
		['/vm-instances/%zz', /has malformed percent-encoding in "%zz"/],
		['/vm-instances/..%2Faccounts', /must not contain an encoded slash or backslash/],
		['/vm-instances\\..\\accounts', /must not contain a backslash/],
		['/vm-instances//x', /must not contain an empty segment/],
		['/vm-instances/{uuid}/actions', /still has the placeholder \{uuid\}/],
		['  ', /is empty/],
		['/zstack/v1', /names no API below \/zstack\/v1/],
	])('Path %j', async (path, message) => {
		const { error } = await harness.run({ parameters: callParameters({ path }) });
		expect(error?.message).toMatch(message);
	});

	test('an empty Path is refused by n8n itself: the parameter is required', async () => {
		await expect(harness.run({ parameters: callParameters({ path: '' }) })).rejects.toThrow('Parameter "Path" is required');
	});

	test.each([
		['[1, 2]', 'Item 0: Body must be a JSON object'],
		['null', 'Item 0: Body must be a JSON object'],
		['{"params": ', 'Item 0: Body is not valid JSON: Unexpected end of JSON input'],
	])('Body %j of a POST', async (body, message) => {
		const { error } = await harness.run({ parameters: callParameters({ method: 'POST', body }) });
		expect(error?.message).toBe(message);
	});

	test('a query parameter without a name', async () => {
		const { error } = await harness.run({
			parameters: callParameters({ queryParameters: { parameters: [{ name: ' ', value: 'x' }] } }),
		});
		expect(error?.message).toBe('Item 0: Query Parameters: parameter 1 has no name');
	});

	test('a method ZStack has no APIs for', async () => {
		const { error } = await harness.run({ parameters: callParameters({ method: 'PATCH' }) });
		expect(error?.message).toBe('Item 0: Method "PATCH" is not one of GET, POST, PUT, DELETE');
	});
});

/** The segments a user meant by a path: relative to /zstack/v1, each percent-decoded. */
function intendedSegments(path: string): string[] {
	return path
		.trim()
		.replace(/^\/?zstack\/v1(?=\/|$)/, '')
		.replace(/^\//, '')
		.replace(/\/$/, '')
		.split('/')
		.map((segment) => decodeURIComponent(segment));
}

/** A path segment as RFC 3986 allows it unencoded (`pchar` without `:` and `@`), or percent-encoded. */
const SAFE_SEGMENT = /^(?:[A-Za-z0-9\-._~!$&'()*+,;=]|%[0-9A-F]{2})+$/;

describe('property: whatever the Path, the request goes to the configured host and exactly the segments meant, or nothing is sent', () => {
	const pieces = fc.constantFrom(
		'/', '//', '.', '..', '%', '%2e', '%2E%2e', '%2F', '%5C', '%00', '%zz', '?', '#', '\\', ':', '@', 'http:', 'HTTPS://',
		'evil.test', 'zstack', 'v1', 'vm-instances', 'a', ' ', '\t', '{uuid}', 'é', '中', '\u0000', '%41', ';', '&', '=', '+',
	);
	const hostilePath = fc
		.oneof(
			fc.array(pieces, { maxLength: 8 }).map((parts) => parts.join('')),
			fc.string({ maxLength: 20 }),
			fc.string({ unit: 'grapheme', maxLength: 12 }).map((text) => `/vm-instances/${text}`),
		)
		// n8n reads a parameter value starting with = as an expression, evaluated before the node sees it.
		.filter((path) => !path.startsWith('='));

	test('checked for each of many hostile paths', async () => {
		const scope = nock(HOST).persist();
		const seen = recordRequests(scope);
		scope.get(/.*/).reply(200, { inventories: [] });
		const unmatched = watchUnmatched();
		const outcomes = { refused: 0, sent: 0 };
		try {
			await fc.assert(
				fc.asyncProperty(hostilePath, async (path) => {
					seen.length = 0;
					// An empty Path is refused by n8n's own check of required parameters, which throws.
					const { output, error } = await harness
						.run({ parameters: callParameters({ path }) })
						.catch((refusal: Error) => ({ output: [], error: refusal }));
					expect(unmatched.requests).toEqual([]);
					if (error) {
						expect(error.message).toMatch(path === '' ? /Parameter "Path" is required/ : /^Item 0: Path /);
						expect(seen).toEqual([]);
						outcomes.refused++;
						return;
					}
					expect(output.map((item) => item.json)).toEqual([{ inventories: [] }]);
					expect(seen).toHaveLength(1);
					const sent = seen[0].path;
					expect(sent.startsWith('/zstack/v1/')).toBe(true);
					const segments = sent.slice('/zstack/v1/'.length).split('/');
					for (const segment of segments) {
						expect(segment).toMatch(SAFE_SEGMENT);
						expect(['.', '..']).not.toContain(decodeURIComponent(segment));
						expect(decodeURIComponent(segment)).not.toMatch(/[/\\]/);
					}
					expect(segments.map((segment) => decodeURIComponent(segment))).toEqual(intendedSegments(path));
					outcomes.sent++;
				}),
				{ numRuns: 150 },
			);
			// Both sides of the property were exercised.
			expect(outcomes.refused).toBeGreaterThan(10);
			expect(outcomes.sent).toBeGreaterThan(10);
		} finally {
			unmatched.stop();
		}
	});
});
