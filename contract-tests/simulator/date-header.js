// @ts-check
'use strict';

/**
 * The AccessKey `Date` check of ZStack's RestServer (RestServer.java `checkTime` ~1024, `checkTimeSkewing` ~1042):
 * the header is parsed with the pattern `EEE, dd MMM yyyy HH:mm:ss z` (English, case-insensitive, java.time's
 * SMART resolver) and compared with the management node's clock, ±15 minutes inclusive
 * (RestConstants.REQUEST_DURATION_MINUTES). With `rest.checkTimeZone=false` (the default, rest.xml) only the
 * wall-clock fields count: the header's fields against the node's own local wall clock, whatever zone either
 * names. With `true` the two instants are compared.
 *
 * Zone labels are read as java.time's zone-text parser reads them on Java 8 (ZStack's runtime): `GMT`, `UTC`, `UT`,
 * `Z`; offsets `+08:00` and `GMT+08:00`/`UTC+08:00`/`UT+08:00` (two-digit hours and minutes, optional seconds);
 * region ids such as `Asia/Shanghai` (any IANA id this Node knows); and English abbreviations, which Java maps
 * to one region each — `CST` is America/Chicago, not China.
 */

const SKEW_LIMIT_MS = 15 * 60 * 1000;

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** English abbreviations as Java's zone-name data resolves them (standard and daylight names alike). */
const ABBREVIATIONS = /** @type {Record<string, string>} */ ({
	cst: 'America/Chicago',
	cdt: 'America/Chicago',
	est: 'America/New_York',
	edt: 'America/New_York',
	mst: 'America/Denver',
	mdt: 'America/Denver',
	pst: 'America/Los_Angeles',
	pdt: 'America/Los_Angeles',
	jst: 'Asia/Tokyo',
});

const DATE_PATTERN = /^([a-z]{3}), (\d{2}) ([a-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) (.+)$/i;
const OFFSET_PATTERN = /^(?:gmt|utc|ut)?([+-])(\d{2}):(\d{2})(?::(\d{2}))?$/i;

/**
 * @typedef {{ year: number, month: number, day: number, hour: number, minute: number, second: number }} WallClock
 * @typedef {{ offsetMinutes: number } | { timeZone: string }} Zone
 * @typedef {{ wallClock: WallClock, zone: Zone }} ParsedDate
 */

/** @type {Map<string, Intl.DateTimeFormat>} */
const formatters = new Map();

/**
 * A formatter for the zone, or undefined when this Node does not know the zone.
 * @param {string} timeZone
 */
function formatterFor(timeZone) {
	const key = timeZone.toLowerCase();
	let formatter = formatters.get(key);
	if (!formatter) {
		try {
			formatter = new Intl.DateTimeFormat('en-US', {
				timeZone,
				hourCycle: 'h23',
				year: 'numeric',
				month: 'numeric',
				day: 'numeric',
				hour: 'numeric',
				minute: 'numeric',
				second: 'numeric',
			});
		} catch {
			return undefined;
		}
		formatters.set(key, formatter);
	}
	return formatter;
}

/** @param {string} timeZone */
const isKnownTimeZone = (timeZone) => !/^[+-]/.test(timeZone) && formatterFor(timeZone) !== undefined;

/**
 * The wall clock of an instant in a zone.
 * @param {number} instantMs
 * @param {string} timeZone
 * @returns {WallClock}
 */
function wallClockAt(instantMs, timeZone) {
	const formatter = /** @type {Intl.DateTimeFormat} */ (formatterFor(timeZone));
	const parts = Object.fromEntries(formatter.formatToParts(new Date(instantMs)).map(({ type, value }) => [type, Number(value)]));
	return { year: parts.year, month: parts.month, day: parts.day, hour: parts.hour, minute: parts.minute, second: parts.second };
}

/** Wall-clock fields as a number of milliseconds, so that two of them subtract like LocalDateTimes. @param {WallClock} w */
const wallClockMs = (w) => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second);

/**
 * The instant a wall clock names in a region; in a DST gap or overlap, near enough for a ±15 minute check.
 * @param {WallClock} wallClock
 * @param {string} timeZone
 */
function instantIn(wallClock, timeZone) {
	const local = wallClockMs(wallClock);
	const offsetAt = (/** @type {number} */ instant) => wallClockMs(wallClockAt(instant, timeZone)) - Math.floor(instant / 1000) * 1000;
	const firstGuess = local - offsetAt(local);
	return local - offsetAt(firstGuess);
}

/**
 * @param {string} label
 * @returns {Zone | undefined}
 */
function parseZoneLabel(label) {
	const lower = label.toLowerCase();
	if (['gmt', 'utc', 'ut', 'z', 'gmt0'].includes(lower)) return { offsetMinutes: 0 };
	const offset = OFFSET_PATTERN.exec(label);
	if (offset) {
		const [, sign, hours, minutes, seconds = '0'] = offset;
		if (Number(hours) > 18 || Number(minutes) > 59 || Number(seconds) > 59) return undefined;
		return { offsetMinutes: (sign === '-' ? -1 : 1) * (Number(hours) * 60 + Number(minutes) + Number(seconds) / 60) };
	}
	if (Object.hasOwn(ABBREVIATIONS, lower)) return { timeZone: ABBREVIATIONS[lower] };
	return isKnownTimeZone(label) ? { timeZone: label } : undefined;
}

/**
 * Parses a `Date` header as RestServer's formatter does; undefined when Java would refuse it.
 * @param {string} text
 * @returns {ParsedDate | undefined}
 */
function parseDateHeader(text) {
	const match = DATE_PATTERN.exec(text);
	if (!match) return undefined;
	const [, weekdayName, dayText, monthName, yearText, hourText, minuteText, secondText, zoneLabel] = match;
	const month = MONTHS.indexOf(monthName.toLowerCase()) + 1;
	const weekday = WEEKDAYS.indexOf(weekdayName.toLowerCase());
	const [year, dayOfMonth, hour, minute, second] = [yearText, dayText, hourText, minuteText, secondText].map(Number);
	if (month === 0 || weekday < 0 || dayOfMonth < 1 || dayOfMonth > 31 || hour > 23 || minute > 59 || second > 59) return undefined;
	// The SMART resolver moves a day past the month's end back to its last day, then cross-checks the weekday.
	const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
	const day = Math.min(dayOfMonth, daysInMonth);
	if (new Date(Date.UTC(year, month - 1, day)).getUTCDay() !== weekday) return undefined;
	const zone = parseZoneLabel(zoneLabel);
	if (!zone) return undefined;
	return { wallClock: { year, month, day, hour, minute, second }, zone };
}

/** @param {ParsedDate} parsed */
function instantOf({ wallClock, zone }) {
	return 'offsetMinutes' in zone ? wallClockMs(wallClock) - zone.offsetMinutes * 60_000 : instantIn(wallClock, zone.timeZone);
}

/**
 * RestServer's checkTime: the refusal as [status, plain text], or null when the Date is accepted.
 * @param {string | undefined} header
 * @param {{ managementNodeTimeZone: string, checkTimeZone: boolean, now?: number }} clock
 * @returns {[number, string] | null}
 */
function checkRequestDate(header, { managementNodeTimeZone, checkTimeZone, now = Date.now() }) {
	if (header === undefined) return [400, "'Date' must be incuded in request header"];
	const parsed = parseDateHeader(header);
	if (!parsed) return [400, "'Date' format error, correct format is 'EEE, dd MMM yyyy HH:mm:ss z'"];
	const skew = checkTimeZone
		? instantOf(parsed) - now
		: wallClockMs(parsed.wallClock) - (wallClockMs(wallClockAt(now, managementNodeTimeZone)) + (now % 1000));
	return Math.abs(skew) <= SKEW_LIMIT_MS ? null : [403, 'requestTimeTooSkewed'];
}

/** The zone this process runs in, as ZStack's JVM takes the host's zone. */
const processTimeZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

module.exports = { checkRequestDate, isKnownTimeZone, processTimeZone };
