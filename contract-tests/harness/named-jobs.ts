import nock from 'nock';

import type { SeenRequest } from './contract';
import { INTERNAL_JOB_HOST } from './fixtures';

/** A poll of any job. */
export const JOB_POLL = /^\/zstack\/v1\/api-jobs\/[0-9a-f]{32}$/;

/**
 * A nock reply as RestServer answers an async call: 202 naming, under the management node's own address, the
 * job the request named in `X-Job-UUID` (RestServer.java ~977 `msg.setId`, ~1265 the location).
 */
export function acceptedAsNamed(jobHost = INTERNAL_JOB_HOST) {
	return function (this: nock.ReplyFnContext): nock.ReplyFnResult {
		return [202, { location: `${jobHost}/zstack/v1/api-jobs/${String(this.req.headers['x-job-uuid'])}`, apiTimeout: 1800000 }];
	};
}

/** The job UUID a recorded request named. */
export function jobNamedBy(request: SeenRequest): string {
	return String(request.headers['x-job-uuid']);
}

/** Jobs the node named, by item: nock interceptor options that note each request's X-Job-UUID, and polls of it. */
export class JobsByItem {
	private readonly jobs = new Map<number, string>();

	/** Item `index`'s call, noting the job it names (also when the reply is an error). */
	call(interceptor: nock.Interceptor, index: number): nock.Interceptor {
		return interceptor.matchHeader('x-job-uuid', (value: string) => {
			this.jobs.set(index, value);
			return true;
		});
	}

	/** The job item `index` named, once it has sent its call. */
	jobOf(index: number): string | undefined {
		return this.jobs.get(index);
	}

	/** Matches the polls of item `index`'s job. */
	pollOf(index: number): (path: string) => boolean {
		return (path) => this.jobs.has(index) && path === `/zstack/v1/api-jobs/${this.jobs.get(index)}`;
	}
}
