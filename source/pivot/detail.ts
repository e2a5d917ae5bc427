import type {CaseStore} from '../case/case-store.js';
import {originalRecords, type RecordRef} from '../case/original-records.js';
import {runQuery} from '../case/run-query.js';
import type {Connection} from './run.js';

/** Where an event's record was read from, with the integrity verdict on that object when there is one. */
export interface RecordSource {
	sourceId: number;
	origin: string;
	objectKey: string | null;
	recordIndex: number;
	/** valid / modified / appended / not-covered / unverified, or null when the case was never verified. */
	validation: string | null;
}

export interface EventDetail {
	/** The record's original JSON text, exactly as delivered. */
	record: string;
	sources: RecordSource[];
	/** False when the case has no `sources.validation` column yet (made before verification existed). */
	validationColumn: boolean;
}

async function hasValidationColumn(conn: Connection, signal?: AbortSignal): Promise<boolean> {
	const got = await runQuery(
		conn,
		`SELECT count(*) AS n FROM duckdb_columns() WHERE database_name = current_database() AND table_name = 'sources' AND column_name = 'validation'`,
		{signal},
	);
	return Number(got.rows[0]?.n ?? 0) > 0;
}

/** The full original record of one event and every object it was seen in (the detail view). */
export async function fetchDetail(store: CaseStore, conn: Connection, ref: RecordRef, signal?: AbortSignal): Promise<EventDetail> {
	const validationColumn = await hasValidationColumn(conn, signal);
	const got = await runQuery(
		conn,
		`SELECT s.source_id, s.origin, s.object_key, o.record_index, ${validationColumn ? 's.validation' : 'NULL'} AS validation
		 FROM (SELECT source_id, record_index FROM event_sources WHERE event_key = $1
		       UNION SELECT $2::BIGINT, $3::INTEGER) o
		 JOIN sources s ON s.source_id = o.source_id
		 ORDER BY (s.source_id = $2::BIGINT) DESC, s.source_id`,
		{params: [ref.event_key, Number(ref.source_id), ref.record_index], signal},
	);
	const [record] = await originalRecords(store, [ref]);
	return {
		record: record ?? '',
		sources: got.rows.map((r) => ({
			sourceId: Number(r.source_id),
			origin: String(r.origin),
			objectKey: (r.object_key as string | null) ?? null,
			recordIndex: Number(r.record_index),
			validation: (r.validation as string | null) ?? null,
		})),
		validationColumn,
	};
}
