import nock from 'nock';

import { BIND_PATH, batchItems, batchParameters, inventoryOf, itemOfPath, Rounds } from '../harness/batch';
import { useNockWithoutNetwork } from '../harness/contract';
import { HOST, INTERNAL_JOB_HOST, sessionCredential } from '../harness/fixtures';
import { JOB_POLL } from '../harness/named-jobs';
import { WorkflowHarness } from '../harness/workflow';

useNockWithoutNetwork();

let harness: WorkflowHarness;

beforeEach(() => {
	harness = new WorkflowHarness();
	harness.saveCredential('zstack', sessionCredential);
});

/** What the node must output for a batch of `count` items that all succeed: each item's own inventory, in order. */
function expectedOutput(count: number) {
	return Array.from({ length: count }, (_, item) => ({ json: inventoryOf(item), pairedItem: { item } }));
}

/** Answers each of `count` binds with its item's inventory when its round is answered. */
function serveInRounds(rounds: Rounds, count: number): void {
	nock(HOST)
		.post(BIND_PATH)
		.times(count)
		.reply(async (uri) => {
			const item = itemOfPath(uri);
			await rounds.hold(item);
			return [200, { inventory: inventoryOf(item) }];
		});
}

describe('the Concurrency option', () => {
	test('1 sends the items strictly one after another, in input order', async () => {
		const rounds = new Rounds(1, 6);
		serveInRounds(rounds, 6);

		const { output, error } = await harness.run({ parameters: batchParameters({ concurrency: 1 }), items: batchItems(6) });

		expect(error).toBeUndefined();
		expect(rounds.maxInFlight).toBe(1);
		expect(rounds.arrivals).toEqual([0, 1, 2, 3, 4, 5]);
		expect(output).toEqual(expectedOutput(6));
	});

	test.each([2, 8, 16])('%i keeps exactly that many requests in flight while items remain, and never more', async (limit) => {
		const count = 3 * limit + 1;
		const rounds = new Rounds(limit, count);
		serveInRounds(rounds, count);

		const { output, error } = await harness.run({ parameters: batchParameters({ concurrency: limit }), items: batchItems(count) });

		expect(error).toBeUndefined();
		expect(rounds.sizes).toEqual([limit, limit, limit, 1]);
		expect(rounds.maxInFlight).toBe(limit);
		expect(output).toEqual(expectedOutput(count));
	});

	test('left unset, it is 64', async () => {
		const rounds = new Rounds(64, 140);
		serveInRounds(rounds, 140);

		const { output } = await harness.run({ parameters: batchParameters(), items: batchItems(140) });

		expect(rounds.sizes).toEqual([64, 64, 12]);
		expect(output).toEqual(expectedOutput(140));
	});

	test('above 64 it is capped at 64', async () => {
		const rounds = new Rounds(64, 130);
		serveInRounds(rounds, 130);

		const { output } = await harness.run({ parameters: batchParameters({ concurrency: 500 }), items: batchItems(130) });

		expect(rounds.sizes).toEqual([64, 64, 2]);
		expect(rounds.maxInFlight).toBe(64);
		expect(output).toEqual(expectedOutput(130));
	});

	test.each([
		[0, 1],
		[2.5, 2],
	])('%p from an expression counts as %i', async (value, limit) => {
		const rounds = new Rounds(limit, 5);
		serveInRounds(rounds, 5);

		const { output } = await harness.run({ parameters: batchParameters({ concurrency: `={{ ${value} }}` }), items: batchItems(5) });

		expect(rounds.maxInFlight).toBe(limit);
		expect(output).toEqual(expectedOutput(5));
	});
});

describe('output order', () => {
	test('follows input order when the replies come back in reverse order', async () => {
		const count = 8;
		const waiting = new Map<number, () => void>();
		const answerOrder: number[] = [];
		const allArrived = new Promise<void>((resolve) => {
			nock(HOST)
				.post(BIND_PATH)
				.times(count)
				.reply(async (uri) => {
					const item = itemOfPath(uri);
					const answered = new Promise<void>((answer) => waiting.set(item, answer));
					if (waiting.size === count) resolve();
					await answered;
					answerOrder.push(item);
					return [200, { inventory: inventoryOf(item) }];
				});
		});
		void allArrived.then(async () => {
			for (let item = count - 1; item >= 0; item--) {
				waiting.get(item)!();
				// Let this reply reach the node before the next one goes out.
				await new Promise((resolve) => setTimeout(resolve, 5));
			}
		});

		const { output, error } = await harness.run({ parameters: batchParameters({ concurrency: count }), items: batchItems(count) });

		expect(error).toBeUndefined();
		expect(answerOrder).toEqual([7, 6, 5, 4, 3, 2, 1, 0]);
		expect(output).toEqual(expectedOutput(count));
	});
});

describe('the credential', () => {
	test('is read (and in n8n decrypted) once per execution, however many items', async () => {
		nock(HOST)
			.post(BIND_PATH)
			.times(40)
			.reply((uri) => [200, { inventory: inventoryOf(itemOfPath(uri)) }]);
		const reads = jest.spyOn(harness.credentials, 'getDecrypted');

		const { output } = await harness.run({ parameters: batchParameters({ concurrency: 8 }), items: batchItems(40) });

		expect(output).toEqual(expectedOutput(40));
		expect(reads).toHaveBeenCalledTimes(1);
	});
});

describe('job polling with several items in flight', () => {
	test('each item polls its own job on the configured host, waiting the Poll Interval before every poll', async () => {
		const count = 6;
		const pollInterval = 0.04;
		/** Each item's job, as its call named it. */
		const jobItems = new Map<string, number>();
		/** When each item's job was created, then polled. */
		const times = new Map<number, number[]>();
		nock(HOST)
			.post(BIND_PATH)
			.times(count)
			.reply(function (uri) {
				const item = itemOfPath(uri);
				times.set(item, [Date.now()]);
				jobItems.set(String(this.req.headers['x-job-uuid']), item);
				return [202, { location: `${INTERNAL_JOB_HOST}/zstack/v1/api-jobs/${String(this.req.headers['x-job-uuid'])}`, apiTimeout: 1800000 }];
			})
			.get(JOB_POLL)
			.times(3 * count)
			.reply((uri) => {
				const item = jobItems.get(uri.split('/').pop()!)!;
				const itemTimes = times.get(item)!;
				itemTimes.push(Date.now());
				return itemTimes.length <= 3 ? [202, ''] : [200, { inventory: inventoryOf(item) }];
			});

		const { output, error } = await harness.run({
			parameters: batchParameters({ concurrency: 3, pollInterval, jobTimeout: 5 }),
			items: batchItems(count),
		});

		expect(error).toBeUndefined();
		expect(output).toEqual(expectedOutput(count));
		for (const [item, itemTimes] of times) {
			expect({ item, polls: itemTimes.length - 1 }).toEqual({ item, polls: 3 });
			const gaps = itemTimes.slice(1).map((time, poll) => time - itemTimes[poll]);
			// Timers fire no earlier than asked; a millisecond of clock rounding either side.
			for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(pollInterval * 1000 - 2);
		}
	});
});

describe('account login shared by all items in flight', () => {
	const LOGIN = '/zstack/v1/accounts/login';
	const STALE = '00000000000000000000000000000bad';
	const FIRST = '11111111111111111111111111111111';
	const SECOND = '22222222222222222222222222222222';
	const accountCredential = { host: HOST, authType: 'account', accountName: 'admin', password: 'secret' };
	const sessionExpired = { error: { code: 'ID.1001', description: 'Session expired', details: 'the session is invalid or has expired' } };

	/**
	 * A ZStack whose logins hand out `sessions` in turn and which answers binds made with a `live`
	 * session. `expiresAfter` binds into the run, the session in use expires. Binds with a session that
	 * is not live are held until `expiredInFlight` of them wait, then all answered 503 ID.1001 at once.
	 * Returns how often the node logged in and which sessions each item's binds used.
	 */
	function zstack({ sessions, live, expiredInFlight, expiresAfter = Infinity }: {
		sessions: string[];
		live: string[];
		expiredInFlight: number;
		expiresAfter?: number;
	}) {
		const log = { logins: 0, sessionsByItem: new Map<number, string[]>() };
		const expiring = new Rounds(expiredInFlight, expiredInFlight);
		const liveSessions = new Set(live);
		let answered = 0;
		nock(HOST)
			.put(LOGIN)
			.times(sessions.length)
			.reply(() => [200, { inventory: { uuid: sessions[log.logins++] } }])
			.post(BIND_PATH)
			.times(100)
			.reply(async function (uri) {
				const item = itemOfPath(uri);
				const session = String(this.req.headers.authorization).replace('OAuth ', '');
				log.sessionsByItem.set(item, [...(log.sessionsByItem.get(item) ?? []), session]);
				if (answered === expiresAfter) {
					liveSessions.delete(session);
					expiresAfter = Infinity;
				}
				if (liveSessions.has(session)) {
					answered += 1;
					return [200, { inventory: inventoryOf(item) }];
				}
				await expiring.hold(item);
				return [503, sessionExpired];
			});
		return { log, expiring };
	}

	const byItem = (log: { sessionsByItem: Map<number, string[]> }, count: number) =>
		Array.from({ length: count }, (_, item) => log.sessionsByItem.get(item));

	test('with no session stored yet, the first item logs in and every other item waits for that one login', async () => {
		harness.saveCredential('zstack', accountCredential);
		const { log } = zstack({ sessions: [FIRST], live: [FIRST], expiredInFlight: 1 });

		const { output, error } = await harness.run({ parameters: batchParameters({ concurrency: 8 }), items: batchItems(16) });

		expect(error).toBeUndefined();
		expect(output).toEqual(expectedOutput(16));
		expect(log.logins).toBe(1);
		expect(byItem(log, 16)).toEqual(Array(16).fill([FIRST]));
		expect(harness.credentials.store.get('zstack')?.loginSessionUuid).toBe(FIRST);
	});

	test('a session that expires mid-batch (503 ID.1001 to all 8 items in flight) is renewed by exactly one login', async () => {
		harness.saveCredential('zstack', { ...accountCredential, loginSessionUuid: FIRST });
		const { log, expiring } = zstack({ sessions: [SECOND], live: [FIRST, SECOND], expiredInFlight: 8, expiresAfter: 8 });

		const { output, error } = await harness.run({ parameters: batchParameters({ concurrency: 8 }), items: batchItems(24) });

		expect(error).toBeUndefined();
		expect(output).toEqual(expectedOutput(24));
		expect(expiring.sizes).toEqual([8]);
		expect(log.logins).toBe(1);
		expect(byItem(log, 24)).toEqual([
			...Array(8).fill([FIRST]),
			...Array(8).fill([FIRST, SECOND]),
			...Array(8).fill([SECOND]),
		]);
		expect(harness.credentials.store.get('zstack')?.loginSessionUuid).toBe(SECOND);
		expect(harness.credentials.updates).toBe(1);
	});

	test('a stored session that expired before the run is renewed once for all items in flight', async () => {
		harness.saveCredential('zstack', { ...accountCredential, loginSessionUuid: STALE });
		const { log, expiring } = zstack({ sessions: [FIRST], live: [FIRST], expiredInFlight: 8 });

		const { output, error } = await harness.run({ parameters: batchParameters({ concurrency: 8 }), items: batchItems(12) });

		expect(error).toBeUndefined();
		expect(output).toEqual(expectedOutput(12));
		expect(expiring.sizes).toEqual([8]);
		expect(log.logins).toBe(1);
		expect(byItem(log, 12)).toEqual([...Array(8).fill([STALE, FIRST]), ...Array(4).fill([FIRST])]);
	});
});
