// @ts-check
'use strict';

/**
 * The AIOS inference lifecycle beyond bind and unbind — models, model services, their deployments (instance
 * groups) and model centers, plus the queries the node's pickers make — routed as ZStack's RestServer routes
 * them (shared/reference/zstack-source/RestServer.java):
 *
 * - a PUT is an action: its body key is the API class name without `API`/`Msg`, first letter lower-cased
 *   (~445–449). Where other APIs share the path (RestServer keys its API map by path alone, ~1386–1404, so a GET
 *   on the same path counts) a body without that key is a 400 (handleNonUniqueApi ~773–781); on a path of its own
 *   the message is built without fields (handleUniqueApi ~1199, handleApi ~939–945);
 * - a POST reads `body.get(parameterName)` (~939), `params` unless the API changes it (only POST may, ~1349–1356);
 * - a DELETE takes its fields from the query string, never from the body (~909–932);
 * - a GET is a query (~1079–1190, query.js).
 * The message is then validated as ZStack's API mediator does (zstackio/zstack portal ApiMessageProcessorImpl
 * apiParamValidation): a missing required field or a value outside validValues is SYS.1007, a uuid naming no
 * resource SYS.1003, except for a delete, which succeeds (successIfResourceNotExisting). The AI module is closed
 * source: its message classes (`org.zstack.ai.message.API…Msg`), VO names and which fields name resources are
 * assumed from ZStack's conventions; required fields and wrappers come from shared/reference/aios-api/ and
 * zstack-sdk-go-v2's `validate:"required"` tags.
 *
 * Instance groups come up: DeployModelService creates one `Deploying` (QueryModelServiceInstanceGroup DG page), and
 * RestartModelServiceGroups takes one through `Starting` (assumed: the reference names no restart status); either
 * becomes `Running` (DG) after `instanceGroupStartMs`, or `Error` under the fault `instanceGroupFails` (assumed: the
 * reference documents no failed status and no reason field; `Error` is ZStack's usual failed state).
 */

const { classCastMessage } = require('./java-cast');
const { formatZStackDate, instanceGroupInventory } = require('./seed');

/** Every AIOS API this module serves (names as in the reference, for faults and job records). */
const AIOS_APIS = /** @type {const} */ ([
	'AddModel',
	'UpdateModel',
	'DeleteModel',
	'AddModelService',
	'UpdateModelService',
	'DeployModelService',
	'CloneModelService',
	'DeleteModelService',
	'QueryModelServiceInstanceGroup',
	'UpdateModelServiceInstanceGroup',
	'RestartModelServiceGroups',
	'DeleteModelServiceInstanceGroup',
	'AddModelCenter',
	'UpdateModelCenter',
	'QueryModelCenter',
	'QueryZone',
	'QueryCluster',
	'QueryImage',
	'QueryL3Network',
	'QueryPrimaryStorage',
]);

/** Faults this module acts on: the instance groups a Deploy or Restart starts end in `Error`. */
const INSTANCE_GROUP_FAULTS = /** @type {const} */ (['instanceGroupFails']);

const RUNNING = 'Running';
const FAILED = 'Error';
const DEPLOYING = 'Deploying';
const RESTARTING = 'Starting';

/**
 * @typedef {typeof AIOS_APIS[number]} AiosApiName
 * @typedef {{ status: number, json?: unknown, text?: string, schema?: Record<string, string>, schemaAlways?: boolean }} Reply
 * @typedef {{ params: string[], body: Record<string, unknown>, query: URLSearchParams, fault?: { kind: string } }} HandlerInput
 * @typedef {{ className: string, lists: Record<string, string> }} InventoryClass
 * @typedef {Record<string, unknown>} Message
 * @typedef {{ handle: (input: HandlerInput) => Reply, refuseBody?: (body: Record<string, unknown>) => Reply | null }} Handler
 * @typedef {Handler & { api: AiosApiName }} Action
 * @typedef {Action & { method: string, path: RegExp, needsCredentials: true, sync: boolean }} SingleRoute
 * @typedef {{ method: 'PUT', path: RegExp, needsCredentials: true, sync: false, actions: Record<string, Action> }} ActionRoute
 * @typedef {{ uuid: string, name: string, lastOpDate: string, [field: string]: unknown }} Resource
 * @typedef {'models' | 'modelServices' | 'modelCenters' | 'instanceGroups' | 'zones' | 'clusters' | 'images' | 'l3Networks' | 'primaryStorages'} Table
 * @typedef {{ kind: 'create', parameterName: string } | { kind: 'action' } | { kind: 'delete' }} Placement
 * @typedef {{ required?: string[], references?: Record<string, Table> }} Checks
 */

/**
 * The simulator's pieces this module uses (index.js hands them over, so that neither file requires the other).
 * @typedef {{
 *   options: { instanceGroupStartMs: number },
 *   state: Record<Table, Resource[]> & {
 *     bindings: { uuid: string, modelUuid: string, modelServiceUuid: string, systemTags: string[], userTags: string[] }[],
 *     instanceGroupChanges: Map<string, { status: string, at: number }>,
 *   },
 *   query: (inventories: Record<string, unknown>[], type: InventoryClass, input: HandlerInput) => Reply,
 *   inventoryReply: (inventory: Record<string, unknown>, type: InventoryClass) => Reply,
 *   renderModelService: (uuid: string) => Record<string, unknown> | undefined,
 * }} SimulatorPart
 * @typedef {{
 *   jsonReply: (status: number, json: unknown) => Reply,
 *   errorReply: (spec: { code?: string, description?: string, details?: string | null }) => Reply,
 *   newUuid: () => string,
 *   inventoryClasses: { model: InventoryClass, modelService: InventoryClass },
 * }} Helpers
 */

/** Class names for `schema`: ZStack's own for the infrastructure, assumed for the closed-source AI module. */
const INVENTORY_CLASSES = {
	modelCenter: { className: 'org.zstack.ai.entity.ModelCenterInventory', lists: {} },
	instanceGroup: {
		className: 'org.zstack.ai.entity.ModelServiceInstanceGroupInventory',
		lists: { instances: 'org.zstack.ai.entity.ModelServiceInstanceInventory' },
	},
	zone: { className: 'org.zstack.header.zone.ZoneInventory', lists: {} },
	cluster: { className: 'org.zstack.header.cluster.ClusterInventory', lists: {} },
	image: { className: 'org.zstack.header.image.ImageInventory', lists: {} },
	l3Network: { className: 'org.zstack.header.network.l3.L3NetworkInventory', lists: {} },
	primaryStorage: { className: 'org.zstack.header.storage.primary.PrimaryStorageInventory', lists: {} },
};

/** The VO class a missing uuid is reported against (ApiMessageProcessorImpl: `type:<VO simple name>`). */
const VO_NAMES = /** @type {Record<Table, string>} */ ({
	models: 'ModelVO',
	modelServices: 'ModelServiceVO',
	modelCenters: 'ModelCenterVO',
	instanceGroups: 'ModelServiceInstanceGroupVO',
	zones: 'ZoneVO',
	clusters: 'ClusterVO',
	images: 'ImageVO',
	l3Networks: 'L3NetworkVO',
	primaryStorages: 'PrimaryStorageVO',
});

/** APIDeleteMessage's deleteMode (DeleteModel DG page: Permissive, the default, or Enforcing). */
const DELETE_MODES = ['Permissive', 'Enforcing'];

/** RestServer.java ~445–449: the action name of a PUT API. */
const actionNameOf = (/** @type {string} */ api) => api[0].toLowerCase() + api.slice(1);

/** @param {unknown} value */
const isPresent = (value) => value !== undefined && value !== null;

/**
 * What RestServer reads from a POST or PUT body: `body.get(parameterName)`, the action name for an action (~939).
 * @param {Placement} placement
 * @param {Record<string, unknown>} body
 * @param {string} api
 */
const bodyFieldsOf = (placement, body, api) => body[placement.kind === 'create' ? placement.parameterName : actionNameOf(api)];

/**
 * The fields of `message` that are set: ZStack's Gson leaves null fields out of a reply, so an unset field is absent.
 * @param {Message} message
 * @param {string[]} fields
 */
function pick(message, fields) {
	return Object.fromEntries(fields.filter((field) => isPresent(message[field])).map((field) => [field, message[field]]));
}

/** Fields a model takes from AddModel (AddModel DG/EX) and UpdateModel (UpdateModel DG). */
const MODEL_FIELDS = [
	'name',
	'description',
	'installPath',
	'parameters',
	'modelCenterUuid',
	'logo',
	'vendor',
	'introduction',
	'size',
	'version',
	'modelId',
	'modelClassifications',
	'recommendedGpuNum',
	'gpuConstraintDescription',
	'defaultModelServiceUuid',
];
/** Fields a model service takes from AddModelService (EX), UpdateModelService (EX) and CloneModelService (EX). */
const MODEL_SERVICE_FIELDS = [
	'name',
	'description',
	'readme',
	'yaml',
	'requestCpu',
	'requestMemory',
	'modelCenterUuid',
	'gpuComputeCapability',
	'installPath',
	'system',
	'startCommand',
	'pythonVersion',
	'condaVersion',
	'type',
	'framework',
	'source',
	'size',
	'supportDistributed',
	'containerCommand',
	'containerArgs',
	'cpuArchitectures',
	'vendorToSpecUuidsMap',
];
/** AddModelCenter / UpdateModelCenter DG fields that the inventory (zstack-sdk-go-v2 ModelCenterInventoryView) shows. */
const MODEL_CENTER_FIELDS = [
	'name',
	'url',
	'description',
	'parameters',
	'managementIp',
	'managementPort',
	'storageNetworkUuid',
	'serviceNetworkUuid',
	'containerRegistry',
	'containerNetwork',
	'containerStorageNetwork',
];
/** UpdateModelServiceInstanceGroup DG fields the inventory shows (the others configure the instances). */
const INSTANCE_GROUP_FIELDS = ['name', 'description'];

class AiosApis {
	/**
	 * @param {SimulatorPart} sim
	 * @param {Helpers} helpers
	 */
	constructor(sim, helpers) {
		this.sim = sim;
		this.helpers = helpers;
	}

	get state() {
		return this.sim.state;
	}

	// ---- instance groups coming up -----------------------------------------------------------------------

	/** Applies every status change that is due: a group and its instances change together. */
	settleInstanceGroups(now = Date.now()) {
		for (const [uuid, change] of this.state.instanceGroupChanges) {
			if (change.at > now) continue;
			const group = this.state.instanceGroups.find((candidate) => candidate.uuid === uuid);
			if (group) this.setStatus(group, change.status);
			this.state.instanceGroupChanges.delete(uuid);
		}
		return this.state.instanceGroups;
	}

	/** @param {Resource} group @param {string} status */
	setStatus(group, status) {
		const at = formatZStackDate(new Date());
		group.status = status;
		group.lastOpDate = at;
		for (const instance of /** @type {Record<string, unknown>[]} */ (group.instances)) Object.assign(instance, { status, lastOpDate: at });
	}

	/**
	 * Puts a group in a transitional status; it ends Running, or Error under the fault, after instanceGroupStartMs.
	 * @param {Resource} group
	 * @param {string} transitional
	 * @param {HandlerInput} input
	 */
	startInstanceGroup(group, transitional, { fault }) {
		this.setStatus(group, transitional);
		const outcome = fault?.kind === 'instanceGroupFails' ? FAILED : RUNNING;
		this.state.instanceGroupChanges.set(group.uuid, { status: outcome, at: Date.now() + this.sim.options.instanceGroupStartMs });
	}

	/** The settled instance groups, for GET /__simulator/state. */
	snapshot() {
		return { instanceGroups: this.settleInstanceGroups(), modelCenters: this.state.modelCenters };
	}

	// ---- messages as RestServer builds them and the API mediator validates them ----------------------------

	/**
	 * The API message of a request (RestServer.java handleApi ~909–945, URL variables set last, ~1003–1009).
	 * @param {Placement} placement
	 * @param {HandlerInput} input
	 * @param {string} api
	 * @returns {Message}
	 */
	messageOf(placement, { body, query, params }, api) {
		const fields = placement.kind === 'delete' ? Object.fromEntries(query) : bodyFieldsOf(placement, body, api);
		const message = { .../** @type {Message} */ (fields ?? {}) };
		if (params[0] !== undefined) message.uuid = params[0];
		return message;
	}

	/**
	 * ApiMessageProcessorImpl.apiParamValidation: required fields, deleteMode's valid values, uuids that must exist.
	 * @param {string} api
	 * @param {Message} message
	 * @param {Checks} checks
	 * @returns {Reply | null}
	 */
	validate(api, message, { required = [], references = {} }) {
		const messageClass = `org.zstack.ai.message.API${api}Msg`;
		const invalid = (/** @type {string} */ details) =>
			this.helpers.errorReply({ code: 'SYS.1007', description: 'One or more API argument is invalid', details });
		const missing = required.find((field) => !isPresent(message[field]));
		if (missing) return invalid(`field[${missing}] of message[${messageClass}] is mandatory, can not be null`);
		if (isPresent(message.deleteMode) && !DELETE_MODES.includes(String(message.deleteMode))) {
			const valid = `[${DELETE_MODES.map((mode) => mode.toLowerCase()).join(', ')}]`;
			return invalid(`valid value for field[deleteMode] of message[${messageClass}] are ${valid}, but ${message.deleteMode} found`);
		}
		for (const [field, table] of Object.entries(references)) {
			const value = message[field];
			if (!isPresent(value)) continue;
			const uuids = Array.isArray(value) ? value.map(String) : [String(value)];
			const unknown = uuids.filter((uuid) => !this.state[table].some((resource) => resource.uuid === uuid));
			if (unknown.length === 0) continue;
			const named = Array.isArray(value) ? `uuids:[${unknown.join(', ')}]` : `uuid:${value}`;
			return this.helpers.errorReply({
				code: 'SYS.1003',
				description: 'Resource not found',
				details: `invalid field[${field}], resource[${named}, type:${VO_NAMES[table]}] not found`,
			});
		}
		return null;
	}

	/**
	 * A handler that builds and validates the message, then runs the API on it.
	 * @param {AiosApiName} api
	 * @param {Placement} placement
	 * @param {Checks} checks
	 * @param {(message: Message, input: HandlerInput) => Reply} run
	 * @returns {Handler}
	 */
	handler(api, placement, checks, run) {
		return {
			handle: (input) => {
				const message = this.messageOf(placement, input, api);
				return this.validate(api, message, checks) ?? run(message, input);
			},
			refuseBody: (body) => {
				if (placement.kind === 'delete') return null;
				const fields = bodyFieldsOf(placement, body, api);
				// ~945: the parameter is cast to a Map; anything else throws, answered 500 with its message (~687).
				return isPresent(fields) && (typeof fields !== 'object' || Array.isArray(fields))
					? { status: 500, text: classCastMessage(fields, 'java.util.Map') }
					: null;
			},
		};
	}

	/**
	 * A single-resource delete: the uuid must be set, deleteMode valid; a uuid naming nothing succeeds, as
	 * ApiMessageProcessorImpl answers a delete message (successIfResourceNotExisting); success is `{}` (DeleteModel,
	 * DeleteModelServiceInstanceGroup DG pages).
	 * @param {AiosApiName} api
	 * @param {Table} table
	 * @param {RegExp} path
	 * @param {(uuid: string) => void} [cascade]
	 * @returns {SingleRoute}
	 */
	deleteRoute(api, table, path, cascade) {
		return {
			api,
			method: 'DELETE',
			path,
			needsCredentials: true,
			sync: false,
			...this.handler(api, { kind: 'delete' }, { required: ['uuid'] }, ({ uuid }) => {
				this.state[table] = this.state[table].filter((resource) => resource.uuid !== uuid);
				cascade?.(String(uuid));
				return this.helpers.jsonReply(200, {});
			}),
		};
	}

	/**
	 * @param {AiosApiName} api
	 * @param {RegExp} path
	 * @param {() => Record<string, unknown>[]} inventories read at each query: the state changes
	 * @param {InventoryClass} type
	 * @returns {SingleRoute}
	 */
	queryRoute(api, path, inventories, type) {
		return { api, method: 'GET', path, needsCredentials: true, sync: true, handle: (input) => this.sim.query(inventories(), type, input) };
	}

	/**
	 * Applies an update's fields to a resource found by the message's uuid (SYS.1003 when there is none).
	 * @param {Table} table
	 * @param {Message} message
	 * @param {string[]} fields
	 * @returns {Resource}
	 */
	update(table, message, fields) {
		const resource = /** @type {Resource} */ (this.state[table].find((candidate) => candidate.uuid === message.uuid));
		Object.assign(resource, pick(message, fields), { lastOpDate: formatZStackDate(new Date()) });
		return resource;
	}

	/** @param {Message} message a create message: `resourceUuid` is the caller's choice of uuid */
	created(message) {
		const at = formatZStackDate(new Date());
		return { uuid: isPresent(message.resourceUuid) ? String(message.resourceUuid) : this.helpers.newUuid(), createDate: at, lastOpDate: at };
	}

	/** @param {string} uuid */
	modelServiceReply(uuid) {
		const rendered = /** @type {Record<string, unknown>} */ (this.sim.renderModelService(uuid));
		return this.sim.inventoryReply(structuredClone(rendered), this.helpers.inventoryClasses.modelService);
	}

	/** @param {Resource} group the reply is a copy: the job keeps the status the group had when the API ran */
	instanceGroupReply(group) {
		return this.sim.inventoryReply(structuredClone(group), INVENTORY_CLASSES.instanceGroup);
	}

	/** @param {string} modelUuid @param {string} modelServiceUuid */
	bind(modelUuid, modelServiceUuid) {
		const bound = this.state.bindings.some((binding) => binding.modelUuid === modelUuid && binding.modelServiceUuid === modelServiceUuid);
		if (!bound) this.state.bindings.push({ uuid: this.helpers.newUuid(), modelUuid, modelServiceUuid, systemTags: [], userTags: [] });
	}

	// ---- the APIs ------------------------------------------------------------------------------------------

	/** @returns {(SingleRoute | ActionRoute)[]} */
	routes() {
		const { model: modelClass } = this.helpers.inventoryClasses;
		const create = (/** @type {string} */ parameterName) => /** @type {Placement} */ ({ kind: 'create', parameterName });
		const action = /** @type {Placement} */ ({ kind: 'action' });
		const v1 = '^\\/zstack\\/v1';
		const path = (/** @type {string} */ rest) => new RegExp(`${v1}${rest}$`);

		/**
		 * AddModel (DG + EX: `param`; required name, installPath, modelCenterUuid). EX lists `modelId` and `type` in every
		 * model inventory; a model added without them gets its name and `Customized` (assumed: the UpdateModel EX example
		 * shows `System` for a built-in one).
		 */
		const addModel = this.handler(
			'AddModel',
			create('param'),
			{ required: ['name', 'installPath', 'modelCenterUuid'], references: { modelCenterUuid: 'modelCenters', modelServiceUuids: 'modelServices' } },
			(message) => {
				const model = {
					...this.created(message),
					name: String(message.name),
					modelId: String(message.name),
					type: 'Customized',
					modelClassifications: [],
					...pick(message, MODEL_FIELDS),
				};
				this.state.models.push(model);
				for (const service of /** @type {string[]} */ (message.modelServiceUuids ?? [])) this.bind(model.uuid, service);
				return this.sim.inventoryReply(structuredClone(model), modelClass);
			},
		);
		/** UpdateModel (DG: `updateModel`; the inventory in the EX example). */
		const updateModel = this.handler(
			'UpdateModel',
			action,
			{ required: ['uuid'], references: { uuid: 'models', modelCenterUuid: 'modelCenters', defaultModelServiceUuid: 'modelServices' } },
			(message) => {
				const model = this.update('models', message, MODEL_FIELDS);
				if (message.clearDefaultModelService === true) delete model.defaultModelServiceUuid;
				return this.sim.inventoryReply(structuredClone(model), modelClass);
			},
		);
		/** AddModelService (EX: `param`; zstack-sdk-go-v2 AddModelServiceDetailParam's required fields). */
		const addModelService = this.handler(
			'AddModelService',
			create('param'),
			{
				required: ['name', 'yaml', 'requestCpu', 'requestMemory', 'modelCenterUuid', 'installPath', 'startCommand'],
				references: { modelCenterUuid: 'modelCenters', zoneUuid: 'zones', modelUuids: 'models' },
			},
			(message) => {
				const service = {
					...this.created(message),
					name: String(message.name),
					system: false,
					hasNewVersion: false,
					supportDistributed: false,
					cpuArchitectures: [],
					vendorToSpecUuidsMap: {},
					modelServiceImages: [],
					...pick(message, MODEL_SERVICE_FIELDS),
				};
				this.state.modelServices.push(service);
				for (const model of /** @type {string[]} */ (message.modelUuids ?? [])) this.bind(model, service.uuid);
				return this.modelServiceReply(service.uuid);
			},
		);
		/** UpdateModelService (DG: `updateModelService`). */
		const updateModelService = this.handler('UpdateModelService', action, { required: ['uuid'], references: { uuid: 'modelServices' } }, (message) =>
			this.modelServiceReply(this.update('modelServices', message, MODEL_SERVICE_FIELDS).uuid),
		);
		/**
		 * DeployModelService: `deployModelService`, the only key RestServer can route on this shared path; required
		 * zoneUuid (EX), name and type (zstack-sdk-go-v2 DeployModelServiceDetailParam). The reply is the new instance
		 * group (EX example), still Deploying.
		 */
		const deployModelService = this.handler(
			'DeployModelService',
			action,
			{
				required: ['uuid', 'zoneUuid', 'name', 'type'],
				references: {
					uuid: 'modelServices',
					zoneUuid: 'zones',
					modelUuid: 'models',
					clusterUuid: 'clusters',
					vmImageUuid: 'images',
					primaryStorageUuid: 'primaryStorages',
					l3NetworkUuids: 'l3Networks',
				},
			},
			(message, input) => {
				const service = /** @type {Resource} */ (this.state.modelServices.find((candidate) => candidate.uuid === message.uuid));
				const { uuid, createDate } = this.created(message);
				const group = instanceGroupInventory({
					uuid,
					name: String(message.name),
					description: isPresent(message.description) ? String(message.description) : '',
					modelServiceUuid: service.uuid,
					modelUuid: isPresent(message.modelUuid) ? String(message.modelUuid) : undefined,
					modelServiceType: service.type,
					type: String(message.type),
					yaml: service.yaml,
					status: DEPLOYING,
					instanceUuid: this.helpers.newUuid(),
					vmInstanceUuid: this.helpers.newUuid(),
					url: `http://172.20.1.${100 + (this.state.instanceGroups.length % 100)}:8000`,
					at: createDate,
				});
				this.state.instanceGroups.push(group);
				this.startInstanceGroup(group, DEPLOYING, input);
				return this.instanceGroupReply(group);
			},
		);
		/** CloneModelService (DG: `params`): a copy of the service with the message's fields over it, bound to no model. */
		const cloneModelService = this.handler('CloneModelService', create('params'), { required: ['uuid'], references: { uuid: 'modelServices' } }, (message) => {
			const source = /** @type {Resource} */ (this.state.modelServices.find((candidate) => candidate.uuid === message.uuid));
			const clone = { ...structuredClone(source), ...pick(message, MODEL_SERVICE_FIELDS), ...this.created(message), system: message.system ?? false };
			this.state.modelServices.push(clone);
			return this.modelServiceReply(clone.uuid);
		});
		/** UpdateModelServiceInstanceGroup (DG: `updateModelServiceInstanceGroup`, path without /ai/). */
		const updateInstanceGroup = this.handler(
			'UpdateModelServiceInstanceGroup',
			action,
			{ required: ['uuid'], references: { uuid: 'instanceGroups' } },
			(message) => {
				this.settleInstanceGroups();
				return this.instanceGroupReply(this.update('instanceGroups', message, INSTANCE_GROUP_FIELDS));
			},
		);
		/** RestartModelServiceGroups (DG: `restartModelServiceGroups` {uuids}; reply `results`). */
		const restartInstanceGroups = this.handler(
			'RestartModelServiceGroups',
			action,
			{ required: ['uuids'], references: { uuids: 'instanceGroups' } },
			(message, input) => {
				const uuids = /** @type {unknown[]} */ (Array.isArray(message.uuids) ? message.uuids : [message.uuids]).map(String);
				this.settleInstanceGroups();
				for (const uuid of uuids) {
					this.startInstanceGroup(/** @type {Resource} */ (this.state.instanceGroups.find((group) => group.uuid === uuid)), RESTARTING, input);
				}
				return this.helpers.jsonReply(200, { results: uuids.map((uuid) => ({ uuid, success: true, error: null })) });
			},
		);
		/** AddModelCenter (DG: `param`; required name, url, managementIp, managementPort by DG and zstack-sdk-go-v2). */
		const addModelCenter = this.handler(
			'AddModelCenter',
			create('param'),
			{ required: ['name', 'url', 'managementIp', 'managementPort'] },
			(message) => {
				const center = { ...this.created(message), name: String(message.name), status: 'Connected', ...pick(message, MODEL_CENTER_FIELDS) };
				this.state.modelCenters.push(center);
				return this.sim.inventoryReply(structuredClone(center), INVENTORY_CLASSES.modelCenter);
			},
		);
		/** UpdateModelCenter (DG: `updateModelCenter`). */
		const updateModelCenter = this.handler('UpdateModelCenter', action, { required: ['uuid'], references: { uuid: 'modelCenters' } }, (message) =>
			this.sim.inventoryReply(structuredClone(this.update('modelCenters', message, MODEL_CENTER_FIELDS)), INVENTORY_CLASSES.modelCenter),
		);
		const unbindAll = (/** @type {'modelUuid' | 'modelServiceUuid'} */ side) => (/** @type {string} */ uuid) => {
			this.state.bindings = this.state.bindings.filter((binding) => binding[side] !== uuid);
		};

		/** @type {(SingleRoute | ActionRoute)[]} */
		const routes = [
			// POST on the paths of QueryModel / QueryModelService / QueryModelCenter (create APIs).
			{ api: 'AddModel', method: 'POST', path: path('\\/ai\\/models'), needsCredentials: true, sync: false, ...addModel },
			{ api: 'AddModelService', method: 'POST', path: path('\\/ai\\/model-services'), needsCredentials: true, sync: false, ...addModelService },
			{ api: 'AddModelCenter', method: 'POST', path: path('\\/ai\\/model-centers'), needsCredentials: true, sync: false, ...addModelCenter },
			{ api: 'CloneModelService', method: 'POST', path: path('\\/ai\\/model-services\\/([^/]+)'), needsCredentials: true, sync: false, ...cloneModelService },
			// PUT on paths other APIs share (at least their GET): the action key decides, or 400.
			{ method: 'PUT', path: path('\\/ai\\/models\\/([^/]+)'), needsCredentials: true, sync: false, actions: { updateModel: { api: 'UpdateModel', ...updateModel } } },
			{
				method: 'PUT',
				path: path('\\/ai\\/model-services\\/([^/]+)'),
				needsCredentials: true,
				sync: false,
				actions: {
					updateModelService: { api: 'UpdateModelService', ...updateModelService },
					deployModelService: { api: 'DeployModelService', ...deployModelService },
				},
			},
			{
				method: 'PUT',
				path: path('\\/ai\\/model-centers\\/([^/]+)'),
				needsCredentials: true,
				sync: false,
				actions: { updateModelCenter: { api: 'UpdateModelCenter', ...updateModelCenter } },
			},
			// PUT on paths of their own: a body without the action key builds a message without fields.
			{
				api: 'UpdateModelServiceInstanceGroup',
				method: 'PUT',
				path: path('\\/model-service-instance-groups\\/([^/]+)'),
				needsCredentials: true,
				sync: false,
				...updateInstanceGroup,
			},
			{ api: 'RestartModelServiceGroups', method: 'PUT', path: path('\\/model-service-instance-groups'), needsCredentials: true, sync: false, ...restartInstanceGroups },
			this.deleteRoute('DeleteModel', 'models', path('\\/ai\\/models\\/([^/]+)'), unbindAll('modelUuid')),
			this.deleteRoute('DeleteModelService', 'modelServices', path('\\/ai\\/model-services\\/([^/]+)'), unbindAll('modelServiceUuid')),
			this.deleteRoute('DeleteModelServiceInstanceGroup', 'instanceGroups', path('\\/ai\\/model-services\\/instances\\/groups\\/([^/]+)'), (uuid) =>
				this.state.instanceGroupChanges.delete(uuid),
			),
			// The list's path ends in a slash (DG page, zstack-sdk-go-v2), and RestServer's AntPathMatcher matches a
			// trailing slash only to a trailing slash: `…/groups` without one is a 404.
			this.queryRoute('QueryModelServiceInstanceGroup', path('\\/ai\\/model-services\\/instances\\/groups\\/([^/]+)?'), () => this.settleInstanceGroups(), INVENTORY_CLASSES.instanceGroup),
			// zstack-sdk-go-v2 pkg/client: model_center_actions.go, zone_actions.go, cluster, image, l3_network, primary_storage.
			this.queryRoute('QueryModelCenter', path('\\/ai\\/model-centers(?:\\/([^/]+))?'), () => this.state.modelCenters, INVENTORY_CLASSES.modelCenter),
			this.queryRoute('QueryZone', path('\\/zones(?:\\/([^/]+))?'), () => this.state.zones, INVENTORY_CLASSES.zone),
			this.queryRoute('QueryCluster', path('\\/clusters(?:\\/([^/]+))?'), () => this.state.clusters, INVENTORY_CLASSES.cluster),
			this.queryRoute('QueryImage', path('\\/images(?:\\/([^/]+))?'), () => this.state.images, INVENTORY_CLASSES.image),
			this.queryRoute('QueryL3Network', path('\\/l3-networks(?:\\/([^/]+))?'), () => this.state.l3Networks, INVENTORY_CLASSES.l3Network),
			this.queryRoute('QueryPrimaryStorage', path('\\/primary-storage(?:\\/([^/]+))?'), () => this.state.primaryStorages, INVENTORY_CLASSES.primaryStorage),
		];
		return routes;
	}
}

module.exports = { AiosApis, AIOS_APIS, INSTANCE_GROUP_FAULTS };
