/** Nesting beyond this is no tag list anyone meant: it is refused rather than walked. */
const MAX_TAG_NESTING = 10;

/**
 * ZStack tag lists from a multiple-values string parameter: values may be strings or (from an
 * expression) nested arrays of strings; blanks are dropped. Returns undefined when no tag remains, so
 * the field is left out of the request body. Returns null when a value is not text or nests too deep.
 */
export function toTagList(value: unknown): string[] | undefined | null {
	if (value === undefined || value === null || value === '') return undefined;
	const tags: string[] = [];
	const collect = (entry: unknown, depth: number): boolean => {
		if (Array.isArray(entry)) return depth < MAX_TAG_NESTING && entry.every((inner) => collect(inner, depth + 1));
		if (entry === undefined || entry === null) return true;
		if (typeof entry !== 'string' && typeof entry !== 'number' && typeof entry !== 'boolean') return false;
		const tag = String(entry).trim();
		if (tag !== '') tags.push(tag);
		return true;
	};
	if (!collect(value, 0)) return null;
	return tags.length > 0 ? tags : undefined;
}
