import type { IDataObject } from 'n8n-workflow';

/**
 * Simplify: the few fields of an inventory a person or a model acts on, instead of all of it (a model
 * service's readme, yaml and every binding grow its inventory without bound). Fields ZStack did not send
 * are left out, never invented. One function per kind of inventory, so that tool mode can apply the same.
 */

/** The fields each simplified inventory keeps, as the Simplify parameter's description names them. */
export const SIMPLIFIED_FIELDS = {
	model: ['uuid', 'name', 'type', 'vendor', 'version', 'modelCenterUuid'],
	modelService: ['uuid', 'name', 'status', 'type', 'framework', 'modelUuids'],
	instanceGroup: ['uuid', 'name', 'status', 'modelServiceUuid', 'modelUuid', 'instances'],
	modelCenter: ['uuid', 'name', 'status', 'url', 'managementIp', 'managementPort'],
} as const;

export type InventoryKind = keyof typeof SIMPLIFIED_FIELDS;

/** The fields of an instance group's instances that Simplify keeps: where each serves and how it is. */
export const SIMPLIFIED_INSTANCE_FIELDS = ['uuid', 'status', 'url'] as const;

/** A JSON object (not a list, not null), as ZStack's inventories are. */
export const isObject = (value: unknown): value is IDataObject =>
	value !== null && typeof value === 'object' && !Array.isArray(value);

function pick(inventory: IDataObject, fields: readonly string[]): IDataObject {
	const picked: IDataObject = {};
	for (const field of fields) if (inventory[field] !== undefined) picked[field] = inventory[field];
	return picked;
}

export function simplifyModel(inventory: IDataObject): IDataObject {
	return pick(inventory, SIMPLIFIED_FIELDS.model);
}

/** The bound models' UUIDs come from the inventory's `modelServiceRefs`. */
export function simplifyModelService(inventory: IDataObject): IDataObject {
	const refs = inventory.modelServiceRefs;
	if (!Array.isArray(refs)) return pick(inventory, SIMPLIFIED_FIELDS.modelService);
	const modelUuids = refs.flatMap((ref) => (isObject(ref) && typeof ref.modelUuid === 'string' ? [ref.modelUuid] : []));
	return pick({ ...inventory, modelUuids }, SIMPLIFIED_FIELDS.modelService);
}

export function simplifyInstanceGroup(inventory: IDataObject): IDataObject {
	const simplified = pick(inventory, SIMPLIFIED_FIELDS.instanceGroup);
	if (Array.isArray(inventory.instances)) {
		simplified.instances = inventory.instances.filter(isObject).map((instance) => pick(instance, SIMPLIFIED_INSTANCE_FIELDS));
	}
	return simplified;
}

export function simplifyModelCenter(inventory: IDataObject): IDataObject {
	return pick(inventory, SIMPLIFIED_FIELDS.modelCenter);
}

export const SIMPLIFIERS: Record<InventoryKind, (inventory: IDataObject) => IDataObject> = {
	model: simplifyModel,
	modelService: simplifyModelService,
	instanceGroup: simplifyInstanceGroup,
	modelCenter: simplifyModelCenter,
};
