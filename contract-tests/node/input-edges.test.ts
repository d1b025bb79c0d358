import type { IDataObject, INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { recordRequests, useNockWithoutNetwork } from '../harness/contract';
import { bindParameters, HOST, sessionCredential } from '../harness/fixtures';
import { WorkflowHarness } from '../harness/workflow';

/**
 * Input at the edges (issue 18, N6, N8, N10): each fails its item with a short error naming the item and the
 * field, before anything is sent — or is sent faithfully. Every one of these failed before its fix.
 */

useNockWithoutNetwork();

let harness: WorkflowHarness;

beforeEach(() => {
	harness = new WorkflowHarness();
	harness.saveCredential('zstack', sessionCredential);
});

const callParameters = (overrides: INodeParameters = {}): INodeParameters => ({ resource: 'api', operation: 'call', method: 'GET', path: '/vm-instances', ...overrides });

/** Runs two items through API → Call under Continue On Fail: the first with `bad` parameters, the second plain. */
async function badThenGood(bad: IDataObject) {
	const sent = recordRequests(nock(HOST).get('/zstack/v1/vm-instances').reply(200, { inventories: [] }));
	const { output, error } = await harness.run({
		parameters: callParameters({
			method: '={{ $json.method ?? "GET" }}',
			path: '={{ $json.path ?? "/vm-instances" }}',
			body: '={{ $json.body ?? {} }}',
		}),
		items: [bad, {}],
		continueOnFail: true,
	});
	expect(error).toBeUndefined();
	expect(output[1].json).toEqual({ inventories: [] });
	expect(sent.map((request) => request.path)).toEqual(['/zstack/v1/vm-instances']);
	return output[0].json.error as string;
}

describe('N6: a 100 000-character Management Node Time Zone', () => {
	const zone = `Asia/Shanghai\r\nX-Injected: yes\r\n${'x'.repeat(100_000)}`;
	const accessKey = { host: HOST, authType: 'accessKey', accessKeyId: 'AKIDZSTACKTEST000001', accessKeySecret: 'secret', managementNodeTimeZone: zone };

	function expectBoundedZoneError(message: string | undefined) {
		expect(message).toMatch(/^The Management Node Time Zone "Asia\/Shanghai\\r\\nX-Injected: yes\\r\\nx+…" \(\d+ characters\) is not a time zone name/);
		expect(message!.length).toBeLessThan(300);
		expect(message).not.toMatch(/[\r\n]/);
	}

	test('fails the item with a short error naming the field, line breaks escaped; nothing is sent', async () => {
		harness.saveCredential('zstack', accessKey);

		const { error } = await harness.run({ parameters: bindParameters() });

		expectBoundedZoneError(error?.message);
	});

	test('the credential test says the same', async () => {
		harness.saveCredential('zstack', accessKey);

		const result = await harness.testCredential();

		expect(result.status).toBe('Error');
		expectBoundedZoneError(result.message);
	});
});

describe('N8: a Body that cannot be JSON', () => {
	const nested = (depth: number) => `${'['.repeat(depth - 1)}${']'.repeat(depth - 1)}`;

	test('JSON text nested 100 000 deep fails its item, naming it and the field', async () => {
		const message = await badThenGood({ method: 'POST', body: `{"a":${nested(100_000)}}` });

		expect(message).toBe('Item 0: Body nests deeper than 100 levels');
	});

	test('an object from an expression that refers to itself fails its item, naming it and the field', async () => {
		const { output, error } = await harness.run({
			parameters: callParameters({ method: 'POST', body: '={{ (() => { const body = { params: {} }; body.params.self = body; return body; })() }}' }),
			continueOnFail: true,
		});

		expect(error).toBeUndefined();
		expect(output[0].json.error).toBe('Item 0: Body refers to itself or nests too deeply: it is not a JSON object');
	});

	test('101 levels fail the item; 100 are sent as they are', async () => {
		expect(await badThenGood({ method: 'POST', body: `{"a":${nested(101)}}` })).toBe('Item 0: Body nests deeper than 100 levels');
		const body = `{"a":${nested(100)}}`;
		const sent = recordRequests(nock(HOST).post('/zstack/v1/vm-instances').reply(200, { ok: true }));

		const { error } = await harness.run({ parameters: callParameters({ method: 'POST', body }) });

		expect(error).toBeUndefined();
		expect(sent[0].body).toEqual(JSON.parse(body));
	});
});

/** The error of one API → Call item with these Query Parameters; nock has nothing to answer: nothing may be sent. */
async function queryError(parameters: INodeParameters[]) {
	const { output, error } = await harness.run({ parameters: callParameters({ queryParameters: { parameters } }), continueOnFail: true });
	expect(error).toBeUndefined();
	return output[0].json.error;
}

describe('N10: text a URL cannot carry, and names n8n would drop', () => {
	test('a lone surrogate in the Path fails its item, naming it and the field (not "URI malformed")', async () => {
		const message = await badThenGood({ path: '/vm-instances/a\ud800b' });

		expect(message).toBe('Item 0: Path "/vm-instances/a\\ud800b" has a lone surrogate (half of a character, e.g. from cut text): it is not text a URL can carry');
	});

	test('a lone surrogate in a query value fails its item', async () => {
		const message = await queryError([{ name: 'q', value: 'name=\udc00' }]);

		expect(message).toBe('Item 0: Query Parameters: parameter 1 has a lone surrogate (half of a character, e.g. from cut text): it is not text a URL can carry');
	});

	test.each(['__proto__', 'constructor', 'prototype'])('a query parameter named %s is refused, not silently dropped', async (name) => {
		const message = await queryError([{ name, value: 'x' }]);

		expect(message).toBe(`Item 0: Query Parameters: a parameter named "${name}" cannot be sent`);
	});

	test('other names of plain objects (toString, hasOwnProperty) are sent as they are', async () => {
		const sent = recordRequests(nock(HOST).get('/zstack/v1/vm-instances').query(true).reply(200, { inventories: [] }));

		const { error } = await harness.run({
			parameters: callParameters({ queryParameters: { parameters: [{ name: 'toString', value: 'a' }, { name: 'hasOwnProperty', value: 'b' }] } }),
		});

		expect(error).toBeUndefined();
		expect(sent[0].path).toBe('/zstack/v1/vm-instances?toString=a&hasOwnProperty=b');
	});
});
