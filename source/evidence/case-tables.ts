import type {CaseStore} from '../case/case-store.js';

/**
 * Other features add tables to the case (hunt_runs, verify_runs, sources.validation). A bundle includes
 * what the case has, so it asks the catalog instead of assuming a schema.
 */
export async function relationExists(store: CaseStore, name: string): Promise<boolean> {
	const row = await store.one<{n: bigint}>(
		`SELECT (SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() AND table_name = $1)
		      + (SELECT count(*) FROM duckdb_views() WHERE database_name = current_database() AND view_name = $1) AS n`,
		[name],
	);
	return Number(row?.n ?? 0) > 0;
}

export async function columnNames(store: CaseStore, table: string): Promise<string[]> {
	const rows = await store.all<{column_name: string}>(
		`SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() AND table_name = $1 ORDER BY column_index`,
		[table],
	);
	return rows.map((r) => r.column_name);
}
