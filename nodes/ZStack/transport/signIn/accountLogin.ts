import { createHash } from 'crypto';

import type { ICredentialDataDecryptedObject, IDataObject } from 'n8n-workflow';

import { apiBaseUrl, apiUrl, ignoresSslIssues, redirectTarget } from '../endpoint';
import { describeZStackError, parseBody, zstackErrorOf } from '../replies';
import { looksLikeWebPage, unreachable, webPageAnswer } from './hostAdvice';
import { LoginRefusedError, type SignInMethod } from './signInMethod';

/** The hidden, expirable credential field that holds the session a login produced; n8n stores it. */
const LOGIN_SESSION_FIELD = 'loginSessionUuid';

/** A login with no node around it (the credential test) waits this long; the node passes its Request Timeout. */
const LOGIN_TIMEOUT_MS = 60_000;

/** ZStack stores and compares account passwords as lowercase hex SHA-512 (zssdk.py, ZSClient.java). */
export function passwordHash(password: string): string {
	return createHash('sha512').update(password).digest('hex');
}

function loginSession(credentials: ICredentialDataDecryptedObject): string {
	return String(credentials[LOGIN_SESSION_FIELD] ?? '');
}

/**
 * Account name and password: `PUT /v1/accounts/login` once, then `Authorization: OAuth <session>` until
 * ZStack says the session ended (ID.1001), when the client forgets it and the next request logs in again.
 */
export const accountLogin: SignInMethod = {
	option: {
		name: 'Account Login',
		value: 'account',
		description: 'Account name and password. Logs in once, reuses the session and logs in again when it ends.',
	},
	fields: [
		{
			displayName: 'Account Name',
			name: 'accountName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'admin',
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Sent only as its SHA-512 hash, inside the login request',
		},
		{
			displayName: 'Login Session UUID',
			name: LOGIN_SESSION_FIELD,
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
	],

	sign(credentials, { headers }) {
		headers.Authorization = `OAuth ${loginSession(credentials)}`;
	},

	async logIn(helpers, credentials) {
		const accountName = String(credentials.accountName ?? '').trim();
		if (accountName === '') throw new LoginRefusedError('ZStack login needs an account name');

		const baseUrl = apiBaseUrl(credentials.host);
		const response = await helpers
			.httpRequest({
			method: 'PUT',
			url: apiUrl(baseUrl, '/v1/accounts/login'),
			headers: { 'Content-Type': 'application/json;charset=UTF-8' },
			body: JSON.stringify({
				logInByAccount: { accountName, password: passwordHash(String(credentials.password ?? '')) },
			}),
			encoding: 'text',
			json: true,
			returnFullResponse: true,
			ignoreHttpStatusErrors: true,
			// The body carries the password hash: it goes to the configured host and nowhere else.
			disableFollowRedirect: true,
			skipSslCertificateValidation: ignoresSslIssues(credentials),
			timeout: LOGIN_TIMEOUT_MS,
		})
			.catch((error: unknown) => {
				throw unreachable(baseUrl, error);
			});
		const body = parseBody(response.body);
		const error = zstackErrorOf(body);
		if (error) {
			throw new LoginRefusedError(
				`ZStack login as "${accountName}" failed: ${describeZStackError(error)}. Check the account name and password`,
				error,
			);
		}
		const session = (body as IDataObject | undefined)?.inventory as IDataObject | undefined;
		if (response.statusCode !== 200 || typeof session?.uuid !== 'string') {
			const redirect = response.statusCode >= 300 && response.statusCode < 400;
			// A redirect's page and a proxy's error page say nothing of where Host points: only other pages do.
			const proxyPage = response.statusCode >= 500 && looksLikeWebPage(body);
			if (!redirect && !proxyPage && looksLikeWebPage(body)) {
				throw new LoginRefusedError(webPageAnswer(baseUrl, response.statusCode));
			}
			const reason = redirect
				? `a redirect to ${redirectTarget((response.headers as IDataObject | undefined)?.location, baseUrl)}, which the node does not follow`
				: proxyPage
					? "an error page from a proxy in front of ZStack, not ZStack's reply: the management node behind it may be down or restarting"
					: typeof body === 'string'
						? body.slice(0, 200)
						: 'the reply holds no session';
			throw new LoginRefusedError(`ZStack login as "${accountName}" failed with HTTP ${response.statusCode}: ${reason}`);
		}
		return { [LOGIN_SESSION_FIELD]: session.uuid };
	},

	forgetLogin(credentials) {
		credentials[LOGIN_SESSION_FIELD] = '';
	},

	useLogin(credentials, login) {
		credentials[LOGIN_SESSION_FIELD] = login;
	},

	loginOf: loginSession,

	// The test logs in: a stored login session may have ended (n8n then would not log in before the test), or be
	// another Host's or password's. ZStack reads no Authorization on a login (RestServer handleApi ~867).
	testRequest: {
		method: 'PUT',
		pathExpression: '"/zstack/v1/accounts/login"',
		bodyExpression:
			'{ logInByAccount: { accountName: String($credentials.accountName ?? "").trim(), password: String($credentials.password ?? "").hash("sha512") } }',
	},
	expiredAdvice:
		'Logging in again did not help. Check the account name and password of the ZStack API credential, and that the account may use this API.',
};
