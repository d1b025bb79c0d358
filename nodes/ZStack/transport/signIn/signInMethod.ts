import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	IHttpRequestHelper,
	INodeProperties,
	INodePropertyOptions,
} from 'n8n-workflow';

/** What a sign-in method needs to know of the request it signs. */
export interface RequestToSign {
	method: string;
	/** The absolute URL, query string included. */
	url: string;
	/** The outgoing headers, which `sign` completes. */
	headers: IDataObject;
	now: Date;
}

/**
 * One way to sign in to ZStack. Each method is one module; the registry lists them, and the credential,
 * the client, the simulator's seed and the provider verifier read them from there.
 */
export interface SignInMethod {
	/** The credential's `authType` value and the option shown for it. */
	readonly option: INodePropertyOptions & { value: string };
	/** The credential fields of this method; the credential shows them only when this method is chosen. */
	readonly fields: INodeProperties[];
	/** Throws when the credential's fields cannot sign anything, before any request is made. */
	check?(credentials: ICredentialDataDecryptedObject): void;
	/** Adds ZStack's Authorization (and whatever else the method needs) to a request. */
	sign(credentials: ICredentialDataDecryptedObject, request: RequestToSign): void;
	/**
	 * For methods that log in: performs the login and returns the credential fields it fills, which n8n
	 * stores (an expirable field) and hands back on later requests until they are cleared.
	 */
	logIn?(helpers: IHttpRequestHelper['helpers'], credentials: ICredentialDataDecryptedObject): Promise<IDataObject>;
	/** For methods that log in: the credential data with the login forgotten, so the next request logs in. */
	forgetLogin?(credentials: ICredentialDataDecryptedObject): void;
	/** For methods that log in: the credential data signing with a login made elsewhere (another execution's). */
	useLogin?(credentials: ICredentialDataDecryptedObject, login: string): void;
	/** For methods that log in: the login that signed requests made with these credentials. */
	loginOf?(credentials: ICredentialDataDecryptedObject): string;
	/** The request the credential test sends, its parts written as n8n expressions over `$credentials`. */
	readonly testRequest: CredentialTestRequest;
	/** What to tell a user whose sign-in ZStack called invalid or expired (ID.1001). */
	readonly expiredAdvice: string;
	/** What to tell a user whose request time ZStack rejected (403 requestTimeTooSkewed). */
	skewAdvice?(credentials: ICredentialDataDecryptedObject): string;
}

/**
 * A credential test's request. The test must not depend on what n8n stored from an earlier login: n8n runs the
 * credential's preAuthentication before a test only while no login session is stored, so a method that logs in
 * tests by logging in.
 */
export interface CredentialTestRequest {
	readonly method: 'GET' | 'PUT';
	/** The path below the base URL; when the reply can say the sign-in is invalid, the credential's rules read it. */
	readonly pathExpression: string;
	readonly bodyExpression?: string;
}

/** A login ZStack refused: the items fail with this message, and nobody logs in again in this run. */
export class LoginRefusedError extends Error {
	constructor(
		message: string,
		readonly zstackError?: IDataObject,
	) {
		super(message);
		this.name = 'LoginRefusedError';
	}
}
