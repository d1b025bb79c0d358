import type { IDataObject, IHttpRequestMethods } from 'n8n-workflow';

export interface CallOptions {
	/** Follow an asynchronous (202) reply's job until it ends. */
	waitForCompletion: boolean;
	jobTimeoutMs: number;
	/** The longest wait between two job polls. */
	pollIntervalMs: number;
	/** Limit for each single HTTP exchange. */
	requestTimeoutMs: number;
	/** Told the job ZStack runs the call as, once it has accepted it (again, if the call is sent once more). */
	onJobAccepted?: (job: { jobUuid: string; location: string }) => void;
}

export interface ApiCall {
	method: IHttpRequestMethods;
	/** Path below the context path, e.g. `/v1/ai/models/<uuid>`. */
	path: string;
	body?: IDataObject;
	qs?: IDataObject;
}

/** A finished call's JSON reply, or the job a caller chose not to wait for. */
export type CallOutcome =
	| { finished: true; reply: IDataObject }
	| { finished: false; jobUuid: string; location: string };
