import type { IDataObject } from 'n8n-workflow';

const ZSTACK_UUID = /^[0-9a-f]{32}$/i;
const DASHED_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Pattern for resource-locator `id` modes: the 32-hex ZStack form, or the dashed form. */
export const UUID_INPUT_REGEX =
	'^\\s*([0-9a-fA-F]{32}|[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})\\s*$';

/** Whether a value is a UUID in ZStack's form (32 hex digits), as ZStack's replies carry them. */
export const isZStackUuid = (value: unknown): value is string => typeof value === 'string' && ZSTACK_UUID.test(value);

/**
 * The UUID an inventory stands for: its own, or — for an instance group, whose documented example reply has none at
 * the top (QueryModelServiceInstanceGroup.md) — the one its instances all name as their group (`modelServiceGroupUuid`).
 */
export function inventoryUuidOf(inventory: IDataObject): string | undefined {
	if (isZStackUuid(inventory.uuid)) return inventory.uuid;
	if (!Array.isArray(inventory.instances)) return undefined;
	const named = new Set((inventory.instances as unknown[]).map((instance) => (instance as IDataObject | null)?.modelServiceGroupUuid));
	const [only] = named;
	return named.size === 1 && isZStackUuid(only) ? only : undefined;
}

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
