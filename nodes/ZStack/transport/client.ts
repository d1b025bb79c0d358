import type { IDataObject, IHttpRequestOptions, INode, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import type { Attempt } from './accepted';
import { sendNamingTheJob } from './calls';
import type { ApiCall, CallOptions, CallOutcome } from './apiCall';
import { CREDENTIAL_TYPE, type Exchange, type HelperContext, ZStackConnection } from './connection';
import { apiBaseUrl, apiUrl } from './endpoint';
import { apiError, SESSION_EXPIRED } from './errors';
import { followJob } from './jobs';
import { redactError, redactValue } from './redaction';
import { zstackErrorOf } from './replies';
import { signInMethodOf } from './signIn/registry';
import type { SignInMethod } from './signIn/signInMethod';

export { CREDENTIAL_TYPE };
export type { ApiCall, CallOptions, CallOutcome };

/**
 * The one place that talks to ZStack. Created once per execution: it reads and decrypts the credential
 * once, shares one login (and one renewal of it) among all items, follows ZStack's jobs, and turns ZStack's
 * replies (sync, 202 + job, JSON errors, plain-text errors) into results or n8n errors.
 */
export class ZStackClient {
	private constructor(private readonly connection: ZStackConnection) {}

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
		return new ZStackClient(new ZStackConnection(ctx, credentials, signIn, baseUrl));
	}

	get node(): INode {
		return this.connection.node;
	}

	get baseUrl(): string {
		return this.connection.baseUrl;
	}

	/**
	 * Sends one API call and, when ZStack answers 202 and the caller waits, follows its job. A call whose
	 * sign-in ZStack called expired (ID.1001, on the reply or on the job) is sent once more after one
	 * shared login, as a new call with a new job UUID: ZStack keeps the failed job's result under the old
	 * UUID, so a re-send under it would be refused as a duplicate and lead back to that failure.
	 */
	async call(itemIndex: number, apiCall: ApiCall, options: CallOptions): Promise<CallOutcome> {
		for (let renewed = false; ; renewed = true) {
			const attempt = await this.attempt(itemIndex, apiCall, options);
			if (attempt.job && !options.waitForCompletion) return { finished: false, ...attempt.job };
			if (zstackErrorOf(attempt.reply.body)?.code !== SESSION_EXPIRED) {
				this.connection.unprovenLogins.delete(attempt.login);
				return { finished: true, reply: this.result(itemIndex, attempt.reply, attempt.job !== undefined) };
			}
			this.renewAfterExpiry(itemIndex, attempt, renewed);
		}
	}

	/** Decides what an expired sign-in means: forget the login so the next request logs in, or fail. */
	private renewAfterExpiry(itemIndex: number, attempt: Attempt, renewed: boolean): void {
		const { connection } = this;
		const { signIn, credentials } = connection;
		const expired = zstackErrorOf(attempt.reply.body) as IDataObject;
		if (!signIn.forgetLogin || !signIn.loginOf) throw apiError(connection, itemIndex, attempt.reply);
		if (renewed || connection.unprovenLogins.has(attempt.login)) {
			// ZStack rejects sessions it has just issued: logging in again would only repeat, item after item.
			const refusal = new NodeApiError(this.node, expired as JsonObject, {
				message: 'ZStack rejected the session it had just issued (ID.1001: Session expired)',
				description: signIn.expiredAdvice,
				httpCode: String(attempt.reply.status),
			});
			connection.signInRefusal ??= redactError(refusal, connection.secrets(attempt.reply.signed));
			throw connection.refusalFor(itemIndex, connection.signInRefusal);
		}
		// The first item to see the expiry forgets the login; the next request of any item logs in again.
		if (signIn.loginOf(credentials.data) === attempt.login) signIn.forgetLogin(credentials.data);
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
		if (method === 'GET') return await this.connection.exchange(itemIndex, request, options.requestTimeoutMs);
		const sent = await sendNamingTheJob(this.connection, itemIndex, request, options);
		if (sent.job) options.onJobAccepted?.(sent.job);
		if (sent.job === undefined || sent.reply.status !== 202 || !options.waitForCompletion) return sent;
		return { ...sent, reply: await followJob(this.connection, itemIndex, sent.job.jobUuid, options, sent.jobTimeout) };
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
	 * and the parsed body when `expected` accepts them (with whatever of the sign-in a server echoes redacted, as
	 * the caller may put it in text), otherwise the n8n error they stand for.
	 */
	async read(
		itemIndex: number,
		path: string,
		expected: (reply: { status: number; body: unknown }) => boolean,
		requestTimeoutMs: number,
	): Promise<{ status: number; body: unknown }> {
		const request = { method: 'GET' as const, url: apiUrl(this.baseUrl, path) };
		const { reply } = await this.connection.exchange(itemIndex, request, requestTimeoutMs);
		if (!expected(reply)) throw apiError(this.connection, itemIndex, reply);
		return { status: reply.status, body: redactValue(reply.body, this.connection.secrets(reply.signed)) };
	}

	/**
	 * For errors built outside the transport from a reply: the error without the credential's secrets, the logins of
	 * this run, and the signature of the request `signed` (a GET of `path` made from `since` until now).
	 */
	redacted<T extends NodeApiError>(error: T, path: string, since: number): T {
		return redactError(error, this.connection.secrets({ method: 'GET', url: apiUrl(this.baseUrl, path), from: since, to: Date.now() }));
	}

	/** The JSON object of a finished reply, or the n8n error it stands for. */
	private result(itemIndex: number, reply: Exchange, jobEnded: boolean): IDataObject {
		const ok = reply.status >= 200 && reply.status < 300;
		const body = reply.body;
		if (ok && zstackErrorOf(body) === undefined && (body as IDataObject | undefined)?.success !== false) {
			if (body !== null && typeof body === 'object' && !Array.isArray(body)) return body as IDataObject;
			throw apiError(this.connection, itemIndex, reply, { message: `ZStack answered HTTP ${reply.status} with a body that is not a JSON object` });
		}
		throw apiError(this.connection, itemIndex, reply, { jobEnded });
	}
}
