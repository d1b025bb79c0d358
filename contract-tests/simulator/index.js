// @ts-check
'use strict';

/**
 * A ZStack management node's REST server, reduced to the APIs this package calls and the behaviour described
 * in shared/reference/zstack-rest-facts.md: three ways to authenticate, 202 + job polling for every non-GET
 * call except login, 503 JSON errors with nested causes, plain-text errors from the REST layer, and the query
 * API. Faults can be injected to rehearse what real deployments do on a bad day.
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

/**
 * @typedef {{ status: number, json?: unknown, text?: string, contentType?: string }} Reply
 * @typedef {{ code: string, description: string, details: string | null, elaboration: null, opaque: null, cause: ErrorCode | null }} ErrorCode
 * @typedef {{ code?: string, description?: string, details?: string | null, cause?: ErrorCodeSpec | null }} ErrorCodeSpec
 * @typedef {'Login' | 'LogOut' | 'ValidateSession' | 'BindModelToService' | 'UnbindModelFromService' | 'QueryModel' | 'QueryModelService' | 'JobPoll'} ApiName
 * @typedef {{ api: ApiName | '*', times?: number, kind: string, status?: number, error?: ErrorCodeSpec, text?: string, ms?: number }} FaultSpec
 * @typedef {FaultSpec & { times: number }} Fault
 * @typedef {{ uuid: string, accountUuid: string, userUuid: string, expiresAt: number, createDate: string, expiredDate: string }} Session
 * @typedef {{ uuid: string, api: ApiName, requiresCredentials: boolean, pollsLeft: number, neverFinishes: boolean, expired: boolean, result: Reply }} Job
 * @typedef {{ method: string, path: string, query: string, headers: http.IncomingHttpHeaders, body: unknown }} LoggedRequest
 * @typedef {{ params: string[], body: Record<string, unknown>, query: URLSearchParams }} HandlerInput
 * @typedef {{ api: ApiName, method: string, path: RegExp, needsCredentials: boolean, handle: (input: HandlerInput) => Reply }} Route
 */

const DEFAULT_OPTIONS = Object.freeze({
	port: 0,
	replyMode: /** @type {'async' | 'sync'} */ ('async'),
	jobPolls: 1,
	sessionTimeoutMs: 7200_000,
	internalJobHost: 'http://mn-internal.invalid:8080',
	maxSessions: 500,
});

const CLOCK_SKEW_LIMIT_MS = 15 * 60 * 1000;
const DEFAULT_API_TIMEOUT_MS = 1_800_000;
const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';
const TEXT_CONTENT_TYPE = 'text/plain;charset=UTF-8';
const UUID_PATTERN = /^[0-9a-f]{32}$/;

/** Faults that change the HTTP exchange they hit, whatever the API would have answered. */
const EXCHANGE_FAULTS = ['delay', 'plainText', 'notJson', 'reset', 'sessionExpired'];
/** Faults that replace the API's outcome: delivered where ZStack delivers outcomes (the job, in async mode). */
const RESULT_FAULTS = ['error', 'noInventory'];
/** Faults that act on a job: the one a call creates, or the one a poll asks about. */
const JOB_FAULTS = ['jobNeverFinishes', 'jobExpired'];
const FAULT_APIS = [
	'*',
	'Login',
	'LogOut',
	'ValidateSession',
	'BindModelToService',
	'UnbindModelFromService',
	'QueryModel',
	'QueryModelService',
	'JobPoll',
];

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

const sessionExpiredReply = () =>
	errorReply({ code: 'ID.1001', description: 'Session expired', details: 'the session is invalid or has expired, please log in again' });

/** @param {unknown} tags */
const isStringList = (tags) => Array.isArray(tags) && tags.every((tag) => typeof tag === 'string');

/** @param {http.IncomingMessage} req @returns {Promise<string>} */
async function readBody(req) {
	const chunks = [];
	for await (const chunk of req) chunks.push(chunk);
	return Buffer.concat(chunks).toString('utf8');
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
	if (![...EXCHANGE_FAULTS, ...RESULT_FAULTS, ...JOB_FAULTS].includes(fault.kind)) {
		throw new TypeError(`unknown fault kind '${fault.kind}'`);
	}
	const times = fault.times ?? 1;
	if (!Number.isInteger(times) || times < 1) throw new TypeError('fault times must be a positive integer');
	return { ...fault, times };
}

class ZStackSimulator {
	/** @param {typeof DEFAULT_OPTIONS} options */
	constructor(options) {
		this.options = options;
		/** Known once the server listens. */
		this.url = '';
		/** @type {LoggedRequest[]} */
		this.requests = [];
		/** @type {Fault[]} */
		this.faults = [];
		/** @type {Set<NodeJS.Timeout>} */
		this.pendingDelays = new Set();
		this.state = {
			...createSeedResources(),
			/** @type {Map<string, Session>} */
			sessions: new Map(),
			/** @type {Map<string, Job>} */
			jobs: new Map(),
		};
		/** @type {Route[]} */
		this.routes = this.buildRoutes();
	}

	reset() {
		Object.assign(this.state, createSeedResources());
		this.state.sessions.clear();
		this.state.jobs.clear();
		this.faults.length = 0;
		this.requests.length = 0;
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
			expiresAt: now + this.options.sessionTimeoutMs,
			createDate: formatZStackDate(new Date(now)),
			expiredDate: formatZStackDate(new Date(now + this.options.sessionTimeoutMs)),
		};
		this.state.sessions.set(session.uuid, session);
		return session;
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
	 * Checks the Authorization header the way ZStack's RestServer does. Returns the refusal, or null when the
	 * caller may proceed.
	 * @param {http.IncomingMessage} req
	 * @param {string} rawPath the request path as sent, without query string
	 * @returns {Reply | null}
	 */
	authenticate(req, rawPath) {
		const header = req.headers.authorization;
		if (!header) return textReply(400, 'missing header Authorization');
		const separator = header.indexOf(' ');
		const scheme = separator < 0 ? header : header.slice(0, separator);
		const credential = separator < 0 ? '' : header.slice(separator + 1).trim();
		if (scheme === 'OAuth') return this.liveSession(credential) ? null : sessionExpiredReply();
		if (scheme === 'ZStack') return this.checkAccessKeySignature(req, rawPath, credential);
		return textReply(400, `unsupported Authorization type '${scheme}', expected 'OAuth' or 'ZStack'`);
	}

	/**
	 * @param {http.IncomingMessage} req
	 * @param {string} rawPath
	 * @param {string} credential `<AccessKeyId>:<Signature>`
	 * @returns {Reply | null}
	 */
	checkAccessKeySignature(req, rawPath, credential) {
		const date = req.headers.date;
		if (!date) return textReply(400, 'missing header Date, required by AccessKey authentication');
		const sentAt = Date.parse(date);
		if (Number.isNaN(sentAt)) return textReply(400, `invalid header Date '${date}'`);
		if (Math.abs(Date.now() - sentAt) > CLOCK_SKEW_LIMIT_MS) {
			return textReply(403, 'the request time differs from the server time by more than 15 minutes');
		}
		const separator = credential.lastIndexOf(':');
		const accessKeyId = credential.slice(0, separator);
		const signature = Buffer.from(credential.slice(separator + 1));
		// The signed URI leaves out the `/zstack` context path, so it survives a reverse proxy's path prefix.
		const uri = rawPath.replace(/^\/zstack(?=\/)/, '');
		const expected = Buffer.from(
			createHmac('sha1', ACCESS_KEY.accessKeySecret).update(`${req.method}\n${date}\n${uri}`).digest('base64'),
		);
		const valid =
			separator > 0 &&
			accessKeyId === ACCESS_KEY.accessKeyId &&
			signature.length === expected.length &&
			timingSafeEqual(signature, expected);
		return valid
			? null
			: errorReply({
					code: 'ID.1000',
					description: 'Authentication failed: the AccessKey signature is invalid',
					details: `the signature does not match, or the AccessKey[id:${accessKeyId}] does not exist`,
				});
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

	/**
	 * @param {object[]} inventories
	 * @param {HandlerInput} input params[0], when present, is the uuid of `/resources/{uuid}`
	 * @returns {Reply}
	 */
	query(inventories, { params, query }) {
		const conditions = new URLSearchParams(query);
		if (params[0] !== undefined) conditions.append('q', `uuid=${params[0]}`);
		const fieldNames = [...new Set(inventories.flatMap((inventory) => Object.keys(inventory)))];
		try {
			return jsonReply(200, runQuery(inventories, conditions, fieldNames));
		} catch (error) {
			if (error instanceof MalformedQueryError) return textReply(400, error.message);
			if (error instanceof InvalidQueryArgumentError) {
				return errorReply({ code: 'SYS.1007', description: 'One or more API argument is invalid', details: error.message });
			}
			throw error;
		}
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

	/** @param {HandlerInput} input @returns {Reply} */
	bindModelToService({ params: [modelUuid, modelServiceUuid], body }) {
		const refusal = this.findPairOrRefuse('bind', modelUuid, modelServiceUuid);
		if (refusal) return refusal;
		const { systemTags = [], userTags = [] } = body;
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
		return jsonReply(200, { inventory: this.renderModelServices().find((rendered) => rendered.uuid === modelServiceUuid) });
	}

	/** @param {HandlerInput} input @returns {Reply} */
	unbindModelFromService({ params: [modelUuid, modelServiceUuid] }) {
		const refusal = this.findPairOrRefuse('unbind', modelUuid, modelServiceUuid);
		if (refusal) return refusal;
		this.state.bindings = this.state.bindings.filter(
			(binding) => !(binding.modelUuid === modelUuid && binding.modelServiceUuid === modelServiceUuid),
		);
		return jsonReply(200, {});
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
				handle: ({ params: [uuid] }) => jsonReply(200, { valid: this.liveSession(uuid) !== undefined }),
			},
			{
				api: 'LogOut',
				method: 'DELETE',
				path: /^\/zstack\/v1\/accounts\/sessions\/([^/]+)$/,
				needsCredentials: false,
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
				handle: (input) => this.query(this.state.models, input),
			},
			{
				api: 'BindModelToService',
				method: 'POST',
				path: pairPath,
				needsCredentials: true,
				handle: (input) => this.bindModelToService(input),
			},
			{
				api: 'UnbindModelFromService',
				method: 'DELETE',
				path: pairPath,
				needsCredentials: true,
				handle: (input) => this.unbindModelFromService(input),
			},
			{
				api: 'QueryModelService',
				method: 'GET',
				path: /^\/zstack\/v1\/ai\/model-services(?:\/([^/]+))?$/,
				needsCredentials: true,
				handle: (input) => this.query(this.renderModelServices(), input),
			},
		];
	}

	// ---- faults ------------------------------------------------------------------------------------------

	/** @param {unknown} spec */
	injectFault(spec) {
		this.faults.push(validateFault(spec));
	}

	/**
	 * Takes the oldest queued fault that can act on this request.
	 * @param {ApiName} api
	 * @param {boolean} involvesJob the request creates a job or polls one
	 */
	takeFault(api, involvesJob) {
		const index = this.faults.findIndex(
			(fault) => (fault.api === '*' || fault.api === api) && (involvesJob || !JOB_FAULTS.includes(fault.kind)),
		);
		if (index < 0) return undefined;
		const fault = this.faults[index];
		fault.times -= 1;
		if (fault.times === 0) this.faults.splice(index, 1);
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
		const rawBody = await readBody(req);
		const [rawPath, rawQuery = ''] = (req.url ?? '/').split(/\?(.*)/s);
		const method = req.method ?? 'GET';
		if (rawPath.startsWith('/__simulator/')) {
			send(res, this.control(method, rawPath, parseJsonOrText(rawBody)));
			return;
		}
		this.requests.push({ method, path: rawPath, query: rawQuery, headers: req.headers, body: parseJsonOrText(rawBody) });

		const jobUuid = /^\/zstack\/v1\/api-jobs\/([^/]+)$/.exec(rawPath)?.[1];
		if (jobUuid !== undefined) {
			if (method !== 'GET') {
				send(res, textReply(405, `method ${method} is not allowed on api-jobs, use GET`));
				return;
			}
			const fault = this.takeFault('JobPoll', true);
			send(res, await this.answerJobPoll(req, rawPath, jobUuid, fault), fault?.kind === 'reset');
			return;
		}
		const candidates = this.routes.filter((candidate) => candidate.path.test(rawPath));
		const route = candidates.find((candidate) => candidate.method === method);
		if (!route) {
			send(
				res,
				candidates.length > 0
					? textReply(405, `method ${method} is not allowed on ${rawPath}`)
					: textReply(404, `no API mapping to ${method} ${rawPath}`),
			);
			return;
		}
		const createsJob = this.options.replyMode === 'async' && route.method !== 'GET' && route.api !== 'Login';
		const fault = this.takeFault(route.api, createsJob);
		const reply = await this.answerApiCall({ req, rawPath, rawQuery, rawBody, route, createsJob, fault });
		send(res, reply, fault?.kind === 'reset');
	}

	/**
	 * @param {Fault | undefined} fault
	 * @param {http.IncomingMessage} req
	 * @returns {Promise<Reply | null>} the fault's own reply, or null to carry on
	 */
	async applyExchangeFault(fault, req) {
		switch (fault?.kind) {
			case 'delay':
				await this.sleep(fault.ms ?? 0);
				return null;
			case 'plainText':
				return textReply(fault.status ?? 500, fault.text ?? 'Internal Server Error');
			case 'notJson':
				return { status: 200, text: '<html><body>ZStack</body></html>', contentType: 'text/html;charset=UTF-8' };
			case 'sessionExpired': {
				// The session really ends, so that retrying with it keeps failing until the client logs in again.
				const [scheme, sessionUuid] = (req.headers.authorization ?? '').split(' ');
				if (scheme === 'OAuth' && sessionUuid) this.expireSession(sessionUuid);
				return sessionExpiredReply();
			}
			default:
				return null;
		}
	}

	/**
	 * @param {{ req: http.IncomingMessage, rawPath: string, rawQuery: string, rawBody: string, route: Route, createsJob: boolean, fault: Fault | undefined }} call
	 * @returns {Promise<Reply>}
	 */
	async answerApiCall({ req, rawPath, rawQuery, rawBody, route, createsJob, fault }) {
		const faultReply = await this.applyExchangeFault(fault, req);
		if (faultReply) return faultReply;
		if (route.needsCredentials) {
			const refusal = this.authenticate(req, rawPath);
			if (refusal) return refusal;
		}
		/** @type {Record<string, unknown>} */
		let body = {};
		if (route.method !== 'GET' && rawBody.trim() !== '') {
			try {
				body = JSON.parse(rawBody);
			} catch {
				return textReply(400, 'the request body is not valid JSON');
			}
			if (body === null || typeof body !== 'object' || Array.isArray(body)) {
				return textReply(400, 'the request body must be a JSON object');
			}
		}
		const jobUuid = req.headers['x-job-uuid'];
		if (createsJob && jobUuid !== undefined) {
			if (typeof jobUuid !== 'string' || !UUID_PATTERN.test(jobUuid)) {
				return textReply(400, 'header X-Job-UUID must be 32 lowercase hex characters');
			}
			if (this.state.jobs.has(jobUuid)) return textReply(400, `duplicate job uuid[${jobUuid}] in header X-Job-UUID`);
		}

		const params = /** @type {RegExpExecArray} */ (route.path.exec(rawPath)).slice(1).filter((param) => param !== undefined);
		let result =
			fault?.kind === 'error'
				? errorReply(fault.error ?? {}, fault.status)
				: route.handle({ params, body, query: new URLSearchParams(rawQuery) });
		if (fault?.kind === 'noInventory' && result.status === 200) result = jsonReply(200, {});
		if (!createsJob) return result;

		const job = this.createJob(route, result, typeof jobUuid === 'string' ? jobUuid : newUuid());
		if (fault?.kind === 'jobNeverFinishes') job.neverFinishes = true;
		if (fault?.kind === 'jobExpired') job.expired = true;
		const apiTimeoutSeconds = Number(req.headers['x-api-timeout']);
		return jsonReply(202, {
			location: `${this.options.internalJobHost}/zstack/v1/api-jobs/${job.uuid}`,
			apiTimeout: apiTimeoutSeconds > 0 ? apiTimeoutSeconds * 1000 : DEFAULT_API_TIMEOUT_MS,
		});
	}

	/**
	 * @param {Route} route
	 * @param {Reply} result
	 * @param {string} uuid
	 */
	createJob(route, result, uuid) {
		/** @type {Job} */
		const job = {
			uuid,
			api: route.api,
			// A job is polled with the credentials its API needs: none for logout, whose session is gone by then.
			requiresCredentials: route.needsCredentials,
			pollsLeft: this.options.jobPolls,
			neverFinishes: false,
			expired: false,
			result,
		};
		this.state.jobs.set(uuid, job);
		return job;
	}

	/**
	 * @param {http.IncomingMessage} req
	 * @param {string} rawPath
	 * @param {string} jobUuid
	 * @param {Fault | undefined} fault
	 * @returns {Promise<Reply>}
	 */
	async answerJobPoll(req, rawPath, jobUuid, fault) {
		const faultReply = await this.applyExchangeFault(fault, req);
		if (faultReply) return faultReply;
		const job = this.state.jobs.get(jobUuid);
		if (job && fault?.kind === 'jobExpired') job.expired = true;
		if (!job || job.expired) return textReply(404, 'the job has been expired');
		if (job.requiresCredentials) {
			const refusal = this.authenticate(req, rawPath);
			if (refusal) return refusal;
		}
		if (fault?.kind === 'error') return errorReply(fault.error ?? {}, fault.status);
		if (fault?.kind === 'noInventory') return jsonReply(200, {});
		if (fault?.kind === 'jobNeverFinishes') job.neverFinishes = true;
		if (job.neverFinishes || job.pollsLeft > 0) {
			job.pollsLeft -= 1;
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
		const options = /** @type {Record<string, unknown>} */ (body && typeof body === 'object' ? body : {});
		switch (route) {
			case 'GET /__simulator/info':
				return jsonReply(200, { url: this.url, account: ACCOUNT, accessKey: ACCESS_KEY, seed: SEED });
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
				return jsonReply(200, {
					expired: typeof options.uuid === 'string' ? Number(this.expireSession(options.uuid)) : this.expireAllSessions(),
				});
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

function authenticationFailed() {
	return errorReply({ code: 'ID.1000', description: 'Authentication failed', details: 'wrong account name, user name or password' });
}

/**
 * @param {http.ServerResponse} res
 * @param {Reply} reply
 * @param {boolean} [resetMidway] send the headers and half of the body, then destroy the socket
 */
function send(res, reply, resetMidway = false) {
	const payload = reply.json !== undefined ? JSON.stringify(reply.json) : (reply.text ?? '');
	/** @type {http.OutgoingHttpHeaders} */
	const headers = { 'content-length': Buffer.byteLength(payload) };
	if (payload !== '') headers['content-type'] = reply.contentType ?? (reply.json !== undefined ? JSON_CONTENT_TYPE : TEXT_CONTENT_TYPE);
	res.writeHead(reply.status, headers);
	if (resetMidway) {
		res.write(payload.slice(0, Math.floor(payload.length / 2)), () => res.socket?.destroy());
		return;
	}
	res.end(payload);
}

/**
 * @param {Partial<typeof DEFAULT_OPTIONS>} [options]
 */
async function startSimulator(options = {}) {
	const settings = { ...DEFAULT_OPTIONS, ...options };
	if (settings.replyMode !== 'async' && settings.replyMode !== 'sync') {
		throw new TypeError(`replyMode must be 'async' or 'sync', got '${settings.replyMode}'`);
	}
	for (const name of /** @type {const} */ (['jobPolls', 'sessionTimeoutMs', 'maxSessions'])) {
		if (!Number.isInteger(settings[name]) || settings[name] < 0) throw new TypeError(`${name} must be a non-negative integer`);
	}
	const simulator = new ZStackSimulator(settings);
	const server = http.createServer((req, res) => {
		simulator.handle(req, res).catch((error) => {
			if (!res.headersSent) send(res, textReply(500, `simulator failure: ${error?.message ?? error}`));
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
		createSession: () => simulator.createSession().uuid,
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
