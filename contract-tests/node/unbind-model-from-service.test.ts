import type { INodeParameters } from 'n8n-workflow';
import nock from 'nock';

import { contractPath, loadContract, recordRequests, useNockWithoutNetwork } from '../harness/contract';
import {
	bindParameters,
	bindPath,
	HOST,
	INTERNAL_JOB_HOST,
	MODEL,
	MODEL_SERVICE,
	SESSION,
	sessionCredential,
} from '../harness/fixtures';
import { acceptedAsNamed, jobNamedBy, JOB_POLL } from '../harness/named-jobs';
import { WorkflowHarness } from '../harness/workflow';

const contract = loadContract('UnbindModelFromService');
const fastPolling = { pollInterval: 0.01, jobTimeout: 5 };
const unbound = { success: true, modelUuid: MODEL, modelServiceUuid: MODEL_SERVICE };

/** Parameters of an Unbind From Service node: those of Bind, with the other operation. */
function unbindParameters(overrides: INodeParameters = {}): INodeParameters {
	return bindParameters({ operation: 'unbindFromService', ...overrides });
}

useNockWithoutNetwork();

let harness: WorkflowHarness;

beforeEach(() => {
	harness = new WorkflowHarness();
	harness.saveCredential('zstack', sessionCredential);
});

describe('the documented call', () => {
	test('sends DELETE on the pair without a body and outputs what was unbound with the model service ZStack returns', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope
			.intercept(contractPath(contract, { modelUuid: MODEL, modelServiceUuid: MODEL_SERVICE }), contract.request.method)
			.reply(contract.response.status, contract.response.body);

		const { output, error } = await harness.run({ parameters: unbindParameters() });

		expect(error).toBeUndefined();
		expect(seen).toHaveLength(1);
		const [request] = seen;
		expect(request.method).toBe('DELETE');
		expect(request.path).toBe(bindPath());
		expect(request.headers.authorization).toBe(
			contract.request.headers.Authorization.replace('{sessionUuid}', SESSION),
		);
		expect(request.body).toBeUndefined();
		expect(request.headers['content-type']).toBeUndefined();
		expect(output).toEqual([{ json: { ...unbound, inventory: contract.response.body.inventory }, pairedItem: { item: 0 } }]);
		scope.done();
	});

	test('a model and service picked from the lists are unbound by their UUIDs', async () => {
		const scope = nock(HOST).delete(bindPath()).reply(200, {});

		const { output } = await harness.run({
			parameters: unbindParameters({
				modelUuid: { __rl: true, mode: 'list', value: MODEL, cachedResultName: 'Qwen2.5-7B-Instruct' },
				modelServiceUuid: { __rl: true, mode: 'list', value: MODEL_SERVICE, cachedResultName: 'text to text' },
			}),
		});

		expect(output.map((item) => item.json)).toEqual([unbound]);
		scope.done();
	});
});

describe('asynchronous replies (202 + job), as for bind', () => {
	test('polls the job on the configured host until it is done, then outputs what was unbound', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope
			.delete(bindPath())
			.reply(acceptedAsNamed())
			.get(JOB_POLL)
			.reply(202, '')
			.get(JOB_POLL)
			.reply(200, contract.response.body);

		const { output, error } = await harness.run({ parameters: unbindParameters({ options: fastPolling }) });

		expect(error).toBeUndefined();
		expect(output.map((item) => item.json)).toEqual([{ ...unbound, inventory: contract.response.body.inventory }]);
		const job = jobNamedBy(seen[0]);
		expect(seen.map((r) => `${r.method} ${r.path}`)).toEqual([`DELETE ${bindPath()}`, `GET /zstack/v1/api-jobs/${job}`, `GET /zstack/v1/api-jobs/${job}`]);
		scope.done();
	});

	test('without Wait for Completion, outputs the job at once', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope.delete(bindPath()).reply(acceptedAsNamed());

		const { output } = await harness.run({
			parameters: unbindParameters({ options: { waitForCompletion: false } }),
		});

		const job = jobNamedBy(seen[0]);
		expect(output).toEqual([{ json: { jobUuid: job, location: `${INTERNAL_JOB_HOST}/zstack/v1/api-jobs/${job}` }, pairedItem: { item: 0 } }]);
	});

	test('a job that fails is a ZStack error with its cause', async () => {
		nock(HOST)
			.delete(bindPath())
			.reply(acceptedAsNamed())
			.get(JOB_POLL)
			.reply(503, {
				error: {
					code: 'SYS.1003',
					description: 'Resource not found',
					details: `unable to unbind model[uuid:${MODEL}]`,
					cause: { code: 'SYS.1003', description: 'Resource not found', details: `cannot find ModelVO[uuid:${MODEL}]` },
				},
			});

		const { error, output } = await harness.run({ parameters: unbindParameters({ options: fastPolling }) });

		expect(output).toEqual([]);
		expect(error?.message).toBe('ZStack error SYS.1003: Resource not found');
		expect(error?.description).toBe(
			[`unable to unbind model[uuid:${MODEL}]`, 'Caused by SYS.1003: Resource not found', `cannot find ModelVO[uuid:${MODEL}]`].join('\n'),
		);
	});

	test('a job the server no longer knows (404) is a "job expired" error', async () => {
		const scope = nock(HOST);
		const seen = recordRequests(scope);
		scope
			.delete(bindPath())
			.reply(acceptedAsNamed())
			.get(JOB_POLL)
			.reply(404, 'the job has been expired', { 'Content-Type': 'text/plain' });

		const { error } = await harness.run({ parameters: unbindParameters({ options: fastPolling }) });

		expect(error?.message).toBe(`ZStack job ${jobNamedBy(seen[0])} has expired or is unknown`);
	});
});

describe('errors', () => {
	test('a plain-text HTTP error is shown as text', async () => {
		nock(HOST).delete(bindPath()).reply(405, 'method DELETE is not allowed', { 'Content-Type': 'text/plain' });

		const { error } = await harness.run({ parameters: unbindParameters() });

		expect(error?.message).toBe('ZStack answered HTTP 405: method DELETE is not allowed');
		expect(error?.httpCode).toBe('405');
	});

	test('an error sent with HTTP 200 is still an error, never "success: true"', async () => {
		nock(HOST)
			.delete(bindPath())
			.reply(200, { success: false, error: { code: 'SYS.1006', description: 'An operation failed' } });

		const { error, output } = await harness.run({ parameters: unbindParameters() });

		expect(error?.message).toBe('ZStack error SYS.1006: An operation failed');
		expect(output).toEqual([]);
	});
});

describe('UUID parameters: unbind accepts and rejects exactly what bind does', () => {
	const operations: [string, (model: string, service: string) => nock.Scope][] = [
		['bindToService', (model, service) => nock(HOST).post(bindPath(model, service)).reply(200, { inventory: {} })],
		['unbindFromService', (model, service) => nock(HOST).delete(bindPath(model, service)).reply(200, {})],
	];

	describe.each(operations)('%s', (operation, expectCall) => {
		test.each([
			['modelUuid', 'Model', ''],
			['modelUuid', 'Model', '../x'],
			['modelUuid', 'Model', 'has spaces in it'],
			['modelUuid', 'Model', `${MODEL}?x=1`],
			['modelServiceUuid', 'Model Service', 'a/b'],
			['modelServiceUuid', 'Model Service', `${MODEL_SERVICE}0`],
		])('%s (%s) %j from an expression is rejected before any request', async (field, label, value) => {
			const { error } = await harness.run({
				parameters: bindParameters({ operation, [field]: { __rl: true, mode: 'id', value: '={{ $json.value }}' } }),
				items: [{ value }],
			});

			expect(error?.name).toBe('NodeOperationError');
			expect(error?.message).toBe(`Item 0: ${label} "${value}" is not a UUID`);
			expect(error?.context?.itemIndex).toBe(0);
			// afterEach proves that no request left the node.
		});

		test('a literal non-UUID is caught by the parameter validation n8n runs before the node', async () => {
			await expect(
				harness.run({ parameters: bindParameters({ operation, modelUuid: { __rl: true, mode: 'id', value: 'a/b' } }) }),
			).rejects.toThrow('Not a UUID: use 32 hex characters (dashes are allowed)');
		});

		test('dashed, upper-case and padded UUIDs are sent in ZStack form', async () => {
			const scope = expectCall(MODEL, MODEL_SERVICE);

			const { error } = await harness.run({
				parameters: bindParameters({
					operation,
					modelUuid: { __rl: true, mode: 'id', value: ' 7C9E6679-7425-40DE-944B-E07FC1F90AE7 ' },
					modelServiceUuid: { __rl: true, mode: 'id', value: '0f4c8a9e-2b3d-4c5f-8a7b-6c5d4e3f2a1b' },
				}),
			});

			expect(error).toBeUndefined();
			scope.done();
		});
	});

	test('the output of unbind names the pair in ZStack form, whatever form was typed', async () => {
		nock(HOST).delete(bindPath()).reply(200, {});

		const { output } = await harness.run({
			parameters: unbindParameters({
				modelUuid: { __rl: true, mode: 'id', value: '7C9E6679-7425-40DE-944B-E07FC1F90AE7' },
			}),
		});

		expect(output[0].json).toEqual(unbound);
	});
});

describe('several items', () => {
	test('with Continue On Fail every item yields one output item, in order, paired', async () => {
		const otherModel = 'b'.repeat(32);
		const zstackError = { code: 'SYS.1003', description: 'Resource not found', details: 'no such model' };
		nock(HOST)
			.delete(bindPath())
			.reply(200, {})
			.delete(bindPath(otherModel))
			.reply(503, { error: zstackError });

		const { output, error } = await harness.run({
			parameters: unbindParameters({
				modelUuid: { __rl: true, mode: 'id', value: '={{ $json.model }}' },
				options: { concurrency: 1 },
			}),
			items: [{ model: MODEL }, { model: otherModel }, { model: 'nope' }],
			continueOnFail: true,
		});

		expect(error).toBeUndefined();
		expect(output).toEqual([
			{ json: unbound, pairedItem: { item: 0 } },
			{ json: { error: 'ZStack error SYS.1003: Resource not found', zstackError }, pairedItem: { item: 1 } },
			{ json: { error: 'Item 2: Model "nope" is not a UUID' }, pairedItem: { item: 2 } },
		]);
	});
});
