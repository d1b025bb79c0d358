import type { JsonObject } from 'n8n-workflow';
import { NodeApiError, sleep } from 'n8n-workflow';

import type { CallOptions } from './apiCall';
import type { Exchange, ZStackConnection } from './connection';
import { bodyText, ExchangeFailure } from './errors';
import { zstackErrorOf } from './replies';

/**
 * The first job poll comes this soon after the 202; each later wait doubles, up to the Poll Interval. A batch of
 * quick jobs goes out in one wave at the default Concurrency, so this wait is most of what polling adds to it;
 * a job of minutes pays for it with about four polls more than polling every Poll Interval would take.
 */
const FIRST_POLL_DELAY_MS = 50;

/**
 * Polls `<configured host>/zstack/v1/api-jobs/<uuid>` (the host inside `location` is often an internal
 * address, so, like ZStack's Java and Go SDKs, the configured one is used). The first poll comes soon;
 * the waits double up to the Poll Interval; no poll outlives the Job Timeout.
 */
export async function followJob(
	connection: ZStackConnection,
	itemIndex: number,
	jobUuid: string,
	options: CallOptions,
): Promise<Exchange> {
	const { node } = connection;
	const deadline = Date.now() + options.jobTimeoutMs;
	const timedOut = () =>
		new NodeApiError(node, { jobUuid } as JsonObject, {
			message: `ZStack job ${jobUuid} did not finish within ${options.jobTimeoutMs / 1000} s`,
			description: `The job may still be running. Look it up with GET /zstack/v1/api-jobs/${jobUuid}, or raise the Job Timeout option.`,
			itemIndex,
		});
	for (let wait = Math.min(FIRST_POLL_DELAY_MS, options.pollIntervalMs); ; wait = Math.min(wait * 2, options.pollIntervalMs)) {
		if (deadline - Date.now() <= 0) throw timedOut();
		await sleep(Math.min(wait, deadline - Date.now()));
		const remaining = deadline - Date.now();
		if (remaining <= 0) throw timedOut();
		const polled = await connection
			.exchange(itemIndex, connection.jobRequest(jobUuid), Math.min(options.requestTimeoutMs, remaining))
			.catch((error: unknown) => (error instanceof ExchangeFailure && Date.now() >= deadline ? timedOut() : Promise.reject(error)));
		if (polled instanceof NodeApiError) throw polled;
		const { reply } = polled;
		if (reply.status === 202) continue;
		if (reply.status === 404 && zstackErrorOf(reply.body) === undefined) {
			throw new NodeApiError(node, { jobUuid } as JsonObject, {
				message: `ZStack job ${jobUuid} has expired or is unknown`,
				description: `GET /zstack/v1/api-jobs/${jobUuid} answered HTTP 404: ${bodyText(reply.body)}`,
				httpCode: '404',
				itemIndex,
			});
		}
		return reply;
	}
}
