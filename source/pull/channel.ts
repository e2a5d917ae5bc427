import {setMaxListeners} from 'node:events';

/**
 * A bounded hand-off between listing and downloading: listers wait when it is full, so a bucket of any
 * size costs at most `capacity` listed entries of memory; downloaders wait when it is empty.
 */
export class Channel<T> {
	private readonly items: T[] = [];
	private readonly takers: ((result: IteratorResult<T>) => void)[] = [];
	private readonly givers: (() => void)[] = [];
	private closed = false;

	constructor(private readonly capacity: number) {}

	async push(item: T): Promise<void> {
		while (this.items.length >= this.capacity && !this.closed) {
			await new Promise<void>((resolve) => this.givers.push(resolve));
		}
		if (this.closed) return;
		const taker = this.takers.shift();
		if (taker) taker({value: item, done: false});
		else this.items.push(item);
	}

	/** No more items will come; takers drain what is left, then see the end. */
	close(): void {
		this.closed = true;
		for (const taker of this.takers.splice(0)) taker({value: undefined, done: true});
		for (const giver of this.givers.splice(0)) giver();
	}

	/** Drops what is queued (on interrupt) and closes. */
	drain(): void {
		this.items.length = 0;
		this.close();
	}

	async take(): Promise<IteratorResult<T>> {
		const item = this.items.shift();
		if (item !== undefined) {
			this.givers.shift()?.();
			return {value: item, done: false};
		}
		if (this.closed) return {value: undefined, done: true};
		return new Promise((resolve) => this.takers.push(resolve));
	}
}

/** Runs `work` over `items` with at most `limit` at a time; results keep the input order. */
export async function mapLimit<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
	const results = new Array<R>(items.length);
	let next = 0;
	let failed = false;
	const worker = async () => {
		while (next < items.length && !failed) {
			const index = next++;
			try {
				results[index] = await work(items[index]!);
			} catch (error) {
				failed = true;
				throw error;
			}
		}
	};
	await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
	return results;
}

/**
 * An abort controller that follows `parent`. Every in-flight SDK request listens on its signal, so the
 * listener cap is lifted (Node warns past 10, and a pull runs dozens of requests at once).
 */
export function followSignal(parent?: AbortSignal): AbortController {
	const controller = new AbortController();
	setMaxListeners(0, controller.signal);
	if (parent?.aborted) controller.abort(parent.reason);
	else parent?.addEventListener('abort', () => controller.abort(parent.reason), {once: true});
	return controller;
}
