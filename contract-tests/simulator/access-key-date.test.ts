import { accessKeyHeaders, call } from './http-test-client';
import { DEFAULT_OPTIONS, startSimulator, type Simulator } from './index';

/**
 * The AccessKey `Date` check as RestServer.java does it (checkTime ~1024, checkTimeSkewing ~1042): a management
 * node in Asia/Shanghai, its `rest.checkTimeZone` false (ZStack's default) or true. Offsets from now are whole
 * minutes against a 15-minute limit, so the test's own running time never matters.
 */

const MODELS = '/zstack/v1/ai/models';
const MINUTE = 60_000;

/** `EEE, dd MMM yyyy HH:mm:ss <label>` written in the wall clock of `timeZone`. */
function wallClockDate(instant: Date, timeZone: string, label: string): string {
	const parts = Object.fromEntries(
		new Intl.DateTimeFormat('en-US', {
			timeZone,
			hourCycle: 'h23',
			weekday: 'short',
			day: '2-digit',
			month: 'short',
			year: 'numeric',
			hour: '2-digit',
			minute: '2-digit',
			second: '2-digit',
		})
			.formatToParts(instant)
			.map(({ type, value }) => [type, value]),
	);
	return `${parts.weekday}, ${parts.day} ${parts.month} ${parts.year} ${parts.hour}:${parts.minute}:${parts.second} ${label}`;
}

const inMinutes = (minutes: number) => new Date(Date.now() + minutes * MINUTE);

let sim: Simulator;

beforeAll(async () => {
	sim = await startSimulator({ managementNodeTimeZone: 'Asia/Shanghai' });
});
afterAll(() => sim.stop());

async function sendWithDate(date: string) {
	return call(sim, 'GET', MODELS, { headers: accessKeyHeaders(sim, 'GET', MODELS, date) });
}

describe.each([false, true])('checkTimeZone %s', (checkTimeZone) => {
	beforeAll(() => sim.configure({ checkTimeZone }));

	test.each([
		['its own zone id', 'Asia/Shanghai'],
		['an offset Java parses as that zone', 'GMT+08:00'],
		['a bare offset', '+08:00'],
	])("the management node's wall clock labelled with %s is accepted", async (_, label) => {
		const reply = await sendWithDate(wallClockDate(new Date(), 'Asia/Shanghai', label));

		expect(reply.status).toBe(200);
	});

	test('labels are read case-insensitively, as RestServer parses', async () => {
		const reply = await sendWithDate(wallClockDate(new Date(), 'Asia/Shanghai', 'asia/shanghai').toLowerCase());

		expect(reply.status).toBe(200);
	});

	test('14 minutes off is accepted, 16 minutes off (either way) is a plain-text 403 requestTimeTooSkewed', async () => {
		const at = (minutes: number) => sendWithDate(wallClockDate(inMinutes(minutes), 'Asia/Shanghai', 'Asia/Shanghai'));

		const [early, late, tooEarly, tooLate] = await Promise.all([at(-14), at(14), at(-16), at(16)]);

		expect([early.status, late.status]).toEqual([200, 200]);
		for (const refused of [tooEarly, tooLate]) {
			expect([refused.status, refused.contentType, refused.text]).toEqual([403, expect.stringMatching(/^text\/plain/), 'requestTimeTooSkewed']);
		}
	});

	test.each([
		['another format (RFC 850)', 'Friday, 27-Nov-26 08:37:39 GMT'],
		['a zone Java does not know', 'Fri, 27 Nov 2026 08:37:39 Mars/Olympus'],
		['a weekday that is not the date’s', 'Sat, 27 Nov 2026 08:37:39 GMT'],
		['a one-digit day', 'Fri, 7 Nov 2026 08:37:39 GMT'],
	])('%s is a plain-text 400', async (_, date) => {
		const reply = await sendWithDate(date);

		expect([reply.status, reply.text]).toEqual([400, "'Date' format error, correct format is 'EEE, dd MMM yyyy HH:mm:ss z'"]);
	});
});

describe('checkTimeZone false (ZStack’s default): only the wall-clock fields count', () => {
	beforeAll(() => sim.configure({ checkTimeZone: false }));

	test('toUTCString() (what a UTC client sends) is refused by a management node in Asia/Shanghai', async () => {
		const reply = await sendWithDate(new Date().toUTCString());

		expect([reply.status, reply.text]).toEqual([403, 'requestTimeTooSkewed']);
	});

	test('the Shanghai wall clock is accepted whatever the label says, even CST or GMT', async () => {
		const replies = await Promise.all(['CST', 'GMT', 'Europe/Berlin'].map((label) => sendWithDate(wallClockDate(new Date(), 'Asia/Shanghai', label))));

		expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200]);
	});
});

describe('checkTimeZone true: instants are compared', () => {
	beforeAll(() => sim.configure({ checkTimeZone: true }));

	test('toUTCString() is accepted', async () => {
		expect((await sendWithDate(new Date().toUTCString())).status).toBe(200);
	});

	test('CST is America/Chicago to Java: the Shanghai wall clock labelled CST is refused, the Chicago one accepted', async () => {
		const shanghai = await sendWithDate(wallClockDate(new Date(), 'Asia/Shanghai', 'CST'));
		const chicago = await sendWithDate(wallClockDate(new Date(), 'America/Chicago', 'CST'));

		expect([shanghai.status, shanghai.text]).toEqual([403, 'requestTimeTooSkewed']);
		expect(chicago.status).toBe(200);
	});

	test('any correctly labelled clock is accepted: UTC, Asia/Tokyo, an offset', async () => {
		const dates = [
			wallClockDate(new Date(), 'UTC', 'UTC'),
			wallClockDate(new Date(), 'Asia/Tokyo', 'Asia/Tokyo'),
			wallClockDate(new Date(), 'America/New_York', new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', timeZoneName: 'longOffset' }).formatToParts(new Date()).find((part) => part.type === 'timeZoneName')!.value),
		];

		const replies = await Promise.all(dates.map(sendWithDate));

		expect(replies.map((reply) => reply.status)).toEqual([200, 200, 200]);
	});
});

test('a missing Date is a plain-text 400', async () => {
	const { Authorization } = accessKeyHeaders(sim, 'GET', MODELS);

	const reply = await call(sim, 'GET', MODELS, { headers: { Authorization } });

	expect([reply.status, reply.text]).toEqual([400, "'Date' must be incuded in request header"]);
});

test("by default the management node runs in this process's zone and does not check time zones", () => {
	expect(DEFAULT_OPTIONS.managementNodeTimeZone).toBe(Intl.DateTimeFormat().resolvedOptions().timeZone);
	expect(DEFAULT_OPTIONS.checkTimeZone).toBe(false);
});

test('an unknown management node zone is refused when starting or configuring', async () => {
	await expect(startSimulator({ managementNodeTimeZone: 'Mars/Olympus' })).rejects.toThrow(/managementNodeTimeZone/);
	expect(() => sim.configure({ managementNodeTimeZone: 'China Standard Time' })).toThrow(/IANA/);
});

test.each(['constructor', '__proto__', 'toString'])('a zone label %s (a key of every plain object) is no zone: a plain-text 400', async (label) => {
	const reply = await sendWithDate(wallClockDate(new Date(), 'Asia/Shanghai', label));

	expect(reply.status).toBe(400);
	expect(reply.text).toBe("'Date' format error, correct format is 'EEE, dd MMM yyyy HH:mm:ss z'");
});
