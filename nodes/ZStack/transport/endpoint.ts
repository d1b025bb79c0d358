/**
 * Where the ZStack REST API lives, derived from the credential's `host`.
 * Shared by the credential (test request, signing) and the node (every call).
 */

import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

/** ZStack's management-node REST port (Java SDK ZSConfig, Go SDK, Terraform provider). */
const DEFAULT_API_PORT = '8080';

/** The servlet context path every ZStack REST URL starts with. */
export const CONTEXT_PATH = '/zstack';

export class InvalidHostError extends Error {
	constructor(host: string | undefined, reason: string) {
		super(
			`The ZStack host${host === undefined ? '' : ` "${host.length > 200 ? `${host.slice(0, 200)}…` : host}"`} is not usable: ${reason}. ` +
				'Enter the management node address, e.g. http://zstack.example.com:8080',
		);
		this.name = 'InvalidHostError';
	}
}

/**
 * Normalises what a user typed as host into a base URL without trailing slash, to which
 * `/zstack/v1/...` is appended. Accepts a missing scheme (http, port 8080 as ZStack listens there),
 * a trailing slash, a reverse-proxy path prefix, and a pasted `/zstack` or `/zstack/v1` suffix.
 */
export function apiBaseUrl(host: unknown): string {
	const typed = typeof host === 'string' ? host.trim() : '';
	if (typed === '') throw new InvalidHostError(String(host ?? ''), 'it is empty');
	// A user or password typed into the address is never repeated back.
	if (/^[^/?#]*@|^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(typed)) {
		throw new InvalidHostError(undefined, 'it must not contain a user or password');
	}

	const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(typed);
	const url = parseUrl(hasScheme ? typed : `http://${typed}`);
	if (url === undefined) throw new InvalidHostError(typed, 'it is not a URL');
	if (url.protocol !== 'http:' && url.protocol !== 'https:') {
		throw new InvalidHostError(typed, `the scheme must be http or https, not ${url.protocol}`);
	}
	if (url.hostname === '' || /\s/.test(typed)) throw new InvalidHostError(typed, 'it has no valid host name');
	if (url.username || url.password) throw new InvalidHostError(undefined, 'it must not contain a user or password');
	if (url.search || url.hash) throw new InvalidHostError(typed, 'it must not contain a query or fragment');
	if (!hasScheme && url.port === '') url.port = DEFAULT_API_PORT;

	const prefix = url.pathname.replace(/\/+$/, '').replace(/\/zstack(\/v1)?$/i, '');
	return `${url.protocol}//${url.host}${prefix}`;
}

function parseUrl(text: string): URL | undefined {
	try {
		return new URL(text);
	} catch {
		return undefined;
	}
}

/** The absolute URL of an API path such as `/v1/ai/models`. */
export function apiUrl(baseUrl: string, apiPath: string): string {
	return `${baseUrl}${CONTEXT_PATH}${apiPath}`;
}

/**
 * The URI ZStack signs for AccessKey authentication: the request path without the `/zstack`
 * context path (and whatever proxy prefix stands before it) and without the query string.
 */
export function signedUri(requestUrl: string): string {
	const path = new URL(requestUrl).pathname;
	const contextAt = path.indexOf(`${CONTEXT_PATH}/`);
	return contextAt === -1 ? path : path.slice(contextAt + CONTEXT_PATH.length);
}

/** Whether the credential lets the node accept a certificate it cannot verify (version 0.1's field name too). */
export function ignoresSslIssues(credentials: ICredentialDataDecryptedObject): boolean {
	return credentials.ignoreSslIssues === true || credentials.allowUnauthorizedCerts === true;
}

/** Where a redirect pointed, as its origin only: its path or query could carry anything. */
export function redirectTarget(location: unknown, baseUrl: string): string {
	if (typeof location !== 'string') return 'an address it did not name';
	try {
		return new URL(location, baseUrl).origin;
	} catch {
		return 'an address that is not a URL';
	}
}
