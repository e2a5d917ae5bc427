import {latestVerification, type VerificationInfo} from '../verify/latest-run.js';
import type {CaseStore} from './case-store.js';

export interface CaseInfo {
	schemaVersion: number;
	caseId: string;
	createdAt: string;
	createdBy: string;
	toolVersion: string;
	events: number;
	sources: number;
	quarantined: number;
	accounts: string[];
	regions: string[];
	firstEvent: string | null;
	lastEvent: string | null;
	/** Objects by kind (log, digest, public-keys, sidecar). */
	kinds: Record<string, number>;
	/** The latest trailcase verify run; absent when the case was never verified. */
	verification?: VerificationInfo;
}

function iso(value: unknown): string | null {
	return value instanceof Date ? value.toISOString() : value == null ? null : String(value);
}

/** The summary `trailcase info` prints; later features (verify) add their own sections. */
export async function caseInfo(store: CaseStore): Promise<CaseInfo> {
	const meta = Object.fromEntries((await store.all<{key: string; value: string}>(`SELECT key, value FROM case_meta`)).map((r) => [r.key, r.value]));
	const events = await store.one<{n: bigint; first: Date | null; last: Date | null}>(
		`SELECT count(*) AS n, min(event_time) AS first, max(event_time) AS last FROM events`,
	);
	const sources = await store.one<{n: bigint; quarantined: bigint}>(
		`SELECT count(*) AS n, count(*) FILTER (WHERE status = 'quarantined') AS quarantined FROM sources`,
	);
	const accounts = await store.all<{v: string}>(`SELECT DISTINCT account_id AS v FROM events WHERE account_id IS NOT NULL ORDER BY 1`);
	const regions = await store.all<{v: string}>(`SELECT DISTINCT aws_region AS v FROM events WHERE aws_region IS NOT NULL ORDER BY 1`);
	const kinds = await store.all<{kind: string; n: bigint}>(
		`SELECT coalesce(kind, 'unreadable') AS kind, count(*) AS n FROM sources GROUP BY ALL ORDER BY 1`,
	);
	return {
		schemaVersion: Number(meta['schema_version']),
		caseId: meta['case_id'] ?? '',
		createdAt: meta['created_at'] ?? '',
		createdBy: meta['created_by'] ?? '',
		toolVersion: meta['tool_version'] ?? '',
		events: Number(events?.n ?? 0),
		sources: Number(sources?.n ?? 0),
		quarantined: Number(sources?.quarantined ?? 0),
		accounts: accounts.map((r) => r.v),
		regions: regions.map((r) => r.v),
		firstEvent: iso(events?.first),
		lastEvent: iso(events?.last),
		kinds: Object.fromEntries(kinds.map((r) => [r.kind, Number(r.n)])),
		verification: await latestVerification(store),
	};
}
