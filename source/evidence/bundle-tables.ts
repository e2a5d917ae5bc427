import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import type {CaseStore} from '../case/case-store.js';
import {plainValue} from '../case/plain-rows.js';
import {csvLine} from '../util/csv.js';
import {BUNDLE_FILES} from './bundle-layout.js';
import {columnNames, relationExists} from './case-tables.js';
import {textList} from './sql-list.js';

type Rows = Record<string, unknown>[];

function jsonLines(rows: Rows): string {
	return rows.map((row) => JSON.stringify(plainValue(row))).join('\n') + (rows.length > 0 ? '\n' : '');
}

/** A URL's user:password part never leaves the case (an endpoint could have been typed with one). */
function withoutUserInfo(url: unknown): unknown {
	return typeof url === 'string' ? url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1') : url;
}

/**
 * Every source object that holds a selected event (an event seen in two objects lists both), with the
 * verify outcome when the case has been verified.
 */
export async function writeProvenance(snapshot: CaseStore, keys: readonly string[], all: boolean, dir: string): Promise<number> {
	const hasValidation = (await columnNames(snapshot, 'sources')).includes('validation');
	const rows = await snapshot.all<Record<string, unknown>>(
		`WITH chosen AS (SELECT event_key FROM events WHERE $1 OR event_key IN (SELECT unnest($2::JSON::VARCHAR[]))),
		 holders AS (
		   SELECT es.source_id, es.event_key FROM event_sources es SEMI JOIN chosen c ON c.event_key = es.event_key
		   UNION SELECT e.source_id, e.event_key FROM events e SEMI JOIN chosen c ON c.event_key = e.event_key)
		 SELECT s.source_id, s.kind, s.origin_kind, s.origin, s.object_key, s.s3_bucket, s.s3_key, s.s3_version_id, s.s3_etag,
		        s.s3_last_modified, s.s3_endpoint, s.size, s.sha256, s.content_sha256, s.compression, s.gzip_trailing_bytes,
		        s.format, s.status, s.record_count, s.acquired_at, s.acquired_by, s.audit_seq AS acquired_audit_seq,
		        ${hasValidation ? "coalesce(s.validation, 'not verified')" : "'not verified'"} AS validation,
		        count(DISTINCT h.event_key) AS selected_events
		 FROM sources s JOIN holders h ON h.source_id = s.source_id
		 GROUP BY ALL ORDER BY s.source_id`,
		[all, textList(all ? [] : keys)],
	);
	for (const row of rows) row['s3_endpoint'] = withoutUserInfo(row['s3_endpoint']);
	const columns = rows.length > 0 ? Object.keys(rows[0]!) : ['source_id'];
	await writeFile(path.join(dir, BUNDLE_FILES.provenance), jsonLines(rows), {flag: 'wx'});
	await writeFile(path.join(dir, BUNDLE_FILES.provenanceCsv), [csvLine(columns), ...rows.map((r) => csvLine(columns.map((c) => plainValue(r[c]))))].join(''), {flag: 'wx'});
	return rows.length;
}

export interface TableCounts {
	tags: number;
	notes: number;
	auditEntries: number;
	huntRuns: number | null;
	verifyRuns: number | null;
}

/**
 * Tags (with withdrawn ones) and notes of the selected events plus case notes, the whole audit log,
 * and hunt_runs / verify_runs when this case has them. Columns are written as stored.
 */
export async function writeCaseTables(snapshot: CaseStore, keys: readonly string[], all: boolean, dir: string): Promise<TableCounts> {
	const params = [all, textList(all ? [] : keys)];
	const chosen = `($1 OR event_key IN (SELECT unnest($2::JSON::VARCHAR[])))`;
	const tags = await snapshot.all(`SELECT * FROM tags WHERE ${chosen} ORDER BY tag_id`, params);
	const notes = await snapshot.all(`SELECT * FROM notes WHERE event_key IS NULL OR ${chosen} ORDER BY note_id`, params);
	const audit = await snapshot.all(`SELECT * FROM audit_log ORDER BY seq`);
	await writeFile(path.join(dir, BUNDLE_FILES.tags), jsonLines(tags), {flag: 'wx'});
	await writeFile(path.join(dir, BUNDLE_FILES.notes), jsonLines(notes), {flag: 'wx'});
	await writeFile(path.join(dir, BUNDLE_FILES.audit), jsonLines(audit), {flag: 'wx'});
	const optional = async (table: string, file: string, order: string): Promise<number | null> => {
		if (!(await relationExists(snapshot, table))) return null;
		const columns = await columnNames(snapshot, table);
		const by = columns.includes(order) ? `ORDER BY ${order} NULLS LAST, 1` : "ORDER BY 1";
		const rows = await snapshot.all(`SELECT * FROM ${table} ${by}`);
		await writeFile(path.join(dir, file), jsonLines(rows), {flag: 'wx'});
		return rows.length;
	};
	return {
		tags: tags.length,
		notes: notes.length,
		auditEntries: audit.length,
		huntRuns: await optional('hunt_runs', BUNDLE_FILES.huntRuns, 'started_at'),
		verifyRuns: await optional('verify_runs', BUNDLE_FILES.verifyRuns, 'started_at'),
	};
}

/** Audit rows for the timeline's audit section. */
export async function auditLines(snapshot: CaseStore): Promise<{seq: number; occurredAt: string; analyst: string; command: string}[]> {
	const rows = await snapshot.all<{seq: bigint; occurred_at: Date; analyst: string; command: string}>(
		`SELECT seq, occurred_at, analyst, command FROM audit_log ORDER BY seq`,
	);
	return rows.map((r) => ({seq: Number(r.seq), occurredAt: r.occurred_at.toISOString(), analyst: r.analyst, command: r.command}));
}
