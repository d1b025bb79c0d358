import type { IDataObject, INodeParameters } from 'n8n-workflow';

import { bindParameters, MODEL_SERVICE } from './fixtures';

/**
 * Batches of Bind Model To Service items in which every item names its own model, so that a server
 * (nock or a local one) can tell items apart by path, answer each its own way, and a test can check
 * that every output item is the answer to its own input item.
 */

/** Item `index`'s model UUID. */
export function modelOf(index: number): string {
	return `${index.toString(16).padStart(8, '0')}${'c0ffee00'.repeat(3)}`;
}

/** Any bind path; the first group is the model. */
export const BIND_PATH = /^\/zstack\/v1\/ai\/models\/([0-9a-f]{32})\/model-services\/([0-9a-f]{32})$/;

/** The item a bind request is for, from its path (`uri` as nock hands it to a reply function). */
export function itemOfPath(uri: string): number {
	const model = BIND_PATH.exec(new URL(uri, 'http://x').pathname)?.[1];
	if (model === undefined || !model.endsWith('c0ffee00'.repeat(3))) throw new Error(`not a batch bind path: ${uri}`);
	return parseInt(model.slice(0, 8), 16);
}

/** Input items whose `model` field the node reads by expression. */
export function batchItems(count: number): IDataObject[] {
	return Array.from({ length: count }, (_, index) => ({ model: modelOf(index) }));
}

/** A Bind Model To Service node that binds `$json.model` of each item. */
export function batchParameters(options: INodeParameters = {}): INodeParameters {
	return bindParameters({ modelUuid: { __rl: true, mode: 'id', value: '={{ $json.model }}' }, options });
}

/** The model service ZStack returns for item `index`'s bind. */
export function inventoryOf(index: number): IDataObject {
	return {
		uuid: MODEL_SERVICE,
		name: `service bound for item ${index}`,
		modelServiceRefs: [{ modelUuid: modelOf(index), modelServiceUuid: MODEL_SERVICE }],
	};
}

/**
 * A server's view of a client that should send `total` requests at most `limit` at a time. Each request
 * `hold`s until its round is answered, all of the round at once. A round is answered once it holds what
 * the client should have in flight (`limit`, or what is left) and nothing else arrived for `settleMs`,
 * time enough for a client that overshoots to show it; or once nothing arrived for `giveUpMs`, so that a
 * client sending fewer shows as a short round instead of a hang. `giveUpMs` is seconds: a correct client
 * never reaches it, however busy the machine, while a slow one must not pass for a client that sends fewer.
 */
export class Rounds {
	/** Requests arrived and not yet answered. */
	inFlight = 0;
	maxInFlight = 0;
	/** Items in the order their requests arrived. */
	readonly arrivals: number[] = [];
	/** How many requests each answered round held. */
	readonly sizes: number[] = [];

	private waiting: Array<() => void> = [];
	private answered = 0;
	private timer?: NodeJS.Timeout;

	constructor(
		private readonly limit: number,
		private readonly total: number,
		private readonly settleMs = 30,
		private readonly giveUpMs = 5_000,
	) {}

	async hold(item: number): Promise<void> {
		this.arrivals.push(item);
		this.inFlight += 1;
		this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
		const answered = new Promise<void>((resolve) => this.waiting.push(resolve));
		const expected = Math.min(this.limit, this.total - this.answered);
		clearTimeout(this.timer);
		this.timer = setTimeout(() => this.answerRound(), this.waiting.length >= expected ? this.settleMs : this.giveUpMs);
		await answered;
	}

	private answerRound(): void {
		const round = this.waiting;
		this.waiting = [];
		this.sizes.push(round.length);
		this.inFlight -= round.length;
		this.answered += round.length;
		for (const answer of round) answer();
	}
}

/** Six items, each binding its own pair of the simulator's seeded models (3) and model services (2). */
export function seededPairs(seed: { models: readonly string[]; modelServices: readonly string[] }): { model: string; service: string }[] {
	return Array.from({ length: 6 }, (_, item) => ({ model: seed.models[item % 3], service: seed.modelServices[Math.floor(item / 3)] }));
}

/** A batch node that binds each item's `model` to its `service`. */
export function pairParameters(options: INodeParameters = {}): INodeParameters {
	return { ...batchParameters(options), modelServiceUuid: { __rl: true, mode: 'id', value: '={{ $json.service }}' } };
}
