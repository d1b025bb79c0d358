import { createHash } from 'crypto';

import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { queryFiltersProperty } from '../ZStack/descriptions/getMany.description';
import { readConditions, type NodeParameterSource } from '../ZStack/readers/query.reader';
import { ZStackClient } from '../ZStack/transport/client';
import { queryAll } from '../ZStack/transport/query';
import { type Change, compare, mostRecentChange, type WatchState } from './changes';
import { type TriggerEvent, WATCHED } from './events';
import { readWatched } from './watchRead';

/** Inventories of changes are read back this many uuids per query. */
const UUIDS_PER_QUERY = 100;
const REQUEST_TIMEOUT_MS = 60_000;
/** Part of what is watched: a state remembered under another rule is not compared, it starts afresh. */
const STATE_VERSION = 2;

/** What the trigger keeps in the workflow's static data between polls. */
interface TriggerState extends IDataObject {
	/** A digest of the event and filters the state was learned for: a change of either starts afresh. */
	watching?: string;
	watch?: WatchState;
}

/** The poll context as the Get Many readers take a node's context (a trigger has one item: index 0). */
function parameterSource(ctx: IPollFunctions): NodeParameterSource {
	const getNodeParameter = (name: string, _itemIndex: number, fallback?: unknown) => ctx.getNodeParameter(name, fallback);
	return { getNode: () => ctx.getNode(), getNodeParameter: getNodeParameter as IExecuteFunctions['getNodeParameter'] };
}

/** The inventories (or only the `fields`) of some uuids, by uuid. */
async function inventoriesOf(client: ZStackClient, path: string, uuids: string[], fields?: string[]): Promise<Map<string, IDataObject>> {
	const found = new Map<string, IDataObject>();
	for (let start = 0; start < uuids.length; start += UUIDS_PER_QUERY) {
		const chunk = uuids.slice(start, start + UUIDS_PER_QUERY);
		const inventories = await queryAll(client, 0, path, { conditions: [`uuid?=${chunk.join(',')}`], max: chunk.length, fields }, REQUEST_TIMEOUT_MS);
		for (const inventory of inventories) found.set(String(inventory.uuid), inventory);
	}
	return found;
}

/** The statuses Instance Group Status Changed reports, upper-cased; empty: every status. */
function wantedStatuses(ctx: IPollFunctions): Set<string> {
	const value = ctx.getNodeParameter('toStatuses', '') as unknown;
	if (typeof value !== 'string') throw new NodeOperationError(ctx.getNode(), 'To Statuses must be text, e.g. Running, Error');
	return new Set(value.split(',').map((status) => status.trim().toUpperCase()).filter((status) => status !== ''));
}

export class ZStackTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ZStack Trigger',
		name: 'zStackTrigger',
		icon: { light: 'file:../ZStack/zstack.svg', dark: 'file:../ZStack/zstack.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: '={{$parameter["event"]}}',
		description: 'Starts the workflow when ZStack models, model services, their bindings or their deployments change',
		defaults: { name: 'ZStack Trigger' },
		credentials: [{ name: 'zStackApi', required: true }],
		polling: true,
		inputs: [],
		outputs: [NodeConnectionTypes.Main],
		properties: [
			{
				displayName: 'Event',
				name: 'event',
				type: 'options',
				noDataExpression: true,
				options: Object.values(WATCHED)
					.map((watched) => watched.option)
					.sort((a, b) => a.name.localeCompare(b.name)),
				default: 'modelBoundToService',
			},
			{
				displayName: 'To Statuses',
				name: 'toStatuses',
				type: 'string',
				default: '',
				placeholder: 'e.g. Running, Error',
				displayOptions: { show: { event: ['instanceGroupStatusChanged'] } },
				description:
					"Only changes to these statuses, comma-separated (letter case ignored); empty: every change. ZStack's documentation shows Deploying and Running; a failed deployment is reported under another status (e.g. Error).",
			},
			queryFiltersProperty(
				'ZStack query conditions on what is watched (models for the model events, instance groups for the instance group events, model services otherwise): only changes of inventories that meet all of them start the workflow',
				'name, vendor, modelServiceRefs.modelUuid, modelServiceUuid',
			),
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as TriggerEvent;
		if (!Object.hasOwn(WATCHED, event)) throw new NodeOperationError(this.getNode(), `Unknown event ${JSON.stringify(event)}`);
		const watched = WATCHED[event];
		const conditions = readConditions(parameterSource(this), 0);
		const statuses = event === 'instanceGroupStatusChanged' ? wantedStatuses(this) : new Set<string>();

		const client = await ZStackClient.connect(this);
		const { path, fields, uuidOf } = watched;
		const read = await readWatched(client, path, { conditions, fields, uuidOf }, REQUEST_TIMEOUT_MS);

		let changes: Change[];
		if (this.getMode() === 'manual') {
			// A test run shows the most recent matching item and leaves what the active workflow has seen alone.
			const recent = mostRecentChange(watched, read.inventories);
			changes = recent ? [recent] : [];
		} else {
			const state = this.getWorkflowStaticData('node') as TriggerState;
			const watching = createHash('sha256').update(JSON.stringify([STATE_VERSION, event, conditions])).digest('base64url');
			let compared: ReturnType<typeof compare>;
			try {
				compared = compare(watched, state.watching === watching ? state.watch : undefined, read);
			} catch (error) {
				// A reply beyond what the trigger follows (BeyondTriggerLimitError): its message says what to narrow.
				throw new NodeOperationError(this.getNode(), error as Error);
			}
			changes = compared.changes;
			if (watched.reports === 'gone' && compared.vanished.length > 0) {
				// Missing twice from the watched list; deleted only if ZStack no longer knows it at all.
				const stillThere = await inventoriesOf(client, path, compared.vanished, ['uuid']);
				changes = compared.vanished.filter((uuid) => !stillThere.has(uuid)).map((uuid) => ({ uuid, fields: watched.identify(uuid, {}) }));
			}
			if (state.watching !== watching) state.watching = watching;
			if (JSON.stringify(state.watch) !== JSON.stringify(compared.state)) state.watch = compared.state;
			// What version 1 kept (a snapshot of fields) is not kept any more.
			if (state.snapshot !== undefined) delete state.snapshot;
		}
		if (statuses.size > 0) changes = changes.filter((change) => statuses.has(String(change.fields.status).toUpperCase()));
		if (changes.length === 0) return null;

		let items: IDataObject[];
		if (watched.reports === 'gone') {
			// A deleted inventory has nothing left to show but its uuid.
			items = changes.map((change) => ({ event, ...change.fields }));
		} else {
			const whole = fields === undefined ? new Map(read.inventories.map((inventory) => [uuidOf(inventory), inventory])) : undefined;
			const inventories = whole ?? (await inventoriesOf(client, path, [...new Set(changes.map((change) => change.uuid))]));
			items = changes
				// An inventory deleted between the two reads has nothing left to show.
				.filter((change) => inventories.has(change.uuid))
				.map((change) => ({ event, ...change.fields, inventory: inventories.get(change.uuid) as IDataObject }));
		}
		return items.length > 0 ? [this.helpers.returnJsonArray(items)] : null;
	}
}
