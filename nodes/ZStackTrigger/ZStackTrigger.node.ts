import type {
	IDataObject,
	IExecuteFunctions,
	INodeExecutionData,
	INodeType,
	INodePropertyOptions,
	INodeTypeDescription,
	IPollFunctions,
} from 'n8n-workflow';
import { NodeConnectionTypes, NodeOperationError } from 'n8n-workflow';

import { queryFiltersProperty } from '../ZStack/descriptions/getMany.description';
import { optionSubtitle } from '../ZStack/helpers/subtitle';
import { readConditions, type NodeParameterSource } from '../ZStack/readers/query.reader';
import { ZStackClient } from '../ZStack/transport/client';
import { queryAll } from '../ZStack/transport/query';
import { changesBetween, type Change, mostRecentChange, type Snapshot, snapshotOf, type TriggerEvent } from './changes';

/** At most this many inventories are read per poll (the newest first); Filters narrow what is watched. */
const MAX_WATCHED = 1000;
/** Inventories of changes are read back this many uuids per query. */
const UUIDS_PER_QUERY = 100;
const REQUEST_TIMEOUT_MS = 60_000;

const MODELS = '/v1/ai/models';
const MODEL_SERVICES = '/v1/ai/model-services';

/** Where each event looks, and which fields suffice to notice it (bindings need whole model services). */
const WATCHED: Record<TriggerEvent, { path: string; fields?: string[] }> = {
	modelBoundToService: { path: MODEL_SERVICES },
	modelUnboundFromService: { path: MODEL_SERVICES },
	modelCreated: { path: MODELS, fields: ['uuid', 'createDate'] },
	modelServiceCreated: { path: MODEL_SERVICES, fields: ['uuid', 'createDate'] },
	modelServiceUpdated: { path: MODEL_SERVICES, fields: ['uuid', 'createDate', 'lastOpDate'] },
};

/** What the trigger keeps in the workflow's static data between polls. */
interface TriggerState extends IDataObject {
	/** The event and filters the snapshot was taken for: a change of either starts afresh. */
	watching?: string;
	snapshot?: Snapshot & IDataObject;
}

/** The poll context as the Get Many readers take a node's context (a trigger has one item: index 0). */
function parameterSource(ctx: IPollFunctions): NodeParameterSource {
	const getNodeParameter = (name: string, _itemIndex: number, fallback?: unknown) => ctx.getNodeParameter(name, fallback);
	return { getNode: () => ctx.getNode(), getNodeParameter: getNodeParameter as IExecuteFunctions['getNodeParameter'] };
}

/** The whole inventories of some uuids, in the order of the uuids. */
async function inventoriesOf(client: ZStackClient, path: string, uuids: string[]): Promise<Map<string, IDataObject>> {
	const found = new Map<string, IDataObject>();
	for (let start = 0; start < uuids.length; start += UUIDS_PER_QUERY) {
		const chunk = uuids.slice(start, start + UUIDS_PER_QUERY);
		const inventories = await queryAll(client, 0, path, { conditions: [`uuid?=${chunk.join(',')}`], max: chunk.length }, REQUEST_TIMEOUT_MS);
		for (const inventory of inventories) found.set(String(inventory.uuid), inventory);
	}
	return found;
}

/** The Event options, also named by the canvas subtitle. */
const EVENTS: INodePropertyOptions[] = [
	{ name: 'Model Bound To Service', value: 'modelBoundToService', description: 'A model was bound to a model service' },
	{ name: 'Model Created', value: 'modelCreated', description: 'A model was added' },
	{ name: 'Model Service Created', value: 'modelServiceCreated', description: 'A model service was added' },
	{ name: 'Model Service Updated', value: 'modelServiceUpdated', description: "A model service's last operation date changed" },
	{ name: 'Model Unbound From Service', value: 'modelUnboundFromService', description: 'A model was unbound from a model service' },
];

export class ZStackTrigger implements INodeType {
	description: INodeTypeDescription = {
		displayName: 'ZStack Trigger',
		name: 'zStackTrigger',
		icon: { light: 'file:../ZStack/zstack.svg', dark: 'file:../ZStack/zstack.dark.svg' },
		group: ['trigger'],
		version: 1,
		subtitle: optionSubtitle('event', EVENTS),
		description: 'Starts the workflow when ZStack models, model services or their bindings change',
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
				options: EVENTS,
				default: 'modelBoundToService',
			},
			queryFiltersProperty(
				'ZStack query conditions on what is watched (models for Model Created, model services otherwise): only changes of inventories that meet all of them start the workflow',
				'name, vendor, modelServiceRefs.modelUuid',
			),
		],
	};

	async poll(this: IPollFunctions): Promise<INodeExecutionData[][] | null> {
		const event = this.getNodeParameter('event') as TriggerEvent;
		if (!Object.hasOwn(WATCHED, event)) throw new NodeOperationError(this.getNode(), `Unknown event ${JSON.stringify(event)}`);
		const conditions = readConditions(parameterSource(this), 0);
		const { path, fields } = WATCHED[event];

		const client = await ZStackClient.connect(this);
		const read = await queryAll(client, 0, path, { conditions, sort: '-createDate', max: MAX_WATCHED, fields }, REQUEST_TIMEOUT_MS);

		let changes: Change[];
		if (this.getMode() === 'manual') {
			// A test run shows the most recent matching item and leaves what the active workflow has seen alone.
			const recent = mostRecentChange(event, read);
			changes = recent ? [recent] : [];
		} else {
			const state = this.getWorkflowStaticData('node') as TriggerState;
			const watching = JSON.stringify([event, conditions]);
			const current = snapshotOf(event, read);
			// The first poll (or one after the event or filters changed) only learns what exists.
			changes = state.watching === watching && state.snapshot ? changesBetween(event, state.snapshot, current) : [];
			if (state.watching !== watching) state.watching = watching;
			if (JSON.stringify(state.snapshot) !== JSON.stringify(current)) state.snapshot = current as TriggerState['snapshot'];
		}
		if (changes.length === 0) return null;

		const whole = fields === undefined ? new Map(read.map((inventory) => [String(inventory.uuid), inventory])) : undefined;
		const inventories = whole ?? (await inventoriesOf(client, path, [...new Set(changes.map((change) => change.uuid))]));
		const items = changes
			// An inventory deleted between the two reads has nothing left to show.
			.filter((change) => inventories.has(change.uuid))
			.map((change) => ({ event, ...change.fields, inventory: inventories.get(change.uuid) as IDataObject }));
		return items.length > 0 ? [this.helpers.returnJsonArray(items)] : null;
	}
}
