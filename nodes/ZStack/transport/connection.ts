import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	IExecuteFunctions,
	IHttpRequestOptions,
	ILoadOptionsFunctions,
	IN8nHttpFullResponse,
	INode,
	IPollFunctions,
	JsonObject,
} from 'n8n-workflow';
import { NodeApiError } from 'n8n-workflow';

import { apiUrl } from './endpoint';
import { transportFailure } from './errors';
import { parseBody } from './replies';
import type { SignInMethod } from './signIn/signInMethod';

export const CREDENTIAL_TYPE = 'zStackApi';

export type HelperContext = IExecuteFunctions | ILoadOptionsFunctions | IPollFunctions;

export type ZStackCredentials = ICredentialsDecrypted & { data: ICredentialDataDecryptedObject };

/** One HTTP exchange's reply. */
export interface Exchange {
	status: number;
	body: unknown;
	/** Where a 3xx pointed. */
	redirectTo?: string;
}

/** A reply, and which login signed the request. */
export interface SignedExchange {
	reply: Exchange;
	login: string;
}

/**
 * The signed line to one ZStack for one execution: every request goes through n8n's request helper with the
 * credential, and all items share one login (and one renewal of it).
 */
export class ZStackConnection {
	/** A login under way; other items wait for it instead of logging in themselves. */
	private loginInFlight?: Promise<void>;

	/** Why signing in failed for good: the remaining items fail the same way instead of trying again. */
	signInRefusal?: NodeApiError;

	/** Logins made in this run that ZStack has not yet accepted on any call. */
	readonly unprovenLogins = new Set<string>();

	/** Per Request Timeout, the context whose login obeys it. */
	private readonly timedContexts = new Map<number, HelperContext>();

	constructor(
		private readonly ctx: HelperContext,
		readonly credentials: ZStackCredentials,
		readonly signIn: SignInMethod,
		readonly baseUrl: string,
	) {}

	get node(): INode {
		return this.ctx.getNode();
	}

	/** The GET that asks ZStack for a job (RestServer answers it before any authentication). */
	jobRequest(jobUuid: string): IHttpRequestOptions {
		return { method: 'GET', url: apiUrl(this.baseUrl, `/v1/api-jobs/${jobUuid}`) };
	}

	/**
	 * One signed HTTP exchange. With no login at hand, n8n runs the credential's login before sending;
	 * meanwhile nobody else sends, and a refused login fails the remaining items without another try.
	 */
	async exchange(itemIndex: number, request: IHttpRequestOptions, timeoutMs: number): Promise<SignedExchange> {
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

	refusalFor(itemIndex: number, refusal: NodeApiError): NodeApiError {
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
			throw transportFailure(this, itemIndex, options, error);
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
}
