import type {DuckDBConnection} from '@duckdb/node-api';
import {runQuery, type QueryResult} from '../case/run-query.js';
import {HuntError, type Hunt} from './hunt.js';

/** Columns every hunt must return: `event_key` is the case's exact event identity, `event_id` the AWS one. */
export const REQUIRED_COLUMNS = ['event_key', 'event_id'] as const;

export interface HuntSummary {
	/** Distinct events the hunt matched (rows may repeat an event). */
	matches: number;
	/** Rows the hunt returned. */
	rows: number;
	/** Earliest and latest eventTime among the matched events, UTC ISO-8601. */
	firstSeen: string | null;
	lastSeen: string | null;
	/**
	 * The three principals with the most matched events: the hunt's principal_arn (else its identity_type)
	 * when it returns one, else the event's principal ARN, user name, invoking service or identity type.
	 */
	topPrincipals: {principal: string; events: number}[];
	milliseconds: number;
}

// The hunt's SQL is wrapped as a subquery: that admits only a single SELECT (a DELETE or a second
// statement cannot be nested), and the newlines keep a trailing `-- comment` from eating the bracket.
const wrap = (hunt: Hunt): string => `(\n${hunt.sql}\n)`;

/** The hunt's rows, in the hunt's own order. */
export function huntRowsSql(hunt: Hunt): string {
	return `SELECT * FROM ${wrap(hunt)} AS trailcase_hunt`;
}

/** SQL yielding the distinct event_keys a hunt matches: a pivot filter is `event_key IN (<this>)`. */
export function huntMatchKeysSql(hunt: Hunt): string {
	return `SELECT DISTINCT event_key FROM ${wrap(hunt)} AS trailcase_hunt`;
}

/**
 * Checks that the hunt is one SELECT statement that binds against this case and returns the required
 * columns; throws a HuntError naming the file otherwise. Cheap: nothing is executed.
 */
export async function checkHunt(conn: DuckDBConnection, hunt: Hunt): Promise<string[]> {
	const tree = await conn.runAndReadAll(`SELECT json_serialize_sql($1::VARCHAR) AS tree`, [hunt.sql]);
	const parsed = JSON.parse(String(tree.getRowObjectsJS()[0]?.['tree'] ?? '{}')) as {error?: boolean; error_message?: string; statements?: unknown[]};
	if (parsed.error) throw new HuntError(hunt.file, `SQL is not a single SELECT statement: ${parsed.error_message ?? 'unknown error'}`, hunt.id);
	if ((parsed.statements?.length ?? 0) !== 1) throw new HuntError(hunt.file, 'SQL must be exactly one SELECT statement', hunt.id);
	let columns: string[];
	try {
		const described = await conn.runAndReadAll(`DESCRIBE ${huntRowsSql(hunt)}`);
		columns = described.getRowObjectsJS().map((row) => String(row['column_name']));
	} catch (error) {
		throw new HuntError(hunt.file, `SQL does not run against this case: ${firstLine(error)}`, hunt.id);
	}
	const missing = REQUIRED_COLUMNS.filter((column) => !columns.includes(column));
	if (missing.length > 0) throw new HuntError(hunt.file, `SQL must return ${missing.join(' and ')} column${missing.length > 1 ? 's' : ''}`, hunt.id);
	return columns;
}

/** Runs a hunt and returns its rows (at most `limit`). The signal interrupts the connection. */
export async function runHunt(
	conn: DuckDBConnection,
	hunt: Hunt,
	options: {signal?: AbortSignal; limit?: number} = {},
): Promise<QueryResult> {
	await checkHunt(conn, hunt);
	return runQuery(conn, huntRowsSql(hunt), options);
}

/**
 * Runs a hunt and summarises its matches without bringing the rows back. When the hunt returns
 * event_time and principal_arn itself (every shipped hunt does), the summary is computed from its rows;
 * otherwise the matched events are looked up by event_key, which costs a scan of the events table.
 */
export async function summariseHunt(conn: DuckDBConnection, hunt: Hunt, options: {signal?: AbortSignal} = {}): Promise<HuntSummary> {
	const started = performance.now();
	const columns = await checkHunt(conn, hunt);
	const ownColumns = columns.includes('event_time') && columns.includes('principal_arn');
	const principal = columns.includes('identity_type') ? 'coalesce(principal_arn, identity_type)' : 'principal_arn';
	const matched = ownColumns
		? `SELECT DISTINCT ON (event_key) event_key, event_time::TIMESTAMPTZ AS event_time, ${principal} AS principal FROM hunt_rows`
		: `SELECT e.event_time, coalesce(e.principal_arn, e.user_name, e.invoked_by, e.identity_type) AS principal
		   FROM events AS e SEMI JOIN hunt_rows AS h ON e.event_key = h.event_key`;
	const sql = `
		WITH hunt_rows AS MATERIALIZED (${huntRowsSql(hunt)}),
		matched AS MATERIALIZED (${matched}),
		ranked AS (
			SELECT principal, count(*) AS events FROM matched WHERE principal IS NOT NULL
			GROUP BY principal ORDER BY events DESC, principal LIMIT 3
		)
		SELECT
			(SELECT count(*) FROM hunt_rows) AS row_count,
			(SELECT count(*) FROM matched) AS matches,
			(SELECT min(event_time) FROM matched) AS first_seen,
			(SELECT max(event_time) FROM matched) AS last_seen,
			(SELECT to_json(list({'principal': principal, 'events': events} ORDER BY events DESC, principal)) FROM ranked) AS top_principals`;
	const result = await runQuery(conn, sql, {signal: options.signal});
	const row = result.rows[0] ?? {};
	return {
		matches: Number(row['matches'] ?? 0),
		rows: Number(row['row_count'] ?? 0),
		firstSeen: (row['first_seen'] as string | null) ?? null,
		lastSeen: (row['last_seen'] as string | null) ?? null,
		topPrincipals: row['top_principals'] ? (JSON.parse(String(row['top_principals'])) as HuntSummary['topPrincipals']) : [],
		milliseconds: Math.round(performance.now() - started),
	};
}

function firstLine(error: unknown): string {
	return String((error as Error).message ?? error).split('\n')[0]!;
}
