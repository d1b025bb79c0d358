import { createHmac } from 'crypto';

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { signedUri } from '../endpoint';
import type { SignInMethod } from './signInMethod';

/** Where most ZStack management nodes run (ZStack Cloud is installed mostly in China); others set their zone. */
export const DEFAULT_MANAGEMENT_NODE_TIME_ZONE = 'Asia/Shanghai';

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** One formatter per zone: building an Intl formatter costs far more than using one. */
const zoneFormatters = new Map<string, Intl.DateTimeFormat>();

/** IANA names are short (the longest is 32 characters): longer text is no zone, and is shown cut. */
const MAX_ZONE_NAME_LENGTH = 64;

export class InvalidTimeZoneError extends Error {
	constructor(zone: string) {
		// Quoted as JSON: line breaks and other control characters are shown escaped, never raw.
		const shown = JSON.stringify(zone.length > MAX_ZONE_NAME_LENGTH ? `${zone.slice(0, MAX_ZONE_NAME_LENGTH)}…` : zone);
		super(
			`The Management Node Time Zone ${shown}${zone.length > MAX_ZONE_NAME_LENGTH ? ` (${zone.length} characters)` : ''} is not a time zone name. Use an IANA name such as Asia/Shanghai or UTC (an abbreviation such as CST is ambiguous).`,
		);
		this.name = 'InvalidTimeZoneError';
	}
}

export function managementNodeTimeZone(credentials: ICredentialDataDecryptedObject): string {
	const zone = typeof credentials.managementNodeTimeZone === 'string' ? credentials.managementNodeTimeZone.trim() : '';
	return zone === '' ? DEFAULT_MANAGEMENT_NODE_TIME_ZONE : zone;
}

/** UTC, or a Region/City name: abbreviations (CST is China to some, America/Chicago to Java and ICU) are refused. */
const IANA_ZONE_NAME = /^(UTC|GMT|[A-Za-z_]+(\/[A-Za-z0-9_+-]+)+)$/;

function zoneFormatter(zone: string): Intl.DateTimeFormat | undefined {
	if (zone.length > MAX_ZONE_NAME_LENGTH || !IANA_ZONE_NAME.test(zone)) return undefined;
	try {
		return new Intl.DateTimeFormat('en-US', {
			timeZone: zone,
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
}

function formatterFor(zone: string): Intl.DateTimeFormat {
	let formatter = zoneFormatters.get(zone);
	if (formatter === undefined) {
		formatter = zoneFormatter(zone);
		if (formatter === undefined) throw new InvalidTimeZoneError(zone);
		zoneFormatters.set(zone, formatter);
	}
	return formatter;
}

const two = (value: number) => String(value).padStart(2, '0');

/**
 * The `Date` header as the management node reads it: its own wall clock, labelled with the offset.
 * RestServer parses `EEE, dd MMM yyyy HH:mm:ss z` and, with the default `rest.checkTimeZone=false`,
 * compares the wall-clock fields with its own local clock, ignoring the label; with `true` it compares
 * instants. Wall clock + offset label (`GMT+08:00`, which Java parses for any zone) passes both.
 */
export function managementNodeDate(now: Date, zone: string): string {
	const parts: Record<string, number> = {};
	for (const { type, value } of formatterFor(zone).formatToParts(now)) parts[type] = Number(value);
	const wallClockAsUtc = Date.UTC(parts.year, parts.month - 1, parts.day, parts.hour, parts.minute, parts.second);
	const offsetMinutes = Math.round((wallClockAsUtc - Math.floor(now.getTime() / 1000) * 1000) / 60_000);
	const sign = offsetMinutes < 0 ? '-' : '+';
	const label =
		offsetMinutes === 0 ? 'GMT' : `GMT${sign}${two(Math.floor(Math.abs(offsetMinutes) / 60))}:${two(Math.abs(offsetMinutes) % 60)}`;
	const wall = new Date(wallClockAsUtc);
	return `${WEEKDAYS[wall.getUTCDay()]}, ${two(parts.day)} ${MONTHS[parts.month - 1]} ${parts.year} ${two(parts.hour)}:${two(parts.minute)}:${two(parts.second)} ${label}`;
}

/** ZStack AccessKey signature: Base64(HMAC-SHA1(secret, METHOD \n Date \n URI)) (zssdk.py, ZSClient.java). */
export function accessKeySignature(secret: string, method: string, date: string, uri: string): string {
	return createHmac('sha1', secret).update(`${method.toUpperCase()}\n${date}\n${uri}`).digest('base64');
}

/** AccessKey ID and secret: every request carries `Date` and a signature over method, date and path. */
export const accessKey: SignInMethod = {
	option: {
		name: 'AccessKey',
		value: 'accessKey',
		description: 'AccessKey ID and secret. Every request is signed; nothing expires.',
	},
	fields: [
		{
			displayName: 'AccessKey ID',
			name: 'accessKeyId',
			type: 'string',
			default: '',
			required: true,
		},
		{
			displayName: 'AccessKey Secret',
			name: 'accessKeySecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
		},
		{
			displayName: 'Management Node Time Zone',
			name: 'managementNodeTimeZone',
			type: 'string',
			default: DEFAULT_MANAGEMENT_NODE_TIME_ZONE,
			placeholder: 'e.g. Asia/Shanghai, UTC, Europe/Berlin',
			description:
				'The time zone the ZStack management node runs in (run "timedatectl" on it), as an IANA name. ZStack compares each signed request\'s time with its own clock in this zone.',
		},
	],

	sign(credentials, { method, url, headers, now }) {
		const date = managementNodeDate(now, managementNodeTimeZone(credentials));
		// RestServer verifies the decoded path (getDecodedUrl ~603, ~894), as ZStack's SDKs sign it (ZSClient ~371).
		const uri = decodeURIComponent(signedUri(url));
		const signature = accessKeySignature(String(credentials.accessKeySecret ?? ''), method, date, uri);
		headers.Date = date;
		headers.Authorization = `ZStack ${String(credentials.accessKeyId ?? '').trim()}:${signature}`;
	},

	check(credentials) {
		formatterFor(managementNodeTimeZone(credentials));
	},

	testRequest: { method: 'GET', pathExpression: '"/zstack/v1/ai/models?limit=1"' },
	expiredAdvice: 'Check the AccessKey ID and secret of the ZStack API credential, and that the AccessKey is enabled.',
	skewAdvice: (credentials) =>
		`ZStack compares the request's time with its own clock in the management node's time zone. The credential says "${managementNodeTimeZone(
			credentials,
		)}": set Management Node Time Zone to the zone the management node runs in (run "timedatectl" on it). If the zone is right, the two clocks differ by more than 15 minutes: synchronise them (NTP).`,
};
