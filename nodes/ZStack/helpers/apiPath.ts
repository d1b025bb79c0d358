/** A pasted `/zstack/v1` in front of the path is the prefix every call already has. */
const API_PREFIX = /^\/?zstack\/v1(?=\/|$)/;

/** `http:`, `javascript:`, `C:` …: anything that would name a scheme or a drive instead of a path. */
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/** A path segment still holding an SDK placeholder such as `{uuid}`. */
const PLACEHOLDER = /\{[^}]*\}/;

export type ApiPathCheck = { path: string } | { problem: string };

/** A UTF-16 surrogate without its pair: no character at all, so it has no UTF-8 form to percent-encode. */
const LONE_SURROGATE = /\p{Cs}/u;

export const hasLoneSurrogate = (text: string): boolean => LONE_SURROGATE.test(text);

/**
 * The API path below `/zstack`, e.g. `/v1/vm-instances/<uuid>/actions`, from a path the user gave relative
 * to `/zstack/v1`. Every segment is decoded and encoded again, so the request goes to exactly the segments
 * the user meant, on the configured host; whatever could leave that tree (a scheme or host, `.` and `..`
 * segments, a query or fragment, a backslash, malformed percent-encoding, a lone surrogate) is refused with the reason.
 */
export function toApiPath(value: unknown): ApiPathCheck {
	if (typeof value !== 'string') return { problem: 'must be text' };
	const text = value.trim();
	if (text === '' || text === '/') return { problem: 'is empty: name an API path such as /vm-instances' };
	if (text.startsWith('//') || SCHEME.test(text)) {
		return { problem: 'must be relative to /zstack/v1, without a scheme or host (e.g. /vm-instances)' };
	}
	if (text.includes('\\')) return { problem: 'must not contain a backslash' };
	if (/[?#]/.test(text)) return { problem: 'must not contain ? or #: put query parameters in Query Parameters' };

	const relative = text.replace(API_PREFIX, '');
	if (relative === '' || relative === '/') return { problem: 'names no API below /zstack/v1' };
	const segments = relative.replace(/^\//, '').replace(/\/$/, '').split('/');
	const encoded: string[] = [];
	for (const segment of segments) {
		let decoded: string;
		try {
			decoded = decodeURIComponent(segment);
		} catch {
			return { problem: `has malformed percent-encoding in "${segment}"` };
		}
		if (decoded === '') return { problem: 'must not contain an empty segment (//)' };
		if (decoded === '.' || decoded === '..') return { problem: 'must not contain . or .. segments' };
		// A server that decodes %2F before routing would see more segments than were checked.
		if (/[/\\]/.test(decoded)) return { problem: `must not contain an encoded slash or backslash ("${segment}")` };
		if (hasLoneSurrogate(decoded)) return { problem: 'has a lone surrogate (half of a character, e.g. from cut text): it is not text a URL can carry' };
		if (PLACEHOLDER.test(decoded)) return { problem: `still has the placeholder ${PLACEHOLDER.exec(decoded)?.[0]}: put the value in its place` };
		encoded.push(encodeURIComponent(decoded));
	}
	return { path: `/v1/${encoded.join('/')}` };
}
