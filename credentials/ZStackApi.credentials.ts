import type {
	IAuthenticateRuleResponseCode,
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestMethods,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import { authenticateRequest } from '../nodes/ZStack/transport/authenticate';
import { DEFAULT_SIGN_IN_METHOD, SIGN_IN_METHODS, signInMethodOf } from '../nodes/ZStack/transport/signIn/registry';
import type { SignInMethod } from '../nodes/ZStack/transport/signIn/signInMethod';

/** Each sign-in method's fields, shown only while that method is chosen. */
const signInFields: INodeProperties[] = SIGN_IN_METHODS.flatMap((method) =>
	method.fields.map((field) => ({ ...field, displayOptions: { show: { authType: [method.option.value] } } })),
);

/** One part of the credential test's request as an n8n expression: each method's, chosen by the credential's Authentication. */
function byMethod(part: (method: SignInMethod) => string): string {
	const [first, ...others] = SIGN_IN_METHODS;
	const chosen = others.reduceRight(
		(otherwise, method) => `($credentials.authType === ${JSON.stringify(method.option.value)} ? ${part(method)} : ${otherwise})`,
		part(first),
	);
	return `={{ ${chosen} }}`;
}

export class ZStackApi implements ICredentialType {
	name = 'zStackApi';

	displayName = 'ZStack API';

	icon = {
		light: 'file:../nodes/ZStack/zstack.svg',
		dark: 'file:../nodes/ZStack/zstack.dark.svg',
	} as const;

	documentationUrl = 'https://github.com/n8n-nodes-zstack/n8n-nodes-zstack/blob/main/docs/credentials.md';

	httpRequestNode = {
		name: 'ZStack',
		docsUrl: 'https://github.com/n8n-nodes-zstack/n8n-nodes-zstack/blob/main/docs/operations.md#any-other-zstack-api-the-http-request-node',
		apiBaseUrlPlaceholder: 'http://zstack.example.com:8080/zstack/v1/',
	};

	properties: INodeProperties[] = [
		{
			displayName: 'Host',
			name: 'host',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'http://zstack.example.com:8080',
			description:
				'Address of the management node REST API (port 8080 unless a proxy fronts it). Without a scheme, http:// and port 8080 are assumed. A reverse-proxy path prefix is kept.',
		},
		{
			displayName: 'Authentication',
			name: 'authType',
			type: 'options',
			default: DEFAULT_SIGN_IN_METHOD,
			options: SIGN_IN_METHODS.map((method) => method.option),
		},
		...signInFields,
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'ignoreSslIssues',
			type: 'boolean',
			default: false,
			description:
				'Whether to connect even if the certificate cannot be verified, as with the self-signed certificates many ZStack installations use',
		},
		// Where builds before the 0.1.0 release stored Ignore SSL Issues (the name n8n's own credentials use):
		// n8n hands a credential only its declared fields, so the old value stays declared (hidden) and honoured.
		{
			displayName: 'Ignore SSL Issues (Earlier Field Name)',
			name: 'allowUnauthorizedCerts',
			type: 'hidden',
			typeOptions: { password: true },
			default: false,
		},
	];

	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		const method = signInMethodOf(credentials);
		return method.logIn ? await method.logIn(this.helpers, credentials) : {};
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return authenticateRequest(credentials, requestOptions);
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.host}}',
			method: byMethod((method) => JSON.stringify(method.testRequest.method)) as IHttpRequestMethods,
			url: byMethod((method) => method.testRequest.pathExpression),
			// Signed like every request (authenticate): never redirected, so the login's password hash stays on Host.
			body: byMethod((method) => method.testRequest.bodyExpression ?? 'undefined'),
		},
		// n8n's CredentialsTester applies both kinds of rule; its type wants one kind per list.
		rules: [
			...[301, 302, 303, 307, 308].map((status) => ({
				type: 'responseCode' as const,
				properties: {
					value: status,
					message: `ZStack answered HTTP ${status}, a redirect, which is not followed: the sign-in goes to the configured host only. Set Host to the management node's REST address itself.`,
				},
			})),
			{
				// RestServer answers 403 only for a refused request time (`requestTimeTooSkewed`).
				type: 'responseCode',
				properties: {
					value: 403,
					message:
						'ZStack refused the request time (requestTimeTooSkewed): set Management Node Time Zone to the time zone the management node runs in (run "timedatectl" on it). If it is right, the two clocks differ by more than 15 minutes.',
				},
			},
			{
				// ZStack answers a failed API 503 with its error (RestServer sendReplyResponse ~1239): for the test's
				// login or signed query, a wrong account, password or AccessKey. A rule cannot show ZStack's text.
				type: 'responseCode',
				properties: {
					value: 503,
					message:
						"ZStack refused the sign-in (HTTP 503): check the credential's account name and password, or its AccessKey ID and secret. A proxy in front of ZStack answers 503 too while the management node behind it is down.",
				},
			},
			{
				// A reply that is a page, not JSON: n8n's tester reads its first character at key "0" (lodash get).
				type: 'responseSuccessBody',
				properties: {
					key: '0',
					value: '<',
					message:
						"The Host answered with a web page, not as ZStack's REST API does: set Host to the management node's REST address (port 8080 unless a proxy fronts it; 5000 is the web console).",
				},
			},
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'valid',
					value: false,
					message:
						'ZStack says this session is not valid: it has expired or was logged out. Paste a new session UUID, or use Account Login.',
				},
			},
		] as unknown as IAuthenticateRuleResponseCode[],
	};
}
