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
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { authTypeOf, LOGIN_SESSION_FIELD, LOGIN_TIMEOUT_KEY, type AuthType } from './auth';
import { apiBaseUrl, apiUrl } from './endpoint';
import { describeZStackError, explainZStackError, parseBody, zstackErrorOf } from './replies';

export const CREDENTIAL_TYPE = 'zStackApi';

const SESSION_EXPIRED = 'ID.1001';

export interface CallOptions {
	/** Follow an asynchronous (202) reply's job until it ends. */
	waitForCompletion: boolean;
	jobTimeoutMs: number;
	pollIntervalMs: number;
	/** Limit for each single HTTP exchange. */
	requestTimeoutMs: number;
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
}

type HelperContext = IExecuteFunctions | ILoadOptionsFunctions;

/**
 * The one place that talks to ZStack. Created once per execution: it reads and decrypts the
 * credential once, shares one account session (and one renewal of it) among all items, and
 * turns ZStack's replies (sync, 202 + job, JSON errors, plain-text errors) into results or
 * n8n errors.
 */
export class ZStackClient {
	private readonly authType: AuthType;

	/** A login that is under way; other items wait for it instead of logging in themselves. */
	private loginInFlight?: Promise<void>;

	/** Why the login failed: the remaining items fail the same way instead of trying again. */
	private loginRefusal?: NodeApiError;

	private constructor(
		private readonly ctx: HelperContext,
		private readonly credentials: ICredentialsDecrypted & { data: ICredentialDataDecryptedObject },
		readonly baseUrl: string,
	) {
		this.authType = authTypeOf(credentials.data);
	}

	static async connect(ctx: HelperContext): Promise<ZStackClient> {
		const data = { ...(await ctx.getCredentials(CREDENTIAL_TYPE)) };
		const reference = ctx.getNode().credentials?.[CREDENTIAL_TYPE];
		let baseUrl: string;
		try {
			baseUrl = apiBaseUrl(data.host);
		} catch (error) {
			throw new NodeOperationError(ctx.getNode(), (error as Error).message, {
				description: 'Fix the Host field of the ZStack API credential',
			});
		}
		return new ZStackClient(
			ctx,
			{ id: reference?.id ?? '', name: reference?.name ?? '', type: CREDENTIAL_TYPE, data },
			baseUrl,
		);
	}

	private get node(): INode {
		return this.ctx.getNode();
	}

	/** Sends one API call; follows its job when ZStack answers 202 and the caller wants to wait. */
	async call(itemIndex: number, apiCall: ApiCall, options: CallOptions): Promise<CallOutcome> {
		const reply = await this.exchange(
			itemIndex,
			{
				method: apiCall.method,
				url: apiUrl(this.baseUrl, apiCall.path),
				qs: apiCall.qs,
				arrayFormat: 'repeat',
				...(apiCall.body === undefined
					? {}
					: {
							// A string body, because n8n drops an empty object body and ZStack wants `{}`.
							body: JSON.stringify(apiCall.body),
							headers: { 'Content-Type': 'application/json;charset=UTF-8' },
						}),
			},
			options.requestTimeoutMs,
		);
		if (reply.status !== 202) return { finished: true, reply: this.result(itemIndex, reply) };

		const location = (reply.body as IDataObject | undefined)?.location;
		const jobUuid = typeof location === 'string' ? /\/api-jobs\/([^/?#]+)/.exec(location)?.[1] : undefined;
		if (jobUuid === undefined || typeof location !== 'string') {
			throw this.apiError(itemIndex, reply, 'ZStack accepted the call (HTTP 202) but named no job to follow');
		}
		if (!options.waitForCompletion) return { finished: false, jobUuid, location };
		return { finished: true, reply: await this.awaitJob(itemIndex, jobUuid, options) };
	}

	/** Sends a read-only GET (a query): ZStack answers those at once, never with a job. */
	async get(itemIndex: number, path: string, qs: IDataObject, requestTimeoutMs: number): Promise<IDataObject> {
		const reply = await this.exchange(
			itemIndex,
			{ method: 'GET', url: apiUrl(this.baseUrl, path), qs, arrayFormat: 'repeat' },
			requestTimeoutMs,
		);
		return this.result(itemIndex, reply);
	}

	/**
	 * Polls `<configured host>/zstack/v1/api-jobs/<uuid>`: the host inside `location` is often an
	 * internal address, so (like ZStack's Java and Go SDKs) the configured one is used instead.
	 */
	private async awaitJob(itemIndex: number, jobUuid: string, options: CallOptions): Promise<IDataObject> {
		const deadline = Date.now() + options.jobTimeoutMs;
		const request: IHttpRequestOptions = {
			method: 'GET',
			url: apiUrl(this.baseUrl, `/v1/api-jobs/${encodeURIComponent(jobUuid)}`),
		};
		for (;;) {
			const remaining = deadline - Date.now();
			if (remaining <= 0) {
				throw new NodeApiError(this.node, { jobUuid } as JsonObject, {
					message: `ZStack job ${jobUuid} did not finish within ${options.jobTimeoutMs / 1000} s`,
					description: `The job may still be running. Look it up with GET /zstack/v1/api-jobs/${jobUuid}, or raise the Job Timeout option.`,
					itemIndex,
				});
			}
			await sleep(Math.min(options.pollIntervalMs, remaining));
			const reply = await this.exchange(itemIndex, { ...request }, options.requestTimeoutMs);
			if (reply.status === 202) continue;
			if (reply.status === 404 && zstackErrorOf(reply.body) === undefined) {
				throw new NodeApiError(this.node, { jobUuid } as JsonObject, {
					message: `ZStack job ${jobUuid} has expired or is unknown`,
					description: `GET /zstack/v1/api-jobs/${jobUuid} answered HTTP 404: ${bodyText(reply.body)}`,
					httpCode: '404',
					itemIndex,
				});
			}
			return this.result(itemIndex, reply);
		}
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
		if (error === undefined) {
			return new NodeApiError(this.node, { httpCode, body: bodyText(reply.body) }, {
				message: message ?? `ZStack answered HTTP ${reply.status}: ${bodyText(reply.body)}`,
				description: message ? bodyText(reply.body) : undefined,
				httpCode,
				itemIndex,
			});
		}
		const hint =
			error.code === SESSION_EXPIRED && this.authType === 'session'
				? '\nThe session UUID in the credential has expired or was logged out: paste a new one, or switch the credential to Account Login so the node renews sessions itself.'
				: '';
		return new NodeApiError(this.node, error as JsonObject, {
			message: `ZStack error ${describeZStackError(error)}`,
			description: `${explainZStackError(error)}${hint}`.trim() || undefined,
			httpCode,
			itemIndex,
		});
	}

	/** One HTTP exchange, with the account session renewed once if ZStack says it expired. */
	private async exchange(itemIndex: number, request: IHttpRequestOptions, timeoutMs: number): Promise<Exchange> {
		const options: IHttpRequestOptions = {
			...request,
			timeout: timeoutMs,
			encoding: 'text',
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
		};
		if (this.authType !== 'account') return await this.transmit(itemIndex, options);

		const session = this.credentials.data;
		session[LOGIN_TIMEOUT_KEY] = timeoutMs;
		for (let renewed = false; ; renewed = true) {
			while (this.loginInFlight) await this.loginInFlight;
			if (this.loginRefusal) throw this.refusalFor(itemIndex, this.loginRefusal);
			const sessionUsed = session[LOGIN_SESSION_FIELD];
			const logsIn = sessionUsed === '' || sessionUsed === undefined;
			// With no session, n8n runs the credential's login before sending; nobody else may meanwhile.
			const reply = this.transmit(itemIndex, { ...options }).catch((error: unknown) => {
				if (logsIn && error instanceof NodeApiError && session[LOGIN_SESSION_FIELD] === sessionUsed) {
					this.loginRefusal = error;
				}
				throw error;
			});
			if (logsIn) {
				this.loginInFlight = reply.then(
					() => undefined,
					() => undefined,
				).finally(() => (this.loginInFlight = undefined));
			}
			const exchanged = await reply;
			if (zstackErrorOf(exchanged.body)?.code !== SESSION_EXPIRED) return exchanged;
			if (renewed || logsIn) {
				throw new NodeApiError(this.node, zstackErrorOf(exchanged.body) as JsonObject, {
					message: 'ZStack rejected the session it had just issued (ID.1001: Session expired)',
					description:
						'Logging in again did not help. Check the account name and password of the ZStack API credential, and that the account may use this API.',
					httpCode: String(exchanged.status),
					itemIndex,
				});
			}
			// The first item to see the expiry clears the session; the next attempt logs in again.
			if (session[LOGIN_SESSION_FIELD] === sessionUsed) session[LOGIN_SESSION_FIELD] = '';
		}
	}

	private refusalFor(itemIndex: number, refusal: NodeApiError): NodeApiError {
		return new NodeApiError(this.node, (refusal.errorResponse ?? {}) as JsonObject, {
			message: refusal.message,
			description: refusal.description ?? undefined,
			itemIndex,
		});
	}

	private async transmit(itemIndex: number, options: IHttpRequestOptions): Promise<Exchange> {
		let response: IN8nHttpFullResponse;
		try {
			response = (await this.ctx.helpers.httpRequestWithAuthentication.call(
				this.ctx,
				CREDENTIAL_TYPE,
				options,
				{ credentialsDecrypted: this.credentials },
			)) as IN8nHttpFullResponse;
		} catch (error) {
			throw this.transportError(itemIndex, options, error);
		}
		return { status: response.statusCode, body: parseBody(response.body) };
	}

	/** A failure before any HTTP status arrived (network, timeout, login), without secrets in it. */
	private transportError(itemIndex: number, options: IHttpRequestOptions, error: unknown): NodeApiError {
		const login = findLoginFailure(error);
		if (login) {
			return new NodeApiError(this.node, (login.zstackError ?? { message: login.message }) as JsonObject, {
				message: login.message,
				description: 'The ZStack API credential could not log in.',
				itemIndex,
			});
		}
		const { code, message } = rootCause(error);
		const failure = `${options.method ?? 'GET'} ${new URL(options.url).pathname} at ${this.baseUrl} failed: ${message}.`;
		const hint =
			code === 'ECONNABORTED' || /timeout/i.test(message)
				? `No reply within ${(options.timeout ?? 0) / 1000} s: raise the Request Timeout option if ZStack is slow.`
				: 'Check that the Host of the ZStack API credential is reachable from n8n.';
		// n8n turns well-known network codes (ECONNREFUSED, ...) into its own plain-language message.
		return new NodeApiError(this.node, { networkErrorCode: code ?? null, message } as JsonObject, {
			message: `Could not reach ZStack: ${message}`,
			description: `${failure} ${hint}`,
			itemIndex,
		});
	}
}

function bodyText(body: unknown): string {
	if (body === undefined) return '(empty body)';
	const text = typeof body === 'string' ? body : JSON.stringify(body);
	return text.length > 500 ? `${text.slice(0, 500)}…` : text;
}

function findLoginFailure(error: unknown): { message: string; zstackError?: IDataObject } | undefined {
	for (let current = error as { name?: string; cause?: unknown } | undefined, depth = 0; current && depth < 5; depth++) {
		if (current.name === 'LoginFailedError') return current as { message: string; zstackError?: IDataObject };
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
