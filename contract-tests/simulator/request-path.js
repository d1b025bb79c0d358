// @ts-check
'use strict';

/**
 * The path RestServer routes and verifies: `getDecodedUrl` (RestServer.java ~603–613, used for routing ~642,
 * job polls ~711 and the AccessKey signature's URI ~894) percent-decodes the request URI as UTF-8 with
 * Spring's UriUtils.decode, which leaves `+` as it is. Before that, Tomcat (which the management node runs
 * in) answers 400 itself to a path with an encoded slash (its default `encodedSolidusHandling="reject"`) or
 * a malformed percent-escape.
 */

/**
 * @param {string} sentPath the request path as sent, without the query string
 * @returns {{ path: string } | { status: number, text: string }}
 */
function decodeRequestPath(sentPath) {
	if (/%2f/i.test(sentPath)) return { status: 400, text: 'Bad Request: an encoded slash (%2F) in the path is rejected' };
	try {
		return { path: decodeURIComponent(sentPath) };
	} catch {
		return { status: 400, text: 'Bad Request: the path has malformed percent-encoding' };
	}
}

module.exports = { decodeRequestPath };
