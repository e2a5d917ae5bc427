import {createHash, randomUUID} from 'node:crypto';
import {appendAudit, type AuditEntry} from '../case/audit.js';
import {CaseStore} from '../case/case-store.js';
import type {Hunt} from './hunt.js';

/** One hunt or query run, as the case keeps it in `hunt_runs` (the evidence bundle exports these). */
export interface RunRecord {
	/** NULL for an ad-hoc `query --sql`. */
	huntId: string | null;
	title: string | null;
	severity: string | null;
	sourceFile: string | null;
	/** The SQL exactly as it was run (a hunt's body, without the wrapper trailcase adds). */
	sql: string;
	command: 'hunt' | 'query';
	startedAt: string;
	/** Distinct events matched; NULL when the result has no event_key column or the run failed. */
	matches: number | null;
	rowCount: number | null;
	milliseconds: number | null;
	error: string | null;
}

/** A run of a saved hunt, before its results are known. */
export function huntRunRecord(hunt: Hunt, command: RunRecord['command'], startedAt: string, results: Partial<RunRecord> = {}): RunRecord {
	return {huntId: hunt.id, title: hunt.title, severity: hunt.severity, sourceFile: hunt.file, sql: hunt.sql, command, startedAt, matches: null, rowCount: null, milliseconds: null, error: null, ...results};
}

/** A run of ad-hoc SQL (`query --sql`): no hunt, just the SQL as typed. */
export function adHocRunRecord(sql: string, startedAt: string, results: Partial<RunRecord> = {}): RunRecord {
	return {huntId: null, title: null, severity: null, sourceFile: null, sql, command: 'query', startedAt, matches: null, rowCount: null, milliseconds: null, error: null, ...results};
}

/** Distinct event_keys in a result, or null when it has no event_key column. */
export function distinctEventKeys(columns: readonly string[], rows: readonly Record<string, unknown>[]): number | null {
	return columns.includes('event_key') ? new Set(rows.map((row) => row['event_key'])).size : null;
}

export type RecordOutcome = {recorded: true; auditSeq: number} | {recorded: false; reason: string};

export function sha256Hex(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Writes the runs and one audit row to the case in a single short transaction. Hunts and queries run
 * on a read-only connection, so this opens the case for writing only afterwards and holds the lock
 * for milliseconds. When the case cannot be written (read-only file, another process has it open —
 * the TUI, say) nothing is recorded and the reason comes back for the caller to show.
 */
export async function recordRuns(caseFile: string, runs: readonly RunRecord[], audit: AuditEntry): Promise<RecordOutcome> {
	let store: CaseStore;
	try {
		store = await CaseStore.open(caseFile, {analyst: audit.analyst});
	} catch (error) {
		return {recorded: false, reason: conciseReason(error)};
	}
	try {
		return await recordRunsIn(store, runs, audit);
	} finally {
		store.close();
	}
}

/** Like recordRuns, for a caller that already holds the case open for writing (the TUI). */
export async function recordRunsIn(store: CaseStore, runs: readonly RunRecord[], audit: AuditEntry): Promise<RecordOutcome> {
	if (store.readOnly) return {recorded: false, reason: 'the case is open read-only'};
	try {
		const auditSeq = await store.transaction(async () => {
			const seq = await appendAudit(store, audit);
			for (const run of runs) {
				await store.run(
					`INSERT INTO hunt_runs (run_id, hunt_id, title, severity, source_file, sql, sql_sha256, command, started_at,
					   analyst, matches, row_count, milliseconds, error, audit_seq)
					 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::TIMESTAMPTZ, $10, $11, $12, $13, $14, $15)`,
					[
						randomUUID(), run.huntId, run.title, run.severity, run.sourceFile, run.sql, sha256Hex(run.sql), run.command,
						run.startedAt, audit.analyst, run.matches, run.rowCount, run.milliseconds, run.error, seq,
					],
				);
			}
			return seq;
		});
		return {recorded: true, auditSeq};
	} catch (error) {
		return {recorded: false, reason: conciseReason(error)};
	}
}

function conciseReason(error: unknown): string {
	const text = String((error as Error).message ?? error);
	if (/lock/i.test(text)) return 'the case is open in another process';
	if (/read-only|readonly|permission denied/i.test(text)) return 'the case file is read-only';
	return text.split('\n')[0]!;
}
