import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { boundedValue, isZStackUuid } from './changes';

/**
 * The events the ZStack Trigger reports: where each looks, what it compares, and how its items name what
 * changed. One entry per event; changes.ts applies the same rule to all of them.
 */

export type TriggerEvent =
	| 'modelBoundToService'
	| 'modelUnboundFromService'
	| 'modelCreated'
	| 'modelDeleted'
	| 'modelServiceCreated'
	| 'modelServiceUpdated'
	| 'modelServiceDeployed'
	| 'instanceGroupStatusChanged';

export interface WatchedEvent {
	option: INodePropertyOptions & { value: TriggerEvent };
	/** The query API read each poll (newest first). */
	path: string;
	/** Only these fields are read; undefined: whole inventories (output as they are, no second read). */
	fields?: string[];
	/** Whether items come and go, a value of theirs changes, or their bound models do. */
	compares: 'presence' | 'value' | 'bindings';
	reports: 'new' | 'gone' | 'changed' | 'bound' | 'unbound';
	/** The ZStack UUID an inventory is followed by; undefined: not followed. */
	uuidOf(inventory: IDataObject): string | undefined;
	/** The compared value as remembered (bounded); undefined when the reply does not show it. */
	valueOf(inventory: IDataObject): string | undefined;
	/** The output fields naming the item. */
	identify(uuid: string, inventory: IDataObject): IDataObject;
	/** For a changed value: the output fields saying from what to what. */
	changeOf(previous: string | undefined, inventory: IDataObject): IDataObject;
}

const MODELS = '/v1/ai/models';
const MODEL_SERVICES = '/v1/ai/model-services';
/**
 * QueryModelServiceInstanceGroup: the list path ends with a slash in ZStack's developer guide and its Go SDK
 * (shared/reference/aios-api/QueryModelServiceInstanceGroup.md); RestServer matches paths with Spring's
 * AntPathMatcher (~624), which tells `/groups/` and `/groups` apart, so the documented form is sent.
 */
export const INSTANCE_GROUPS = '/v1/ai/model-services/instances/groups/';

const ownUuid = (inventory: IDataObject) => (isZStackUuid(inventory.uuid) ? inventory.uuid : undefined);

/**
 * An instance group's uuid. The documented example reply has none at the top; its instances name their group
 * (`modelServiceGroupUuid`), which is then the group's uuid when they all agree.
 */
function instanceGroupUuid(inventory: IDataObject): string | undefined {
	const own = ownUuid(inventory);
	if (own !== undefined || !Array.isArray(inventory.instances)) return own;
	const named = new Set((inventory.instances as unknown[]).map((instance) => (instance as IDataObject | null)?.modelServiceGroupUuid));
	const [only] = named;
	return named.size === 1 && isZStackUuid(only) ? only : undefined;
}

const stringField = (inventory: IDataObject, field: string) => (typeof inventory[field] === 'string' ? (inventory[field] as string) : undefined);

/** Presence only: nothing is compared. */
const present = () => '';
const nothingChanged = () => ({});
const named = (key: string) => (uuid: string) => ({ [key]: uuid });
const groupNamed = (uuid: string, inventory: IDataObject) => ({ instanceGroupUuid: uuid, modelServiceUuid: stringField(inventory, 'modelServiceUuid') });

/** A value compared between polls, and reported as `previous<Field>` and `<field>`. */
function comparedField(field: string): Pick<WatchedEvent, 'valueOf' | 'changeOf'> {
	const previousKey = `previous${field[0].toUpperCase()}${field.slice(1)}`;
	return {
		valueOf: (inventory) => {
			const value = stringField(inventory, field);
			return value === undefined ? undefined : boundedValue(value);
		},
		changeOf: (previous, inventory) => ({ ...(previous !== undefined ? { [previousKey]: previous } : {}), [field]: stringField(inventory, field) }),
	};
}

const bindings: Omit<WatchedEvent, 'option' | 'reports'> = {
	path: MODEL_SERVICES,
	compares: 'bindings',
	uuidOf: ownUuid,
	valueOf: present,
	identify: named('modelServiceUuid'),
	changeOf: nothingChanged,
};

const modelsPresence: Omit<WatchedEvent, 'option' | 'reports'> = {
	path: MODELS,
	fields: ['uuid', 'createDate'],
	compares: 'presence',
	uuidOf: ownUuid,
	valueOf: present,
	identify: named('modelUuid'),
	changeOf: nothingChanged,
};

export const WATCHED: Record<TriggerEvent, WatchedEvent> = {
	instanceGroupStatusChanged: {
		option: {
			name: 'Instance Group Status Changed',
			value: 'instanceGroupStatusChanged',
			description: "A model service instance group's status changed (e.g. to Running, or to a failed state)",
		},
		path: INSTANCE_GROUPS,
		compares: 'value',
		reports: 'changed',
		uuidOf: instanceGroupUuid,
		identify: groupNamed,
		...comparedField('status'),
	},
	modelBoundToService: {
		option: { name: 'Model Bound To Service', value: 'modelBoundToService', description: 'A model was bound to a model service' },
		reports: 'bound',
		...bindings,
	},
	modelCreated: {
		option: { name: 'Model Created', value: 'modelCreated', description: 'A model was added' },
		reports: 'new',
		...modelsPresence,
	},
	modelDeleted: {
		option: { name: 'Model Deleted', value: 'modelDeleted', description: 'A model was deleted (seen missing twice, then looked up)' },
		reports: 'gone',
		...modelsPresence,
	},
	modelServiceCreated: {
		option: { name: 'Model Service Created', value: 'modelServiceCreated', description: 'A model service was added' },
		path: MODEL_SERVICES,
		fields: ['uuid', 'createDate'],
		compares: 'presence',
		reports: 'new',
		uuidOf: ownUuid,
		valueOf: present,
		identify: named('modelServiceUuid'),
		changeOf: nothingChanged,
	},
	modelServiceDeployed: {
		option: {
			name: 'Model Service Deployed',
			value: 'modelServiceDeployed',
			description: 'A model service was deployed: a new instance group appeared for it',
		},
		path: INSTANCE_GROUPS,
		compares: 'presence',
		reports: 'new',
		uuidOf: instanceGroupUuid,
		valueOf: present,
		identify: groupNamed,
		changeOf: nothingChanged,
	},
	modelServiceUpdated: {
		option: { name: 'Model Service Updated', value: 'modelServiceUpdated', description: "A model service's last operation date changed" },
		path: MODEL_SERVICES,
		fields: ['uuid', 'createDate', 'lastOpDate'],
		compares: 'value',
		reports: 'changed',
		uuidOf: ownUuid,
		identify: named('modelServiceUuid'),
		...comparedField('lastOpDate'),
	},
	modelUnboundFromService: {
		option: { name: 'Model Unbound From Service', value: 'modelUnboundFromService', description: 'A model was unbound from a model service' },
		reports: 'unbound',
		...bindings,
	},
};
