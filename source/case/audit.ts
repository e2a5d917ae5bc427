import {utcNow} from '../util/time.js';
import {toolVersion} from '../version.js';
import type {CaseStore} from './case-store.js';

export interface AuditEntry {
	analyst: string;
	command: string;
	/** Command arguments as given; flags that could carry secrets are dropped by `redactArguments`. */
	arguments: Record<string, unknown>;
	outcome?: Record<string, unknown>;
}

/** Flag names that may hold a secret are never written to the case, whatever their value. */
const SECRET_FLAG = /secret|token|password|credential|session|key-?id|access-?key/i;

export function redactArguments(args: Record<string, unknown>): Record<string, unknown> {
	const kept: Record<string, unknown> = {};
	for (const [name, value] of Object.entries(args)) {
		if (value === undefined) continue;
		kept[name] = SECRET_FLAG.test(name) ? '[redacted]' : value;
	}
	return kept;
}

/** Appends one audit row (who, when in UTC, what, arguments) and returns its sequence number. */
export async function appendAudit(store: CaseStore, entry: AuditEntry): Promise<number> {
	const row = await store.one<{seq: bigint}>(`SELECT coalesce(max(seq), 0) + 1 AS seq FROM audit_log`);
	const seq = Number(row?.seq ?? 1);
	await store.run(`INSERT INTO audit_log VALUES ($1, $2::TIMESTAMPTZ, $3, $4, $5, $6, $7)`, [
		seq,
		utcNow(),
		entry.analyst,
		entry.command,
		JSON.stringify(redactArguments(entry.arguments)),
		toolVersion,
		entry.outcome ? JSON.stringify(entry.outcome) : null,
	]);
	return seq;
}

/** Fills in the outcome of a command once it has finished. */
export async function finishAudit(store: CaseStore, seq: number, outcome: Record<string, unknown>): Promise<void> {
	await store.run(`UPDATE audit_log SET outcome = $1 WHERE seq = $2`, [JSON.stringify(outcome), seq]);
}
