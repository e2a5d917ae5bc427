import type {CaseStore} from '../case/case-store.js';
import {utcNow} from '../util/time.js';
import type {PullScope, PullTarget} from './scope.js';

/** An object (or a listing prefix, ending in `/`) the pull could not acquire. */
export interface PullFailure {
	key: string;
	reason: string;
	etag?: string;
	size?: number;
}

export interface RunCounts {
	listed: number;
	downloaded: number;
	skipped: number;
	failed: number;
	bytes: number;
	newEvents: number;
	interrupted: boolean;
}

/** Writes the run's row before any object arrives: a killed run is left visible (finished_at NULL). */
export async function startRun(
	store: CaseStore,
	run: {auditSeq: number; target: PullTarget; endpoint?: string; scope: PullScope; callerIdentity?: string},
): Promise<void> {
	const scope = {
		accounts: run.scope.accounts,
		regions: run.scope.regions,
		org: run.scope.org,
		from: run.scope.window.from?.toISOString(),
		to: run.scope.window.to?.toISOString(),
	};
	await store.run(
		`INSERT INTO pull_runs (audit_seq, bucket, prefix, endpoint, scope, caller_identity, started_at)
		 VALUES ($1, $2, $3, $4, $5, $6, $7::TIMESTAMPTZ)`,
		[run.auditSeq, run.target.bucket, run.target.prefix, run.endpoint ?? null, JSON.stringify(scope), run.callerIdentity ?? null, utcNow()],
	);
}

export async function finishRun(store: CaseStore, auditSeq: number, counts: RunCounts): Promise<void> {
	await store.run(
		`UPDATE pull_runs SET finished_at = $2::TIMESTAMPTZ, listed = $3, downloaded = $4, skipped = $5, failed = $6,
		        bytes = $7, new_events = $8, interrupted = $9
		 WHERE audit_seq = $1`,
		[auditSeq, utcNow(), counts.listed, counts.downloaded, counts.skipped, counts.failed, counts.bytes, counts.newEvents, counts.interrupted],
	);
}

export async function recordFailures(store: CaseStore, auditSeq: number, bucket: string, failures: readonly PullFailure[]): Promise<void> {
	if (failures.length === 0) return;
	const rows = failures.map((f) => ({key: f.key, etag: f.etag ?? null, size: f.size ?? null, reason: f.reason}));
	await store.run(
		`INSERT INTO pull_failures
		 SELECT $1, $2, key, etag, size, reason, $3::TIMESTAMPTZ
		 FROM (SELECT unnest(from_json($4, '[{"key":"VARCHAR","etag":"VARCHAR","size":"BIGINT","reason":"VARCHAR"}]'), recursive := true))`,
		[auditSeq, bucket, utcNow(), JSON.stringify(rows)],
	);
}

/**
 * What the case already holds from this bucket and prefix, as `key\netag`: a re-run skips those
 * objects without downloading them. An object whose ETag changed since is fetched again (new bytes,
 * new source row), which is what an investigator wants to see.
 */
export async function objectsInCase(store: CaseStore, target: PullTarget): Promise<Set<string>> {
	const rows = await store.all<{s3_key: string; s3_etag: string | null}>(
		`SELECT DISTINCT s3_key, s3_etag FROM sources
		 WHERE origin_kind = 's3' AND s3_bucket = $1 AND starts_with(s3_key, $2)`,
		[target.bucket, target.prefix],
	);
	return new Set(rows.map((row) => inCaseKey(row.s3_key, row.s3_etag ?? undefined)));
}

export function inCaseKey(key: string, etag: string | undefined): string {
	return `${key}\n${etag ?? ''}`;
}
