import type { IDataObject } from 'n8n-workflow';

/** Parses a reply body that may be JSON, plain text, or empty. */
export function parseBody(body: unknown): unknown {
	if (typeof body !== 'string') return body;
	const text = body.trim();
	if (text === '') return undefined;
	try {
		return JSON.parse(text) as unknown;
	} catch {
		return body;
	}
}

/** The `error` object of a ZStack reply, if the reply carries one. */
export function zstackErrorOf(body: unknown): IDataObject | undefined {
	if (body === null || typeof body !== 'object' || Array.isArray(body)) return undefined;
	const error = (body as IDataObject).error;
	return error !== null && typeof error === 'object' && !Array.isArray(error)
		? (error as IDataObject)
		: undefined;
}

/** "CODE: description" of a ZStack ErrorCode. */
export function describeZStackError(error: IDataObject): string {
	const code = typeof error.code === 'string' ? error.code : 'unknown code';
	const description = typeof error.description === 'string' ? error.description : 'no description';
	return `${code}: ${description}`;
}

const MAX_CAUSES = 20;

/**
 * ZStack's error as it is kept on the item (`zstackError`): whole, but for a cause chain cut after MAX_CAUSES
 * levels, which no real error reaches and which would otherwise break n8n's copying of the item.
 */
export function boundedZStackError(error: IDataObject): IDataObject {
	const top: IDataObject = { ...error };
	let copy = top;
	for (let depth = 1; ; depth++) {
		const cause = zstackErrorOf({ error: copy.cause });
		if (cause === undefined) return top;
		if (depth >= MAX_CAUSES) {
			copy.cause = { description: 'further causes cut' };
			return top;
		}
		copy.cause = { ...cause };
		copy = copy.cause as IDataObject;
	}
}

/** The details and the whole `cause` chain of a ZStack ErrorCode, one line each. */
export function explainZStackError(error: IDataObject): string {
	const lines: string[] = [];
	const seen = new Set<IDataObject>();
	let current: IDataObject | undefined = error;
	// A chain deeper than any real ZStack error is cut: the description must stay small.
	while (current && !seen.has(current) && seen.size < MAX_CAUSES) {
		seen.add(current);
		if (current !== error) lines.push(`Caused by ${describeZStackError(current)}`);
		if (typeof current.details === 'string' && current.details !== '') lines.push(current.details);
		if (typeof current.elaboration === 'string' && current.elaboration !== '') {
			lines.push(current.elaboration);
		}
		current = zstackErrorOf({ error: current.cause });
	}
	return lines.join('\n');
}

/** Error texts stay readable whatever ZStack or the network sends: ZStack's full error object stays in `zstackError`. */
const MAX_ERROR_TEXT = 2000;

export function capText(text: string): string {
	return text.length > MAX_ERROR_TEXT ? `${text.slice(0, MAX_ERROR_TEXT)}… (${text.length - MAX_ERROR_TEXT} more characters)` : text;
}
