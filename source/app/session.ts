import {CaseStore} from '../case/case-store.js';
import {TrailcaseError} from '../errors.js';
import type {LoadHuntsOptions} from '../hunts/index.js';
import {resolveAnalyst} from '../util/analyst.js';
import {JobRunner} from './jobs.js';
import type {Services} from './services.js';

/**
 * The workbench's DuckDB settings. The buffer pool otherwise keeps every column segment it has read
 * (up to 80% of RAM); a fixed cap keeps the process within its memory budget (issue 5: RSS <= 500 MB
 * on a million events), and the queries it runs (top-N, small GROUP BYs) never need more.
 */
export async function tuneForWorkbench(store: CaseStore): Promise<void> {
	await store.run(`SET memory_limit = '256MB'`);
}

/** The case is held by another process, so the workbench cannot open it for writing. */
export class CaseLockedError extends TrailcaseError {}

/** DuckDB's lock message names the holder: `Conflicting lock is held in /usr/bin/node (PID 123)`. */
export function explainOpenFailure(error: unknown): Error {
	const message = String((error as Error)?.message ?? error);
	if (!/could not set lock|conflicting lock/i.test(message)) return error instanceof Error ? error : new Error(message);
	const holder = /Conflicting lock is held in (.+?) \(PID (\d+)\)/.exec(message);
	const who = holder ? `${holder[1]!.split('/').pop()}, PID ${holder[2]}` : 'another process';
	return new CaseLockedError(`the case is open in another process (${who}); close it and try again (still read-only)`);
}

export interface SessionOptions {
	/** Who tags and notes (default: resolveAnalyst(): $TRAILCASE_ANALYST or user@host). */
	analyst?: string;
	/** Where the hunts screen finds hunt files (default: the built-in and user folders). */
	hunts?: LoadHuntsOptions;
}

/**
 * The open case behind the workbench. It starts read-only, so other trailcase commands can read the
 * case while the workbench is open, and reopens it for writing the first time the analyst tags, notes
 * or exports: query lanes are stopped, the read-only instance closed, the file reopened read-write
 * (DuckDB allows one writing process per file, and none beside it) and the lanes started again; the
 * app re-runs what is on screen on the new lanes (`subscribe`). Writes stay possible until the
 * workbench quits. When another process holds the case, the reopen fails, the case is reopened
 * read-only and the error names the holder.
 *
 * Work on the store's own connection (tags, notes, the timeline, the export's audit rows) goes through
 * `serial`: one piece at a time, since a connection runs one transaction.
 */
export class CaseSession {
	private services: Services;
	private readonly listeners = new Set<() => void>();
	private tail: Promise<unknown> = Promise.resolve();
	private closed = false;
	private readonly closing = new AbortController();
	readonly file: string;
	readonly analyst: string;
	readonly huntOptions: LoadHuntsOptions;

	private constructor(store: CaseStore, options: SessionOptions) {
		this.file = store.path;
		this.analyst = options.analyst ?? resolveAnalyst();
		this.huntOptions = options.hunts ?? {};
		this.services = {store, jobs: new JobRunner(() => store.connect())};
	}

	/** Opens a case file read-only for the workbench. */
	static async open(file: string, options: SessionOptions = {}): Promise<CaseSession> {
		return CaseSession.around(await CaseStore.open(file, {readOnly: true}), options);
	}

	/** A session over a store the caller opened (headless runs, the benchmark, tests). */
	static async around(store: CaseStore, options: SessionOptions = {}): Promise<CaseSession> {
		try {
			await tuneForWorkbench(store);
		} catch (error) {
			store.close();
			throw error;
		}
		return new CaseSession(store, options);
	}

	/** The store and query lanes in use now (they change once, when the case is reopened for writing). */
	get current(): Services {
		return this.services;
	}

	get writable(): boolean {
		return !this.services.store.readOnly;
	}

	/** Called after the case was reopened (new store and lanes). Returns the unsubscribe function. */
	subscribe(listener: () => void): () => void {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	}

	/** Runs `work` on the store's own connection, after whatever runs there now. */
	serial<T>(work: (store: CaseStore) => Promise<T>): Promise<T> {
		const run = this.tail.then(() => {
			if (this.closed) throw new TrailcaseError('the workbench is closing');
			return work(this.services.store);
		});
		this.tail = run.catch(() => undefined);
		return run;
	}

	/** Like `serial`, for work that writes: the first such call reopens the case for writing. */
	write<T>(work: (store: CaseStore) => Promise<T>): Promise<T> {
		return this.serial(async () => {
			await this.openForWriting();
			return work(this.services.store);
		});
	}

	private async openForWriting(): Promise<void> {
		if (this.writable) return;
		const old = this.services;
		await old.jobs.close();
		old.store.close();
		let store: CaseStore;
		try {
			store = await CaseStore.open(this.file, {analyst: this.analyst});
		} catch (error) {
			await this.swap(await reopenReadOnly(this.file));
			throw explainOpenFailure(error);
		}
		await this.swap(store);
	}

	private async swap(store: CaseStore): Promise<void> {
		await tuneForWorkbench(store);
		this.services = {store, jobs: new JobRunner(() => store.connect())};
		for (const listener of this.listeners) listener();
	}

	/** Aborted when the workbench closes: long work (an export) listens to it and stops. */
	get closingSignal(): AbortSignal {
		return this.closing.signal;
	}

	/** Stops long work, waits for the work on the store's connection, stops the lanes and closes the case. */
	async close(): Promise<void> {
		const pending = this.tail;
		this.closed = true;
		this.closing.abort();
		await pending;
		await this.services.jobs.close();
		this.services.store.close();
	}
}

/** Reopens read-only after a failed write upgrade; retries briefly in case the other process was mid-open. */
async function reopenReadOnly(file: string): Promise<CaseStore> {
	for (let attempt = 0; ; attempt++) {
		try {
			return await CaseStore.open(file, {readOnly: true});
		} catch (error) {
			if (attempt >= 20) throw error;
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
	}
}
