import type {
	ICredentialDataDecryptedObject,
	ICredentialTestRequest,
	ICredentialType,
	IDataObject,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INodeProperties,
} from 'n8n-workflow';

import {
	authTypeOf,
	LOGIN_SESSION_FIELD,
	logInByAccount,
	signRequest,
} from '../nodes/ZStack/transport/auth';

export class ZStackApi implements ICredentialType {
	name = 'zStackApi';

	displayName = 'ZStack API';

	icon = {
		light: 'file:../nodes/ZStack/zstack.svg',
		dark: 'file:../nodes/ZStack/zstack.dark.svg',
	} as const;

	documentationUrl = 'https://www.npmjs.com/package/n8n-nodes-zstack';

	httpRequestNode = {
		name: 'ZStack',
		docsUrl: 'https://www.npmjs.com/package/n8n-nodes-zstack',
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
			default: 'session',
			options: [
				{
					name: 'Session UUID',
					value: 'session',
					description: 'An existing session. Sessions expire after two hours by default.',
				},
				{
					name: 'Account Login',
					value: 'account',
					description:
						'Account name and password. Logs in once, reuses the session and logs in again when it expires.',
				},
				{
					name: 'AccessKey',
					value: 'accessKey',
					description: 'AccessKey ID and secret. Every request is signed; nothing expires.',
				},
			],
		},
		// A session UUID is a bearer secret: whoever holds it acts as the account.
		// eslint-disable-next-line @n8n/community-nodes/credential-unnecessary-password
		{
			displayName: 'Session UUID',
			name: 'sessionUuid',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['session'] } },
			description: 'Sent as "Authorization: OAuth &lt;session UUID&gt;"',
		},
		{
			displayName: 'Account Name',
			name: 'accountName',
			type: 'string',
			default: '',
			required: true,
			placeholder: 'admin',
			displayOptions: { show: { authType: ['account'] } },
		},
		{
			displayName: 'Password',
			name: 'password',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['account'] } },
			description: 'Sent only as its SHA-512 hash, inside the login request',
		},
		{
			displayName: 'AccessKey ID',
			name: 'accessKeyId',
			type: 'string',
			default: '',
			required: true,
			displayOptions: { show: { authType: ['accessKey'] } },
		},
		{
			displayName: 'AccessKey Secret',
			name: 'accessKeySecret',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			displayOptions: { show: { authType: ['accessKey'] } },
		},
		{
			displayName: 'Login Session UUID',
			name: LOGIN_SESSION_FIELD,
			type: 'hidden',
			typeOptions: { expirable: true, password: true },
			default: '',
		},
		// A boolean switch, not a secret: the rule matches "auth" in the name n8n itself uses.
		// eslint-disable-next-line @n8n/community-nodes/credential-password-field
		{
			displayName: 'Ignore SSL Issues (Insecure)',
			name: 'allowUnauthorizedCerts',
			type: 'boolean',
			default: false,
			description:
				'Whether to connect even if the certificate cannot be verified, as with the self-signed certificates many ZStack installations use',
		},
	];

	async preAuthentication(
		this: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
	): Promise<IDataObject> {
		if (authTypeOf(credentials) !== 'account') return {};
		return { [LOGIN_SESSION_FIELD]: await logInByAccount(this.helpers, credentials) };
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		return signRequest(credentials, requestOptions);
	}

	test: ICredentialTestRequest = {
		request: {
			baseURL: '={{$credentials.host}}',
			url: '={{$credentials.authType === "account" || $credentials.authType === "accessKey" ? "/zstack/v1/ai/models?limit=1" : "/zstack/v1/accounts/sessions/" + $credentials.sessionUuid.trim() + "/valid"}}',
		},
		rules: [
			{
				type: 'responseSuccessBody',
				properties: {
					key: 'valid',
					value: false,
					message:
						'ZStack says this session is not valid: it has expired or was logged out. Paste a new session UUID, or use Account Login.',
				},
			},
		],
	};
}
