import type { SignInMethod } from './signInMethod';

/** An existing session, pasted by the user: `Authorization: OAuth <session UUID>`. */
export const sessionUuid: SignInMethod = {
	option: {
		name: 'Session UUID',
		value: 'session',
		description: 'An existing session. Sessions end after two hours without a call, by default.',
	},
	fields: [
		{
			displayName: 'Session UUID',
			name: 'sessionUuid',
			type: 'string',
			typeOptions: { password: true },
			default: '',
			required: true,
			description: 'Sent as "Authorization: OAuth &lt;session UUID&gt;"',
		},
	],
	sign(credentials, { headers }) {
		headers.Authorization = `OAuth ${String(credentials.sessionUuid ?? '').trim()}`;
	},
	// A session is valid when ZStack says so (`{"valid": true}`); the credential's rules read the reply. Only a
	// UUID's characters go into the path (n8n's expressions have no encodeURIComponent): nothing else can steer it.
	testRequest: {
		method: 'GET',
		pathExpression: '"/zstack/v1/accounts/sessions/" + $credentials.sessionUuid.replace(/[^0-9A-Za-z-]/g, "") + "/valid"',
	},
	expiredAdvice:
		'The session UUID in the credential has expired or was logged out: paste a new one, or switch the credential to Account Login so the node renews sessions itself.',
};
