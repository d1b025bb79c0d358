import { randomUUID } from 'crypto';

import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IDataObject,
	IExecuteFunctions,
	IHttpRequestMethods,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	INode,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { apiBaseUrl, apiUrl, redirectTarget } from './endpoint';
import { boundedZStackError, capText, describeZStackError, explainZStackError, parseBody, zstackErrorOf } from './replies';
import { signInMethodOf } from './signIn/registry';
import { LoginRefusedError, type SignInMethod } from './signIn/signInMethod';

export const CREDENTIAL_TYPE = 'zStackApi';

const SESSION_EXPIRED = 'ID.1001';

/**
 * The first job poll comes this soon after the 202; each later wait doubles, up to the Poll Interval. A batch of
 * quick jobs goes out in one wave at the default Concurrency, so this wait is most of what polling adds to it;
 * a job of minutes pays for it with about four polls more than polling every Poll Interval would take.
 */
const FIRST_POLL_DELAY_MS = 50;

/** Network failures that happen before a request can have reached ZStack: nothing to recover there. */
const NEVER_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export interface CallOptions {
	/** Follow an asynchronous (202) reply's job until it ends. */
	waitForCompletion: boolean;
	jobTimeoutMs: number;
	/** The longest wait between two job polls. */
	pollIntervalMs: number;
	/** Limit for each single HTTP exchange. */
	requestTimeoutMs: number;
	/** Told the job ZStack runs the call as, once it has accepted it (again, if the call is sent once more). */
	onJobAccepted?: (job: { jobUuid: string; location: string }) => void;
}

export interface ApiCall {
	method: IHttpRequestMethods;
	/** Path below the context path, e.g. `/v1/ai/models/<uuid>`. */
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
}

/** A finished call's JSON reply, or the job a caller chose not to wait for. */
export type CallOutcome =
	| { finished: true; reply: IDataObject }
	| { finished: false; jobUuid: string; location: string };

interface Exchange {
	status: number;
	body: unknown;
	/** Where a 3xx pointed. */
	redirectTo?: string;
}

/** What one attempt of a call ended with, and which login signed it. */
interface Attempt {
	reply: Exchange;
	login: string;
	job?: { jobUuid: string; location: string };
}

/** A failure before any HTTP status arrived, and whether the request may have reached ZStack before it. */
class ExchangeFailure extends NodeApiError {
	mayHaveArrived = false;
}

type HelperContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

/** ZStack's job UUID: 32 hex (RestServer rejects other lengths in `X-Job-UUID`). */
const JOB_UUID = /^[0-9a-f]{32}$/i;

/** A version 4 UUID without its dashes, as ZStack writes UUIDs; randomUUID draws on a cached entropy pool. */
function newJobUuid(): string {
	return randomUUID().replaceAll('-', '');
}

/**
 * The one place that talks to ZStack. Created once per execution: it reads and decrypts the credential
 * once, shares one login (and one renewal of it) among all items, follows ZStack's jobs, and turns ZStack's
 * replies (sync, 202 + job, JSON errors, plain-text errors) into results or n8n errors.
 */
export class ZStackClient {
	/** A login under way; other items wait for it instead of logging in themselves. */
	private loginInFlight?: Promise<void>;

	/** Why signing in failed for good: the remaining items fail the same way instead of trying again. */
	private signInRefusal?: NodeApiError;

	/** Logins made in this run that ZStack has not yet accepted on any call. */
	private readonly unprovenLogins = new Set<string>();

	/** Per Request Timeout, the context whose login obeys it. */
	private readonly timedContexts = new Map<number, HelperContext>();

	private constructor(
		private readonly ctx: HelperContext,
		private readonly credentials: ICredentialsDecrypted & { data: ICredentialDataDecryptedObject },
		private readonly signIn: SignInMethod,
		readonly baseUrl: string,
	) {}

	static async connect(ctx: HelperContext): Promise<ZStackClient> {
		const data = { ...(await ctx.getCredentials(CREDENTIAL_TYPE)) };
		const reference = ctx.getNode().credentials?.[CREDENTIAL_TYPE];
		let baseUrl: string;
		let signIn: SignInMethod;
		try {
			baseUrl = apiBaseUrl(data.host);
			signIn = signInMethodOf(data);
			signIn.check?.(data);
		} catch (error) {
			throw new NodeOperationError(ctx.getNode(), (error as Error).message, {
				description: 'Fix the ZStack API credential',
			});
		}
		const credentials = { id: reference?.id ?? '', name: reference?.name ?? '', type: CREDENTIAL_TYPE, data };
		return new ZStackClient(ctx, credentials, signIn, baseUrl);
	}

	get node(): INode {
		return this.ctx.getNode();
	}

	/**
	 * Sends one API call and, when ZStack answers 202 and the caller waits, follows its job. A call whose
	 * sign-in ZStack called expired (ID.1001, on the reply or on the job) is sent once more after one
	 * shared login: ZStack keeps a failed job's result, so only a new call can succeed.
	 */
	async call(itemIndex: number, apiCall: ApiCall, options: CallOptions): Promise<CallOutcome> {
		for (let renewed = false; ; renewed = true) {
			const attempt = await this.attempt(itemIndex, apiCall, options);
			if (attempt.job && !options.waitForCompletion) return { finished: false, ...attempt.job };
			if (zstackErrorOf(attempt.reply.body)?.code !== SESSION_EXPIRED) {
				this.unprovenLogins.delete(attempt.login);
				return { finished: true, reply: this.result(itemIndex, attempt.reply) };
			}
			this.renewAfterExpiry(itemIndex, attempt, renewed);
		}
	}

	/** Decides what an expired sign-in means: forget the login so the next request logs in, or fail. */
	private renewAfterExpiry(itemIndex: number, attempt: Attempt, renewed: boolean): void {
		const { signIn } = this;
		const expired = zstackErrorOf(attempt.reply.body) as IDataObject;
		if (!signIn.forgetLogin || !signIn.loginOf) throw this.apiError(itemIndex, attempt.reply);
		if (renewed || this.unprovenLogins.has(attempt.login)) {
			// ZStack rejects sessions it has just issued: logging in again would only repeat, item after item.
			this.signInRefusal ??= new NodeApiError(this.node, expired as JsonObject, {
				message: 'ZStack rejected the session it had just issued (ID.1001: Session expired)',
				description: signIn.expiredAdvice,
				httpCode: String(attempt.reply.status),
			});
			throw this.refusalFor(itemIndex, this.signInRefusal);
		}
		// The first item to see the expiry forgets the login; the next request of any item logs in again.
		if (signIn.loginOf(this.credentials.data) === attempt.login) signIn.forgetLogin(this.credentials.data);
	}

	/** One sending of a call: its reply, or for a 202 its job's end (or the job, when not waiting). */
	private async attempt(itemIndex: number, apiCall: ApiCall, options: CallOptions): Promise<Attempt> {
		const { method, path, qs, body } = apiCall;
		const request: IHttpRequestOptions = { method, url: apiUrl(this.baseUrl, path), qs, arrayFormat: 'repeat' };
		if (body !== undefined) {
			// A string body, because n8n drops an empty object body and ZStack wants `{}`.
			request.body = JSON.stringify(body);
			request.headers = { 'Content-Type': 'application/json;charset=UTF-8' };
		}
		if (method === 'GET') {
			const { reply, login } = await this.exchange(itemIndex, request, options.requestTimeoutMs);
			return { reply, login };
		}
		const sent = await this.sendNamingTheJob(itemIndex, request, options);
		if (sent.job) options.onJobAccepted?.(sent.job);
		if (sent.job === undefined || sent.reply.status !== 202 || !options.waitForCompletion) return sent;
		return { ...sent, reply: await this.followJob(itemIndex, sent.job.jobUuid, options) };
	}

	/**
	 * Sends a call that ZStack may run as a job, naming the job (`X-Job-UUID`). When the exchange breaks
	 * after the request may have arrived, asking for that job tells whether ZStack took the call: it is
	 * then followed, never sent twice; a job ZStack does not know means the call never arrived, and it is
	 * sent once more under a new name.
	 */
	private async sendNamingTheJob(
		itemIndex: number,
		request: IHttpRequestOptions,
		options: CallOptions,
	): Promise<Attempt> {
		for (let resent = false; ; resent = true) {
			const jobUuid = newJobUuid();
			const named = { ...request, headers: { ...request.headers, 'X-Job-UUID': jobUuid } };
			const sent = await this.exchange(itemIndex, named, options.requestTimeoutMs).catch(lostReplyOnly);
			if (sent instanceof ExchangeFailure) {
				const found = await this.askForLostJob(itemIndex, jobUuid, options, sent);
				if (found.reply.status !== 404) {
					return { ...found, job: { jobUuid, location: apiUrl(this.baseUrl, `/v1/api-jobs/${jobUuid}`) } };
				}
				if (resent) throw sent;
				continue;
			}
			if (sent.reply.status !== 202) return sent;
			const location = jobLocationOf(sent.reply.body);
			const named202 = jobUuidOf(location);
			if (location === undefined || named202 === undefined) {
				throw this.apiError(itemIndex, sent.reply, 'ZStack accepted the call (HTTP 202) but named no job to follow');
			}
			return { ...sent, job: { jobUuid: named202, location } };
		}
	}

	/** Asks once for a job whose call's reply was lost; any failure leaves the outcome unknown. */
	private async askForLostJob(itemIndex: number, jobUuid: string, options: CallOptions, lost: NodeApiError) {
		try {
			return await this.exchange(itemIndex, this.jobRequest(jobUuid), options.requestTimeoutMs);
		} catch {
			throw new NodeApiError(this.node, { jobUuid } as JsonObject, {
				message: `The reply to the call was lost, and ZStack could not be asked whether it took the call (job ${jobUuid})`,
				description: `${lost.description ?? lost.message}\nLook the job up with GET /zstack/v1/api-jobs/${jobUuid} before sending the call again.`,
				itemIndex,
			});
		}
	}

	private jobRequest(jobUuid: string): IHttpRequestOptions {
		return { method: 'GET', url: apiUrl(this.baseUrl, `/v1/api-jobs/${jobUuid}`) };
	}

	/**
	 * Polls `<configured host>/zstack/v1/api-jobs/<uuid>` (the host inside `location` is often an internal
	 * address, so, like ZStack's Java and Go SDKs, the configured one is used). The first poll comes soon;
	 * the waits double up to the Poll Interval; no poll outlives the Job Timeout.
	 */
	private async followJob(itemIndex: number, jobUuid: string, options: CallOptions): Promise<Exchange> {
		const deadline = Date.now() + options.jobTimeoutMs;
		const timedOut = () =>
			new NodeApiError(this.node, { jobUuid } as JsonObject, {
				message: `ZStack job ${jobUuid} did not finish within ${options.jobTimeoutMs / 1000} s`,
				description: `The job may still be running. Look it up with GET /zstack/v1/api-jobs/${jobUuid}, or raise the Job Timeout option.`,
				itemIndex,
			});
		for (let wait = Math.min(FIRST_POLL_DELAY_MS, options.pollIntervalMs); ; wait = Math.min(wait * 2, options.pollIntervalMs)) {
			if (deadline - Date.now() <= 0) throw timedOut();
			await sleep(Math.min(wait, deadline - Date.now()));
			const remaining = deadline - Date.now();
			if (remaining <= 0) throw timedOut();
			const polled = await this.exchange(itemIndex, this.jobRequest(jobUuid), Math.min(options.requestTimeoutMs, remaining)).catch(
				(error: unknown) => (error instanceof ExchangeFailure && Date.now() >= deadline ? timedOut() : Promise.reject(error)),
			);
			if (polled instanceof NodeApiError) throw polled;
			const { reply } = polled;
			if (reply.status === 202) continue;
			if (reply.status === 404 && zstackErrorOf(reply.body) === undefined) {
				throw new NodeApiError(this.node, { jobUuid } as JsonObject, {
					message: `ZStack job ${jobUuid} has expired or is unknown`,
					description: `GET /zstack/v1/api-jobs/${jobUuid} answered HTTP 404: ${bodyText(reply.body)}`,
					httpCode: '404',
					itemIndex,
				});
			}
			return reply;
		}
	}

	/** Sends a read-only GET (a query): ZStack answers those at once, never with a job. */
	async get(itemIndex: number, path: string, qs: IDataObject, requestTimeoutMs: number): Promise<IDataObject> {
		const outcome = await this.call(
			itemIndex,
			{ method: 'GET', path, qs },
			{ waitForCompletion: true, jobTimeoutMs: 0, pollIntervalMs: 0, requestTimeoutMs },
		);
		return outcome.finished ? outcome.reply : {};
	}

	/**
	 * One GET whose HTTP status the caller reads itself (a job lookup answers 202, 200, 503 or 404): the status
	 * and the parsed body when `expected` accepts them, otherwise the n8n error they stand for.
	 */
	async read(
		itemIndex: number,
		path: string,
		expected: (reply: { status: number; body: unknown }) => boolean,
		requestTimeoutMs: number,
	): Promise<{ status: number; body: unknown }> {
		const { reply } = await this.exchange(itemIndex, { method: 'GET', url: apiUrl(this.baseUrl, path) }, requestTimeoutMs);
		if (!expected(reply)) throw this.apiError(itemIndex, reply);
		return { status: reply.status, body: reply.body };
	}

	/** The JSON object of a finished reply, or the n8n error it stands for. */
	private result(itemIndex: number, reply: Exchange): IDataObject {
		const ok = reply.status >= 200 && reply.status < 300;
		const body = reply.body;
		if (ok && zstackErrorOf(body) === undefined && (body as IDataObject | undefined)?.success !== false) {
			if (body !== null && typeof body === 'object' && !Array.isArray(body)) return body as IDataObject;
			throw this.apiError(itemIndex, reply, `ZStack answered HTTP ${reply.status} with a body that is not a JSON object`);
		}
		throw this.apiError(itemIndex, reply);
	}

	private apiError(itemIndex: number, reply: Exchange, message?: string): NodeApiError {
		const error = zstackErrorOf(reply.body);
		const httpCode = String(reply.status);
		if (reply.status >= 300 && reply.status < 400) {
			const target = redirectTarget(reply.redirectTo, this.baseUrl);
			return new NodeApiError(this.node, { httpCode }, {
				message: `ZStack answered HTTP ${reply.status}, a redirect to ${target}, which the node does not follow`,
				description: `The node sends the credential's sign-in to the configured host only. If ${target} is the management node's REST address, set the credential's Host to it.`,
				httpCode,
				itemIndex,
			});
		}
		if (error === undefined) {
			const text = bodyText(reply.body);
			if (reply.status === 403 && /requestTimeTooSkewed/i.test(text) && this.signIn.skewAdvice) {
				return new NodeApiError(this.node, { httpCode, body: text }, {
					message: 'ZStack refused the request time (HTTP 403 requestTimeTooSkewed): check the credential\'s Management Node Time Zone',
					description: this.signIn.skewAdvice(this.credentials.data),
					httpCode,
					itemIndex,
				});
			}
			return new NodeApiError(this.node, { httpCode, body: text }, {
				message: message ?? `ZStack answered HTTP ${reply.status}: ${text}`,
				description: message ? text : undefined,
				httpCode,
				itemIndex,
			});
		}
		const hint = error.code === SESSION_EXPIRED ? `\n${this.signIn.expiredAdvice}` : '';
		return new NodeApiError(this.node, boundedZStackError(error) as JsonObject, {
			message: capText(`ZStack error ${describeZStackError(error)}`),
			description: capText(`${explainZStackError(error)}${hint}`.trim()) || undefined,
			httpCode,
			itemIndex,
		});
	}

	/**
	 * One signed HTTP exchange. With no login at hand, n8n runs the credential's login before sending;
	 * meanwhile nobody else sends, and a refused login fails the remaining items without another try.
	 */
	private async exchange(
		itemIndex: number,
		request: IHttpRequestOptions,
		timeoutMs: number,
	): Promise<{ reply: Exchange; login: string }> {
		const options: IHttpRequestOptions = {
			...request,
			timeout: timeoutMs,
			encoding: 'text',
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		};
		const { loginOf } = this.signIn;
		if (loginOf === undefined) return { reply: await this.transmit(itemIndex, options, timeoutMs), login: '' };

		while (this.loginInFlight) await this.loginInFlight;
		if (this.signInRefusal) throw this.refusalFor(itemIndex, this.signInRefusal);
		const loginBefore = loginOf(this.credentials.data);
		if (loginBefore !== '') return { reply: await this.transmit(itemIndex, options, timeoutMs), login: loginBefore };

		const sending = this.transmit(itemIndex, options, timeoutMs);
		this.loginInFlight = sending.then(
			() => undefined,
			() => undefined,
		);
		const reply = await sending
			.catch((error: unknown) => {
				if (error instanceof NodeApiError && loginOf(this.credentials.data) === '') this.signInRefusal ??= error;
				return Promise.reject(error);
			})
			.finally(() => (this.loginInFlight = undefined));
		const login = loginOf(this.credentials.data);
		this.unprovenLogins.add(login);
		return { reply, login };
	}

	private refusalFor(itemIndex: number, refusal: NodeApiError): NodeApiError {
		return new NodeApiError(this.node, (refusal.errorResponse ?? {}) as JsonObject, {
			message: refusal.message,
			description: refusal.description ?? undefined,
			httpCode: refusal.httpCode ?? undefined,
			itemIndex,
		});
	}

	/**
	 * Sends through n8n's request helper with the credential. A login that n8n runs first (the credential's
	 * preAuthentication) gets helpers whose requests obey the same timeout as the call.
	 */
	private async transmit(itemIndex: number, options: IHttpRequestOptions, timeoutMs: number): Promise<Exchange> {
		const { ctx } = this;
		const withTimedLogin = this.contextWithLoginTimeout(timeoutMs);
		let response: IN8nHttpFullResponse;
		try {
			response = (await ctx.helpers.httpRequestWithAuthentication.call(withTimedLogin, CREDENTIAL_TYPE, options, {
				credentialsDecrypted: this.credentials,
			})) as IN8nHttpFullResponse;
		} catch (error) {
			throw this.transportFailure(itemIndex, options, error);
		}
		const location = response.headers?.location;
		return {
			status: response.statusCode,
			body: parseBody(response.body),
			redirectTo: typeof location === 'string' ? location : undefined,
		};
	}

	/** The node's context, but with helpers whose requests (n8n's login through preAuthentication) time out like calls. */
	private contextWithLoginTimeout(timeoutMs: number): HelperContext {
		let context = this.timedContexts.get(timeoutMs);
		if (context === undefined) {
			const { ctx } = this;
			const helpers = {
				...ctx.helpers,
				httpRequest: async (login: IHttpRequestOptions) => await ctx.helpers.httpRequest({ ...login, timeout: timeoutMs }),
			};
			context = Object.create(ctx, { helpers: { value: helpers } }) as HelperContext;
			this.timedContexts.set(timeoutMs, context);
		}
		return context;
	}

	/** A failure before any HTTP status arrived (network, timeout, login), without secrets in it. */
	private transportFailure(itemIndex: number, options: IHttpRequestOptions, error: unknown): ExchangeFailure {
		const login = findInCauses(error, LoginRefusedError);
		if (login) {
			const zstackError = login.zstackError ? boundedZStackError(login.zstackError) : { message: login.message };
			const refusal = new ExchangeFailure(this.node, zstackError as JsonObject, {
				message: capText(login.message),
				description: 'The ZStack API credential could not log in.',
				itemIndex,
			});
			// n8n reads an error object's `code` as the HTTP code; ZStack's codes (ID.1000) are not HTTP statuses.
			refusal.httpCode = null;
			return refusal;
		}
		const { code, message } = rootCause(error);
		const failure = `${options.method ?? 'GET'} ${new URL(options.url).pathname} at ${this.baseUrl} failed: ${message}.`;
		const hint =
			code === 'ECONNABORTED' || /timeout/i.test(message)
				? `No reply within ${(options.timeout ?? 0) / 1000} s: raise the Request Timeout option if ZStack is slow.`
				: 'Check that the Host of the ZStack API credential is reachable from n8n.';
		// n8n turns well-known network codes (ECONNREFUSED, ...) into its own plain-language message.
		const exchangeFailure = new ExchangeFailure(this.node, { networkErrorCode: code ?? null, message: capText(message) } as JsonObject, {
			message: capText(`Could not reach ZStack: ${message}`),
			description: capText(`${failure} ${hint}`),
			itemIndex,
		});
		const certificateProblem = /CERT|SSL|TLS/i.test(code ?? '');
		exchangeFailure.mayHaveArrived = !(NEVER_SENT_CODES.has(code ?? '') || certificateProblem);
		return exchangeFailure;
	}
}

/** A failure after which the request may have reached ZStack, as a value; any other failure stays thrown. */
async function lostReplyOnly(error: unknown): Promise<ExchangeFailure> {
	if (error instanceof ExchangeFailure && error.mayHaveArrived) return error;
	return await Promise.reject(error);
}

/** The job a 202 reply's `location` names, when it is a ZStack job UUID. */
function jobUuidOf(location: string | undefined): string | undefined {
	const uuid = location === undefined ? undefined : /\/api-jobs\/([^/?#]*)/.exec(location)?.[1];
	return uuid !== undefined && JOB_UUID.test(uuid) ? uuid : undefined;
}

function jobLocationOf(body: unknown): string | undefined {
	const location = (body as IDataObject | undefined)?.location;
	return typeof location === 'string' && location !== '' ? location : undefined;
}

function bodyText(body: unknown): string {
	if (body === undefined) return '(empty body)';
	return capText(typeof body === 'string' ? body : JSON.stringify(body));
}

function findInCauses<T>(error: unknown, type: new (...args: never[]) => T): T | undefined {
	let current = error as { cause?: unknown } | undefined;
	for (let depth = 0; current && depth < 5; depth++) {
		if (current instanceof type) return current;
		current = current.cause as typeof current;
	}
	return undefined;
}

/** The innermost error's code and message: n8n wraps the network error it got. */
function rootCause(error: unknown): { code?: string; message: string } {
	let current = error as { code?: unknown; message?: unknown; cause?: unknown };
	for (let depth = 0; depth < 5 && current.cause && typeof current.cause === 'object'; depth++) {
		current = current.cause as typeof current;
	}
	return {
		code: typeof current.code === 'string' ? current.code : undefined,
		message: typeof current.message === 'string' && current.message !== '' ? current.message : 'request failed',
	};
}
