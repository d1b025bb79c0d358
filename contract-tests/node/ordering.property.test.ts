import fc from 'fast-check';
import type { IDataObject } from 'n8n-workflow';
import nock from 'nock';

import { batchParameters, inventoryOf, modelOf } from '../harness/batch';
import { useNockWithoutNetwork } from '../harness/contract';
import { bindPath, HOST, INTERNAL_JOB_HOST, sessionCredential } from '../harness/fixtures';
import { JobsByItem } from '../harness/named-jobs';
import { WorkflowHarness } from '../harness/workflow';

/**
 * For any mix of what ZStack does to each item, any number of items and any Concurrency, with Continue
 * On Fail the node outputs exactly one item per input item, in input order and paired with it: the
 * item's own inventory, or an error item that carries ZStack's error code whenever ZStack sent one.
 */

useNockWithoutNetwork();

const ERROR_CODES = [
	{ code: 'SYS.1003', description: 'Resource not found' },
	{ code: 'SYS.1006', description: 'An operation failed' },
	{ code: 'SYS.1007', description: 'One or more API argument is invalid' },
	{ code: 'ID.1000', description: 'Authentication failed' },
];

type Outcome =
	| { kind: 'bound' }
	| { kind: 'zstackError'; error: number; status: 200 | 503 }
	| { kind: 'plainText'; status: 400 | 404 | 500 }
	| { kind: 'notJson' }
	| { kind: 'noInventory' }
	| { kind: 'network'; code: 'ECONNRESET' | 'ECONNREFUSED' }
	| { kind: 'notAUuid' }
	| { kind: 'job'; polls: number; end: 'bound' | 'zstackError' | 'expired' };

const outcome: fc.Arbitrary<Outcome> = fc.oneof(
	{ arbitrary: fc.constant({ kind: 'bound' as const }), weight: 4 },
	fc.record({ kind: fc.constant('zstackError' as const), error: fc.nat(ERROR_CODES.length - 1), status: fc.constantFrom(200 as const, 503 as const) }),
	fc.record({ kind: fc.constant('plainText' as const), status: fc.constantFrom(400 as const, 404 as const, 500 as const) }),
	fc.constant({ kind: 'notJson' as const }),
	fc.constant({ kind: 'noInventory' as const }),
	fc.record({ kind: fc.constant('network' as const), code: fc.constantFrom('ECONNRESET' as const, 'ECONNREFUSED' as const) }),
	fc.constant({ kind: 'notAUuid' as const }),
	fc.record({ kind: fc.constant('job' as const), polls: fc.nat(3), end: fc.constantFrom('bound' as const, 'zstackError' as const, 'expired' as const) }),
);

/** One item: what ZStack does, and after how many milliseconds, so that replies come back in any order. */
const item = fc.record({ outcome, delay: fc.nat(4) });

function errorCode(outcome: { error: number }) {
	return { ...ERROR_CODES[outcome.error], details: 'as the property chose' };
}

/** Sets up ZStack's side of one item. */
function serve(scope: nock.Scope, jobs: JobsByItem, index: number, { outcome, delay }: { outcome: Outcome; delay: number }): void {
	if (outcome.kind === 'notAUuid') return;
	const bind = jobs.call(scope.post(bindPath(modelOf(index))), index).delay(delay);
	switch (outcome.kind) {
		case 'bound':
			bind.reply(200, { inventory: inventoryOf(index) });
			return;
		case 'zstackError':
			bind.reply(outcome.status, { success: false, error: errorCode(outcome) });
			return;
		case 'plainText':
			bind.reply(outcome.status, `plain ${outcome.status} for item ${index}`, { 'Content-Type': 'text/plain' });
			return;
		case 'notJson':
			bind.reply(200, '<html>gateway</html>', { 'Content-Type': 'text/html' });
			return;
		case 'noInventory':
			bind.reply(200, { success: true });
			return;
		case 'network':
			if (outcome.code === 'ECONNREFUSED') {
				bind.replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: outcome.code }));
				return;
			}
			// A reset may hide a call ZStack took: the node asks for its job (not saved yet) and sends the call again
			// under the same job UUID, which ZStack refuses as a duplicate (the first copy was saved meanwhile): the
			// node follows that job.
			bind.replyWithError(Object.assign(new Error('socket hang up'), { code: outcome.code }));
			scope.get(jobs.pollOf(index)).reply(404, 'the job has been expired', { 'Content-Type': 'text/plain' });
			scope.post(bindPath(modelOf(index))).reply(() => [400, `Duplicate job uuid[${jobs.jobOf(index)}]`]);
			scope.get(jobs.pollOf(index)).delay(delay).reply(200, { inventory: inventoryOf(index) });
			return;
		case 'job': {
			bind.reply(202, { location: `${INTERNAL_JOB_HOST}/zstack/v1/api-jobs/${'0b'.repeat(16)}` });
			const poll = () => scope.get(jobs.pollOf(index)).delay(delay);
			if (outcome.polls > 0) poll().times(outcome.polls).reply(202, '');
			if (outcome.end === 'bound') poll().reply(200, { inventory: inventoryOf(index) });
			else if (outcome.end === 'zstackError') poll().reply(503, { error: errorCode({ error: 0 }) });
			else poll().reply(404, 'the job has been expired', { 'Content-Type': 'text/plain' });
		}
	}
}

/** The output item the node must produce for one item. */
function expected(jobs: JobsByItem, index: number, outcome: Outcome): IDataObject {
	switch (outcome.kind) {
		case 'bound':
			return inventoryOf(index);
		case 'zstackError': {
			const error = errorCode(outcome);
			return { error: `ZStack error ${error.code}: ${error.description}`, zstackError: error };
		}
		case 'plainText':
			return { error: `ZStack answered HTTP ${outcome.status}: plain ${outcome.status} for item ${index}` };
		case 'notJson':
			return { error: 'ZStack answered HTTP 200 with a body that is not a JSON object' };
		case 'noInventory':
			return { error: 'ZStack reported success but sent no inventory of the model service' };
		case 'network':
			return outcome.code === 'ECONNRESET' ? inventoryOf(index) : { error: 'The service refused the connection - perhaps it is offline' };
		case 'notAUuid':
			return { error: `Item ${index}: Model "not-a-uuid" is not a UUID` };
		case 'job':
			if (outcome.end === 'bound') return inventoryOf(index);
			if (outcome.end === 'zstackError') {
				const error = errorCode({ error: 0 });
				return { error: `ZStack error ${error.code}: ${error.description}`, zstackError: error };
			}
			return { error: `ZStack job ${jobs.jobOf(index)} has expired or is unknown` };
	}
}

test('any mix of outcomes, item counts and concurrency: one output item per input, in order, failures carrying their ZStack code', async () => {
	await fc.assert(
		fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 80 }), async (items, concurrency) => {
			nock.cleanAll();
			const harness = new WorkflowHarness();
			harness.saveCredential('zstack', sessionCredential);
			const scope = nock(HOST);
			const jobs = new JobsByItem();
			items.forEach((one, index) => serve(scope, jobs, index, one));

			const { output, error } = await harness.run({
				parameters: batchParameters({ concurrency, pollInterval: 0.01, jobTimeout: 10 }),
				items: items.map(({ outcome }, index) => ({ model: outcome.kind === 'notAUuid' ? 'not-a-uuid' : modelOf(index) })),
				continueOnFail: true,
			});

			expect(error).toBeUndefined();
			expect(output).toHaveLength(items.length);
			output.forEach((produced, index) => {
				expect({ index, pairedItem: produced.pairedItem, json: produced.json }).toEqual({
					index,
					pairedItem: { item: index },
					json: expected(jobs, index, items[index].outcome),
				});
			});
			// Every exchange ZStack was ready for happened, and (no request went unmatched) nothing more.
			expect(scope.pendingMocks()).toEqual([]);
		}),
		{ numRuns: 40 },
	);
});
