// @ts-check
'use strict';

/**
 * A ZStack management node's REST server, reduced to the APIs this package calls (and a few VM APIs for generic
 * calls), answering as RestServer.java does (shared/reference/zstack-source/, facts with line numbers in
 * shared/reference/zstack-rest-facts.md): job polls before any authentication, three ways to authenticate,
 * sessions checked and renewed when the API runs, 202 + job polling for every async API, 503 JSON errors with
 * nested causes, plain-text errors from the REST layer, and the query API. Faults can be injected to rehearse
 * what real deployments do on a bad day.
 */

const http = require('node:http');
const { createHmac, randomUUID, timingSafeEqual } = require('node:crypto');
const {
	ACCOUNT,
	ACCESS_KEY,
	ADMIN_ACCOUNT_UUID,
	ADMIN_USER_UUID,
	SEED,
	createSeedResources,
	formatZStackDate,
	sha512Hex,
} = require('./seed');
const { runQuery, MalformedQueryError, InvalidQueryArgumentError } = require('./query');
const { checkRequestDate, isKnownTimeZone, processTimeZone } = require('./date-header');
const { ApiRunLog, proxyPage } = require('./slow-node');
const { classCastMessage } = require('./java-cast');
const { decodeRequestPath } = require('./request-path');
const { QUERY_FAULTS, applyQueryFault } = require('./query-faults');
const { AiosApis, AIOS_APIS, INSTANCE_GROUP_FAULTS } = require('./aios');

/**
 * @typedef {{ status: number, json?: unknown, text?: string, contentType?: string, schema?: Record<string, string>, schemaAlways?: boolean }} Reply
 * @typedef {{ code: string, description: string, details: string | null, elaboration: null, opaque: null, cause: ErrorCode | null }} ErrorCode
 * @typedef {{ code?: string, description?: string, details?: string | null, cause?: ErrorCodeSpec | null }} ErrorCodeSpec
 * @typedef {'Login' | 'LogOut' | 'ValidateSession' | 'BindModelToService' | 'UnbindModelFromService' | 'QueryModel' | 'QueryModelService' | 'QueryVmInstance' | 'StartVmInstance' | 'StopVmInstance' | 'JobPoll' | import('./aios').AiosApiName} ApiName
 * @typedef {{ api: ApiName | '*', times?: number, kind: string, status?: number, error?: ErrorCodeSpec, text?: string, ms?: number, half?: string }} FaultSpec
 * @typedef {FaultSpec & { times: number }} Fault
 * @typedef {{ uuid: string, accountUuid: string, userUuid: string, expiresAt: number, createDate: string, expiredDate: string }} Session
 * @typedef {{ uuid: string, api: ApiName, pollsLeft: number, finishesAt: number, neverFinishes: boolean, expired: boolean, result: Reply }} Job
 * @typedef {{ method: string, path: string, query: string, headers: http.IncomingHttpHeaders, body: unknown, at: number, fault?: string }} LoggedRequest
 * @typedef {{ params: string[], body: Record<string, unknown>, query: URLSearchParams, fault?: { kind: string } }} HandlerInput
 * @typedef {{ api: ApiName, handle: (input: HandlerInput) => Reply, refuseBody?: (body: Record<string, unknown>) => Reply | null }} Action
 * @typedef {{ method: string, path: RegExp, needsCredentials: boolean, sync: boolean, api: ApiName, handle: (input: HandlerInput) => Reply, refuseBody?: (body: Record<string, unknown>) => Reply | null }} SingleRoute
 * @typedef {{ method: 'PUT', path: RegExp, needsCredentials: true, sync: false, actions: Record<string, Action> }} ActionRoute
 * @typedef {SingleRoute | ActionRoute} Route
 */

const DEFAULT_OPTIONS = Object.freeze({
	port: 0,
	replyMode: /** @type {'async' | 'sync'} */ ('async'),
	jobPolls: 1,
	/** How long a job runs, in ms: polls before that answer 202 too (0: only `jobPolls` counts). */
	jobDurationMs: 0,
	sessionTimeoutMs: 7200_000,
	/** Empty: a 202's location names the simulator's own URL, as RestServer names its own base URL. */
	internalJobHost: '',
	maxSessions: 500,
	managementNodeTimeZone: processTimeZone(),
	checkTimeZone: false,
	maxBodyBytes: 1024 * 1024,
	requestLogLimit: 1000,
	/** How long a request that creates a job waits before RestServer processes (and saves) it: a busy node (slow-node.js). */
	acceptDelayMs: 0,
	/** How long an AIOS instance group takes to come up after a deploy or restart, in ms (aios.js). */
	instanceGroupStartMs: 2000,
});

/** @typedef {typeof DEFAULT_OPTIONS} Options */

/** Options that can change while the simulator runs (configure(), POST /__simulator/config). */
const CONFIGURABLE = /** @type {const} */ ([
	'replyMode',
	'jobPolls',
	'jobDurationMs',
	'sessionTimeoutMs',
	'internalJobHost',
	'managementNodeTimeZone',
	'checkTimeZone',
	'acceptDelayMs',
	'instanceGroupStartMs',
]);

const DEFAULT_API_TIMEOUT_MS = 1_800_000;
const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';
const TEXT_CONTENT_TYPE = 'text/plain;charset=UTF-8';
const JOB_PATH = /^\/zstack\/v1\/api-jobs\/([^/]+)$/;

/** Faults that cut the connection: before the request is read, after the call was accepted, or mid-reply. */
const CONNECTION_FAULTS = ['resetBeforeRead', 'resetAfterAccept', 'reset'];
/** Faults that change the HTTP exchange they hit, whatever the API would have answered. */
const EXCHANGE_FAULTS = ['delay', 'plainText', 'notJson', 'proxyPage'];
/** Faults that replace the API's outcome: delivered where ZStack delivers outcomes (the job, in async mode). */
const RESULT_FAULTS = ['error', 'noInventory', 'sessionExpired'];
/** Faults that act on a job: the one a call creates, or the one a poll asks about. */
const JOB_FAULTS = ['jobNeverFinishes', 'jobExpired'];
const FAULT_KINDS = [...CONNECTION_FAULTS, ...EXCHANGE_FAULTS, ...RESULT_FAULTS, ...JOB_FAULTS, ...QUERY_FAULTS, ...INSTANCE_GROUP_FAULTS];
const FAULT_APIS = [
	'*',
	'Login',
	'LogOut',
	'ValidateSession',
	'BindModelToService',
	'UnbindModelFromService',
	'QueryModel',
	'QueryModelService',
	'QueryVmInstance',
	'StartVmInstance',
	'StopVmInstance',
	'JobPoll',
	...AIOS_APIS,
];

/** Class names for `schema` (RestServer.java ~1227, JsonSchemaBuilder): the AI module's are assumed, it is closed source. */
const INVENTORY_CLASSES = {
	model: { className: 'org.zstack.ai.entity.ModelInventory', lists: {} },
	modelService: {
		className: 'org.zstack.ai.entity.ModelServiceInventory',
		lists: { modelServiceRefs: 'org.zstack.ai.entity.ModelServiceRefInventory' },
	},
	vmInstance: {
		className: 'org.zstack.header.vm.VmInstanceInventory',
		lists: { vmNics: 'org.zstack.header.vm.VmNicInventory', allVolumes: 'org.zstack.header.volume.VolumeInventory' },
	},
};

const newUuid = () => randomUUID().replaceAll('-', '');

/** @param {number} status @param {unknown} json @returns {Reply} */
const jsonReply = (status, json) => ({ status, json });
/** @param {number} status @param {string} text @returns {Reply} */
const textReply = (status, text) => ({ status, text });

/**
 * ZStack's ErrorCode, every key present as the API page documents it.
 * @param {ErrorCodeSpec} spec
 * @returns {ErrorCode}
 */
function errorCode({ code = 'SYS.1000', description = 'An internal error happened in system', details = null, cause = null }) {
	return { code, description, details, elaboration: null, opaque: null, cause: cause ? errorCode(cause) : null };
}

/** @param {ErrorCodeSpec} spec @param {number} [status] @returns {Reply} */
const errorReply = (spec, status = 503) => jsonReply(status, { error: errorCode(spec) });

/** AuthorizationManager.evaluateSession (~63–83): an unknown or expired session fails the API with ID.1001. */
const sessionExpiredReply = () =>
	errorReply({ code: 'ID.1001', description: 'Session expired', details: 'the session is invalid or has expired, please log in again' });

/** @param {unknown} tags */
const isStringList = (tags) => Array.isArray(tags) && tags.every((tag) => typeof tag === 'string');

/**
 * `schema` as JsonSchemaBuilder writes it: every nested inventory object under its JSON path, children first.
 * @param {string} path
 * @param {Record<string, unknown>} inventory
 * @param {{ className: string, lists: Record<string, string> }} type
 * @param {Record<string, string>} schema
 */
function addSchema(path, inventory, { className, lists }, schema) {
	for (const [field, elementClass] of Object.entries(lists)) {
		const elements = inventory[field];
		if (Array.isArray(elements)) elements.forEach((_, index) => (schema[`${path}.${field}[${index}]`] = elementClass));
	}
	schema[path] = className;
	return schema;
}

/**
 * Reads the body, keeping at most `limit` bytes: past it the rest is drained and dropped, so that no client can
 * make the simulator hold more than that per request.
 * @param {http.IncomingMessage} req
 * @param {number} limit
 * @returns {Promise<{ text: string, tooLarge: boolean }>}
 */
async function readBody(req, limit) {
	const chunks = [];
	let size = 0;
	for await (const chunk of req) {
		size += chunk.length;
		if (size <= limit) chunks.push(chunk);
	}
	return { text: Buffer.concat(chunks).toString('utf8'), tooLarge: size > limit };
}

/** @param {string} text */
function parseJsonOrText(text) {
	if (text === '') return undefined;
	try {
		return JSON.parse(text);
	} catch {
		return text;
	}
}

/** @param {unknown} spec @returns {Fault} */
function validateFault(spec) {
	if (spec === null || typeof spec !== 'object') throw new TypeError('a fault must be an object');
	const fault = /** @type {FaultSpec} */ (spec);
	if (!FAULT_APIS.includes(fault.api)) throw new TypeError(`unknown fault api '${fault.api}'; one of ${FAULT_APIS.join(', ')}`);
	if (!FAULT_KINDS.includes(fault.kind)) throw new TypeError(`unknown fault kind '${fault.kind}'; one of ${FAULT_KINDS.join(', ')}`);
	const times = fault.times ?? 1;
	if (!Number.isInteger(times) || times < 1) throw new TypeError('fault times must be a positive integer');
	return { ...fault, times };
}

/**
 * Checks options (all of them, or the configurable ones being changed) and returns them.
 * @template {Partial<Options>} T
 * @param {T} options
 * @returns {T}
 */
function validateOptions(options) {
	if (options.replyMode !== undefined && options.replyMode !== 'async' && options.replyMode !== 'sync') {
		throw new TypeError(`replyMode must be 'async' or 'sync', got '${options.replyMode}'`);
	}
	for (const name of /** @type {const} */ ([
		'port',
		'jobPolls',
		'jobDurationMs',
		'sessionTimeoutMs',
		'maxSessions',
		'maxBodyBytes',
		'requestLogLimit',
		'acceptDelayMs',
		'instanceGroupStartMs',
	])) {
		const value = options[name];
		if (value !== undefined && (!Number.isInteger(value) || value < 0)) throw new TypeError(`${name} must be a non-negative integer`);
	}
	if (options.managementNodeTimeZone !== undefined && !isKnownTimeZone(options.managementNodeTimeZone)) {
		throw new TypeError(`managementNodeTimeZone must be an IANA time zone such as 'Asia/Shanghai', got '${options.managementNodeTimeZone}'`);
	}
	if (options.checkTimeZone !== undefined && typeof options.checkTimeZone !== 'boolean') throw new TypeError('checkTimeZone must be true or false');
	if (options.internalJobHost !== undefined && (typeof options.internalJobHost !== 'string' || !/^(https?:\/\/[^/]+)?$/.test(options.internalJobHost))) {
		throw new TypeError(`internalJobHost must be '' or a base URL such as 'http://mn-internal.invalid:8080', got '${options.internalJobHost}'`);
	}
	return options;
}

class ZStackSimulator {
	/** @param {Options} options */
	constructor(options) {
		this.options = { ...options };
		/** Known once the server listens. */
		this.url = '';
		/** The last `requestLogLimit` requests, oldest first. */
		/** @type {LoggedRequest[]} */
		this.requests = [];
		/** @type {Fault[]} */
		this.faults = [];
		/** @type {Set<NodeJS.Timeout>} */
		this.pendingDelays = new Set();
		this.apiRuns = new ApiRunLog(() => this.options.requestLogLimit);
		this.state = {
			...createSeedResources(),
			/** @type {Map<string, Session>} */
			sessions: new Map(),
			/** @type {Map<string, Job>} */
			jobs: new Map(),
		};
		this.aios = new AiosApis(this, {
			jsonReply,
			errorReply,
			newUuid,
			inventoryClasses: INVENTORY_CLASSES,
		});
		/** @type {Route[]} */
		this.routes = [...this.buildRoutes(), ...this.aios.routes()];
	}

	reset() {
		Object.assign(this.state, createSeedResources());
		this.state.sessions.clear();
		this.state.jobs.clear();
		this.faults.length = 0;
		this.requests.length = 0;
		this.apiRuns.clear();
	}

	/** @param {Partial<Options>} changes */
	configure(changes) {
		const unknown = Object.keys(changes).filter((name) => !CONFIGURABLE.includes(/** @type {never} */ (name)));
		if (unknown.length > 0) throw new TypeError(`cannot change ${unknown.join(', ')} while running; configurable: ${CONFIGURABLE.join(', ')}`);
		Object.assign(this.options, validateOptions(changes));
		return this.options;
	}

	/** @param {LoggedRequest} entry */
	logRequest(entry) {
		this.requests.push(entry);
		if (this.requests.length > this.options.requestLogLimit) this.requests.splice(0, this.requests.length - this.options.requestLogLimit);
		return entry;
	}

	// ---- sessions and credentials ------------------------------------------------------------------------

	/** @param {string} [userUuid] */
	createSession(userUuid = ADMIN_ACCOUNT_UUID) {
		const now = Date.now();
		/** @type {Session} */
		const session = {
			uuid: newUuid(),
			accountUuid: ADMIN_ACCOUNT_UUID,
			userUuid,
			expiresAt: 0,
			createDate: formatZStackDate(new Date(now)),
			expiredDate: '',
		};
		this.renewSession(session, now);
		this.state.sessions.set(session.uuid, session);
		return session;
	}

	/**
	 * Session.renewSession (AuthorizationManager ~81): every API call that passes the session check moves the
	 * expiry to now + the idle timeout.
	 * @param {Session} session
	 * @param {number} [now]
	 */
	renewSession(session, now = Date.now()) {
		session.expiresAt = now + this.options.sessionTimeoutMs;
		session.expiredDate = formatZStackDate(new Date(session.expiresAt));
	}

	/** @param {string} uuid */
	liveSession(uuid) {
		const session = this.state.sessions.get(uuid);
		return session && session.expiresAt > Date.now() ? session : undefined;
	}

	liveSessionCount() {
		return [...this.state.sessions.keys()].filter((uuid) => this.liveSession(uuid)).length;
	}

	/** @param {string} uuid */
	expireSession(uuid) {
		return this.state.sessions.delete(uuid);
	}

	expireAllSessions() {
		const count = this.state.sessions.size;
		this.state.sessions.clear();
		return count;
	}

	/** @param {string} [userUuid] @returns {Reply} */
	logIn(userUuid) {
		if (this.liveSessionCount() >= this.options.maxSessions) {
			return errorReply({
				code: 'ID.1006',
				description: 'Too many sessions',
				details: `the maximum number of concurrent sessions (${this.options.maxSessions}) has been reached`,
			});
		}
		const { uuid, accountUuid, userUuid: sessionUserUuid, expiredDate, createDate } = this.createSession(userUuid);
		return jsonReply(200, { inventory: { uuid, accountUuid, userUuid: sessionUserUuid, expiredDate, createDate } });
	}

	/**
	 * The REST layer's credential check (RestServer.java handleApi ~866–905). A session is NOT looked up here:
	 * AccountManagerImpl.doAuth (~1781) accepts any uuid, and the message bus evaluates it later (see
	 * evaluateSession). Returns the refusal, or null when the call may go on.
	 * @param {http.IncomingMessage} req
	 * @param {string} path the decoded request path (request-path.js), without query string
	 * @returns {Reply | null}
	 */
	authenticate(req, path) {
		const header = req.headers.authorization?.trim();
		if (!header) return textReply(400, "missing header 'Authorization'");
		if (header.startsWith('OAuth')) return null;
		if (header.startsWith('ZStack')) {
			const refusal = checkRequestDate(req.headers.date, this.options);
			if (refusal) return textReply(...refusal);
			return this.checkAccessKeySignature(req, path, header.slice('ZStack'.length).trim());
		}
		return textReply(400, "Authorization type must be 'OAuth'");
	}

	/**
	 * @param {http.IncomingMessage} req
	 * @param {string} path the decoded request path: RestServer verifies the signature over it (~894)
	 * @param {string} credential `<AccessKeyId>:<Signature>`
	 * @returns {Reply | null}
	 */
	checkAccessKeySignature(req, path, credential) {
		const parts = credential.split(':');
		// Java's String.split drops trailing empty strings, so `id:` is one part, not two.
		while (parts.length > 0 && parts[parts.length - 1] === '') parts.pop();
		if (parts.length !== 2) return textReply(400, "accessKey format is 'ZStack AccessKeyId:Signature'");
		const [accessKeyId, sent] = parts;
		const signature = Buffer.from(sent);
		// The signed URI leaves out the `/zstack` context path, so it survives a reverse proxy's path prefix.
		const uri = path.replace(/^\/zstack(?=\/)/, '');
		const expected = Buffer.from(
			createHmac('sha1', ACCESS_KEY.accessKeySecret).update(`${req.method}\n${req.headers.date}\n${uri}`).digest('base64'),
		);
		const valid = accessKeyId === ACCESS_KEY.accessKeyId && signature.length === expected.length && timingSafeEqual(signature, expected);
		return valid
			? null
			: errorReply({
					code: 'ID.1000',
					description: 'Authentication failed: the AccessKey signature is invalid',
					details: `the signature does not match, or the AccessKey[id:${accessKeyId}] does not exist`,
				});
	}

	/**
	 * AuthorizationManager.evaluateSession (~63–83), run when the API message is processed: an OAuth session
	 * must exist and be alive, and is then renewed. AccessKey calls were authenticated by their signature.
	 * @param {http.IncomingMessage} req
	 */
	evaluateSession(req) {
		const header = req.headers.authorization?.trim() ?? '';
		if (!header.startsWith('OAuth')) return true;
		const session = this.liveSession(header.slice('OAuth'.length).trim());
		if (session) this.renewSession(session);
		return session !== undefined;
	}

	/** Ends the OAuth session a request carries, as when it lapses between two calls. @param {http.IncomingMessage} req */
	endCarriedSession(req) {
		const header = req.headers.authorization?.trim() ?? '';
		if (header.startsWith('OAuth')) this.expireSession(header.slice('OAuth'.length).trim());
	}

	// ---- resources ---------------------------------------------------------------------------------------

	/** The model service inventory as ZStack returns it, its refs rendered from the current bindings. */
	renderModelServices() {
		return this.state.modelServices.map((service) => ({
			...service,
			modelServiceRefs: this.state.bindings
				.filter((binding) => binding.modelServiceUuid === service.uuid)
				.map(({ uuid, modelUuid, modelServiceUuid }) => ({ uuid, modelUuid, modelServiceUuid })),
		}));
	}

	/** @param {string} uuid */
	renderModelService(uuid) {
		return this.renderModelServices().find((rendered) => rendered.uuid === uuid);
	}

	/**
	 * @param {Record<string, unknown>[]} inventories
	 * @param {{ className: string, lists: Record<string, string> }} type
	 * @param {HandlerInput} input params[0], when present, is the uuid of `/resources/{uuid}`
	 * @returns {Reply}
	 */
	query(inventories, type, { params, query }) {
		const conditions = new URLSearchParams(query);
		// RestServer.java ~1079: GET /resources/{uuid} is a query on that uuid, its other parameters ignored.
		if (params[0] !== undefined) {
			for (const name of [...conditions.keys()]) conditions.delete(name);
			conditions.append('q', `uuid=${params[0]}`);
		}
		const fieldNames = [...new Set(inventories.flatMap((inventory) => Object.keys(inventory)))];
		try {
			const result = runQuery(inventories, conditions, fieldNames);
			/** @type {Record<string, string>} */
			const schema = {};
			/** @type {Record<string, unknown>[]} */ (result.inventories).forEach((inventory, index) => addSchema(`inventories[${index}]`, inventory, type, schema));
			// RestServer.java ~1226: a query reply always carries its schema.
			return { ...jsonReply(200, result), schema, schemaAlways: true };
		} catch (error) {
			if (error instanceof MalformedQueryError) return textReply(400, error.message);
			if (error instanceof InvalidQueryArgumentError) {
				return errorReply({ code: 'SYS.1007', description: 'One or more API argument is invalid', details: error.message });
			}
			throw error;
		}
	}

	/**
	 * `{inventory}`; its schema is sent only when the request (or the job poll) asks with X-JSON-Schema
	 * (RestServer.java ~1227).
	 * @param {Record<string, unknown>} inventory
	 * @param {{ className: string, lists: Record<string, string> }} type
	 * @returns {Reply}
	 */
	inventoryReply(inventory, type) {
		return { ...jsonReply(200, { inventory }), schema: addSchema('inventory', inventory, type, {}) };
	}

	/**
	 * Resource-not-found for a model/service pair, with the lookup failure as its cause.
	 * @param {string} action
	 * @param {string} modelUuid
	 * @param {string} modelServiceUuid
	 * @returns {Reply | null}
	 */
	findPairOrRefuse(action, modelUuid, modelServiceUuid) {
		const missing = !this.state.models.some((model) => model.uuid === modelUuid)
			? `ModelVO[uuid:${modelUuid}]`
			: !this.state.modelServices.some((service) => service.uuid === modelServiceUuid)
				? `ModelServiceVO[uuid:${modelServiceUuid}]`
				: null;
		if (!missing) return null;
		return errorReply({
			code: 'SYS.1003',
			description: 'Resource not found',
			details: `unable to ${action} model[uuid:${modelUuid}] and model service[uuid:${modelServiceUuid}]`,
			cause: { code: 'SYS.1003', description: 'Resource not found', details: `cannot find ${missing}` },
		});
	}

	/**
	 * Tags of a POST/PUT: the top-level `systemTags`/`userTags` (RestServer.java ~980–990), else those inside
	 * `params`, which RestServer maps onto the message with the API's own fields (~947).
	 * @param {Record<string, unknown>} body
	 */
	tagsOf(body) {
		const params = /** @type {Record<string, unknown>} */ (body.params && typeof body.params === 'object' ? body.params : {});
		return { systemTags: body.systemTags ?? params.systemTags ?? [], userTags: body.userTags ?? params.userTags ?? [] };
	}

	/** @param {HandlerInput} input @returns {Reply} */
	bindModelToService({ params: [modelUuid, modelServiceUuid], body }) {
		const refusal = this.findPairOrRefuse('bind', modelUuid, modelServiceUuid);
		if (refusal) return refusal;
		const { systemTags, userTags } = this.tagsOf(body);
		if (!isStringList(systemTags) || !isStringList(userTags)) {
			return errorReply({ code: 'SYS.1007', description: 'One or more API argument is invalid', details: 'systemTags and userTags must be lists of strings' });
		}
		// Binding an already bound pair is answered like a first bind (no duplicate ref): ZStack does not
		// document this case, and idempotence is what a retried request needs.
		const alreadyBound = this.state.bindings.some(
			(binding) => binding.modelUuid === modelUuid && binding.modelServiceUuid === modelServiceUuid,
		);
		if (!alreadyBound) {
			const service = this.state.modelServices.find((candidate) => candidate.uuid === modelServiceUuid);
			this.state.bindings.push({
				uuid: newUuid(),
				modelUuid,
				modelServiceUuid,
				systemTags: /** @type {string[]} */ (systemTags),
				userTags: /** @type {string[]} */ (userTags),
			});
			if (service) service.lastOpDate = formatZStackDate(new Date());
		}
		return this.inventoryReply(/** @type {Record<string, unknown>} */ (this.renderModelService(modelServiceUuid)), INVENTORY_CLASSES.modelService);
	}

	/**
	 * The job's result is the model service inventory (zstack-rest-facts.md, go-v2
	 * unbind_model_from_service_response_views.go).
	 * @param {HandlerInput} input
	 * @returns {Reply}
	 */
	unbindModelFromService({ params: [modelUuid, modelServiceUuid] }) {
		const refusal = this.findPairOrRefuse('unbind', modelUuid, modelServiceUuid);
		if (refusal) return refusal;
		this.state.bindings = this.state.bindings.filter(
			(binding) => !(binding.modelUuid === modelUuid && binding.modelServiceUuid === modelServiceUuid),
		);
		return this.inventoryReply(/** @type {Record<string, unknown>} */ (this.renderModelService(modelServiceUuid)), INVENTORY_CLASSES.modelService);
	}

	/**
	 * Start and stop: the VM's state (and host) change at once. A VM already in the wanted state is answered
	 * with its inventory unchanged (an assumption: the reference code does not show VmInstanceBase).
	 * @param {string} uuid
	 * @param {'Running' | 'Stopped'} wanted
	 * @returns {Reply}
	 */
	changeVmState(uuid, wanted) {
		const vm = this.state.vmInstances.find((candidate) => candidate.uuid === uuid);
		if (!vm) {
			// An @APIParam(resourceType = VmInstanceVO.class) that names no VM fails the API as an invalid argument.
			return errorReply({
				code: 'SYS.1007',
				description: 'One or more API argument is invalid',
				details: `invalid field[uuid], resource[uuid:${uuid}, type:VmInstanceVO] not found`,
			});
		}
		if (vm.state !== wanted) {
			vm.state = wanted;
			vm.hostUuid = wanted === 'Running' ? vm.lastHostUuid : null;
			vm.lastOpDate = formatZStackDate(new Date());
		}
		return this.inventoryReply(structuredClone(vm), INVENTORY_CLASSES.vmInstance);
	}

	/** @returns {Route[]} */
	buildRoutes() {
		const pairPath = /^\/zstack\/v1\/ai\/models\/([^/]+)\/model-services\/([^/]+)$/;
		return [
			{
				api: 'Login',
				method: 'PUT',
				path: /^\/zstack\/v1\/accounts\/login$/,
				needsCredentials: false,
				sync: true,
				handle: ({ body }) => {
					const login = /** @type {{ accountName?: unknown, password?: unknown } | undefined} */ (body.logInByAccount);
					if (!login || typeof login !== 'object') return textReply(400, "the body must be {\"logInByAccount\":{...}}");
					const accepted = login.accountName === ACCOUNT.accountName && login.password === sha512Hex(ACCOUNT.password);
					return accepted ? this.logIn() : authenticationFailed();
				},
			},
			{
				api: 'Login',
				method: 'PUT',
				path: /^\/zstack\/v1\/accounts\/users\/login$/,
				needsCredentials: false,
				sync: true,
				handle: ({ body }) => {
					const login = /** @type {{ accountName?: unknown, userName?: unknown, password?: unknown } | undefined} */ (body.logInByUser);
					if (!login || typeof login !== 'object') return textReply(400, "the body must be {\"logInByUser\":{...}}");
					// The admin account doubles as a user of itself.
					const accepted =
						(login.accountName === undefined || login.accountName === ACCOUNT.accountName) &&
						login.userName === ACCOUNT.accountName &&
						login.password === sha512Hex(ACCOUNT.password);
					return accepted ? this.logIn(ADMIN_USER_UUID) : authenticationFailed();
				},
			},
			{
				api: 'ValidateSession',
				method: 'GET',
				path: /^\/zstack\/v1\/accounts\/sessions\/([^/]+)\/valid$/,
				needsCredentials: false,
				sync: true,
				handle: ({ params: [uuid] }) => jsonReply(200, { valid: this.liveSession(uuid) !== undefined }),
			},
			{
				// AccountManagerImpl ~469: logout is answered with a reply (bus.reply), i.e. a sync API.
				api: 'LogOut',
				method: 'DELETE',
				path: /^\/zstack\/v1\/accounts\/sessions\/([^/]+)$/,
				needsCredentials: false,
				sync: true,
				handle: ({ params: [uuid] }) => {
					this.expireSession(uuid);
					return jsonReply(200, {});
				},
			},
			{
				api: 'QueryModel',
				method: 'GET',
				path: /^\/zstack\/v1\/ai\/models(?:\/([^/]+))?$/,
				needsCredentials: true,
				sync: true,
				handle: (input) => this.query(this.state.models, INVENTORY_CLASSES.model, input),
			},
			{
				api: 'BindModelToService',
				method: 'POST',
				path: pairPath,
				needsCredentials: true,
				sync: false,
				handle: (input) => this.bindModelToService(input),
			},
			{
				api: 'UnbindModelFromService',
				method: 'DELETE',
				path: pairPath,
				needsCredentials: true,
				sync: false,
				handle: (input) => this.unbindModelFromService(input),
			},
			{
				api: 'QueryModelService',
				method: 'GET',
				path: /^\/zstack\/v1\/ai\/model-services(?:\/([^/]+))?$/,
				needsCredentials: true,
				sync: true,
				handle: (input) => this.query(this.renderModelServices(), INVENTORY_CLASSES.modelService, input),
			},
			{
				api: 'QueryVmInstance',
				method: 'GET',
				path: /^\/zstack\/v1\/vm-instances(?:\/([^/]+))?$/,
				needsCredentials: true,
				sync: true,
				handle: (input) => this.query(this.state.vmInstances, INVENTORY_CLASSES.vmInstance, input),
			},
			{
				// One path, many APIs: a top-level key of the body names the action
				// (RestServer.java handleNonUniqueApi ~773).
				method: 'PUT',
				path: /^\/zstack\/v1\/vm-instances\/([^/]+)\/actions$/,
				needsCredentials: true,
				sync: false,
				actions: {
					startVmInstance: { api: 'StartVmInstance', handle: ({ params: [uuid] }) => this.changeVmState(uuid, 'Running') },
					stopVmInstance: { api: 'StopVmInstance', handle: ({ params: [uuid] }) => this.changeVmState(uuid, 'Stopped') },
				},
			},
		];
	}

	// ---- faults ------------------------------------------------------------------------------------------

	/** @param {unknown} spec */
	injectFault(spec) {
		this.faults.push(validateFault(spec));
	}

	/**
	 * The oldest queued fault that can act on this request, or undefined.
	 * @param {readonly string[]} apis the API (or the APIs a path may turn out to be)
	 * @param {boolean} involvesJob the request creates a job or polls one
	 */
	findFault(apis, involvesJob) {
		return this.faults.find(
			(fault) => (fault.api === '*' || apis.includes(fault.api)) && (involvesJob || !JOB_FAULTS.includes(fault.kind)),
		);
	}

	/** @param {Fault | undefined} fault */
	consumeFault(fault) {
		if (!fault) return undefined;
		fault.times -= 1;
		if (fault.times === 0) this.faults.splice(this.faults.indexOf(fault), 1);
		return fault;
	}

	/** @param {number} ms */
	sleep(ms) {
		return new Promise((resolve) => {
			const timer = setTimeout(() => {
				this.pendingDelays.delete(timer);
				resolve(undefined);
			}, ms);
			this.pendingDelays.add(timer);
		});
	}

	// ---- request handling --------------------------------------------------------------------------------

	/** @param {http.IncomingMessage} req @param {http.ServerResponse} res */
	async handle(req, res) {
		const [sentPath, rawQuery = ''] = (req.url ?? '/').split(/\?(.*)/s);
		const method = req.method ?? 'GET';
		if (sentPath.startsWith('/__simulator/')) {
			const { text, tooLarge } = await readBody(req, this.options.maxBodyBytes);
			send(req, res, tooLarge ? tooLargeReply(this.options.maxBodyBytes) : this.control(method, sentPath, parseJsonOrText(text)));
			return;
		}
		const decoded = decodeRequestPath(sentPath);
		if (!('path' in decoded)) {
			this.logRequest({ method, path: sentPath, query: rawQuery, headers: req.headers, body: undefined, at: Date.now() });
			send(req, res, textReply(decoded.status, decoded.text));
			return;
		}
		const { path } = decoded;
		const jobUuid = JOB_PATH.exec(path)?.[1];
		const candidates = this.routes.filter((candidate) => candidate.path.test(path));
		const route = candidates.find((candidate) => candidate.method === method);
		const possibleApis = jobUuid !== undefined ? ['JobPoll'] : route ? apisOf(route) : [];
		const createsJob = route !== undefined && this.options.replyMode === 'async' && !route.sync;
		const logged = this.logRequest({ method, path: sentPath, query: rawQuery, headers: req.headers, body: undefined, at: Date.now() });

		const early = this.findFault(possibleApis, jobUuid !== undefined || createsJob);
		if (early?.kind === 'resetBeforeRead') {
			this.consumeFault(early);
			logged.fault = early.kind;
			req.socket.destroy();
			return;
		}
		const { text: rawBody, tooLarge } = await readBody(req, this.options.maxBodyBytes);
		logged.body = tooLarge ? `(${req.headers['content-length'] ?? 'more than'} bytes, not kept)` : parseJsonOrText(rawBody);
		if (tooLarge) {
			send(req, res, tooLargeReply(this.options.maxBodyBytes));
			return;
		}

		// RestServer.java ~668: job polls are answered first, before any authentication.
		if (jobUuid !== undefined) {
			if (method !== 'GET') {
				send(req, res, textReply(405, 'only GET method is allowed for querying job status'));
				return;
			}
			const fault = this.consumeFault(this.findFault(['JobPoll'], true));
			if (fault) logged.fault = fault.kind;
			await this.deliver(req, res, fault, () => this.answerJobPoll(req, jobUuid, fault));
			return;
		}
		if (!route) {
			send(
				req,
				res,
				candidates.length > 0
					? // ~803: the request URI as sent (`getRequestURI`: undecoded, with the context path)
					  textReply(405, `The method[${method}] is not allowed for the path[${sentPath}]`)
					: textReply(404, `no api mapping to ${path.replace(/^\/zstack(?=\/)/, '')}`),
			);
			return;
		}
		// RestServer.java ~760 / ~1159: the body is parsed before anything else; JSON that is not an object
		// fails there, and RestServer answers any such exception 500 with its message (~687).
		/** @type {Record<string, unknown>} */
		let body = {};
		if (rawBody.trim() !== '' && rawBody.trim() !== 'null') {
			const parsed = parseJsonOrText(rawBody);
			if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
				send(req, res, textReply(500, `com.google.gson.JsonSyntaxException: the request body is not a JSON object`));
				return;
			}
			body = /** @type {Record<string, unknown>} */ (parsed);
		}
		const resolved = resolveApi(route, body, path);
		if ('status' in resolved) {
			send(req, res, resolved);
			return;
		}
		const fault = this.consumeFault(this.findFault([resolved.api], createsJob));
		if (fault) logged.fault = fault.kind;
		// A busy node processes (checks, saves, runs) the request only after it waited (slow-node.js).
		if (createsJob && this.options.acceptDelayMs > 0) await this.sleep(this.options.acceptDelayMs);
		await this.deliver(req, res, fault, () =>
			this.answerApiCall({ req, path, rawQuery, body, route, api: resolved, createsJob, fault }),
		);
	}

	/**
	 * Applies the exchange and connection faults around producing the reply, then sends it.
	 * @param {http.IncomingMessage} req
	 * @param {http.ServerResponse} res
	 * @param {Fault | undefined} fault
	 * @param {() => Reply} answer
	 */
	async deliver(req, res, fault, answer) {
		if (fault?.kind === 'delay') await this.sleep(fault.ms ?? 0);
		if (fault?.kind === 'plainText') {
			send(req, res, textReply(fault.status ?? 500, fault.text ?? 'Internal Server Error'));
			return;
		}
		if (fault?.kind === 'proxyPage') {
			send(req, res, proxyPage(fault.status ?? 502));
			return;
		}
		if (fault?.kind === 'notJson') {
			send(req, res, { status: 200, text: '<html><body>ZStack</body></html>', contentType: 'text/html;charset=UTF-8' });
			return;
		}
		const reply = answer();
		if (fault?.kind === 'resetAfterAccept') {
			req.socket.destroy();
			return;
		}
		send(req, res, reply, fault?.kind === 'reset');
	}

	/**
	 * @param {{ req: http.IncomingMessage, path: string, rawQuery: string, body: Record<string, unknown>, route: Route, api: Action, createsJob: boolean, fault: Fault | undefined }} call
	 * @returns {Reply}
	 */
	answerApiCall({ req, path, rawQuery, body, route, api, createsJob, fault }) {
		if (route.needsCredentials) {
			const refusal = this.authenticate(req, path);
			if (refusal) return refusal;
		}
		// RestServer.java ~939–958: a message the REST layer cannot build from the body fails there, before any job.
		const unbuildable = api.refuseBody?.(body);
		if (unbuildable) return unbuildable;
		const isQuery = route.method === 'GET' && route.needsCredentials;
		const jobUuid = req.headers['x-job-uuid'];
		if (!isQuery && typeof jobUuid === 'string') {
			// RestServer.java ~963–977, checked for every API but queries (which return earlier, ~908).
			if (jobUuid.length !== 32) return textReply(400, "Invalid header[X-Job-UUID], it must be a UUID with '-' stripped");
			if (['POST', 'PUT', 'DELETE'].includes(route.method) && this.state.jobs.has(jobUuid)) {
				return textReply(400, `Duplicate job uuid[${jobUuid}]`);
			}
		}
		for (const name of ['systemTags', 'userTags']) {
			// RestServer.java ~983: an unchecked cast to List; anything else fails with a 500.
			if (route.method !== 'GET' && route.method !== 'DELETE' && body[name] !== undefined && body[name] !== null && !Array.isArray(body[name])) {
				return textReply(500, classCastMessage(body[name], 'java.util.List'));
			}
		}

		let outcome;
		if (fault?.kind === 'sessionExpired') {
			// The session lapses just before the message bus evaluates it.
			this.endCarriedSession(req);
			outcome = sessionExpiredReply();
		} else if (route.needsCredentials && !this.evaluateSession(req)) {
			outcome = sessionExpiredReply();
		} else if (fault?.kind === 'error') {
			outcome = errorReply(fault.error ?? {}, fault.status);
		} else {
			const params = /** @type {RegExpExecArray} */ (route.path.exec(path)).slice(1).filter((param) => param !== undefined);
			outcome = api.handle({ params, body, query: new URLSearchParams(rawQuery), fault });
			this.apiRuns.record({ api: api.api, path, jobUuid: typeof jobUuid === 'string' ? jobUuid : undefined, at: Date.now() });
			if (fault?.kind === 'noInventory' && outcome.status === 200) outcome = jsonReply(200, {});
			if (fault && QUERY_FAULTS.includes(fault.kind) && outcome.status === 200) {
				outcome = { ...outcome, json: applyQueryFault(fault, /** @type {never} */ (outcome.json)) };
			}
		}
		if (!createsJob) return outcome;

		// RestServer.java ~1250–1275: the job is stored, then 202 names it under the server's own base URL.
		const job = this.createJob(api.api, outcome, typeof jobUuid === 'string' ? jobUuid : newUuid());
		if (fault?.kind === 'jobNeverFinishes') job.neverFinishes = true;
		if (fault?.kind === 'jobExpired') job.expired = true;
		const apiTimeoutSeconds = Number(req.headers['x-api-timeout']);
		return jsonReply(202, {
			location: `${this.options.internalJobHost || this.url}/zstack/v1/api-jobs/${job.uuid}`,
			apiTimeout: apiTimeoutSeconds > 0 ? apiTimeoutSeconds * 1000 : DEFAULT_API_TIMEOUT_MS,
		});
	}

	/**
	 * @param {ApiName} api
	 * @param {Reply} result
	 * @param {string} uuid
	 */
	createJob(api, result, uuid) {
		/** @type {Job} */
		const job = {
			uuid,
			api,
			pollsLeft: this.options.jobPolls,
			finishesAt: Date.now() + this.options.jobDurationMs,
			neverFinishes: false,
			expired: false,
			result,
		};
		this.state.jobs.set(uuid, job);
		return job;
	}

	/**
	 * RestServer.java handleJobQuery (~705–739): no credentials needed (any Authorization is ignored); 404 for
	 * an unknown or expired job, 202 while running, then the stored outcome, the same on every later poll.
	 * @param {http.IncomingMessage} req
	 * @param {string} jobUuid
	 * @param {Fault | undefined} fault
	 * @returns {Reply}
	 */
	answerJobPoll(req, jobUuid, fault) {
		const job = this.state.jobs.get(jobUuid);
		if (job && fault?.kind === 'jobExpired') job.expired = true;
		if (!job || job.expired) return textReply(404, 'the job has been expired');
		if (fault?.kind === 'error') return errorReply(fault.error ?? {}, fault.status);
		if (fault?.kind === 'noInventory') return jsonReply(200, {});
		if (fault?.kind === 'sessionExpired') {
			// The job's session lapsed before the API ran: the job fails with ID.1001, for good.
			this.endCarriedSession(req);
			Object.assign(job, { result: sessionExpiredReply(), pollsLeft: 0, finishesAt: 0, neverFinishes: false });
		}
		if (fault?.kind === 'jobNeverFinishes') job.neverFinishes = true;
		// RestServer.java ~712: 202 while the job's result is not yet stored (here: until finishesAt, after jobPolls 202s).
		if (job.neverFinishes || job.pollsLeft > 0 || Date.now() < job.finishesAt) {
			job.pollsLeft -= 1;
			// RestServer.java ~718: an empty ApiResponse, written as no body at all.
			return { status: 202 };
		}
		return job.result;
	}

	// ---- control API for out-of-process tests ------------------------------------------------------------

	/**
	 * @param {string} method
	 * @param {string} path
	 * @param {unknown} body
	 * @returns {Reply}
	 */
	control(method, path, body) {
		const route = `${method} ${path}`;
		const isObject = body !== null && typeof body === 'object' && !Array.isArray(body);
		if (OBJECT_BODY_CONTROLS.includes(route) && body !== undefined && !isObject) {
			return textReply(400, `${route} takes a JSON object or no body`);
		}
		const options = /** @type {Record<string, unknown>} */ (isObject ? body : {});
		switch (route) {
			case 'GET /__simulator/info':
				return jsonReply(200, { url: this.url, account: ACCOUNT, accessKey: ACCESS_KEY, seed: SEED });
			case 'GET /__simulator/config':
				return jsonReply(200, this.options);
			case 'POST /__simulator/config':
				try {
					return jsonReply(200, this.configure(options));
				} catch (error) {
					return textReply(400, /** @type {Error} */ (error).message);
				}
			case 'POST /__simulator/faults':
				try {
					for (const spec of Array.isArray(body) ? body : [body]) this.injectFault(spec);
				} catch (error) {
					return textReply(400, /** @type {Error} */ (error).message);
				}
				return jsonReply(200, { pending: this.faults });
			case 'GET /__simulator/faults':
				return jsonReply(200, { pending: this.faults });
			case 'DELETE /__simulator/faults':
				this.faults.length = 0;
				return jsonReply(200, { pending: this.faults });
			case 'POST /__simulator/sessions':
				return jsonReply(200, { uuid: this.createSession().uuid });
			case 'POST /__simulator/expire-sessions':
				if (options.uuid !== undefined && typeof options.uuid !== 'string') return textReply(400, 'uuid must be a session uuid');
				return jsonReply(200, {
					expired: typeof options.uuid === 'string' ? Number(this.expireSession(options.uuid)) : this.expireAllSessions(),
				});
			case 'GET /__simulator/runs':
				return jsonReply(200, { runs: this.apiRuns.runs, byJob: this.apiRuns.runsByJob() });
			case 'GET /__simulator/requests':
				return jsonReply(200, { requests: this.requests });
			case 'DELETE /__simulator/requests':
				this.requests.length = 0;
				return jsonReply(200, { requests: this.requests });
			case 'GET /__simulator/state':
				return jsonReply(200, {
					models: this.state.models,
					modelServices: this.renderModelServices(),
					bindings: this.state.bindings,
					vmInstances: this.state.vmInstances,
					...this.aios.snapshot(),
					sessions: [...this.state.sessions.values()],
					jobs: [...this.state.jobs.values()],
				});
			case 'POST /__simulator/reset':
				this.reset();
				return jsonReply(200, {});
			default:
				return textReply(404, `no simulator control endpoint ${route}`);
		}
	}
}

/** Control endpoints whose body is an object of options: anything else is refused, never read as `{}`. */
const OBJECT_BODY_CONTROLS = ['POST /__simulator/config', 'POST /__simulator/expire-sessions'];

/** @param {Route} route @returns {ApiName[]} */
const apisOf = (route) => ('actions' in route ? Object.values(route.actions).map((action) => action.api) : [route.api]);

/**
 * The API a request calls: the route's own, or for an action path the action its body names
 * (RestServer.java ~773–781: none → 400).
 * @param {Route} route
 * @param {Record<string, unknown>} body
 * @param {string} path
 * @returns {Action | Reply}
 */
function resolveApi(route, body, path) {
	if (!('actions' in route)) return route;
	const name = Object.keys(body).find((key) => Object.hasOwn(route.actions, key));
	return name !== undefined
		? route.actions[name]
		: textReply(400, `the body doesn't contain action mapping to the URL[${path.replace(/^\/zstack(?=\/)/, '')}]`);
}

function authenticationFailed() {
	return errorReply({ code: 'ID.1000', description: 'Authentication failed', details: 'wrong account name, user name or password' });
}

/**
 * RestServer itself sets no body limit (Tomcat applies maxPostSize to form posts only). The limit here is the
 * one a management node commonly sits behind: nginx's default client_max_body_size (1 MiB) answers 413. It
 * also keeps the simulator's memory bounded.
 * @param {number} limit
 */
const tooLargeReply = (limit) => textReply(413, `Request Entity Too Large: the body exceeds ${limit} bytes`);

/**
 * @param {http.IncomingMessage} req
 * @param {http.ServerResponse} res
 * @param {Reply} reply
 * @param {boolean} [resetMidway] send the headers and half of the body, then destroy the socket
 */
function send(req, res, reply, resetMidway = false) {
	const wantsSchema = reply.schema !== undefined && (reply.schemaAlways || req.headers['x-json-schema'] !== undefined);
	const json = wantsSchema ? { .../** @type {object} */ (reply.json), schema: reply.schema } : reply.json;
	const payload = json !== undefined ? JSON.stringify(json) : (reply.text ?? '');
	/** @type {http.OutgoingHttpHeaders} */
	const headers = { 'content-length': Buffer.byteLength(payload) };
	if (payload !== '') headers['content-type'] = reply.contentType ?? (json !== undefined ? JSON_CONTENT_TYPE : TEXT_CONTENT_TYPE);
	res.writeHead(reply.status, headers);
	if (resetMidway) {
		res.write(payload.slice(0, Math.floor(payload.length / 2)), () => res.socket?.destroy());
		return;
	}
	res.end(payload);
}

/**
 * @param {Partial<Options>} [options]
 */
async function startSimulator(options = {}) {
	const settings = validateOptions({ ...DEFAULT_OPTIONS, ...options });
	const simulator = new ZStackSimulator(settings);
	const server = http.createServer((req, res) => {
		simulator.handle(req, res).catch((error) => {
			if (!res.headersSent) send(req, res, textReply(500, `simulator failure: ${error?.message ?? error}`));
			else res.destroy();
		});
	});
	await new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(settings.port, '127.0.0.1', () => resolve(undefined));
	});
	const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
	const url = `http://127.0.0.1:${port}`;
	simulator.url = url;

	return {
		url,
		account: ACCOUNT,
		accessKey: ACCESS_KEY,
		seed: SEED,
		get options() {
			return simulator.options;
		},
		/** @param {Partial<Options>} changes */
		configure: (changes) => simulator.configure(changes),
		createSession: () => simulator.createSession().uuid,
		/**
		 * The ZStack API credential that signs in here with each of the node's sign-in methods, by its `authType`
		 * (nodes/ZStack/transport/signIn/registry.ts lists them; a test holds this list against it).
		 * @param {string} authType
		 * @returns {{ authType: string, host: string } & Record<string, string>}
		 */
		credentialFor(authType) {
			switch (authType) {
				case 'session':
					return { host: url, authType, sessionUuid: simulator.createSession().uuid };
				case 'account':
					return { host: url, authType, ...ACCOUNT };
				case 'accessKey':
					return { host: url, authType, ...ACCESS_KEY, managementNodeTimeZone: simulator.options.managementNodeTimeZone };
				default:
					throw new Error(`The simulator has no credential for the sign-in method "${authType}"`);
			}
		},
		/** @param {string} uuid */
		expireSession: (uuid) => simulator.expireSession(uuid),
		expireAllSessions: () => simulator.expireAllSessions(),
		/** @param {FaultSpec} fault */
		injectFault: (fault) => simulator.injectFault(fault),
		clearFaults: () => {
			simulator.faults.length = 0;
		},
		get pendingFaults() {
			return simulator.faults;
		},
		get requests() {
			return simulator.requests;
		},
		get state() {
			return simulator.state;
		},
		get apiRuns() {
			return simulator.apiRuns.runs;
		},
		runsByJob: () => simulator.apiRuns.runsByJob(),
		reset: () => simulator.reset(),
		stop: async () => {
			for (const timer of simulator.pendingDelays) clearTimeout(timer);
			simulator.pendingDelays.clear();
			const closed = new Promise((resolve) => server.close(() => resolve(undefined)));
			server.closeAllConnections();
			await closed;
		},
	};
}

module.exports = { startSimulator, DEFAULT_OPTIONS };
