import type { IDataObject, IExecuteFunctions, INodeProperties, JsonObject } from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { callOptionsCollection, deployOptionsCollection, queryOptionsCollection } from '../descriptions/callOptions.description';
import {
	deleteModeProperty,
	fieldProperty,
	optionalFieldsProperty,
	simplifyProperties,
	targetProperty,
} from '../descriptions/fields.description';
import { getManyProperties } from '../descriptions/getMany.description';
import { isObject, SIMPLIFIERS, type InventoryKind } from '../helpers/simplify';
import { UUID_TARGETS } from '../helpers/uuidTargets';
import { readCallOptions, readRunningWait } from '../readers/callOptions.reader';
import { readCallFields } from '../readers/fields.reader';
import { readUuid } from '../readers/uuid.reader';
import type { ApiCall } from '../transport/client';
import { describeZStackError, explainZStackError, zstackErrorOf } from '../transport/replies';
import type { ActionDefinition, GetDefinition, GetManyDefinition, TargetUuid } from './definition';
import { getInventory, getManyInventories } from './inventoryQueries';
import type { ZStackOperation } from './operation';
import { waitUntilRunning } from './waitUntilRunning';

/** One generic execute per kind of operation: every operation of the node is a definition run by these. */

/** The UUIDs an item acts on, read and checked, by parameter name. */
function readTargets(ctx: IExecuteFunctions, itemIndex: number, uuids: readonly TargetUuid[]): Record<string, string> {
	return Object.fromEntries(uuids.map(({ name, displayName }) => [name, readUuid(ctx, name, displayName, itemIndex)]));
}

/** The path with each `{name}` replaced by that UUID (checked hex, so nothing else can enter the path). */
const fillPath = (path: string, values: Record<string, string>) => path.replace(/\{(\w+)\}/g, (_, name: string) => values[name]);

function simplified(ctx: IExecuteFunctions, itemIndex: number, kind: InventoryKind, byDefault: boolean, inventory: IDataObject): IDataObject {
	return ctx.getNodeParameter('simplify', itemIndex, byDefault) === true ? SIMPLIFIERS[kind](inventory) : inventory;
}


/** The request of an action for one item. */
function requestOf(ctx: IExecuteFunctions, itemIndex: number, definition: ActionDefinition, targets: Record<string, string>): ApiCall {
	const { method, wrapper } = definition;
	const path = fillPath(definition.path, targets);
	if (method === 'DELETE') {
		// RestServer.java ~912: a DELETE API reads its parameters from the query string.
		const deleteMode = definition.deleteMode ? (ctx.getNodeParameter('deleteMode', itemIndex, 'Permissive') as string) : undefined;
		return { method, path, ...(deleteMode ? { qs: { deleteMode } } : {}) };
	}
	const { fields, systemTags, userTags } = readCallFields(ctx, itemIndex, definition);
	for (const { name, bodyListField } of definition.uuids ?? []) if (bodyListField) fields[bodyListField] = [targets[name]];
	// As the documented examples: the wrapped fields, and both tag lists at the top level, empty when unset.
	const body: IDataObject = wrapper
		? { [wrapper]: fields, systemTags: systemTags ?? [], userTags: userTags ?? [] }
		: { ...fields, ...(systemTags ? { systemTags } : {}), ...(userTags ? { userTags } : {}) };
	return { method, path, body };
}

/** A reply's per-UUID `results` (RestartModelServiceGroups): the item fails when ZStack says one failed. */
function checkResults(ctx: IExecuteFunctions, itemIndex: number, definition: ActionDefinition, reply: IDataObject): void {
	const results = Array.isArray(reply.results) ? reply.results.filter(isObject) : [];
	const failed = results.find((result) => result.success === false);
	if (failed === undefined) return;
	const error = zstackErrorOf(failed);
	throw new NodeApiError(ctx.getNode(), (error ?? failed) as JsonObject, {
		message: `ZStack could not ${definition.option.action.toLowerCase()} ${String(failed.uuid)}${error ? `: ${describeZStackError(error)}` : ''}`,
		description: error ? explainZStackError(error) : `ZStack's result: ${JSON.stringify(failed).slice(0, 500)}`,
		itemIndex,
	});
}

export function defineAction(definition: ActionDefinition): ZStackOperation {
	const { output, method, simplifyByDefault = true } = definition;
	const uuids = definition.uuids ?? [];
	const inventoryKind = output === 'results' ? null : 'inventory' in output ? output.inventory : output.done;
	const properties: INodeProperties[] = [
		...uuids.map(targetProperty),
		...(definition.required ?? []).map((field) => fieldProperty(field, true)),
		...(definition.deleteMode ? [deleteModeProperty] : []),
		...(method === 'DELETE' ? [] : [optionalFieldsProperty(definition.optionalCollection ?? 'additionalFields', definition.optional ?? [])]),
		...(inventoryKind ? simplifyProperties(inventoryKind, simplifyByDefault) : []),
		definition.waitUntilRunning ? deployOptionsCollection : callOptionsCollection,
	];
	return {
		option: definition.option,
		properties,

		async execute(itemIndex, client) {
			const targets = readTargets(this, itemIndex, uuids);
			const options = readCallOptions(this, itemIndex);
			const running = definition.waitUntilRunning ? readRunningWait(this, itemIndex) : undefined;
			const outcome = await client.call(itemIndex, requestOf(this, itemIndex, definition, targets), options);
			if (!outcome.finished) return { jobUuid: outcome.jobUuid, location: outcome.location };
			const { reply } = outcome;

			if (output === 'results') {
				checkResults(this, itemIndex, definition, reply);
				return { success: true, ...targets };
			}
			if ('done' in output) {
				// What was done, for the next node; ZStack's inventory when it sent one.
				const done: IDataObject = { success: true, ...targets };
				if (isObject(reply.inventory) && output.done) {
					done.inventory = simplified(this, itemIndex, output.done, simplifyByDefault, reply.inventory);
				}
				return done;
			}
			const sent = reply.inventory;
			if (!isObject(sent)) {
				throw new NodeApiError(this.getNode(), reply as JsonObject, {
					message: `ZStack reported success but sent no inventory of the ${UUID_TARGETS[output.inventory].label}`,
					description: `Reply: ${JSON.stringify(reply).slice(0, 500)}`,
					itemIndex,
				});
			}
			const inventory = running?.waitUntilRunning
				? await waitUntilRunning(this, client, itemIndex, sent, { ...running, ...options })
				: sent;
			return simplified(this, itemIndex, output.inventory, simplifyByDefault, inventory);
		},
	};
}

/** Delete one resource by its UUID, with Delete Mode in the query; ZStack answers `{}` (DeleteModel.md). */
export function defineDelete(definition: Pick<ActionDefinition, 'api' | 'option' | 'path'> & { uuid: TargetUuid }): ZStackOperation {
	const { uuid, ...call } = definition;
	return defineAction({ ...call, method: 'DELETE', uuids: [uuid], deleteMode: true, output: { done: null } });
}

export function defineGet(definition: GetDefinition): ZStackOperation {
	const { uuid, inventory: kind, simplifyByDefault = true } = definition;
	return {
		option: definition.option,
		properties: [targetProperty(uuid), ...simplifyProperties(kind, simplifyByDefault), queryOptionsCollection],

		async execute(itemIndex, client) {
			const targets = readTargets(this, itemIndex, [uuid]);
			const path = fillPath(definition.path, targets);
			const label = UUID_TARGETS[uuid.target].label;
			const inventory = await getInventory(this, client, itemIndex, { path, uuid: targets[uuid.name], label });
			return simplified(this, itemIndex, kind, simplifyByDefault, inventory);
		},
	};
}

export function defineGetMany(definition: GetManyDefinition): ZStackOperation {
	const { inventory: kind, simplifyByDefault = true } = definition;
	return {
		option: definition.option,
		properties: getManyProperties(definition.plural, definition.fieldExamples, simplifyProperties(kind, simplifyByDefault)),

		async execute(itemIndex, client) {
			const inventories = await getManyInventories(this, client, itemIndex, definition.path);
			return inventories.map((inventory) => simplified(this, itemIndex, kind, simplifyByDefault, inventory));
		},
	};
}
