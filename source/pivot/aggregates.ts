import type {Step} from './steps.js';
import {Params, whereFor, type Sql} from './where.js';

/** Count and time range of a view: the status bar's "in view" and the histogram's extent. */
export function statsQuery(steps: readonly Step[]): Sql {
	const p = new Params();
	return {
		sql: `SELECT count(*) AS n,
			strftime(min(event_time), '%Y-%m-%dT%H:%M:%S.%fZ') AS first,
			strftime(max(event_time), '%Y-%m-%dT%H:%M:%S.%fZ') AS last
			FROM events WHERE ${whereFor(steps, p)}`,
		params: p.values,
	};
}

export type FacetId = 'principal' | 'ip' | 'resource' | 'access-key' | 'event' | 'error';

interface FacetSpec {
	title: string;
	/** Expression grouped on; `value` is what a pivot on the row binds (see facetValue). */
	group: string;
	/** Rows without a value for the facet are left out (resources only: an event has zero or many). */
	from?: string;
}

export const FACETS = {
	principal: {title: 'principal', group: 'principal_arn'},
	ip: {title: 'source IP', group: 'source_ip'},
	resource: {title: 'resource', group: 'resource', from: 'unnest(resources) AS resource'},
	'access-key': {title: 'access key', group: 'access_key_id'},
	event: {title: 'event', group: 'event_source, event_name'},
	error: {title: 'error code', group: 'error_code'},
} as const satisfies Record<FacetId, FacetSpec>;

export const FACET_ORDER = Object.keys(FACETS) as FacetId[];

/**
 * Top values of one facet in the view: GROUP BY with a LIMIT, so only the rows shown come back.
 * `distinct_values` counts all groups (the pane says "top 50 of 1,234"). Times are formatted after
 * the LIMIT: formatting (or anything else) between the GROUP BY and the top-N makes DuckDB do it for
 * every group, several times slower on a million events.
 */
export function facetQuery(steps: readonly Step[], facet: FacetId, limit: number): Sql {
	const spec: FacetSpec = FACETS[facet];
	const p = new Params();
	const where = whereFor(steps, p);
	const source = spec.from ? `(SELECT event_time, ${spec.from} FROM events WHERE ${where} AND len(resources) > 0)` : `events WHERE ${where}`;
	const keys = facet === 'event' ? 'event_source, event_name' : 'value';
	const groupColumns = facet === 'event' ? 'event_source, event_name' : `${spec.group} AS value`;
	const order = facet === 'event' ? 'n DESC, event_source NULLS LAST, event_name NULLS LAST' : 'n DESC, value NULLS LAST';
	return {
		sql: `WITH g AS (SELECT ${groupColumns}, count(*) AS n, min(event_time) AS f, max(event_time) AS l FROM ${source} GROUP BY ALL)
			SELECT ${keys}, n, strftime(f, '%Y-%m-%dT%H:%M:%S.%fZ') AS "first", strftime(l, '%Y-%m-%dT%H:%M:%S.%fZ') AS "last",
				(SELECT count(*) FROM g) AS distinct_values
			FROM (SELECT * FROM g ORDER BY ${order} LIMIT ${p.bind(limit)}) ORDER BY ${order}`,
		params: p.values,
	};
}

/** Bucket widths the histogram picks from (ms): the smallest that fits the range in `maxBuckets`. */
const BUCKETS_MS = [
	1, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800, 2592000,
].map((s) => s * 1000);

export function bucketWidth(firstIso: string, lastIso: string, maxBuckets: number): number {
	const range = Date.parse(lastIso) - Date.parse(firstIso) + 1;
	return BUCKETS_MS.find((w) => Math.ceil(range / w) + 1 <= maxBuckets) ?? BUCKETS_MS[BUCKETS_MS.length - 1]!;
}

/** Events per time bucket, aggregated in DuckDB (bucket start in epoch ms). */
export function histogramQuery(steps: readonly Step[], widthMs: number): Sql {
	const p = new Params();
	const where = whereFor(steps, p);
	const w = p.bind(widthMs);
	return {
		sql: `SELECT (epoch_ms(event_time) // ${w}) * ${w} AS bucket, count(*) AS n
			FROM events WHERE ${where} AND event_time IS NOT NULL GROUP BY bucket ORDER BY bucket`,
		params: p.values,
	};
}
