import type { IDataObject } from 'n8n-workflow';

import type { ZStackClient } from './client';
import { jobPath } from './connection';
import { boundedZStackError, capText, describeZStackError, explainZStackError, zstackErrorOf } from './replies';

/** Where a job stands, as `GET /v1/api-jobs/{uuid}` tells it. */
export type JobStatus =
	| { status: 'running' }
	| { status: 'succeeded'; result: IDataObject }
	| { status: 'failed'; error: string; zstackError: IDataObject }
	| { status: 'unknown'; reason: string };

/** A 503 without ZStack's error object comes from something in front of ZStack, not from the job. */
function isJobAnswer({ status, body }: { status: number; body: unknown }): boolean {
	if (status === 503) return zstackErrorOf(body) !== undefined;
	return status === 200 || status === 202 || (status === 404 && typeof body === 'string');
}

/**
 * Asks ZStack once where a job stands. RestServer's handleJobQuery (RestServer.java ~705–739) answers 202 while
 * the job runs, 200 with the API's reply when it succeeded, 503 with `{"error":…}` when it failed, and 404 plain
 * text "the job has been expired" for a job it does not (or no longer) know. Any other answer is an error.
 */
export async function lookUpJob(
	client: ZStackClient,
	itemIndex: number,
	jobUuid: string,
	requestTimeoutMs: number,
): Promise<JobStatus> {
	const { status, body } = await client.read(itemIndex, jobPath(jobUuid), isJobAnswer, requestTimeoutMs);
	const error = zstackErrorOf(body);
	if (status === 202) return { status: 'running' };
	if (status === 200) return { status: 'succeeded', result: (body ?? {}) as IDataObject };
	if (error !== undefined) {
		const details = explainZStackError(error);
		return {
			status: 'failed',
			error: capText(`ZStack error ${describeZStackError(error)}${details ? `\n${details}` : ''}`),
			zstackError: boundedZStackError(error),
		};
	}
	const text = typeof body === 'string' ? capText(body) : 'no reason given';
	// A busy management node saves a job only when it processes the call (RestServer ~1262): a 404 soon after the call may mean not yet.
	return {
		status: 'unknown',
		reason: `ZStack knows no job ${jobUuid} (HTTP ${status}: ${text}): it has expired, it never existed, or ZStack has not saved it yet (a call sent moments ago to a busy management node)`,
	};
}
