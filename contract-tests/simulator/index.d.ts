// Types for index.js, so that TypeScript tests can use the simulator.
import type { IncomingHttpHeaders } from 'node:http';

export type ReplyMode = 'async' | 'sync';

export interface SimulatorOptions {
	/** 0 picks an ephemeral port. */
	port?: number;
	/** 'async' (default, like ZStack): non-GET calls except login answer 202 + job. 'sync': the result at once. */
	replyMode?: ReplyMode;
	/** How many polls of a job answer 202 (still running) before it completes. Default 1. */
	jobPolls?: number;
	/** Sessions expire this long after creation; using them does not extend them. Default 7 200 000. */
	sessionTimeoutMs?: number;
	/** Host written into a 202's `location`; unresolvable by default so clients must use their own host. */
	internalJobHost?: string;
	/** Live sessions allowed before login answers ID.1006. Default 500. */
	maxSessions?: number;
}

export type ApiName =
	| 'Login'
	| 'LogOut'
	| 'ValidateSession'
	| 'BindModelToService'
	| 'UnbindModelFromService'
	| 'QueryModel'
	| 'QueryModelService'
	| 'JobPoll';

export interface ErrorCodeSpec {
	code?: string;
	description?: string;
	details?: string | null;
	cause?: ErrorCodeSpec | null;
}

interface FaultTarget {
	api: ApiName | '*';
	/** How many matching requests the fault acts on. Default 1. */
	times?: number;
}

/**
 * Exchange faults act on the HTTP exchange they hit. Result faults replace the API's outcome and, for a call
 * answered with a job, surface on the job poll. Job faults act on the job a call creates or a poll asks about.
 */
export type FaultSpec = FaultTarget &
	(
		| { kind: 'delay'; ms: number }
		| { kind: 'plainText'; status?: number; text?: string }
		| { kind: 'notJson' }
		| { kind: 'reset' }
		| { kind: 'sessionExpired' }
		| { kind: 'error'; status?: number; error?: ErrorCodeSpec }
		| { kind: 'noInventory' }
		| { kind: 'jobNeverFinishes' }
		| { kind: 'jobExpired' }
	);

export type FaultKind = FaultSpec['kind'];

export interface LoggedRequest {
	method: string;
	/** Path as sent, without the query string. */
	path: string;
	/** Raw query string, without '?'. */
	query: string;
	headers: IncomingHttpHeaders;
	/** Parsed JSON, the raw text when it is not JSON, undefined when empty. */
	body: unknown;
}

export interface Resource {
	uuid: string;
	name: string;
	lastOpDate: string;
	[field: string]: unknown;
}

export interface Binding {
	uuid: string;
	modelUuid: string;
	modelServiceUuid: string;
	systemTags: string[];
	userTags: string[];
}

export interface Session {
	uuid: string;
	accountUuid: string;
	userUuid: string;
	expiresAt: number;
	createDate: string;
	expiredDate: string;
}

export interface Reply {
	status: number;
	json?: unknown;
	text?: string;
	contentType?: string;
}

export interface Job {
	uuid: string;
	api: ApiName;
	requiresCredentials: boolean;
	pollsLeft: number;
	neverFinishes: boolean;
	expired: boolean;
	result: Reply;
}

export interface SimulatorState {
	models: Resource[];
	/** Model services without `modelServiceRefs`, which replies render from `bindings`. */
	modelServices: Resource[];
	bindings: Binding[];
	sessions: Map<string, Session>;
	jobs: Map<string, Job>;
}

export interface Seed {
	models: readonly string[];
	modelServices: readonly string[];
	bindings: readonly { uuid: string; modelUuid: string; modelServiceUuid: string }[];
}

export interface Simulator {
	/** 'http://127.0.0.1:<port>' */
	url: string;
	account: { accountName: string; password: string };
	accessKey: { accessKeyId: string; accessKeySecret: string };
	seed: Seed;
	/** A valid session uuid, as a login would create. */
	createSession(): string;
	expireSession(uuid: string): boolean;
	/** Returns how many sessions ended. */
	expireAllSessions(): number;
	/** Queues a fault; faults act in FIFO order, `times` times each. Throws on an unknown api or kind. */
	injectFault(fault: FaultSpec): void;
	clearFaults(): void;
	readonly pendingFaults: readonly FaultSpec[];
	readonly requests: LoggedRequest[];
	readonly state: SimulatorState;
	/** Back to the seeded resources; no sessions, jobs, faults or logged requests. */
	reset(): void;
	stop(): Promise<void>;
}

export declare const DEFAULT_OPTIONS: Readonly<Required<SimulatorOptions>>;

export declare function startSimulator(options?: SimulatorOptions): Promise<Simulator>;
