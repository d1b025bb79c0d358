// Types for verify.js, so that TypeScript tests can use the verifier.

/**
 * The ZStack API credential's data: `authType` names one of the node's sign-in methods (session, account,
 * accessKey) and the fields it needs. `userName` (verifier only) logs in as an IAM user of the account.
 */
export type TargetAuth = { authType: string; userName?: string } & Record<string, string | undefined>;

export interface VerifyOptions {
	/** host: base URL such as 'http://10.0.0.5:8080' (a reverse-proxy path prefix is kept). */
	target: { host: string; auth: TargetAuth };
	/** Default: contract-tests/contracts. Every *.contract.json in it is verified. */
	contractsDir?: string;
	/** Values for the `{placeholders}` of contract paths, queries, headers and body strings, e.g. { modelUuid, zoneUuid }. Deletes replay last. */
	fixtures?: Record<string, string>;
	/** Which contracts to replay (default: all), e.g. only those that change nothing on a real ZStack. */
	select?: (contract: { operationId: string; request: { method: string } }) => boolean;
	/** Default 1000. */
	pollIntervalMs?: number;
	/** Default 60 000. */
	pollTimeoutMs?: number;
}

export interface ContractResult {
	operationId: string;
	file: string;
	ok: boolean;
	/** The final HTTP status (after following the job), when a reply arrived. */
	status?: number;
	/** One line per drift, naming the field, e.g. "inventory.requestMemory: expected Long (an integer number), got string \"1024\"". */
	problems: string[];
}

export interface VerificationReport {
	/** True when at least one contract was verified and all passed. */
	ok: boolean;
	/** The credential's authType, or 'user' for a user login. */
	authMethod: string;
	contracts: ContractResult[];
}

export declare const DEFAULT_CONTRACTS_DIR: string;

export declare function verifyContracts(options: VerifyOptions): Promise<VerificationReport>;
