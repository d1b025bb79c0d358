import type { INodeProperties } from 'n8n-workflow';

import type { ApiField, TargetUuid } from '../actions/definition';
import { SIMPLIFIED_FIELDS, SIMPLIFIED_INSTANCE_FIELDS, type InventoryKind } from '../helpers/simplify';
import { UUID_TARGETS, uuidDescription } from '../helpers/uuidTargets';
import { uuidLocator } from './uuidLocator.description';

/** n8n parameters of an operation's fields, built from their definitions (actions/definition.ts). */

const LIST_HINT = 'Comma-separated, or a list from an expression.';

/** The parameter of one field: top-level when the call needs it, else an entry of a collection. */
export function fieldProperty(field: ApiField, required: boolean): INodeProperties {
	const { name, displayName, type } = field;
	const base = { displayName, name, ...(required ? { required: true } : {}) };
	switch (type.kind) {
		case 'uuid':
			return uuidLocator(name, displayName, type.target, uuidDescription(type.target, field.description), required);
		case 'uuidList': {
			const { label } = UUID_TARGETS[type.target];
			return {
				...base,
				type: 'string',
				default: '',
				description: `${field.description}. UUIDs of ${label}s, 32 hex characters each. ${LIST_HINT} ${UUID_TARGETS[type.target].whereToFind}.`,
			};
		}
		case 'stringList':
			return { ...base, type: 'string', default: '', description: `${field.description}. ${LIST_HINT}` };
		case 'json':
			return {
				...base,
				type: 'json',
				default: type.shape === 'object' ? '{}' : '[]',
				description: `${field.description}. JSON: ${type.shape === 'object' ? 'an object' : 'a list'}.`,
			};
		case 'integer':
			return { ...base, type: 'number', typeOptions: { numberPrecision: 0 }, default: field.default ?? 0, description: field.description };
		case 'boolean':
			return { ...base, type: 'boolean', default: field.default ?? false, description: field.description };
		case 'string':
			return {
				...base,
				type: 'string',
				...(type.rows ? { typeOptions: { rows: type.rows } } : {}),
				default: field.default ?? '',
				description: field.description,
			};
	}
}

/** The resource locator of a UUID an operation acts on. */
export function targetProperty(uuid: TargetUuid): INodeProperties {
	return uuidLocator(uuid.name, uuid.displayName, uuid.target, uuidDescription(uuid.target, uuid.description));
}

const TAG_FIELDS: INodeProperties[] = [
	{
		displayName: 'System Tags',
		name: 'systemTags',
		type: 'string',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add System Tag' },
		default: [],
		description: 'ZStack system tags sent with the call',
	},
	{
		displayName: 'User Tags',
		name: 'userTags',
		type: 'string',
		typeOptions: { multipleValues: true, multipleValueButtonText: 'Add User Tag' },
		default: [],
		description: 'ZStack user tags sent with the call',
	},
];

export const COLLECTION_NAMES = { additionalFields: 'Additional Fields', updateFields: 'Update Fields' } as const;

/** Additional Fields (or Update Fields): the optional fields and the tags, sorted by name as n8n lists them. */
export function optionalFieldsProperty(
	collection: keyof typeof COLLECTION_NAMES,
	fields: readonly ApiField[],
): INodeProperties {
	const options = [...fields.map((field) => fieldProperty(field, false)), ...TAG_FIELDS];
	return {
		displayName: COLLECTION_NAMES[collection],
		name: collection,
		type: 'collection',
		placeholder: 'Add Field',
		default: {},
		options: options.sort((a, b) => a.displayName.localeCompare(b.displayName)),
	};
}

export const deleteModeProperty: INodeProperties = {
	displayName: 'Delete Mode',
	name: 'deleteMode',
	type: 'options',
	options: [
		{ name: 'Permissive', value: 'Permissive', description: 'ZStack refuses the deletion while something still depends on it' },
		{ name: 'Enforcing', value: 'Enforcing', description: 'ZStack deletes it and cleans up what depends on it' },
	],
	default: 'Permissive',
	description: "ZStack's deleteMode: how strictly to delete",
};

const INVENTORY_NAMES: Record<InventoryKind, string> = {
	model: "the model's",
	modelService: "the model service's",
	instanceGroup: "the instance group's",
	modelCenter: "the model center's",
};

/** The fields a simplified inventory keeps, in words: "uuid, name and status". */
function fieldList(kind: InventoryKind): string {
	const fields: string[] = SIMPLIFIED_FIELDS[kind].map((field) =>
		field === 'instances' ? `instances (${SIMPLIFIED_INSTANCE_FIELDS.join(', ')} of each)` : field === 'modelUuids' ? 'modelUuids (the bound models)' : field,
	);
	return `${fields.slice(0, -1).join(', ')} and ${fields[fields.length - 1]}`;
}

const SIMPLIFY_ON: INodeProperties = {
	displayName: 'Simplify',
	name: 'simplify',
	type: 'boolean',
	default: true,
	description: 'Whether to output only the fields a person or a model acts on instead of the whole inventory',
};

const SIMPLIFY_OFF: INodeProperties = { ...SIMPLIFY_ON, default: false };

/**
 * The Simplify switch of an operation that outputs inventories, naming the fields it keeps. Where it is off by
 * default (to keep the output of saved workflows), it is on where the node runs as a tool: a model's context
 * pays for every field (n8n's `@tool` display option tells the tool variant of the node apart).
 */
export function simplifyProperties(kind: InventoryKind, byDefault: boolean): INodeProperties[] {
	const property: INodeProperties = {
		...(byDefault ? SIMPLIFY_ON : SIMPLIFY_OFF),
		description: `Whether to output only ${INVENTORY_NAMES[kind]} ${fieldList(kind)} instead of the whole inventory ZStack sends`,
	};
	if (byDefault) return [property];
	return [
		{ ...property, displayOptions: { show: { '@tool': [false] } } },
		{ ...property, default: true, displayOptions: { show: { '@tool': [true] } } },
	];
}
