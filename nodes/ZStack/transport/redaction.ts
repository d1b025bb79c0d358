import type { ICredentialDataDecryptedObject, IDataObject, NodeApiError } from 'n8n-workflow';

import { signInMethodOf } from './signIn/registry';
import { passwordHash } from './signIn/accountLogin';

/** What a secret is replaced with. */
export const REDACTED = '[redacted]';

/**
 * Secrets shorter than this are left alone: replacing every "ab" would garble the message, and a secret that
 * short is no secret. ZStack's sessions (32 hex), password hashes (128 hex) and signatures (28) are far longer.
 */
const MIN_SECRET_LENGTH = 4;

/** Fields of the credential (and of the login n8n stores in it) that must never be shown. */
const SECRET_FIELDS = ['password', 'sessionUuid', 'loginSessionUuid', 'accessKeySecret'];

/** A request as it was signed: the signature depends on its method, URL and second. */
export interface SignedRequest {
	method: string;
	url: string;
	/** The first and the last instant (ms) it may have been signed at. */
	from: number;
	to: number;
}

/**
 * Every secret of the credential and of its login: the session (pasted or issued), the password and its SHA-512
 * (which ZStack accepts as the password), the AccessKey secret, and the signature of each request given.
 */
export function credentialSecrets(credentials: ICredentialDataDecryptedObject, signed: readonly SignedRequest[] = []): string[] {
	const secrets = SECRET_FIELDS.map((field) => credentials[field]).filter((value): value is string => typeof value === 'string');
	if (typeof credentials.password === 'string' && credentials.password !== '') secrets.push(passwordHash(credentials.password));
	for (const request of signed) secrets.push(...signaturesOf(credentials, request));
	return [...new Set(secrets.map((secret) => secret.trim()))].filter((secret) => secret.length >= MIN_SECRET_LENGTH);
}

/** The credential part of each Authorization the sign-in method gives the request in its window, one per second. */
function signaturesOf(credentials: ICredentialDataDecryptedObject, { method, url, from, to }: SignedRequest): string[] {
	const signatures: string[] = [];
	// A day of seconds at most: no request is signed for longer than its Request Timeout allows.
	const last = Math.min(to, from + 86_400_000) + 1000;
	for (let now = Math.floor(from / 1000) * 1000 - 1000; now <= last; now += 1000) {
		const headers: IDataObject = {};
		try {
			signInMethodOf(credentials).sign(credentials, { method, url, headers, now: new Date(now) });
		} catch {
			return signatures;
		}
		const authorization = typeof headers.Authorization === 'string' ? headers.Authorization : '';
		// `ZStack <id>:<signature>` or `OAuth <session>`: the part after the scheme and the key id.
		const credential = authorization.slice(authorization.indexOf(' ') + 1);
		signatures.push(credential.slice(credential.lastIndexOf(':') + 1));
	}
	return signatures;
}

function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `text` with every secret, as written or percent-encoded (hex in any case), replaced by [redacted]. */
export function redactText(text: string, secrets: readonly string[]): string {
	let redacted = text;
	for (const secret of secrets) {
		for (const form of new Set([secret, encodeURIComponent(secret)])) {
			if (redacted.length < form.length) continue;
			const flags = /^[0-9a-f]+$/i.test(form) ? 'gi' : 'g';
			redacted = redacted.replace(new RegExp(escapeRegExp(form), flags), REDACTED);
		}
	}
	return redacted;
}

/** A copy of `value` with every string (and key) redacted; cycles and depth past 100 are cut. */
export function redactValue(value: unknown, secrets: readonly string[], depth = 0): unknown {
	if (typeof value === 'string') return redactText(value, secrets);
	if (value === null || typeof value !== 'object' || secrets.length === 0) return value;
	if (depth >= 100) return REDACTED;
	if (Array.isArray(value)) return value.map((entry) => redactValue(entry, secrets, depth + 1));
	return Object.fromEntries(
		Object.entries(value).map(([key, entry]) => [redactText(key, secrets), redactValue(entry, secrets, depth + 1)]),
	);
}

/** The error with every secret taken out of its message, description, messages and error response (in place). */
export function redactError<T extends NodeApiError>(error: T, secrets: readonly string[]): T {
	if (secrets.length === 0) return error;
	error.message = redactText(error.message, secrets);
	if (typeof error.description === 'string') error.description = redactText(error.description, secrets);
	error.messages = error.messages.map((message) => redactText(message, secrets));
	if (error.errorResponse) error.errorResponse = redactValue(error.errorResponse, secrets) as typeof error.errorResponse;
	if (error.context) error.context = redactValue(error.context, secrets) as typeof error.context;
	if (typeof error.stack === 'string') error.stack = redactText(error.stack, secrets);
	return error;
}
