import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { accessKey } from './accessKey';
import { accountLogin } from './accountLogin';
import { sessionUuid } from './sessionUuid';
import type { SignInMethod } from './signInMethod';

/** Every way to sign in, in the order the credential offers them. */
export const SIGN_IN_METHODS: readonly SignInMethod[] = [sessionUuid, accountLogin, accessKey];

/** What a new credential uses: a login outlives a pasted session, which ZStack ends after 2 idle hours. */
export const DEFAULT_SIGN_IN_METHOD = accountLogin.option.value;

/** What 0.1.0 offered by default; a credential saved then may not hold its Authentication. */
const FIRST_DEFAULT_SIGN_IN_METHOD = sessionUuid.option.value;

export class UnknownSignInMethodError extends Error {
	constructor(authType: unknown) {
		super(
			`The ZStack API credential's Authentication "${String(authType)}" is not one of ${SIGN_IN_METHODS.map(
				(method) => method.option.value,
			).join(', ')}. Open the credential and choose one.`,
		);
		this.name = 'UnknownSignInMethodError';
	}
}

/**
 * The sign-in method a credential uses. n8n's credential form writes every default into a new credential, so
 * one saved in the editor holds its Authentication; data without it (never so in n8n, which fills in today's
 * default first) means 0.1.0's default.
 */
export function signInMethodOf(credentials: ICredentialDataDecryptedObject): SignInMethod {
	const authType = credentials.authType ?? FIRST_DEFAULT_SIGN_IN_METHOD;
	const method = SIGN_IN_METHODS.find((candidate) => candidate.option.value === authType);
	if (method === undefined) throw new UnknownSignInMethodError(authType);
	return method;
}
