import type { ICredentialDataDecryptedObject } from 'n8n-workflow';

import { accessKey } from './accessKey';
import { accountLogin } from './accountLogin';
import { sessionUuid } from './sessionUuid';
import type { SignInMethod } from './signInMethod';

/** Every way to sign in, in the order the credential offers them; the first is the default. */
export const SIGN_IN_METHODS: readonly SignInMethod[] = [sessionUuid, accountLogin, accessKey];

export const DEFAULT_SIGN_IN_METHOD = SIGN_IN_METHODS[0].option.value;

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

/** The sign-in method a credential uses; credentials saved before the choice existed use the default. */
export function signInMethodOf(credentials: ICredentialDataDecryptedObject): SignInMethod {
	const authType = credentials.authType ?? DEFAULT_SIGN_IN_METHOD;
	const method = SIGN_IN_METHODS.find((candidate) => candidate.option.value === authType);
	if (method === undefined) throw new UnknownSignInMethodError(authType);
	return method;
}
