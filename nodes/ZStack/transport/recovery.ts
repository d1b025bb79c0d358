import type { IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { answerTo, type Attempt, type NamedJob } from './accepted';
import type { CallOptions } from './apiCall';
import type { Exchange, ZStackConnection } from './connection';
import type { ExchangeFailure } from './errors';
import { hiccupOf, isGatewayFailure, isProxyFailure, isUnknownJob, networkFailureOnly, PollSchedule } from './jobs';

/**
 * The reply to a named call was lost (a reset, the Request Timeout, a proxy's error page) after the request may have
 * reached ZStack. Asking for the call's job tells: ZStack has it (running, done or failed) and it is followed. A 404 does not
 * prove the request never arrived: RestServer saves the job only when it processes the request (~1262), which on
 * a busy node can be seconds later. So the call is sent again under the same job UUID — if a copy was already
 * processed, ZStack refuses the re-send as a duplicate and the job is followed — and the job is asked for again,
 * until the Job Timeout, which goes on counting while the job found is followed. A failed question or re-send is one
 * more try. Giving up, the error names the job.
 */
export async function recoverLostReply(
	connection: ZStackConnection,
	itemIndex: number,
	named: IHttpRequestOptions,
	job: NamedJob,
	options: CallOptions,
	lost: ExchangeFailure | Exchange,
): Promise<Attempt> {
	const schedule = new PollSchedule(options);
	let hiccup = hiccupOf(connection, lost);
	// The first question goes at once: the request is out for a Request Timeout already.
	for (let first = true; first || (await schedule.next()); first = false) {
		const found = await connection.exchange(itemIndex, connection.jobRequest(job.jobUuid), options.requestTimeoutMs).catch(networkFailureOnly);
		if (!('reply' in found) || isProxyFailure(found.reply)) {
			hiccup = hiccupOf(connection, 'reply' in found ? found.reply : found);
			continue;
		}
		if (!isUnknownJob(found.reply)) return { ...found, job, jobTimeout: schedule };
		const resent = await connection.exchange(itemIndex, named, options.requestTimeoutMs).catch(networkFailureOnly);
		if (!('reply' in resent) || isGatewayFailure(resent.reply)) {
			hiccup = hiccupOf(connection, 'reply' in resent ? resent.reply : resent);
			continue;
		}
		return { ...answerTo(resent, job), jobTimeout: schedule };
	}
	throw new NodeApiError(connection.node, { jobUuid: job.jobUuid } as JsonObject, {
		message: `The reply to the call was lost, and ZStack did not show its job ${job.jobUuid} within the Job Timeout (${options.jobTimeoutMs / 1000} s)`,
		description: `${hiccup}\nZStack may still run the call: look the job up with GET /zstack/v1/api-jobs/${job.jobUuid} before sending the call again.`,
		itemIndex,
	});
}
