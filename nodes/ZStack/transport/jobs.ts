import type { JsonObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import type { CallOptions } from './apiCall';
import type { Exchange, ZStackConnection } from './connection';
import { bodyText, ExchangeFailure } from './errors';
import { redactError, redactText } from './redaction';
import { zstackErrorOf } from './replies';

/**
 * The first job poll comes this soon after the 202; each later wait doubles, up to the Poll Interval. A batch of
 * quick jobs goes out in one wave at the default Concurrency, so this wait is most of what polling adds to it;
 * a job of minutes pays for it with about four polls more than polling every Poll Interval would take.
 */
const FIRST_POLL_DELAY_MS = 50;

/** When to ask ZStack about a job next: soon at first, then doubling waits up to the Poll Interval, within the Job Timeout. */
export class PollSchedule {
	private readonly deadline: number;

	private wait: number;

	constructor(private readonly options: CallOptions) {
		this.deadline = Date.now() + options.jobTimeoutMs;
		this.wait = Math.min(FIRST_POLL_DELAY_MS, options.pollIntervalMs);
	}

	get remainingMs(): number {
		return this.deadline - Date.now();
	}

	/** Waits for the next question; false when the Job Timeout leaves no time for one. */
	async next(): Promise<boolean> {
		if (this.remainingMs <= 0) return false;
		await sleep(Math.min(this.wait, this.remainingMs));
		this.wait = Math.min(this.wait * 2, this.options.pollIntervalMs);
		return this.remainingMs > 0;
	}
}

/** A network failure (reset, timeout, refused), as a value; anything else (a refused login) stays thrown. */
export async function networkFailureOnly(error: unknown): Promise<ExchangeFailure> {
	if (error instanceof ExchangeFailure) return error;
	return await Promise.reject(error);
}

/**
 * A 5xx that is not ZStack's: its errors are JSON (RestServer.java ~735); a proxy in front of it answers 502/503/504
 * in HTML or plain text while ZStack (and the job) may be fine.
 */
export function isProxyFailure(reply: Exchange): boolean {
	return reply.status >= 500 && zstackErrorOf(reply.body) === undefined;
}

/**
 * A call's reply that is a proxy's page, not RestServer's answer: 502/503/504 without ZStack's JSON error (its errors
 * are JSON, ~735). RestServer's own plain-text 500 is an exception in the REST layer, before any job: sent again, it
 * would only repeat. (Job lookups count any such 5xx: the servlet container answers those outside RestServer.)
 */
export function isGatewayFailure(reply: Exchange): boolean {
	return [502, 503, 504].includes(reply.status) && isProxyFailure(reply);
}

/** RestServer's answer for a job it has not saved, or no longer keeps: plain-text 404 (handleJobQuery ~714). */
export function isUnknownJob(reply: Exchange): boolean {
	return reply.status === 404 && zstackErrorOf(reply.body) === undefined;
}

/** What went wrong with the last question that got no usable answer, for the error that ends the wait (redacted). */
export function hiccupOf(connection: ZStackConnection, failure: ExchangeFailure | Exchange): string {
	if (failure instanceof ExchangeFailure) return failure.description ?? failure.message;
	return redactText(`HTTP ${failure.status}: ${bodyText(failure.body)}`, connection.secrets(failure.signed));
}

/**
 * Polls `<configured host>/zstack/v1/api-jobs/<uuid>` (the host inside `location` is often an internal
 * address, so, like ZStack's Java and Go SDKs, the configured one is used). The first poll comes soon;
 * the waits double up to the Poll Interval; no poll outlives the Job Timeout. A poll that fails on the way
 * (reset, Request Timeout, a proxy's 5xx) is asked again: only ZStack's answer (the result, its JSON error,
 * its 404 for a job it does not keep) or the Job Timeout ends the job.
 */
export async function followJob(
	connection: ZStackConnection,
	itemIndex: number,
	jobUuid: string,
	options: CallOptions,
	schedule = new PollSchedule(options),
): Promise<Exchange> {
	const { node } = connection;
	let hiccup: string | undefined;
	while (await schedule.next()) {
		const timeout = Math.min(options.requestTimeoutMs, schedule.remainingMs);
		const polled = await connection.exchange(itemIndex, connection.jobRequest(jobUuid), timeout).catch(networkFailureOnly);
		if (polled instanceof ExchangeFailure || isProxyFailure(polled.reply)) {
			// A poll the Job Timeout cut short says nothing of ZStack: keep what the poll before it got.
			const cutShort = polled instanceof ExchangeFailure && schedule.remainingMs <= 0 && hiccup !== undefined;
			if (!cutShort) hiccup = hiccupOf(connection, polled instanceof ExchangeFailure ? polled : polled.reply);
			continue;
		}
		const { reply } = polled;
		if (reply.status === 202) continue;
		if (isUnknownJob(reply)) {
			const expired = new NodeApiError(node, { jobUuid } as JsonObject, {
				message: `ZStack job ${jobUuid} has expired or is unknown`,
				description: `GET /zstack/v1/api-jobs/${jobUuid} answered HTTP 404: ${bodyText(reply.body)}`,
				httpCode: '404',
				itemIndex,
			});
			throw redactError(expired, connection.secrets(reply.signed));
		}
		return reply;
	}
	throw new NodeApiError(node, { jobUuid } as JsonObject, {
		message: `ZStack job ${jobUuid} did not finish within ${options.jobTimeoutMs / 1000} s`,
		description:
			`The job may still be running. Look it up with GET /zstack/v1/api-jobs/${jobUuid}, or raise the Job Timeout option.` +
			(hiccup === undefined ? '' : `\nThe last poll got no answer from ZStack: ${hiccup}`),
		itemIndex,
	});
}
