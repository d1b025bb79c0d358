// @ts-check
'use strict';

/**
 * Provider-side contract verification: replays every contract's request against a ZStack (real or simulated)
 * over real sockets with undici, follows ZStack's async protocol, and checks that the reply still has the
 * documented shape. The report says, per contract, what drifted.
 */

const { readdir, readFile } = require('node:fs/promises');
const path = require('node:path');
const { createHash } = require('node:crypto');
const { request } = require('undici');

/**
 * The node's sign-in methods (the built package's registry): how each signs a request and logs in. The verifier
 * checks the contracts, not the signing, so it signs exactly as the node does.
 */
const { signInMethodOf } = /** @type {{ signInMethodOf: (credentials: Record<string, unknown>) => import('../../nodes/ZStack/transport/signIn/signInMethod').SignInMethod }} */ (
	/** @type {unknown} */ (require(path.join(__dirname, '../../dist/nodes/ZStack/transport/signIn/registry.js')))
);

const DEFAULT_CONTRACTS_DIR = path.join(__dirname, '..', 'contracts');
const DEFAULT_POLL_INTERVAL_MS = 1000;
const DEFAULT_POLL_TIMEOUT_MS = 60_000;

/**
 * @typedef {{ authType: string, userName?: string } & Record<string, string | undefined>} TargetAuth
 * @typedef {string | { type: string, list?: boolean, fields?: Record<string, FieldSpec> }} FieldSpec
 * @typedef {string | number | boolean} QueryValue
 * @typedef {{
 *   operationId: string,
 *   request: { method: string, path: string, headers?: Record<string, string>, query?: Record<string, QueryValue | QueryValue[]>, body?: unknown },
 *   response: { status: number },
 *   documentedReply?: Record<string, FieldSpec>,
 * }} Contract
 * @typedef {{ operationId: string, file: string, ok: boolean, status?: number, problems: string[] }} ContractResult
 * @typedef {{ ok: boolean, authMethod: string, contracts: ContractResult[] }} VerificationReport
 * @typedef {{ status: number, contentType: string, text: string }} HttpReply
 */

/** What each documented ZStack type must look like in JSON. */
const JSON_TYPES = /** @type {Record<string, { accepts: (value: unknown) => boolean, described: string }>} */ ({
	String: { accepts: (value) => typeof value === 'string', described: 'a string' },
	Integer: { accepts: Number.isInteger, described: 'an integer number' },
	Long: { accepts: Number.isInteger, described: 'an integer number' },
	Boolean: { accepts: (value) => typeof value === 'boolean', described: 'a boolean' },
	List: { accepts: Array.isArray, described: 'an array' },
	Map: { accepts: (value) => isPlainObject(value), described: 'an object' },
	Timestamp: { accepts: (value) => typeof value === 'string' || typeof value === 'number', described: 'a string or number' },
});

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isPlainObject(value) {
	return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** @param {unknown} value */
function describeValue(value) {
	if (value === null) return 'null';
	if (Array.isArray(value)) return 'an array';
	const text = JSON.stringify(value);
	return `${typeof value} ${text.length > 60 ? `${text.slice(0, 60)}…` : text}`;
}

/** @param {string} text */
const excerpt = (text) => (text.length > 200 ? `${text.slice(0, 200)}…` : text);

/**
 * @param {unknown} value
 * @param {FieldSpec} spec
 * @param {string} where
 * @param {string[]} problems
 */
function checkValue(value, spec, where, problems) {
	if (typeof spec === 'string') {
		const type = JSON_TYPES[spec];
		if (!type) problems.push(`${where}: the contract names unknown type '${spec}'`);
		else if (!type.accepts(value)) problems.push(`${where}: expected ${spec} (${type.described}), got ${describeValue(value)}`);
		return;
	}
	if (spec.list) {
		if (!Array.isArray(value)) {
			problems.push(`${where}: expected a list of ${spec.type}, got ${describeValue(value)}`);
			return;
		}
		value.forEach((element, index) => checkObject(element, spec, `${where}[${index}]`, problems));
		return;
	}
	checkObject(value, spec, where, problems);
}

/**
 * @param {unknown} value
 * @param {Exclude<FieldSpec, string>} spec
 * @param {string} where
 * @param {string[]} problems
 */
function checkObject(value, spec, where, problems) {
	if (!isPlainObject(value)) {
		problems.push(`${where}: expected ${spec.type} (an object), got ${describeValue(value)}`);
		return;
	}
	if (spec.fields) checkFields(value, spec.fields, `${where}.`, problems);
}

/**
 * @param {Record<string, unknown>} container
 * @param {Record<string, FieldSpec>} fields
 * @param {string} prefix
 * @param {string[]} problems
 */
function checkFields(container, fields, prefix, problems) {
	for (const [name, spec] of Object.entries(fields)) {
		const where = `${prefix}${name}`;
		if (!(name in container)) {
			problems.push(`${where}: missing (documented ${typeof spec === 'string' ? spec : spec.type})`);
			continue;
		}
		checkValue(container[name], spec, where, problems);
	}
}

/**
 * Replaces `{name}` with fixtures[name]; names without a fixture are collected in `missing`.
 * @param {string} text
 * @param {Record<string, string>} fixtures
 * @param {Set<string>} missing
 * @param {(value: string) => string} [encode]
 */
function fillPlaceholders(text, fixtures, missing, encode = (value) => value) {
	return text.replace(/\{(\w+)\}/g, (placeholder, name) => {
		if (name in fixtures) return encode(fixtures[name]);
		missing.add(name);
		return placeholder;
	});
}

/**
 * A contract's body with the placeholders of its strings filled (e.g. `"zoneUuid": "{zoneUuid}"`).
 * @param {unknown} value
 * @param {Record<string, string>} fixtures
 * @param {Set<string>} missing
 * @returns {unknown}
 */
function fillBody(value, fixtures, missing) {
	if (typeof value === 'string') return fillPlaceholders(value, fixtures, missing);
	if (Array.isArray(value)) return value.map((element) => fillBody(element, fixtures, missing));
	if (isPlainObject(value)) return Object.fromEntries(Object.entries(value).map(([name, element]) => [name, fillBody(element, fixtures, missing)]));
	return value;
}

/**
 * The query string of a contract's `query`, placeholders filled; a list repeats its parameter (`q=a&q=b`).
 * @param {Record<string, QueryValue | QueryValue[]>} query
 * @param {Record<string, string>} fixtures
 * @param {Set<string>} missing
 */
function queryString(query, fixtures, missing) {
	const params = new URLSearchParams();
	for (const [name, value] of Object.entries(query)) {
		for (const entry of Array.isArray(value) ? value : [value]) params.append(name, fillPlaceholders(String(entry), fixtures, missing));
	}
	const text = params.toString();
	return text === '' ? '' : `?${text}`;
}

/** A connection to one ZStack: sends API calls with the chosen credentials and follows async jobs. */
class ZStackConnection {
	/**
	 * @param {string} host base URL, possibly with a reverse-proxy path prefix
	 * @param {{ pollIntervalMs: number, pollTimeoutMs: number }} polling
	 */
	constructor(host, polling) {
		this.baseUrl = (/^https?:\/\//.test(host) ? host : `http://${host}`).replace(/\/+$/, '');
		this.polling = polling;
		/** @type {(method: string, apiPath: string) => Record<string, string>} */
		this.credentials = () => ({});
		/** Set when this connection logged in, so that it logs out again. */
		this.ownSessionUuid = '';
	}

	/**
	 * @param {string} method
	 * @param {string} apiPath path starting with /zstack
	 * @param {{ headers?: Record<string, string>, body?: string, authenticated?: boolean }} [options]
	 * @returns {Promise<HttpReply>}
	 */
	async send(method, apiPath, { headers = {}, body, authenticated = true } = {}) {
		const reply = await request(`${this.baseUrl}${apiPath}`, {
			method: /** @type {import('undici').Dispatcher.HttpMethod} */ (method),
			headers: { ...headers, ...(authenticated ? this.credentials(method, apiPath) : {}) },
			body,
		});
		const contentType = reply.headers['content-type'];
		return {
			status: reply.statusCode,
			contentType: Array.isArray(contentType) ? contentType.join(', ') : (contentType ?? ''),
			text: await reply.body.text(),
		};
	}

	/**
	 * Signs in as the node would with the credential data `auth` ({authType, ...fields}); `userName` (the
	 * verifier's own addition) logs in as an IAM user of the account instead.
	 * @param {TargetAuth} auth
	 */
	async authenticate(auth) {
		const method = signInMethodOf(auth);
		/** @type {import('n8n-workflow').ICredentialDataDecryptedObject} */
		const data = { ...auth, host: this.baseUrl };
		if (auth.userName) {
			data.loginSessionUuid = await this.logInAsUser(auth);
		} else if (method.logIn) {
			Object.assign(data, await method.logIn(this.loginHelpers(), data));
		}
		this.ownSessionUuid = method.loginOf?.(data) ?? '';
		this.credentials = (httpMethod, apiPath) => {
			/** @type {Record<string, string>} */
			const headers = {};
			method.sign(data, { method: httpMethod, url: `${this.baseUrl}${apiPath}`, headers, now: new Date() });
			return headers;
		};
	}

	/**
	 * The request helper a sign-in method's login is given, over undici instead of n8n.
	 * @returns {any}
	 */
	loginHelpers() {
		return {
			/** @param {{ method: string, url: string, headers?: Record<string, string>, body?: string }} options */
			httpRequest: async ({ method, url, headers, body }) => {
				const reply = await request(url, { method: /** @type {import('undici').Dispatcher.HttpMethod} */ (method), headers, body });
				return { statusCode: reply.statusCode, headers: reply.headers, body: await reply.body.text() };
			},
		};
	}

	/** @param {TargetAuth} auth */
	async logInAsUser({ accountName, userName, password = '' }) {
		const hashedPassword = createHash('sha512').update(password, 'utf8').digest('hex');
		const reply = await this.send('PUT', '/zstack/v1/accounts/users/login', {
			headers: { 'Content-Type': 'application/json;charset=UTF-8' },
			body: JSON.stringify({ logInByUser: { accountName, userName, password: hashedPassword } }),
			authenticated: false,
		});
		const sessionUuid = reply.status === 200 ? JSON.parse(reply.text)?.inventory?.uuid : undefined;
		if (typeof sessionUuid !== 'string') throw new Error(`login failed: HTTP ${reply.status} ${excerpt(reply.text)}`);
		return sessionUuid;
	}

	async close() {
		if (!this.ownSessionUuid) return;
		try {
			// Logout needs no credentials and its effect does not wait for the job, so the job is not polled.
			await this.send('DELETE', `/zstack/v1/accounts/sessions/${this.ownSessionUuid}`, { authenticated: false });
		} catch {
			// Best effort: a session left behind expires on its own.
		}
	}

	/**
	 * Polls a job at this connection's own host: the 202's location may name an address only the management
	 * node can reach, so only its job uuid is used.
	 * @param {HttpReply} accepted the 202 reply
	 * @returns {Promise<HttpReply>}
	 */
	async awaitJob(accepted) {
		const location = JSON.parse(accepted.text)?.location;
		if (typeof location !== 'string') throw new Error(`202 without a location: ${excerpt(accepted.text)}`);
		const jobUuid = new URL(location).pathname.split('/').filter(Boolean).pop();
		const deadline = Date.now() + this.polling.pollTimeoutMs;
		for (;;) {
			const reply = await this.send('GET', `/zstack/v1/api-jobs/${jobUuid}`);
			if (reply.status !== 202) return reply;
			if (Date.now() >= deadline) throw new Error(`job ${jobUuid} still running after ${this.polling.pollTimeoutMs} ms`);
			await new Promise((resolve) => setTimeout(resolve, this.polling.pollIntervalMs));
		}
	}
}

/** @param {HttpReply} reply */
function describeFailure(reply) {
	try {
		const error = JSON.parse(reply.text)?.error;
		if (error?.code) return `${error.code} ${error.description}: ${error.details}`;
	} catch {
		// Not JSON: ZStack's REST layer answers in plain text.
	}
	return excerpt(reply.text);
}

/**
 * @param {ZStackConnection} connection
 * @param {Contract} contract
 * @param {Record<string, string>} fixtures
 * @returns {Promise<{ status?: number, problems: string[] }>}
 */
async function replay(connection, contract, fixtures) {
	const { method, path: templatePath, headers = {}, query = {}, body } = contract.request;
	const missing = new Set();
	const apiPath = fillPlaceholders(templatePath, fixtures, missing, encodeURIComponent) + queryString(query, fixtures, missing);
	const requestHeaders = Object.fromEntries(
		Object.entries(headers)
			.filter(([name]) => name.toLowerCase() !== 'authorization')
			.map(([name, value]) => [name, fillPlaceholders(value, fixtures, missing)]),
	);
	const requestBody = method !== 'GET' && body !== undefined ? JSON.stringify(fillBody(body, fixtures, missing)) : undefined;
	if (missing.size > 0) return { problems: [`no fixture for ${[...missing].map((name) => `{${name}}`).join(', ')}`] };

	let reply;
	try {
		reply = await connection.send(method, apiPath, {
			headers: requestHeaders,
			body: requestBody,
		});
		if (reply.status === 202 && method !== 'GET') reply = await connection.awaitJob(reply);
	} catch (error) {
		return { problems: [`${method} ${apiPath} failed: ${error instanceof Error ? error.message : error}`] };
	}

	const expectedStatus = contract.response.status;
	if (reply.status !== expectedStatus) {
		return { status: reply.status, problems: [`expected HTTP ${expectedStatus}, got ${reply.status}: ${describeFailure(reply)}`] };
	}
	const problems = [];
	if (!/^application\/json\b/i.test(reply.contentType)) problems.push(`content-type is '${reply.contentType}', not application/json`);
	let replyBody;
	try {
		replyBody = JSON.parse(reply.text);
	} catch {
		problems.push(`body is not JSON: ${excerpt(reply.text)}`);
		return { status: reply.status, problems };
	}
	if (!isPlainObject(replyBody)) problems.push(`body is ${describeValue(replyBody)}, not a JSON object`);
	else checkFields(replyBody, contract.documentedReply ?? {}, '', problems);
	return { status: reply.status, problems };
}

/**
 * @param {{
 *   target: { host: string, auth: TargetAuth },
 *   contractsDir?: string,
 *   fixtures?: Record<string, string>,
 *   select?: (contract: Contract) => boolean,
 *   pollIntervalMs?: number,
 *   pollTimeoutMs?: number,
 * }} options
 * @returns {Promise<VerificationReport>}
 */
async function verifyContracts({
	target,
	contractsDir = DEFAULT_CONTRACTS_DIR,
	fixtures = {},
	select = () => true,
	pollIntervalMs = DEFAULT_POLL_INTERVAL_MS,
	pollTimeoutMs = DEFAULT_POLL_TIMEOUT_MS,
}) {
	const files = (await readdir(contractsDir)).filter((file) => file.endsWith('.contract.json')).sort();
	const read = (
		await Promise.all(
			files.map(async (file) => ({ file, contract: /** @type {Contract} */ (JSON.parse(await readFile(path.join(contractsDir, file), 'utf8'))) })),
		)
	).filter(({ contract }) => select(contract));
	// Deletes go last, so that the resources the other contracts name (the same fixtures) still exist for them.
	const deletes = (/** @type {Contract} */ contract) => contract.operationId.startsWith('Delete');
	const inOrder = [...read.filter(({ contract }) => !deletes(contract)), ...read.filter(({ contract }) => deletes(contract))];
	// Signed in only once every contract is read: a malformed one leaves no session open on the target.
	const connection = new ZStackConnection(target.host, { pollIntervalMs, pollTimeoutMs });
	await connection.authenticate(target.auth);
	/** @type {ContractResult[]} */
	const contracts = [];
	try {
		for (const { file, contract } of inOrder) {
			const { status, problems } = await replay(connection, contract, fixtures);
			contracts.push({ operationId: contract.operationId, file, ok: problems.length === 0, status, problems });
		}
	} finally {
		await connection.close();
	}
	const authMethod = target.auth.userName ? 'user' : signInMethodOf(target.auth).option.value;
	// No contract verified proves nothing, so an empty directory is not a pass.
	return { ok: contracts.length > 0 && contracts.every((result) => result.ok), authMethod, contracts };
}

module.exports = { verifyContracts, DEFAULT_CONTRACTS_DIR };
