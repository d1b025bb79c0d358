import { randomUUID } from 'crypto';

import type { IHttpRequestOptions } from 'n8n-workflow';

import { answerTo, type Attempt, type NamedJob } from './accepted';
import type { CallOptions } from './apiCall';
import type { ZStackConnection } from './connection';
import { ExchangeFailure } from './errors';
import { isGatewayFailure } from './jobs';
import { recoverLostReply } from './recovery';

/** A version 4 UUID without its dashes, as ZStack writes UUIDs; randomUUID draws on a cached entropy pool. */
function newJobUuid(): string {
	return randomUUID().replaceAll('-', '');
}

/**
 * Sends a call that ZStack may run as a job, naming the job (`X-Job-UUID`) once for the whole call: every
 * re-send carries the same name, so ZStack runs the call at most once (RestServer.java ~963–977 refuses a
 * second request under a saved job's UUID with 400 "Duplicate job uuid[…]"; a new name would make a queued
 * first request and its re-send two jobs). The job followed is always this one: a 202's `location` is a hint.
 */
export async function sendNamingTheJob(
	connection: ZStackConnection,
	itemIndex: number,
	request: IHttpRequestOptions,
	options: CallOptions,
): Promise<Attempt> {
	const jobUuid = newJobUuid();
	const job: NamedJob = { jobUuid, location: connection.jobUrl(jobUuid) };
	const named = { ...request, headers: { ...request.headers, 'X-Job-UUID': job.jobUuid } };
	const sent = await connection.exchange(itemIndex, named, options.requestTimeoutMs).catch(lostReplyOnly);
	if (sent instanceof ExchangeFailure) return await recoverLostReply(connection, itemIndex, named, job, options, sent);
	// A gateway's own error page: the proxy may have passed the request on before it gave up waiting.
	if (isGatewayFailure(sent.reply)) return await recoverLostReply(connection, itemIndex, named, job, options, sent.reply);
	return answerTo(sent, job);
}


/** A failure after which the request may have reached ZStack, as a value; any other failure stays thrown. */
async function lostReplyOnly(error: unknown): Promise<ExchangeFailure> {
	if (error instanceof ExchangeFailure && error.mayHaveArrived) return error;
	return await Promise.reject(error);
}
