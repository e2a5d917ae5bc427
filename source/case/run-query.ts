import type {DuckDBConnection} from '@duckdb/node-api';
import {QueryError} from '../errors.js';
import {plainRows} from './plain-rows.js';

export interface QueryResult {
	columns: string[];
	rows: Record<string, unknown>[];
	/** True when more rows existed than `limit` (we fetch limit + 1 to know). */
	truncated: boolean;
	milliseconds: number;
}

/**
 * Runs one SQL statement and reads at most `limit` rows (streaming, so a huge result is never
 * materialised). An AbortSignal interrupts the connection: give each cancellable job its own connection.
 */
export async function runQuery(
	conn: DuckDBConnection,
	sql: string,
	options: {params?: any[] | Record<string, any>; limit?: number; signal?: AbortSignal} = {},
): Promise<QueryResult> {
	const started = performance.now();
	// A job superseded before it started must not run at all: interrupt() only stops a running query.
	if (options.signal?.aborted) throw new QueryError('query cancelled before it started');
	const onAbort = () => conn.interrupt();
	options.signal?.addEventListener('abort', onAbort, {once: true});
	try {
		const limit = options.limit ?? Number.MAX_SAFE_INTEGER;
		const reader = limit === Number.MAX_SAFE_INTEGER
			? await conn.streamAndReadAll(sql, options.params)
			: await conn.streamAndReadUntil(sql, limit + 1, options.params);
		const columns = reader.columnNames();
		const rows = plainRows(reader);
		const truncated = rows.length > limit;
		if (truncated) rows.length = limit;
		return {columns, rows, truncated, milliseconds: performance.now() - started};
	} catch (error) {
		// DuckDB's message (with its caret under the faulty token) is what the analyst needs; a stack is not.
		if (error instanceof QueryError) throw error;
		throw new QueryError((error as Error).message ?? String(error), {cause: error});
	} finally {
		options.signal?.removeEventListener('abort', onAbort);
	}
}
