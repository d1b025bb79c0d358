import type { IExecuteFunctions, NodeParameterValueType } from 'n8n-workflow';
import { sleep } from 'n8n-workflow';

type ReadOptions = Parameters<IExecuteFunctions['getNodeParameter']>[3];

/** One parameter read as an operation makes it, to be made again for the items ahead. */
interface Read {
	name: string;
	fallbackValue: unknown;
	options: ReadOptions;
}

type Outcome = { value: NodeParameterValueType | object } | { error: unknown };

/** A read's identity: the parameter and everything that changes what n8n returns for it. */
function keyOf(name: string, fallbackValue: unknown, options: ReadOptions): string {
	const fallback = fallbackValue === undefined ? 'undefined' : JSON.stringify(fallbackValue);
	return `${name}\n${fallback}\n${options?.extractValue === true}\n${options?.ensureType ?? ''}\n${options?.skipValidation === true}`;
}

/**
 * Reads the parameters of the items that have not started yet while the started ones wait for ZStack.
 *
 * n8n evaluates an expression (`={{ $json.model }}`) for each item on the one JavaScript thread, up to a
 * millisecond each in its sandbox. Made when an item starts, that work sits between a reply and the next request, and the
 * waits of a batch add up with it; made while requests are in flight, it fills time the thread would idle.
 * The reads made for an item ahead are the reads the operation made for the items before it, with the same
 * fallback and options; the item gets each one's value, or its error, when it makes that read itself. Other
 * reads go straight to n8n. At most `window` items are read ahead of the last one started, each item's reads
 * are dropped when it ends, and nothing is read after `stop()`.
 */
export class ReadAhead {
	/** The context for the items: `getNodeParameter` answers from the reads made ahead. */
	readonly context: IExecuteFunctions;

	private readonly reads = new Map<string, Read>();
	private readonly readyByItem = new Map<number, Map<string, Outcome>>();
	private lastStarted = -1;
	private nextAhead = 0;
	private scheduled = false;
	private stopped = false;

	constructor(
		private readonly ctx: IExecuteFunctions,
		private readonly itemCount: number,
		private readonly window: number,
	) {
		const getNodeParameter = (
			name: string,
			itemIndex: number,
			fallbackValue?: unknown,
			options?: ReadOptions,
		): NodeParameterValueType | object => {
			if (options?.rawExpressions || options?.contextNode) return ctx.getNodeParameter(name, itemIndex, fallbackValue, options);
			const key = keyOf(name, fallbackValue, options);
			if (!this.reads.has(key)) {
				this.reads.set(key, { name, fallbackValue, options });
				this.schedule();
			}
			const ready = this.readyByItem.get(itemIndex)?.get(key);
			if (ready === undefined) return ctx.getNodeParameter(name, itemIndex, fallbackValue, options);
			this.readyByItem.get(itemIndex)?.delete(key);
			if ('error' in ready) throw ready.error;
			return ready.value;
		};
		this.context = Object.create(ctx, { getNodeParameter: { value: getNodeParameter } }) as IExecuteFunctions;
	}

	/** An item starts (items start in index order): read further ahead. */
	started(itemIndex: number): void {
		this.lastStarted = Math.max(this.lastStarted, itemIndex);
		this.nextAhead = Math.max(this.nextAhead, this.lastStarted + 1);
		this.schedule();
	}

	/** An item ended: what was read for it and not used goes. */
	ended(itemIndex: number): void {
		this.readyByItem.delete(itemIndex);
	}

	/** The run is over: no read after it, nothing kept. */
	stop(): void {
		this.stopped = true;
		this.readyByItem.clear();
	}

	/** Whether an item is left to read ahead: not started, within the window, and the run still on. */
	private hasItemToRead(): boolean {
		if (this.stopped || this.reads.size === 0) return false;
		return this.nextAhead < this.itemCount && this.nextAhead <= this.lastStarted + this.window;
	}

	private schedule(): void {
		if (this.scheduled || !this.hasItemToRead()) return;
		this.scheduled = true;
		// On a later turn of the event loop, after the replies and sends that are due.
		void sleep(0).then(() => {
			this.scheduled = false;
			// Items may have started meanwhile, and read their parameters themselves.
			if (!this.hasItemToRead()) return;
			this.readItem(this.nextAhead++);
			this.schedule();
		});
	}

	private readItem(itemIndex: number): void {
		const ready = new Map<string, Outcome>();
		for (const [key, { name, fallbackValue, options }] of this.reads) {
			try {
				ready.set(key, { value: this.ctx.getNodeParameter(name, itemIndex, fallbackValue, options) });
			} catch (error) {
				ready.set(key, { error });
			}
		}
		this.readyByItem.set(itemIndex, ready);
	}
}
