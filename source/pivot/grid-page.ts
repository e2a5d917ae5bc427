import {ACCOUNT_EXPR} from './fields.js';
import type {Step} from './steps.js';
import {Params, whereFor, type Sql} from './where.js';

/** One grid row: what the grid shows plus what pivots, the detail view and keyset paging need. */
export interface GridRow {
	event_key: string;
	event_id: string | null;
	/** UTC ISO-8601 with microseconds (exact, so it can be a keyset cursor), or null. */
	event_time: string | null;
	account: string | null;
	principal_arn: string | null;
	principal_role_arn: string | null;
	identity_type: string | null;
	user_name: string | null;
	event_source: string | null;
	event_name: string | null;
	source_ip: string | null;
	aws_region: string | null;
	error_code: string | null;
	resources: string[] | null;
	access_key_id: string | null;
	user_agent: string | null;
	source_id: number;
	record_index: number;
}

/** A position in the (event_time NULLS LAST, event_key) order: event_key breaks ties and is unique. */
export interface Cursor {
	time: string | null;
	key: string;
}

export const GRID_COLUMNS = `event_key, event_id, strftime(event_time, '%Y-%m-%dT%H:%M:%S.%fZ') AS event_time,
	${ACCOUNT_EXPR} AS account, principal_arn, principal_role_arn, identity_type, user_name, event_source, event_name,
	source_ip, aws_region, error_code, resources, access_key_id, user_agent, source_id, record_index`;

export type Direction = 'forward' | 'backward';

export interface PageSpec {
	direction: Direction;
	/** Start after (forward) / before (backward) this row; undefined = from the start / end. */
	cursor?: Cursor;
	/** Include the cursor row itself (used to open a view at a given event). */
	inclusive?: boolean;
	limit: number;
	/** Optional far bound on the timed part, exclusive (a guessed window; see fetchPage). */
	windowEnd?: string;
}

/**
 * The keyset queries for one page, in the order they must be read: rows with a time, then rows
 * without one (NULL times sort last). Each query pins `event_time` with a plain range predicate so
 * DuckDB can skip row groups by their min/max (import writes events in time order).
 */
export function pageQueries(steps: readonly Step[], spec: PageSpec): {timed: Sql | null; untimed: Sql | null} {
	const forward = spec.direction === 'forward';
	const order = forward ? 'ASC' : 'DESC';
	const keyCmp = forward ? (spec.inclusive ? '>=' : '>') : spec.inclusive ? '<=' : '<';
	const build = (timed: boolean): Sql => {
		const p = new Params();
		const conditions = [whereFor(steps, p), timed ? 'event_time IS NOT NULL' : 'event_time IS NULL'];
		const cursor = spec.cursor;
		if (cursor && timed && cursor.time !== null) {
			const t = p.time(cursor.time);
			conditions.push(`event_time ${forward ? '>=' : '<='} ${t}`);
			conditions.push(`(event_time ${forward ? '>' : '<'} ${t} OR event_key ${keyCmp} ${p.bind(cursor.key)})`);
		}
		if (cursor && !timed && cursor.time === null) conditions.push(`event_key ${keyCmp} ${p.bind(cursor.key)}`);
		if (timed && spec.windowEnd) conditions.push(`event_time ${forward ? '<' : '>'} ${p.time(spec.windowEnd)}`);
		const orderBy = timed ? `event_time ${order}, event_key ${order}` : `event_key ${order}`;
		return {
			sql: `SELECT ${GRID_COLUMNS} FROM events WHERE ${conditions.join(' AND ')} ORDER BY ${orderBy} LIMIT ${p.bind(spec.limit)}`,
			params: p.values,
		};
	};
	const c = spec.cursor;
	// Forward from an untimed row never meets a timed one again; backward from a timed row never meets untimed ones.
	const timed = forward && c && c.time === null ? null : build(true);
	const untimed = !forward && c && c.time !== null ? null : build(false);
	return {timed, untimed};
}
