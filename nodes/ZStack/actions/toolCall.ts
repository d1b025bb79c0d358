import type { IDataObject, IExecuteFunctions, INode } from 'n8n-workflow';
import { NodeApiError, NodeOperationError, sleep } from 'n8n-workflow';

import { readToolTimeoutMs } from '../readers/callOptions.reader';
import type { ApiCall, CallOptions, CallOutcome, ZStackClient } from '../transport/client';
import { CREDENTIAL_TYPE } from '../transport/client';

/**
 * Whether n8n runs the node as a tool (for an AI Agent or the MCP Server Trigger): n8n gives a tool the node's
 * type name with "Tool" appended and tells tools apart by that suffix (n8n-workflow's node-helpers,
 * `getPropertyValues` for the `@tool` display option; n8n-core's Agent and MCP paths run that node).
 */
export function runsAsTool(ctx: IExecuteFunctions): boolean {
	return ctx.getNode().type.endsWith('Tool');
}

/** A model reads the error text only (n8n hands an Agent `error.message`): long enough for ZStack's cause chain. */
const MAX_TOOL_ERROR_TEXT = 1000;

/**
 * The error a model reads: the whole text in the message (n8n hands an Agent only `error.message`), with
 * ZStack's code, details and causes, no "Item 0:" (a tool call has one item), bounded.
 */
export function toolError(node: INode, error: Error, itemIndex?: number): NodeOperationError {
	const description = (error as { description?: unknown }).description;
	const parts = [error.message.replace(/^Item \d+: /, '')];
	if (typeof description === 'string' && description !== '' && !error.message.includes(description)) {
		parts.push(description.replace(/ \(item \d+\)/, ''));
	}
	const text = parts.join('\n');
	const bounded = text.length > MAX_TOOL_ERROR_TEXT ? `${text.slice(0, MAX_TOOL_ERROR_TEXT)}…` : text;
	const failure = new NodeOperationError(node, bounded, { itemIndex, level: 'warning' });
	if (error instanceof NodeApiError) failure.context.zstackError = error.errorResponse;
	return failure;
}

/** A state-changing call of a tool, shared by the tool calls that ask for it while its job runs. */
interface Flight {
	/** The credential and host it was sent with. */
	scope: string;
	/** Its key in `flights`. */
	key: string;
	/** The job ZStack runs it as, once accepted. */
	job?: { jobUuid: string; location: string };
	outcome: Promise<CallOutcome>;
	settled: boolean;
	/** A tool call gave up waiting for it: its result is kept for a retry until `keptUntil`. */
	keptUntil?: number;
}

/**
 * Calls under way (or ended unseen) in this n8n process, by credential, host, method, path and body. A client
 * that retries a call it gave up on meets the same job here instead of sending the call twice. Other
 * processes (queue-mode workers, other mains) and a restarted n8n do not see these.
 */
const flights = new Map<string, Flight>();

/** How long a result no tool call received waits for a retry that asks for it. */
const KEEP_UNSEEN_RESULT_MS = 10 * 60 * 1000;

/**
 * What running as a tool changes for one run of the node: the error text a model reads, "nothing found" said in
 * an item, and jobs that outlast the Tool Timeout answered with their UUID (and shared with a retry) instead of
 * holding the call.
 */
export class ToolCall {
	/** The client the operations use: the node's client with tool-mode calls. */
	readonly client: ZStackClient;

	/** Per item, the last call it made: what was asked, for "nothing matched". */
	private readonly asked = new Map<number, ApiCall>();

	/** Items whose last call was a query ZStack answered with an empty list. */
	private readonly answeredEmpty = new Set<number>();

	/** Items whose job outlasted the Tool Timeout. */
	private readonly stillRunning = new Map<number, number>();

	private readonly scope: string;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly nodeClient: ZStackClient,
	) {
		this.scope = `${ctx.getNode().credentials?.[CREDENTIAL_TYPE]?.id ?? ''} ${nodeClient.baseUrl}`;
		const call = async (itemIndex: number, apiCall: ApiCall, options: CallOptions) =>
			await this.call(itemIndex, apiCall, options);
		// The node's client with `call` replaced (its `get` calls `call` too); its state stays in the one client.
		this.client = new Proxy(nodeClient, {
			get: (target, property, receiver) => (property === 'call' ? call : Reflect.get(target, property, receiver)),
		});
	}

	/** The item(s) an operation produced, as a tool answers them. */
	output(itemIndex: number, produced: IDataObject | IDataObject[]): IDataObject[] {
		const waitedMs = this.stillRunning.get(itemIndex);
		if (!Array.isArray(produced)) {
			if (waitedMs === undefined) return [produced];
			const { jobUuid } = produced;
			return [
				{
					status: 'running',
					jobUuid,
					location: produced.location,
					message: `ZStack accepted the call and its job ${String(jobUuid)} is still running after ${waitedMs / 1000} s. Follow it with a ZStack tool set to Job → Get (jobUuid ${String(jobUuid)}) rather than calling this tool again; a repeated call with the same arguments is answered with this same job while it runs.`,
				},
			];
		}
		if (produced.length > 0) return produced;
		return [{ found: 0, message: this.nothingMatched(itemIndex) }];
	}

	/**
	 * What a tool answers instead of an item's error: "nothing matched" when the item failed on a query ZStack
	 * answered with an empty list (Get of a UUID ZStack does not know), otherwise nothing.
	 */
	answerInsteadOf(itemIndex: number, error: Error): IDataObject | undefined {
		if (!(error instanceof NodeApiError) || !this.answeredEmpty.has(itemIndex)) return undefined;
		return { found: 0, message: this.nothingMatched(itemIndex) };
	}

	private nothingMatched(itemIndex: number): string {
		const asked = this.asked.get(itemIndex);
		if (asked === undefined) return 'Nothing matched.';
		const conditions = [asked.qs?.q ?? []].flat().map(String);
		const where = conditions.length > 0 ? ` with the conditions ${conditions.join(', ')}` : ' without conditions';
		return `Nothing matched: ZStack found nothing for ${asked.method} ${asked.path}${where}. The call succeeded; there is nothing there, or the credential's account cannot see it.`;
	}

	private async call(itemIndex: number, apiCall: ApiCall, options: CallOptions): Promise<CallOutcome> {
		this.asked.set(itemIndex, apiCall);
		this.answeredEmpty.delete(itemIndex);
		if (apiCall.method === 'GET') {
			const outcome = await this.nodeClient.call(itemIndex, apiCall, options);
			const { inventories } = outcome.finished ? outcome.reply : {};
			if (Array.isArray(inventories) && inventories.length === 0) this.answeredEmpty.add(itemIndex);
			return outcome;
		}
		if (!options.waitForCompletion) return await this.nodeClient.call(itemIndex, apiCall, options);

		// Read first: a bad Tool Timeout fails the item before anything is sent.
		const toolTimeoutMs = readToolTimeoutMs(this.ctx, itemIndex);
		const flight = this.flightFor(apiCall, itemIndex, options);
		const waiting = new AbortController();
		const outlasted = await Promise.race([
			flight.outcome.then(
				() => false,
				() => false,
			),
			sleep(toolTimeoutMs, waiting.signal).then(
				() => true,
				() => false,
			),
		]).finally(() => waiting.abort());
		// A call ZStack has not yet accepted as a job has nothing to follow: it is waited for to its end.
		if (outlasted && !flight.settled && flight.job) {
			flight.keptUntil = Number.POSITIVE_INFINITY;
			this.stillRunning.set(itemIndex, toolTimeoutMs);
			return { finished: false, ...flight.job };
		}
		try {
			return await flight.outcome;
		} finally {
			// A retry received the result an earlier tool call gave up on: no one else needs it kept.
			if (flight.keptUntil !== undefined && flights.get(flight.key) === flight) flights.delete(flight.key);
		}
	}

	/** The flight of this call: the one under way or kept for a retry, or a new one sent now. */
	private flightFor(apiCall: ApiCall, itemIndex: number, options: CallOptions): Flight {
		const { scope } = this;
		const key = JSON.stringify([scope, apiCall.method, apiCall.path, apiCall.qs ?? {}, apiCall.body ?? {}]);
		const now = Date.now();
		const known = flights.get(key);
		if (known && (!known.settled || (known.keptUntil ?? 0) > now)) {
			// A retry collects a kept result once; a job still running stays shared.
			if (known.settled) flights.delete(key);
			return known;
		}
		// Another call of this account changes state: a kept result is no longer what a retry would get.
		for (const [other, flight] of flights) {
			if (flight.settled && (flight.scope === scope || (flight.keptUntil ?? 0) <= now)) flights.delete(other);
		}
		const flight = { scope, key, settled: false } as Flight;
		flight.outcome = this.nodeClient.call(itemIndex, apiCall, { ...options, onJobAccepted: (job) => (flight.job = job) });
		flights.set(key, flight);
		flight.outcome
			.finally(() => {
				flight.settled = true;
				if (flight.keptUntil === undefined) flights.delete(key);
				else if (flights.get(key) === flight) flight.keptUntil = Date.now() + KEEP_UNSEEN_RESULT_MS;
			})
			.catch(() => undefined);
		return flight;
	}
}
