import type { IDataObject } from 'n8n-workflow';

import type { Exchange, SignedExchange } from './connection';
import type { PollSchedule } from './jobs';

/** What one attempt of a call ended with, and which login signed it. */
export interface Attempt {
	/** ZStack's reply; a 202 when ZStack holds the call's job, which is then followed. */
	reply: Exchange;
	login: string;
	/** The call's job: its UUID, named by the node, and where ZStack said to ask for it. */
	job?: NamedJob;
	/** For a call whose lost reply was recovered: its Job Timeout, counting since the first question about the job. */
	jobTimeout?: PollSchedule;
}

export interface NamedJob {
	jobUuid: string;
	location: string;
}

/**
 * What a reply to the named call means: a 202, or a 400 "Duplicate job uuid[<this job>]" (an earlier copy of
 * this very call was saved: ZStack has it), is the job to follow; anything else is the call's answer.
 */
export function answerTo(sent: SignedExchange, job: NamedJob): Attempt {
	const { reply } = sent;
	if (reply.status === 202) return { ...sent, job: { ...job, location: hintedLocation(reply.body, job) } };
	if (isDuplicateOf(reply, job.jobUuid)) return { ...sent, reply: { status: 202, body: undefined }, job };
	return sent;
}

/** RestServer's plain-text refusal of a job UUID it already saved (RestServer.java ~975). */
function isDuplicateOf(reply: Exchange, jobUuid: string): boolean {
	return reply.status === 400 && typeof reply.body === 'string' && reply.body.trim() === `Duplicate job uuid[${jobUuid}]`;
}

/**
 * The 202's `location` when it names exactly this job (RestServer writes `<its base URL>/v1/api-jobs/<id>`),
 * else the configured host's address of the job: a location naming another job, two job segments or a UUID
 * written otherwise is not trusted.
 */
function hintedLocation(body: unknown, job: NamedJob): string {
	const location = (body as IDataObject | undefined)?.location;
	if (typeof location !== 'string') return job.location;
	const segments = location.split('/api-jobs/');
	return segments.length === 2 && segments[1] === job.jobUuid ? location : job.location;
}
