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
import { credentialSecrets, type SignedRequest } from './redaction';
import { loginUnderWay, shareLogin } from './sharedLogins';
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
	/** The request it answered, as signed: whatever of its sign-in a server echoes is redacted from errors. */
	signed?: SignedRequest;
}

/** A reply, and which login signed the request. */
export interface SignedExchange {
	reply: Exchange;
	login: string;
}

/** Where ZStack answers for a job (RestServer's ASYNC_JOB_PATH_PATTERN, ~188), below the API's base. */
export const jobPath = (jobUuid: string) => `/v1/api-jobs/${jobUuid}`;

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

	/** Every login that signed a request in this run: a server may echo one after it was renewed. */
	private readonly loginsUsed = new Set<string>();

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

	/** Where a job is asked for: on the configured host (a 202's `location` often names an internal one). */
	jobUrl(jobUuid: string): string {
		return apiUrl(this.baseUrl, jobPath(jobUuid));
	}

	/** The GET that asks ZStack for a job (RestServer answers it before any authentication). */
	jobRequest(jobUuid: string): IHttpRequestOptions {
		return { method: 'GET', url: this.jobUrl(jobUuid) };
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

		for (;;) {
			while (this.loginInFlight) await this.loginInFlight;
			if (this.signInRefusal) throw this.refusalFor(itemIndex, this.signInRefusal);
			const underWay = loginOf(this.credentials.data) === '' ? loginUnderWay(this.credentials) : undefined;
			if (underWay === undefined) break;
			await this.joinLoginUnderWay(underWay);
		}
		const loginBefore = loginOf(this.credentials.data);
		this.loginsUsed.add(loginBefore);
		if (loginBefore !== '') return { reply: await this.transmit(itemIndex, options, timeoutMs), login: loginBefore };

		const sending = this.transmit(itemIndex, options, timeoutMs);
		this.loginInFlight = sending.then(
			() => undefined,
			() => undefined,
		);
		shareLogin(this.credentials, this.loginInFlight.then(() => loginOf(this.credentials.data)));
		const reply = await sending
			.catch((error: unknown) => {
				if (error instanceof NodeApiError && loginOf(this.credentials.data) === '') this.signInRefusal ??= error;
				return Promise.reject(error);
			})
			.finally(() => (this.loginInFlight = undefined));
		const login = loginOf(this.credentials.data);
		this.unprovenLogins.add(login);
		this.loginsUsed.add(login);
		return { reply, login };
	}

	/**
	 * Another execution in this process logging in with the same credential: its login is this one's too (n8n then
	 * skips its own, the credential's session being set). While it waits, this execution's items wait with it.
	 */
	private async joinLoginUnderWay(underWay: Promise<string>): Promise<void> {
		this.loginInFlight = underWay.then(() => undefined);
		try {
			const login = await underWay;
			if (login !== '') this.signIn.useLogin?.(this.credentials.data, login);
		} finally {
			this.loginInFlight = undefined;
		}
	}

	/** The secrets to keep out of an error built from `exchange` (or from no reply at all). */
	secrets(signed?: SignedRequest): string[] {
		const logins = [...this.loginsUsed].map((login) => ({ loginSessionUuid: login }));
		return [...new Set([credentialSecrets(this.credentials.data, signed ? [signed] : []), ...logins.map((login) => credentialSecrets(login))].flat())];
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
		const signed = { method: options.method ?? 'GET', url: options.url, from: Date.now(), to: Date.now() };
		let response: IN8nHttpFullResponse;
		try {
			response = (await ctx.helpers.httpRequestWithAuthentication.call(withTimedLogin, CREDENTIAL_TYPE, options, {
				credentialsDecrypted: this.credentials,
			})) as IN8nHttpFullResponse;
		} catch (error) {
			throw transportFailure(this, itemIndex, options, error, { ...signed, to: Date.now() });
		} finally {
			signed.to = Date.now();
		}
		const location = response.headers?.location;
		return {
			status: response.statusCode,
			body: parseBody(response.body),
			redirectTo: typeof location === 'string' ? location : undefined,
			signed,
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
