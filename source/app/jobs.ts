import type {Connection} from '../pivot/run.js';

/** The kinds of background query; each has its own connection, so interrupting one never hits another. */
export type JobKind = 'grid' | 'facets' | 'histogram' | 'detail' | 'search' | 'hunts';

/** What a superseded job resolves to (its result would be stale: nobody wants it). */
export const SUPERSEDED = Symbol('superseded');

interface Lane {
	conn: Promise<Connection>;
	/** Bumped by every new job: a job that is not the latest has been superseded. */
	latest: number;
	controller?: AbortController;
	/** Settles when the running job has finished (jobs of one kind never overlap on their connection). */
	tail: Promise<void>;
}

/**
 * Runs queries off the render path, one lane per kind. A new job cancels the one in flight
 * (AbortSignal -> conn.interrupt() in case/run-query) and starts once it has stopped; a job that was
 * superseded before it started never runs. Harlequin's "exclusive job group per kind", for DuckDB.
 */
export class JobRunner {
	private readonly lanes = new Map<JobKind, Lane>();
	private closed = false;

	constructor(private readonly connect: () => Promise<Connection>) {}

	private lane(kind: JobKind): Lane {
		let lane = this.lanes.get(kind);
		if (!lane) {
			lane = {conn: this.connect(), latest: 0, tail: Promise.resolve()};
			this.lanes.set(kind, lane);
		}
		return lane;
	}

	async run<T>(kind: JobKind, work: (conn: Connection, signal: AbortSignal) => Promise<T>): Promise<T | typeof SUPERSEDED> {
		if (this.closed) return SUPERSEDED;
		const lane = this.lane(kind);
		const id = ++lane.latest;
		lane.controller?.abort();
		const previous = lane.tail;
		let release!: () => void;
		lane.tail = new Promise((resolve) => (release = resolve));
		try {
			await previous;
			if (id !== lane.latest || this.closed) return SUPERSEDED;
			const controller = new AbortController();
			lane.controller = controller;
			const conn = await lane.conn;
			try {
				const value = await work(conn, controller.signal);
				return id === lane.latest ? value : SUPERSEDED;
			} catch (error) {
				// An interrupted query throws; that is the expected end of a superseded job.
				if (controller.signal.aborted) return SUPERSEDED;
				throw error;
			}
		} finally {
			release();
		}
	}

	/** Cancels the job in flight on a lane (the hunts screen's stop key); the next job runs normally. */
	cancel(kind: JobKind): void {
		this.lanes.get(kind)?.controller?.abort();
	}

	/** Cancels everything in flight and closes the connections (after their jobs stopped). */
	async close(): Promise<void> {
		this.closed = true;
		for (const lane of this.lanes.values()) lane.controller?.abort();
		for (const lane of this.lanes.values()) {
			await lane.tail;
			const conn = await lane.conn.catch(() => undefined);
			conn?.closeSync();
		}
		this.lanes.clear();
	}
}
