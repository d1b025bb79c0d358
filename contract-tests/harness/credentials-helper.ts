import type {
	ICredentialDataDecryptedObject,
	ICredentials,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeParameters,
	INodeProperties,
} from 'n8n-workflow';
import { ICredentialsHelper, NodeHelpers } from 'n8n-workflow';

/**
 * A credentials store and helper with the semantics of n8n's own CredentialsHelper (packages/cli)
 * that matter to this package: `authenticate` runs the credential type's function, and
 * `preAuthentication` runs the type's login when its hidden `expirable` field is empty (or the
 * caller says it expired), then saves the result, so the next execution finds the stored session.
 */
export class StoredCredentialsHelper extends ICredentialsHelper {
	/** Stored credential data by credential id, as n8n's database would hold it. */
	readonly store = new Map<string, ICredentialDataDecryptedObject>();

	/** How often the stored data was rewritten by preAuthentication. */
	updates = 0;

	/** How often a node read (and n8n would have decrypted) a stored credential. */
	reads = 0;

	constructor(private readonly types: Map<string, ICredentialType>) {
		super();
	}

	private type(name: string): ICredentialType {
		const type = this.types.get(name);
		if (!type) throw new Error(`Unknown credential type ${name}`);
		return type;
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions,
	): Promise<IHttpRequestOptions> {
		const { authenticate } = this.type(typeName);
		if (typeof authenticate !== 'function') throw new Error(`${typeName} has no authenticate function`);
		return await authenticate(credentials, requestOptions);
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		const expirable = type.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable);
		if (!expirable || typeof type.preAuthentication !== 'function') return undefined;
		// Not before a credential test whose data holds a login: n8n's CredentialsHelper means to recognise its
		// tester's node by a parameter default (`temp === ''`) that n8n's Workflow no longer fills in (seen on 1.85 and 2.41).
		if (credentials[expirable.name] !== '' && !credentialsExpired) return undefined;

		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) return undefined;
		const reference = node.credentials?.[typeName];
		if (!reference?.id) return undefined;
		// Like n8n: the stored data plus what preAuthentication returned, nothing else of the caller's copy.
		await this.updateCredentials(reference, typeName, { ...this.store.get(reference.id), ...output } as ICredentialDataDecryptedObject);
		return Object.assign(credentials, output);
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = this.type(typeName);
		if (!type.preAuthentication) return undefined;
		return Object.assign({}, credentials, await type.preAuthentication.call(helpers, credentials));
	}

	async getCredentials(): Promise<ICredentials> {
		throw new Error('Not used by these tests');
	}

	/**
	 * The stored data as n8n hands it to a node (CredentialsHelper.applyDefaultsAndOverwrites): the defaults of
	 * the fields the credential shows added, the fields it hides (another Authentication's) left out.
	 */
	async getDecrypted(
		_additionalData: unknown,
		nodeCredentials: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		this.reads++;
		const data = nodeCredentials.id ? this.store.get(nodeCredentials.id) : undefined;
		if (!data) throw new Error(`No stored credential ${nodeCredentials.id}`);
		const withDefaults = NodeHelpers.getNodeParameters(this.type(type).properties, structuredClone(data) as INodeParameters, true, false, null, null);
		return withDefaults as ICredentialDataDecryptedObject;
	}

	async updateCredentials(
		nodeCredentials: INodeCredentialsDetails,
		_type: string,
		data: ICredentialDataDecryptedObject,
	): Promise<void> {
		this.updates++;
		this.store.set(nodeCredentials.id!, structuredClone(data));
	}

	async updateCredentialsOauthTokenData(): Promise<void> {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return this.type(type).properties;
	}
}
