const ZSTACK_UUID = /^[0-9a-f]{32}$/i;
const DASHED_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Pattern for resource-locator `id` modes: the 32-hex ZStack form, or the dashed form. */
export const UUID_INPUT_REGEX =
	'^\\s*([0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\\s*$';

/** Whether a value is a UUID in ZStack's form (32 hex digits), as ZStack's replies carry them. */
export const isZStackUuid = (value: unknown): value is string => typeof value === 'string' && ZSTACK_UUID.test(value);

/**
 * ZStack's form of a UUID (32 lowercase hex, no dashes) or undefined when the value is not a UUID.
 * Rejecting anything else keeps path segments such as `../x` or `a/b` out of request URLs.
 */
export function toZStackUuid(value: unknown): string | undefined {
	if (typeof value !== 'string') return undefined;
	const trimmed = value.trim();
	if (ZSTACK_UUID.test(trimmed)) return trimmed.toLowerCase();
	if (DASHED_UUID.test(trimmed)) return trimmed.replace(/-/g, '').toLowerCase();
	return undefined;
}
