import type {DuckDBConnection} from '@duckdb/node-api';
import {utcNow} from '../util/time.js';
import {HuntError, type Hunt} from './hunt.js';
import {summariseHunt, type HuntSummary} from './run-hunt.js';

/** What happened to one hunt in a batch run. */
export interface HuntOutcome {
	hunt: Hunt;
	/** UTC ISO-8601 time the hunt started (or would have). */
	startedAt: string;
	summary?: HuntSummary;
	/** Why the hunt has no summary: its SQL failed, or the run was interrupted before or during it. */
	error?: string;
	/** True when the run was interrupted before this hunt started. */
	skipped?: boolean;
}

export interface RunHuntsOptions {
	signal?: AbortSignal;
	/** Called before each hunt starts and once at the end (done === total). */
	onProgress?: (done: number, total: number, next?: Hunt) => void;
}

/**
 * Runs hunts one after another on one connection (DuckDB already uses every core for each query).
 * A hunt whose SQL fails is reported and the next one runs; an abort stops the batch.
 */
export async function runHunts(conn: DuckDBConnection, hunts: readonly Hunt[], options: RunHuntsOptions = {}): Promise<HuntOutcome[]> {
	const outcomes: HuntOutcome[] = [];
	for (const [index, hunt] of hunts.entries()) {
		const startedAt = utcNow();
		if (!options.signal?.aborted) options.onProgress?.(index, hunts.length, hunt);
		if (options.signal?.aborted) {
			outcomes.push({hunt, startedAt, skipped: true, error: 'not run: interrupted'});
			continue;
		}
		try {
			outcomes.push({hunt, startedAt, summary: await summariseHunt(conn, hunt, {signal: options.signal})});
		} catch (error) {
			const message = options.signal?.aborted
				? 'interrupted'
				: error instanceof HuntError
					? error.reason
					: `SQL failed: ${String((error as Error).message ?? error).split('\n')[0]}`;
			outcomes.push({hunt, startedAt, error: message});
		}
	}
	options.onProgress?.(hunts.length, hunts.length);
	return outcomes;
}
