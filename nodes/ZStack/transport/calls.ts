import { randomUUID } from 'crypto';

import type { IDataObject, IHttpRequestOptions, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import type { CallOptions } from './apiCall';
import type { Exchange, ZStackConnection } from './connection';
import { apiUrl } from './endpoint';
import { apiError, ExchangeFailure } from './errors';

/** What one attempt of a call ended with, and which login signed it. */
export interface Attempt {
	reply: Exchange;
	login: string;
	job?: { jobUuid: string; location: string };
}

/** ZStack's job UUID: 32 hex (RestServer rejects other lengths in `X-Job-UUID`). */
const JOB_UUID = /^[0-9a-f]{32}$/i;

/** A version 4 UUID without its dashes, as ZStack writes UUIDs; randomUUID draws on a cached entropy pool. */
function newJobUuid(): string {
	return randomUUID().replaceAll('-', '');
}

/**
 * Sends a call that ZStack may run as a job, naming the job (`X-Job-UUID`). When the exchange breaks
 * after the request may have arrived, asking for that job tells whether ZStack took the call: it is
 * then followed, never sent twice; a job ZStack does not know means the call never arrived, and it is
 * sent once more under a new name.
 */
export async function sendNamingTheJob(
	connection: ZStackConnection,
	itemIndex: number,
	request: IHttpRequestOptions,
	options: CallOptions,
): Promise<Attempt> {
	for (let resent = false; ; resent = true) {
		const jobUuid = newJobUuid();
		const named = { ...request, headers: { ...request.headers, 'X-Job-UUID': jobUuid } };
		const sent = await connection.exchange(itemIndex, named, options.requestTimeoutMs).catch(lostReplyOnly);
		if (sent instanceof ExchangeFailure) {
			const found = await askForLostJob(connection, itemIndex, jobUuid, options, sent);
			if (found.reply.status !== 404) {
				return { ...found, job: { jobUuid, location: apiUrl(connection.baseUrl, `/v1/api-jobs/${jobUuid}`) } };
			}
			if (resent) throw sent;
			continue;
		}
		if (sent.reply.status !== 202) return sent;
		const location = jobLocationOf(sent.reply.body);
		const named202 = jobUuidOf(location);
		if (location === undefined || named202 === undefined) {
			throw apiError(connection, itemIndex, sent.reply, 'ZStack accepted the call (HTTP 202) but named no job to follow');
		}
		return { ...sent, job: { jobUuid: named202, location } };
	}
}

/** Asks once for a job whose call's reply was lost; any failure leaves the outcome unknown. */
async function askForLostJob(
	connection: ZStackConnection,
	itemIndex: number,
	jobUuid: string,
	options: CallOptions,
	lost: NodeApiError,
) {
	try {
		return await connection.exchange(itemIndex, connection.jobRequest(jobUuid), options.requestTimeoutMs);
	} catch {
		throw new NodeApiError(connection.node, { jobUuid } as JsonObject, {
			message: `The reply to the call was lost, and ZStack could not be asked whether it took the call (job ${jobUuid})`,
			description: `${lost.description ?? lost.message}\nLook the job up with GET /zstack/v1/api-jobs/${jobUuid} before sending the call again.`,
			itemIndex,
		});
	}
}

/** A failure after which the request may have reached ZStack, as a value; any other failure stays thrown. */
async function lostReplyOnly(error: unknown): Promise<ExchangeFailure> {
	if (error instanceof ExchangeFailure && error.mayHaveArrived) return error;
	return await Promise.reject(error);
}

/** The job a 202 reply's `location` names, when it is a ZStack job UUID. */
function jobUuidOf(location: string | undefined): string | undefined {
	const uuid = location === undefined ? undefined : /\/api-jobs\/([^/?#]*)/.exec(location)?.[1];
	return uuid !== undefined && JOB_UUID.test(uuid) ? uuid : undefined;
}

function jobLocationOf(body: unknown): string | undefined {
	const location = (body as IDataObject | undefined)?.location;
	return typeof location === 'string' && location !== '' ? location : undefined;
}
