import type { ICredentialDataDecryptedObject, IDataObject, IHttpRequestOptions } from 'n8n-workflow';

import { apiBaseUrl, ignoresSslIssues } from './endpoint';
import { signInMethodOf } from './signIn/registry';

/** n8n's HTTP Request node sends predefined-credential requests in the legacy (request library) shape. */
type LegacyRequestOptions = IHttpRequestOptions & {
	uri?: string;
	rejectUnauthorized?: boolean;
	followRedirect?: boolean;
	followAllRedirects?: boolean;
};

/**
 * Signs a request the way the credential's sign-in method does. Every signed request goes to the configured
 * host only: redirects are never followed, so the sign-in can never be handed to another host.
 */
export function authenticateRequest(
	credentials: ICredentialDataDecryptedObject,
	requestOptions: IHttpRequestOptions,
	now: Date = new Date(),
): IHttpRequestOptions {
	const signed: LegacyRequestOptions = {
		...requestOptions,
		headers: { ...requestOptions.headers },
		skipSslCertificateValidation: ignoresSslIssues(credentials),
		disableFollowRedirect: true,
	};
	// The credential test names its URL relative to the raw host; resolve it like every other call.
	if (signed.baseURL !== undefined) {
		signed.url = `${apiBaseUrl(signed.baseURL)}${signed.url}`;
		delete signed.baseURL;
	}
	if (typeof signed.uri === 'string') {
		signed.followRedirect = false;
		signed.followAllRedirects = false;
		if (ignoresSslIssues(credentials)) signed.rejectUnauthorized = false;
	}
	signInMethodOf(credentials).sign(credentials, {
		method: signed.method ?? 'GET',
		url: signed.url ?? signed.uri ?? '',
		headers: signed.headers as IDataObject,
		now,
	});
	return signed;
}
