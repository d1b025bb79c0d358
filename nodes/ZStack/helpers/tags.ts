/**
 * ZStack tag lists from a multiple-values string parameter: values may be strings or (from an
 * expression) arrays of strings; blanks are dropped. Returns undefined when no tag remains, so
 * the field is left out of the request body. Returns null when a value is not text.
 */
export function toTagList(value: unknown): string[] | undefined | null {
	if (value === undefined || value === null || value === '') return undefined;
	const tags: string[] = [];
	for (const entry of Array.isArray(value) ? value.flat(Infinity) : [value]) {
		if (entry === undefined || entry === null) continue;
		if (typeof entry !== 'string' && typeof entry !== 'number' && typeof entry !== 'boolean') {
			return null;
		}
		const tag = String(entry).trim();
		if (tag !== '') tags.push(tag);
	}
	return tags.length > 0 ? tags : undefined;
}
