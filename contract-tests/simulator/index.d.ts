// Types for index.js, so that TypeScript tests can use the simulator.
import type { IncomingHttpHeaders } from 'node:http';

export type ReplyMode = 'async' | 'sync';

export interface SimulatorOptions {
	/** 0 picks an ephemeral port. */
	port?: number;
	/**
	 * 'async' (default, like ZStack): every API but login, logout, session validation and queries answers
	 * 202 + job. 'sync': the result at once.
	 */
	replyMode?: ReplyMode;
	/** How many polls of a job answer 202 (still running) before it completes. Default 1. */
	jobPolls?: number;
	/** How long (ms) a job runs: polls before then answer 202 too, whatever `jobPolls` says. Default 0. */
	jobDurationMs?: number;
	/** Idle timeout: a session expires this long after its last successful call (each call renews it). Default 7 200 000. */
	sessionTimeoutMs?: number;
	/**
	 * Base URL written into a 202's `location` instead of the simulator's own (the default, ''), e.g.
	 * 'http://mn-internal.invalid:8080': an address only the management node could reach, for testing a client
	 * that polls its configured host instead.
	 */
	internalJobHost?: string;
	/** Live sessions allowed before login answers ID.1006. Default 500. */
	maxSessions?: number;
	/** IANA zone of the management node's clock, for the AccessKey `Date` check. Default: this process's zone. */
	managementNodeTimeZone?: string;
	/**
	 * ZStack's `rest.checkTimeZone`. false (default, as ZStack): the `Date` header's wall-clock fields are compared
	 * with the management node's wall clock, its zone label ignored. true: instants are compared.
	 */
	checkTimeZone?: boolean;
	/** Request bodies past this many bytes are answered 413 (and not kept). Default 1 048 576. */
	maxBodyBytes?: number;
	/** The request log keeps the last this many requests. Default 1000. */
	requestLogLimit?: number;
	/**
	 * A busy management node: a request that creates a job waits this long before RestServer processes it (checks
	 * X-Job-UUID for a duplicate, saves the job, runs the API, answers 202); polls of the job answer 404 until then.
	 * Default 0.
	 */
	acceptDelayMs?: number;
	/**
	 * How long (ms) an AIOS instance group takes to come up: after this long a deployed group turns from `Deploying`,
	 * a restarted one from `Starting`, to `Running` (or `Error` under the fault `instanceGroupFails`). Default 2000.
	 */
	instanceGroupStartMs?: number;
}

/** Options that configure() and POST /__simulator/config may change while the simulator runs. */
export type ConfigurableOptions = Pick<
	SimulatorOptions,
	| 'replyMode'
	| 'jobPolls'
	| 'jobDurationMs'
	| 'sessionTimeoutMs'
	| 'internalJobHost'
	| 'managementNodeTimeZone'
	| 'checkTimeZone'
	| 'acceptDelayMs'
	| 'instanceGroupStartMs'
>;

export type ApiName =
	| 'Login'
	| 'LogOut'
	| 'ValidateSession'
	| 'BindModelToService'
	| 'UnbindModelFromService'
	| 'QueryModel'
	| 'QueryModelService'
	| 'QueryVmInstance'
	| 'StartVmInstance'
	| 'StopVmInstance'
	| 'JobPoll'
	| 'AddModel'
	| 'UpdateModel'
	| 'DeleteModel'
	| 'AddModelService'
	| 'UpdateModelService'
	| 'DeployModelService'
	| 'CloneModelService'
	| 'DeleteModelService'
	| 'QueryModelServiceInstanceGroup'
	| 'UpdateModelServiceInstanceGroup'
	| 'RestartModelServiceGroups'
	| 'DeleteModelServiceInstanceGroup'
	| 'AddModelCenter'
	| 'UpdateModelCenter'
	| 'QueryModelCenter'
	| 'QueryZone'
	| 'QueryCluster'
	| 'QueryImage'
	| 'QueryL3Network'
	| 'QueryPrimaryStorage';

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
 * Connection faults cut the connection: `resetBeforeRead` before the request is read (nothing happens),
 * `resetAfterAccept` after the call ran (and its job was stored) without a byte of reply, `reset` mid-reply
 * (headers and half the body). Exchange faults act on the HTTP exchange they hit. Result faults replace the
 * API's outcome and, for a call answered with a job, surface on the job poll: `sessionExpired` ends the OAuth
 * session the request carries just before ZStack evaluates it, so a sync API answers 503 ID.1001, an async one
 * 202 + a job failing ID.1001, and on a job poll the job fails ID.1001 for good. Job faults act on the job a
 * call creates or a poll asks about. `instanceGroupFails` (on DeployModelService or RestartModelServiceGroups) makes the
 * instance groups that call starts end in `Error` instead of `Running`.
 */
export type FaultSpec = FaultTarget &
	(
		| { kind: 'resetBeforeRead' }
		| { kind: 'resetAfterAccept' }
		| { kind: 'reset' }
		| { kind: 'delay'; ms: number }
		| { kind: 'plainText'; status?: number; text?: string }
		| { kind: 'notJson' }
		/** A proxy's HTML error page (nginx's), 502 by default, instead of ZStack's answer. */
		| { kind: 'proxyPage'; status?: number }
		| { kind: 'sessionExpired' }
		| { kind: 'error'; status?: number; error?: ErrorCodeSpec }
		| { kind: 'noInventory' }
		| { kind: 'jobNeverFinishes' }
		| { kind: 'jobExpired' }
		| { kind: 'instanceGroupFails' }
		| QueryFault
	);

/** Query faults change a query's reply (query-faults.js): a page shifted by a deletion, refs left out, half or none of the list. */
export type QueryFault = { kind: 'shiftedPage' } | { kind: 'withoutRefs' } | { kind: 'halfList'; half?: 'first' | 'second' } | { kind: 'emptyList' };

export type FaultKind = FaultSpec['kind'];

export interface LoggedRequest {
	method: string;
	/** Path as sent, without the query string. */
	path: string;
	/** Raw query string, without '?'. */
	query: string;
	headers: IncomingHttpHeaders;
	/** Parsed JSON, the raw text when it is not JSON, undefined when empty or never read. */
	body: unknown;
	/** When it arrived (Date.now()). */
	at: number;
	/** The fault that acted on this request, if one did. */
	fault?: FaultKind;
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
	/** Epoch ms; moved on by every successful call. */
	expiresAt: number;
	createDate: string;
	expiredDate: string;
}

export interface Reply {
	status: number;
	json?: unknown;
	text?: string;
	contentType?: string;
	/** JsonSchemaBuilder's map of JSON paths to Java classes, for replies that carry inventories. */
	schema?: Record<string, string>;
	/** Query replies always carry their schema; others only when asked with X-JSON-Schema. */
	schemaAlways?: boolean;
}

export interface Job {
	uuid: string;
	api: ApiName;
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
	/** VMs with the fields of VmInstanceInventory, nested vmNics and allVolumes included. */
	vmInstances: Resource[];
	modelCenters: Resource[];
	/** As stored: a status change that is due shows once a request reads the groups (queries, GET /__simulator/state). */
	instanceGroups: Resource[];
	/** Each instance group's pending status change (`at`: epoch ms). */
	instanceGroupChanges: Map<string, { status: string; at: number }>;
	zones: Resource[];
	clusters: Resource[];
	images: Resource[];
	l3Networks: Resource[];
	primaryStorages: Resource[];
	sessions: Map<string, Session>;
	jobs: Map<string, Job>;
}

export interface Seed {
	models: readonly string[];
	modelServices: readonly string[];
	bindings: readonly { uuid: string; modelUuid: string; modelServiceUuid: string }[];
	/** Two Running VMs, then a Stopped one. */
	vmInstances: readonly string[];
	modelCenters: readonly string[];
	/** A Running instance group, then two in Error. */
	instanceGroups: readonly string[];
	zones: readonly string[];
	clusters: readonly string[];
	images: readonly string[];
	l3Networks: readonly string[];
	primaryStorages: readonly string[];
}

export interface Simulator {
	/** 'http://127.0.0.1:<port>' */
	url: string;
	account: { accountName: string; password: string };
	accessKey: { accessKeyId: string; accessKeySecret: string };
	seed: Seed;
	/** The options in force. */
	readonly options: Readonly<Required<SimulatorOptions>>;
	/** Changes options while running (not reset by reset()); throws on an invalid value or a fixed option. */
	configure(changes: ConfigurableOptions): Readonly<Required<SimulatorOptions>>;
	/** A valid session uuid, as a login would create. */
	createSession(): string;
	/** The ZStack API credential data that signs in here with the sign-in method `authType` (a new session for 'session'). */
	credentialFor(authType: string): { authType: string; host: string } & Record<string, string>;
	expireSession(uuid: string): boolean;
	/** Returns how many sessions ended. */
	expireAllSessions(): number;
	/** Queues a fault; faults act in FIFO order, `times` times each. Throws on an unknown api or kind. */
	injectFault(fault: FaultSpec): void;
	clearFaults(): void;
	readonly pendingFaults: readonly FaultSpec[];
	/** The last `requestLogLimit` requests (control endpoints excluded), oldest first. */
	readonly requests: LoggedRequest[];
	readonly state: SimulatorState;
	/** Every run of an API (the last `requestLogLimit`), oldest first: its name, path and the job it ran as. */
	readonly apiRuns: readonly { api: ApiName; path: string; jobUuid?: string; at: number }[];
	/** How many times an API ran under each job UUID. */
	runsByJob(): Record<string, number>;
	/** Back to the seeded resources; no sessions, jobs, faults or logged requests. */
	reset(): void;
	stop(): Promise<void>;
}

export declare const DEFAULT_OPTIONS: Readonly<Required<SimulatorOptions>>;

export declare function startSimulator(options?: SimulatorOptions): Promise<Simulator>;
