import {runQuery} from '../case/run-query.js';
import {eventLabel, eventValue} from './fields.js';
import {bucketWidth, facetQuery, histogramQuery, statsQuery, type FacetId} from './aggregates.js';
import {pageQueries, type GridRow, type PageSpec} from './grid-page.js';
import type {Step} from './steps.js';
import type {Sql} from './where.js';

/** A DuckDB connection as case/run-query takes it (pivot reaches DuckDB only through case/). */
export type Connection = Parameters<typeof runQuery>[0];

export interface Timed<T> {
	value: T;
	milliseconds: number;
}

async function rows<T>(conn: Connection, q: Sql, signal?: AbortSignal): Promise<{rows: T[]; ms: number}> {
	const result = await runQuery(conn, q.sql, {params: q.params as any[], signal});
	return {rows: result.rows as T[], ms: result.milliseconds};
}

/** What is known about the view's extent: lets a page ask for a time window instead of the whole view. */
export interface PageHint {
	count: number;
	first: string | null;
	last: string | null;
}

const MINUTE = 60_000;

/**
 * Where a page's time windows start and how wide the first is. A top-N over the whole view reads
 * every row after the cursor (~200 ms per page on 1M events); a window sized for a few pages at the
 * view's average density reads a few thousand rows (~10 ms). Undefined: read unbounded.
 */
function windowPlan(spec: PageSpec, hint: PageHint | undefined): {start: number; width: number; edge: number} | undefined {
	const from = spec.cursor?.time;
	if (!hint || !from || !hint.first || !hint.last || hint.count === 0) return undefined;
	const span = Math.max(1000, Date.parse(hint.last) - Date.parse(hint.first));
	const perMs = hint.count / span;
	return {start: Date.parse(from), width: Math.max(MINUTE, (spec.limit * 4) / perMs), edge: Date.parse(spec.direction === 'forward' ? hint.last : hint.first)};
}

async function timedRows(conn: Connection, steps: readonly Step[], spec: PageSpec, hint: PageHint | undefined, signal?: AbortSignal) {
	let ms = 0;
	const plan = windowPlan(spec, hint);
	const forward = spec.direction === 'forward';
	let width = plan?.width ?? 0;
	// A few windowed tries, each sized from what the last one found, then the whole rest of the view.
	for (let attempt = 0; ; attempt++) {
		// Past the view's last (or first) event a window changes nothing but still bounds the scan, so
		// the final read stops at the view's edge: a burst late in a long case reads only its own rows.
		const end = plan ? (forward ? plan.start + width : plan.start - width) : undefined;
		const final = plan === undefined || attempt >= 3 || (forward ? end! > plan.edge : end! < plan.edge);
		const bound = plan === undefined ? undefined : final ? plan.edge + (forward ? 1 : -1) : end!;
		const windowEnd = bound === undefined ? undefined : new Date(bound).toISOString();
		const {timed} = pageQueries(steps, {...spec, windowEnd});
		if (!timed) return {rows: [] as GridRow[], ms};
		signal?.throwIfAborted();
		const got = await rows<GridRow>(conn, timed, signal);
		ms += got.ms;
		if (got.rows.length >= spec.limit || final) return {rows: got.rows, ms};
		// Found k of the rows wanted in this window: aim for twice what the density so far predicts.
		width *= got.rows.length === 0 ? 16 : Math.min(16, Math.max(2, (2 * spec.limit) / got.rows.length));
	}
}

/**
 * One page of the grid in display order (oldest first), at most `spec.limit` rows. Reads timed rows,
 * then untimed ones (or the reverse going backward) until the page is full. Without a cursor the page
 * starts at the hint's first (or last) time, so even the first page is a windowed read.
 */
export async function fetchPage(conn: Connection, steps: readonly Step[], spec: PageSpec, signal?: AbortSignal, hint?: PageHint): Promise<Timed<GridRow[]>> {
	const forward = spec.direction === 'forward';
	let timedSpec = spec;
	if (!spec.cursor && hint?.first && hint.last) {
		timedSpec = {...spec, cursor: {time: forward ? hint.first : hint.last, key: forward ? '' : '\u{10ffff}'}, inclusive: true};
	}
	const out: GridRow[] = [];
	let ms = 0;
	const readTimed = async () => {
		if (out.length >= spec.limit || (forward && spec.cursor && spec.cursor.time === null)) return;
		const got = await timedRows(conn, steps, {...timedSpec, limit: spec.limit - out.length}, hint, signal);
		ms += got.ms;
		out.push(...got.rows);
	};
	const readUntimed = async () => {
		const {untimed} = pageQueries(steps, {...spec, limit: spec.limit - out.length});
		if (!untimed || out.length >= spec.limit) return;
		signal?.throwIfAborted();
		const got = await rows<GridRow>(conn, untimed, signal);
		ms += got.ms;
		out.push(...got.rows);
	};
	if (forward) {
		await readTimed();
		await readUntimed();
	} else {
		await readUntimed();
		await readTimed();
	}
	if (!forward) out.reverse();
	return {value: out, milliseconds: ms};
}

export interface ViewStats {
	count: number;
	first: string | null;
	last: string | null;
}

export async function fetchStats(conn: Connection, steps: readonly Step[], signal?: AbortSignal): Promise<Timed<ViewStats>> {
	const got = await rows<{n: number; first: string | null; last: string | null}>(conn, statsQuery(steps), signal);
	const row = got.rows[0]!;
	return {value: {count: Number(row.n), first: row.first, last: row.last}, milliseconds: got.ms};
}

export interface FacetRow {
	/** Display value (NULL = the field is absent). */
	value: string | null;
	/** What a pivot on this row filters on (see steps.ts: field steps). */
	pivotValue: string | null;
	count: number;
	first: string | null;
	last: string | null;
}

export interface FacetResult {
	rows: FacetRow[];
	distinctValues: number;
}

export async function fetchFacet(conn: Connection, steps: readonly Step[], facet: FacetId, limit: number, signal?: AbortSignal): Promise<Timed<FacetResult>> {
	const got = await rows<Record<string, any>>(conn, facetQuery(steps, facet, limit), signal);
	const facetRows = got.rows.map((row): FacetRow => {
		const isEvent = facet === 'event';
		const none = isEvent ? row.event_source === null && row.event_name === null : row.value === null;
		return {
			value: isEvent ? (none ? null : eventLabel(row.event_source, row.event_name)) : row.value,
			pivotValue: isEvent ? eventValue(row.event_source, row.event_name) : row.value,
			count: Number(row.n),
			first: row.first,
			last: row.last,
		};
	});
	return {value: {rows: facetRows, distinctValues: Number(got.rows[0]?.distinct_values ?? 0)}, milliseconds: got.ms};
}

export interface Histogram {
	widthMs: number;
	/** Bucket start (epoch ms) and count, every bucket from the first to the last (gaps filled with 0). */
	buckets: {start: number; count: number}[];
}

/** A histogram of the view over [first, last], with at most `maxBuckets` buckets. */
export async function fetchHistogram(
	conn: Connection,
	steps: readonly Step[],
	range: {first: string; last: string},
	maxBuckets: number,
	signal?: AbortSignal,
): Promise<Timed<Histogram>> {
	const widthMs = bucketWidth(range.first, range.last, maxBuckets);
	const got = await rows<{bucket: number; n: number}>(conn, histogramQuery(steps, widthMs), signal);
	const counts = new Map(got.rows.map((r) => [Number(r.bucket), Number(r.n)]));
	const start = Math.floor(Date.parse(range.first) / widthMs) * widthMs;
	const end = Math.floor(Date.parse(range.last) / widthMs) * widthMs;
	const buckets: Histogram['buckets'] = [];
	for (let t = start; t <= end; t += widthMs) buckets.push({start: t, count: counts.get(t) ?? 0});
	return {value: {widthMs, buckets}, milliseconds: got.ms};
}
