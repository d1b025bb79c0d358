// @ts-check
'use strict';

/**
 * What a busy or proxied management node does to calls and job polls, as the simulator rehearses it:
 *
 * - A slow accept (option `acceptDelayMs`): RestServer handles a request on a servlet thread; on a busy node the
 *   request waits (Tomcat's queue, the message bus) before RestServer.handleApi runs. Only then does it check
 *   `X-Job-UUID` against the saved jobs (RestServer.java ~963–977: a saved UUID → 400 "Duplicate job uuid[…]"),
 *   save the job (`asyncStore.save`, ~1262; MysqlAsyncRestStore.save ~46) and send the message: until then a poll
 *   of the job finds no row and handleJobQuery answers 404 "the job has been expired" (~714). So a request held
 *   N ms is saved N ms after it arrived, and of two requests under one job UUID the second processed is refused.
 * - A proxy's error page on job polls (fault kind `proxyPage`): nginx in front of ZStack answers 502/503 with its
 *   own HTML page when the upstream is restarting or slow; ZStack's own errors are JSON (RestServer ~735).
 * - Every run of an API is counted (`apiRuns`), so tests can tell a call that ran once from one that ran twice.
 */

/** nginx's error page for `status`, as a proxy in front of the management node sends it. */
/** @param {number} status */
function proxyPage(status) {
	const title = status === 502 ? '502 Bad Gateway' : `${status} Service Temporarily Unavailable`;
	return {
		status,
		text: `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`,
		contentType: 'text/html',
	};
}

/**
 * @typedef {{ api: string, path: string, jobUuid?: string, at: number }} ApiRun
 */

/** The runs of APIs, oldest first, bounded like the request log. */
class ApiRunLog {
	/** @param {() => number} limit */
	constructor(limit) {
		this.limit = limit;
		/** @type {ApiRun[]} */
		this.runs = [];
	}

	/** @param {ApiRun} run */
	record(run) {
		this.runs.push(run);
		if (this.runs.length > this.limit()) this.runs.splice(0, this.runs.length - this.limit());
	}

	/** How many times the API ran under each job UUID. */
	runsByJob() {
		/** @type {Record<string, number>} */
		const counts = {};
		for (const { jobUuid } of this.runs) if (jobUuid !== undefined) counts[jobUuid] = (counts[jobUuid] ?? 0) + 1;
		return counts;
	}

	clear() {
		this.runs.length = 0;
	}
}

module.exports = { proxyPage, ApiRunLog };
