import type { IDataObject, INodePropertyOptions } from 'n8n-workflow';

import { inventoryUuidOf, isZStackUuid } from '../ZStack/helpers/uuid';
import { UUID_TARGETS } from '../ZStack/helpers/uuidTargets';
import { boundedValue } from './changes';

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
	/**
	 * A value compared: whether an item created since the last poll is a change from no value to its first, so
	 * that what happened between two polls (a deployment that came up) is still reported.
	 */
	newIsChange?: boolean;
	/** The ZStack UUID an inventory is followed by; undefined: not followed. */
	uuidOf(inventory: IDataObject): string | undefined;
	/** The compared value as remembered (bounded); undefined when the reply does not show it. */
	valueOf(inventory: IDataObject): string | undefined;
	/** The output fields naming the item. */
	identify(uuid: string, inventory: IDataObject): IDataObject;
	/** For a changed value: the output fields saying from what to what. */
	changeOf(previous: string | undefined, inventory: IDataObject): IDataObject;
}

const MODELS = UUID_TARGETS.model.queryPath;
const MODEL_SERVICES = UUID_TARGETS.modelService.queryPath;
const INSTANCE_GROUPS = UUID_TARGETS.instanceGroup.queryPath;

const ownUuid = (inventory: IDataObject) => (isZStackUuid(inventory.uuid) ? inventory.uuid : undefined);

const stringField = (inventory: IDataObject, field: string) => (typeof inventory[field] === 'string' ? (inventory[field] as string) : undefined);

/** Presence only: nothing is compared. */
const present = () => '';
const nothingChanged = () => ({});
const named = (key: string) => (uuid: string) => ({ [key]: uuid });
const groupNamed = (uuid: string, inventory: IDataObject) => ({ instanceGroupUuid: uuid, modelServiceUuid: stringField(inventory, 'modelServiceUuid') });

type Watch = Omit<WatchedEvent, 'option' | 'reports'>;
type Where = Pick<WatchedEvent, 'path' | 'fields' | 'uuidOf' | 'identify'>;

const MODELS_READ: Where = { path: MODELS, fields: ['uuid', 'createDate'], uuidOf: ownUuid, identify: named('modelUuid') };
const INSTANCE_GROUPS_READ: Where = { path: INSTANCE_GROUPS, uuidOf: inventoryUuidOf, identify: groupNamed };
const servicesRead = (fields?: string[]): Where => ({ path: MODEL_SERVICES, fields, uuidOf: ownUuid, identify: named('modelServiceUuid') });

/** Items coming and going. */
const presenceIn = (where: Where): Watch => ({ ...where, compares: 'presence', valueOf: present, changeOf: nothingChanged });

/** A value compared between polls, and reported as `previous<Field>` and `<field>`. */
function changesOf(field: string, where: Where): Watch {
	const previousKey = `previous${field[0].toUpperCase()}${field.slice(1)}`;
	return {
		...where,
		compares: 'value',
		valueOf: (inventory) => {
			const value = stringField(inventory, field);
			return value === undefined ? undefined : boundedValue(value);
		},
		changeOf: (previous, inventory) => ({ ...(previous !== undefined ? { [previousKey]: previous } : {}), [field]: stringField(inventory, field) }),
	};
}

/** Model services' bound models (whole inventories: `modelServiceRefs` is compared). */
const BINDINGS: Watch = { ...servicesRead(), compares: 'bindings', valueOf: present, changeOf: nothingChanged };

const watched = (name: string, value: TriggerEvent, description: string, reports: WatchedEvent['reports'], watch: Watch): WatchedEvent => ({
	option: { name, value, description },
	reports,
	...watch,
});

export const WATCHED: Record<TriggerEvent, WatchedEvent> = {
	instanceGroupStatusChanged: watched(
		'Instance Group Status Changed',
		'instanceGroupStatusChanged',
		"A model service instance group's status changed (e.g. to Running, or to a failed state); a group deployed since the last poll counts from its first status",
		'changed',
		{ ...changesOf('status', INSTANCE_GROUPS_READ), newIsChange: true },
	),
	modelBoundToService: watched('Model Bound To Service', 'modelBoundToService', 'A model was bound to a model service', 'bound', BINDINGS),
	modelCreated: watched('Model Created', 'modelCreated', 'A model was added', 'new', presenceIn(MODELS_READ)),
	modelDeleted: watched('Model Deleted', 'modelDeleted', 'A model was deleted (seen missing twice, then looked up)', 'gone', presenceIn(MODELS_READ)),
	modelServiceCreated: watched('Model Service Created', 'modelServiceCreated', 'A model service was added', 'new', presenceIn(servicesRead(['uuid', 'createDate']))),
	modelServiceDeployed: watched(
		'Model Service Deployed',
		'modelServiceDeployed',
		'A model service was deployed: a new instance group appeared for it',
		'new',
		presenceIn(INSTANCE_GROUPS_READ),
	),
	modelServiceUpdated: watched(
		'Model Service Updated',
		'modelServiceUpdated',
		"A model service's last operation date changed",
		'changed',
		changesOf('lastOpDate', servicesRead(['uuid', 'createDate', 'lastOpDate'])),
	),
	modelUnboundFromService: watched('Model Unbound From Service', 'modelUnboundFromService', 'A model was unbound from a model service', 'unbound', BINDINGS),
};
