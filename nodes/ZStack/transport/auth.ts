import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
} from 'n8n-workflow';

import { apiBaseUrl, apiUrl, signedUri } from './endpoint';
import { accessKeySignature, passwordHash } from './signature';
import { describeZStackError, parseBody, zstackErrorOf } from './replies';

export type AuthType = 'session' | 'account' | 'accessKey';

/** Hidden, expirable credential field that holds the session an account login produced. */
export const LOGIN_SESSION_FIELD = 'loginSessionUuid';

/**
 * Set by the node on its own in-memory copy of the credential so a login obeys the node's Request
 * Timeout; n8n stores only what preAuthentication returns, so this never reaches the database.
 */
export const LOGIN_TIMEOUT_KEY = 'loginTimeoutMs';

/** A login with no node around it (the credential test) waits this long. */
const DEFAULT_LOGIN_TIMEOUT_MS = 60_000;

export function authTypeOf(credentials: ICredentialDataDecryptedObject): AuthType {
	const authType = credentials.authType;
	return authType === 'account' || authType === 'accessKey' ? authType : 'session';
}

export class LoginFailedError extends Error {
	constructor(
		message: string,
		readonly zstackError?: IDataObject,
	) {
		super(message);
		this.name = 'LoginFailedError';
	}
}

/**
 * Logs in with account name and password (`PUT /v1/accounts/login`) and returns the new session.
 * Runs as the credential's preAuthentication, so n8n stores the session and reuses it across
 * items and executions until ZStack declares it expired.
 */
export async function logInByAccount(
	helpers: IHttpRequestHelper['helpers'],
	credentials: ICredentialDataDecryptedObject,
): Promise<string> {
	const accountName = String(credentials.accountName ?? '').trim();
	if (accountName === '') throw new LoginFailedError('ZStack login needs an account name');

	const response = await helpers.httpRequest({
		method: 'PUT',
		url: apiUrl(apiBaseUrl(credentials.host), '/v1/accounts/login'),
		headers: { 'Content-Type': 'application/json;charset=UTF-8' },
		body: JSON.stringify({
			logInByAccount: { accountName, password: passwordHash(String(credentials.password ?? '')) },
		}),
		encoding: 'text',
		json: true,
		returnFullResponse: true,
		ignoreHttpStatusErrors: true,
		skipSslCertificateValidation: credentials.allowUnauthorizedCerts === true,
		timeout: Number(credentials[LOGIN_TIMEOUT_KEY]) || DEFAULT_LOGIN_TIMEOUT_MS,
	});
	const body = parseBody(response.body);
	const error = zstackErrorOf(body);
	if (error) {
		throw new LoginFailedError(
			`ZStack login as "${accountName}" failed: ${describeZStackError(error)}. Check the account name and password`,
			error,
		);
	}
	const session = (body as IDataObject | undefined)?.inventory as IDataObject | undefined;
	if (response.statusCode !== 200 || typeof session?.uuid !== 'string') {
		throw new LoginFailedError(
			`ZStack login as "${accountName}" failed with HTTP ${response.statusCode}: ${
				typeof body === 'string' ? body : 'the reply holds no session'
			}`,
		);
	}
	return session.uuid;
}

/** Adds ZStack's Authorization (and for AccessKeys the signed Date) to a request. */
export function signRequest(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
	now: Date = new Date(),
): IHttpRequestOptions {
	const signed: IHttpRequestOptions = {
		...requestOptions,
		headers: { ...requestOptions.headers },
		skipSslCertificateValidation: credentials.allowUnauthorizedCerts === true,
	};
	// The credential test names its URL relative to the raw host; resolve it like every other call.
	if (signed.baseURL !== undefined) {
		signed.url = `${apiBaseUrl(signed.baseURL)}${signed.url}`;
		delete signed.baseURL;
	}
	// n8n's HTTP Request node sends predefined-credential requests in the legacy shape, `uri` not `url`.
	const legacy = signed as IHttpRequestOptions & { uri?: string; rejectUnauthorized?: boolean };
	if (typeof legacy.uri === 'string' && credentials.allowUnauthorizedCerts === true) legacy.rejectUnauthorized = false;
	const headers = signed.headers as IDataObject;
	switch (authTypeOf(credentials)) {
		case 'accessKey': {
			const date = now.toUTCString();
			const method = signed.method ?? 'GET';
			const signature = accessKeySignature(
				String(credentials.accessKeySecret ?? ''),
				method,
				date,
				signedUri(signed.url ?? legacy.uri),
			);
			headers.Date = date;
			headers.Authorization = `ZStack ${String(credentials.accessKeyId ?? '').trim()}:${signature}`;
			break;
		}
		case 'account':
			headers.Authorization = `OAuth ${String(credentials[LOGIN_SESSION_FIELD] ?? '')}`;
			break;
		default:
			headers.Authorization = `OAuth ${String(credentials.sessionUuid ?? '').trim()}`;
	}
	return signed;
}
