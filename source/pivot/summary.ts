import path from 'node:path';
import type {CaseStore} from '../case/case-store.js';

/** Outcomes of `trailcase verify` that mean a log file's bytes are not what CloudTrail signed. */
export const TAMPERED = ['modified', 'appended'] as const;

export interface CaseSummary {
	name: string;
	total: number;
	first: string | null;
	last: string | null;
	/** source_id -> verify outcome, for sources that failed validation (the grid flags their events). */
	tampered: Record<number, string>;
}

/** What the workbench needs up front: name, size, time range, and failed sources (all cheap in DuckDB). */
export async function caseSummary(store: CaseStore): Promise<CaseSummary> {
	const row = await store.one<{n: bigint; first: string | null; last: string | null}>(
		`SELECT count(*) AS n, strftime(min(event_time), '%Y-%m-%dT%H:%M:%S.%fZ') AS first,
		 strftime(max(event_time), '%Y-%m-%dT%H:%M:%S.%fZ') AS last FROM events`,
	);
	// Cases made before verification existed have no sources.validation column.
	const column = await store.one<{n: bigint}>(
		`SELECT count(*) AS n FROM duckdb_columns() WHERE database_name = current_database() AND table_name = 'sources' AND column_name = 'validation'`,
	);
	const tampered: Record<number, string> = {};
	if (Number(column?.n ?? 0) > 0) {
		const rows = await store.all<{source_id: bigint; validation: string}>(
			`SELECT source_id, validation FROM sources WHERE validation IN (${TAMPERED.map((_, i) => `$${i + 1}`).join(', ')})`,
			[...TAMPERED],
		);
		for (const r of rows) tampered[Number(r.source_id)] = r.validation;
	}
	return {
		name: path.basename(store.path).replace(/\.duckdb$/, ''),
		total: Number(row?.n ?? 0),
		first: row?.first ?? null,
		last: row?.last ?? null,
		tampered,
	};
}
