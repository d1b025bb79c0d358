/** What to tell a user whose Host does not lead to ZStack's REST API: where the request went and what to check. */

import { rootCause } from '../errors';

const CHECK_HOST =
	"Check the credential's Host: the management node's address and port (ZStack's REST API listens on 8080 unless a proxy fronts it)";

/** `host:port` of a base URL, the port always written out. */
function hostAndPort(baseUrl: string): string {
	const { protocol, hostname, port } = new URL(baseUrl);
	return `${hostname}:${port || (protocol === 'https:' ? '443' : '80')}`;
}

/** What to tell a user whose request to `baseUrl` failed with that network code, if it is one we can explain. */
function adviceFor(baseUrl: string, code: string): string | undefined {
	const where = hostAndPort(baseUrl);
	const { hostname } = new URL(baseUrl);
	const advice: Record<string, string> = {
		ECONNREFUSED: `Nothing answers at ${where} (connection refused). ${CHECK_HOST}, and that the management node is running.`,
		ENOTFOUND: `The host name "${hostname}" is not known (DNS lookup failed). Check its spelling in the credential's Host, or use the management node's IP address.`,
		EAI_AGAIN: `The host name "${hostname}" could not be looked up (DNS did not answer). Check the DNS n8n uses, or use the management node's IP address in Host.`,
		ETIMEDOUT: `No connection to ${where} in time. ${CHECK_HOST}, and that no firewall between n8n and it blocks that port.`,
		ECONNABORTED: `${where} did not answer in time. ${CHECK_HOST}, and that no firewall between n8n and it drops that port.`,
		EHOSTUNREACH: `${where} cannot be reached from n8n (no route to host). ${CHECK_HOST}.`,
		ENETUNREACH: `${where} cannot be reached from n8n (network unreachable). ${CHECK_HOST}.`,
		ECONNRESET: `${where} closed the connection before answering. ${CHECK_HOST}; a TLS mismatch (http:// against an https:// port, or the reverse) does this too.`,
		EPROTO: `${where} does not speak TLS as https:// expects. ${CHECK_HOST}; ZStack's own port 8080 is plain http://.`,
	};
	if (advice[code]) return advice[code];
	if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY/.test(code)) {
		return `The TLS certificate of ${where} could not be verified (${code}). If ZStack uses a self-signed certificate, turn on the credential's Ignore SSL Issues; otherwise check its Host.`;
	}
	return undefined;
}

/**
 * What the user sees (in the credential test too) when no server answered at Host: where the request went and
 * what to check. The original error stays the cause, so the node reports a failed call as it always does.
 */
export function unreachable(baseUrl: string, error: unknown): unknown {
	const { code } = rootCause(error);
	const advice = code === undefined ? undefined : adviceFor(baseUrl, code);
	return advice ? new Error(advice, { cause: error }) : error;
}

/** A reply that is a web page: Host points at some web server, not at ZStack's REST API. */
export function looksLikeWebPage(body: unknown): boolean {
	return typeof body === 'string' && /^\s*</.test(body);
}

/** What to tell a user whose Host answered the login with a web page. */
export function webPageAnswer(baseUrl: string, statusCode: number): string {
	return (
		`${hostAndPort(baseUrl)} answered the login with a web page (HTTP ${statusCode}), not as ZStack's REST API does. ` +
		"Check the credential's Host: the management node's API address and port, 8080 unless a proxy fronts it (the web console's port, 5000, is not the API)."
	);
}
