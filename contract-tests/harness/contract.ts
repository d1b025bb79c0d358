import { readFileSync } from 'node:fs';
import path from 'node:path';

import type { IDataObject } from 'n8n-workflow';
import nock from 'nock';

/** A documented request/response pair, kept as data under contract-tests/contracts. */
export interface Contract {
	operationId: string;
	request: {
		method: string;
		path: string;
		headers: Record<string, string>;
		body?: IDataObject;
		query?: IDataObject;
	};
	response: { status: number; body: IDataObject };
	documentedReply: Record<string, { type: string; list?: boolean; fields: Record<string, string> }>;
}

export function loadContract(operationId: string): Contract {
	const file = path.join(__dirname, '..', 'contracts', `${operationId}.contract.json`);
	return JSON.parse(readFileSync(file, 'utf8')) as Contract;
}

/** The contract's path with its `{placeholders}` filled in. */
export function contractPath(contract: Contract, values: Record<string, string>): string {
	return contract.request.path.replace(/\{(\w+)\}/g, (_, name: string) => {
		if (!(name in values)) throw new Error(`No value for {${name}} in ${contract.operationId}`);
		return values[name];
	});
}

/** A request as the server side saw it. */
export interface SeenRequest {
	method: string;
	path: string;
	headers: Record<string, string | string[] | undefined>;
	body: unknown;
}

/**
 * Records every request that reaches a nock scope, so tests can compare it with a contract.
 * Call before defining interceptors.
 */
export function recordRequests(scope: nock.Scope): SeenRequest[] {
	const seen: SeenRequest[] = [];
	scope.on('request', (req: { method: string; path: string; headers: SeenRequest['headers'] }, _i: unknown, body: string) => {
		let parsed: unknown = body;
		try {
			parsed = body === '' ? undefined : (JSON.parse(body) as unknown);
		} catch {
			// keep the raw text: a non-JSON body is itself a finding
		}
		seen.push({ method: req.method, path: req.path, headers: req.headers, body: parsed });
	});
	return seen;
}

/** Requests nock could not match (or that tried to go to the network): there must be none. */
export function watchUnmatched(): { requests: string[]; stop: () => void } {
	const requests: string[] = [];
	const listener = (req: { method?: string; path?: string; href?: string; options?: { href?: string } }) =>
		requests.push(`${req.method ?? ''} ${req.href ?? req.options?.href ?? req.path ?? ''}`);
	nock.emitter.on('no match', listener);
	return { requests, stop: () => nock.emitter.removeListener('no match', listener) };
}

/**
 * Per test: no real network, every request must match an interceptor (checked after the test),
 * and after the file nock lets go of Node's http module, since jest may run the next file in the
 * same process with a fresh nock.
 */
export function useNockWithoutNetwork(): void {
	let unmatched: ReturnType<typeof watchUnmatched>;
	beforeEach(() => {
		nock.disableNetConnect();
		unmatched = watchUnmatched();
	});
	afterEach(() => {
		unmatched.stop();
		// Replies a test delayed past its end would otherwise keep their timers, and jest from exiting.
		nock.abortPendingRequests();
		nock.cleanAll();
		expect(unmatched.requests).toEqual([]);
	});
	afterAll(() => {
		nock.restore();
		nock.enableNetConnect();
	});
}
