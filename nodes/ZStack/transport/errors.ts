import type { IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { Exchange, ZStackConnection } from './connection';
import { redirectTarget } from './endpoint';
import { redactError, type SignedRequest } from './redaction';
import { boundedZStackError, capText, describeZStackError, explainZStackError, zstackErrorOf } from './replies';
import { LoginRefusedError } from './signIn/signInMethod';

export const SESSION_EXPIRED = 'ID.1001';

/** Network failures that happen before a request can have reached ZStack: nothing to recover there. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

/** A network failure before any HTTP status arrived, and whether the request may have reached ZStack before it. */
export class ExchangeFailure extends NodeApiError {
	mayHaveArrived = false;
}

/**
 * The n8n error a ZStack reply stands for: its ErrorCode, a redirect not followed, or its plain-text status;
 * whatever of the sign-in the server echoed is redacted.
 */
export function apiError(connection: ZStackConnection, itemIndex: number, reply: Exchange, how: ErrorWording = {}): NodeApiError {
	return redactError(unredactedApiError(connection, itemIndex, reply, how), connection.secrets(reply.signed));
}

/** How to word an error: the message to show instead of the reply's, and whether the reply is a job's end. */
export interface ErrorWording {
	message?: string;
	/** The reply ended a job: its HTTP status (503 for every failed job) says nothing, ZStack's code says what failed. */
	jobEnded?: boolean;
}

function unredactedApiError(connection: ZStackConnection, itemIndex: number, reply: Exchange, { message, jobEnded }: ErrorWording): NodeApiError {
	const { node, signIn, credentials, baseUrl } = connection;
	const error = zstackErrorOf(reply.body);
	const httpCode = String(reply.status);
	if (reply.status >= 300 && reply.status < 400) {
		const target = redirectTarget(reply.redirectTo, baseUrl);
		return new NodeApiError(node, { httpCode }, {
			message: `ZStack answered HTTP ${reply.status}, a redirect to ${target}, which the node does not follow`,
			description: `The node sends the credential's sign-in to the configured host only. If ${target} is the management node's REST address, set the credential's Host to it.`,
			httpCode,
			itemIndex,
		});
	}
	if (error === undefined) {
		const text = bodyText(reply.body);
		if (reply.status === 403 && /requestTimeTooSkewed/i.test(text) && signIn.skewAdvice) {
			return new NodeApiError(node, { httpCode, body: text }, {
				message: 'ZStack refused the request time (HTTP 403 requestTimeTooSkewed): check the credential\'s Management Node Time Zone',
				description: signIn.skewAdvice(credentials.data),
				httpCode,
				itemIndex,
			});
		}
		return new NodeApiError(node, { httpCode, body: text }, {
			message: message ?? `ZStack answered HTTP ${reply.status}: ${text}`,
			description: message ? text : undefined,
			httpCode,
			itemIndex,
		});
	}
	const hint = error.code === SESSION_EXPIRED ? `\n${signIn.expiredAdvice}` : '';
	// n8n shows httpCode as "Error code …"; RestServer answers every failed job 503 (handleJobQuery ~735).
	const zstackCode = jobEnded && typeof error.code === 'string' && error.code !== '' ? capText(error.code) : undefined;
	return new NodeApiError(node, boundedZStackError(error) as JsonObject, {
		message: capText(`ZStack error ${describeZStackError(error)}`),
		description: capText(`${explainZStackError(error)}${hint}`.trim()) || undefined,
		httpCode: zstackCode ?? httpCode,
		itemIndex,
	});
}

/** A failure before any HTTP status arrived: a refused login, or an ExchangeFailure (network, timeout); redacted. */
export function transportFailure(
	connection: ZStackConnection,
	itemIndex: number,
	options: IHttpRequestOptions,
	error: unknown,
	signed: SignedRequest,
): NodeApiError {
	return redactError(unredactedTransportFailure(connection, itemIndex, options, error), connection.secrets(signed));
}

function unredactedTransportFailure(connection: ZStackConnection, itemIndex: number, options: IHttpRequestOptions, error: unknown): NodeApiError {
	const { node, baseUrl } = connection;
	const login = findInCauses(error, LoginRefusedError);
	if (login) {
		const zstackError = login.zstackError ? boundedZStackError(login.zstackError) : { message: login.message };
		const refusal = new NodeApiError(node, zstackError as JsonObject, {
			message: capText(login.message),
			description: 'The ZStack API credential could not log in.',
			itemIndex,
		});
		// n8n reads an error object's `code` as the HTTP code; ZStack's codes (ID.1000) are not HTTP statuses.
		refusal.httpCode = null;
		return refusal;
	}
	const { code, message } = rootCause(error);
	const failure = `${options.method ?? 'GET'} ${new URL(options.url).pathname} at ${baseUrl} failed: ${message}.`;
	const hint =
		code === 'ECONNABORTED' || /timeout/i.test(message)
			? `No reply within ${(options.timeout ?? 0) / 1000} s: raise the Request Timeout option if ZStack is slow.`
			: 'Check that the Host of the ZStack API credential is reachable from n8n.';
	// n8n turns well-known network codes (ECONNREFUSED, ...) into its own plain-language message.
	const exchangeFailure = new ExchangeFailure(node, { networkErrorCode: code ?? null, message: capText(message) } as JsonObject, {
		message: capText(`Could not reach ZStack: ${message}`),
		description: capText(`${failure} ${hint}`),
		itemIndex,
	});
	const certificateProblem = /CERT|SSL|TLS/i.test(code ?? '');
	exchangeFailure.mayHaveArrived = !(NEVER_SENT_CODES.has(code ?? '') || certificateProblem);
	return exchangeFailure;
}

export function bodyText(body: unknown): string {
	if (body === undefined) return '(empty body)';
	return capText(typeof body === 'string' ? body : JSON.stringify(body));
}

function findInCauses<T>(error: unknown, type: new (...args: never[]) => T): T | undefined {
	let current = error as { cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		if (current instanceof type) return current;
		current = current.cause as typeof current;
	}
	return undefined;
}

/** The innermost error's code and message: n8n wraps the network error it got. */
export function rootCause(error: unknown): { code?: string; message: string } {
	let current = error as { code?: unknown; message?: unknown; cause?: unknown };
	for (let depth = 0; depth < 5 && current.cause && typeof current.cause === 'object'; depth++) {
		current = current.cause as typeof current;
	}
	return {
		code: typeof current.code === 'string' ? current.code : undefined,
		message: typeof current.message === 'string' && current.message !== '' ? current.message : 'request failed',
	};
}
