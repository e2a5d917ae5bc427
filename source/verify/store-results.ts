import {blobValue} from '@duckdb/node-api';
import type {CaseStore} from '../case/case-store.js';
import {utcNow} from '../util/time.js';
import type {Verdict, VerifyReport} from './outcomes.js';
import type {PublicKey} from './public-keys.js';

export interface RunRecord {
	runId: number;
	startedAt: string;
	analyst: string;
	rehashed: boolean;
}

const RESULT_ROW = `[{"subject":"VARCHAR","outcome":"VARCHAR","problem":"BOOLEAN","source_id":"BIGINT","s3_bucket":"VARCHAR",
	"s3_key":"VARCHAR","detail":"VARCHAR","digest_source_id":"BIGINT"}]`;

/**
 * Writes one run in one transaction: the keys used, every verdict, the run summary, and the latest
 * outcome per source in `sources.validation` (reset first, so it always reflects this run only).
 */
export async function storeResults(store: CaseStore, run: RunRecord, keys: readonly PublicKey[], verdicts: readonly Verdict[], report: VerifyReport): Promise<void> {
	const now = utcNow();
	await store.transaction(async () => {
		for (const key of keys) {
			await store.run(
				`INSERT INTO public_keys VALUES ($1, $2, $3, $4::TIMESTAMPTZ, $5::TIMESTAMPTZ, $6, $7, $8::TIMESTAMPTZ, $9)
				 ON CONFLICT (fingerprint) DO NOTHING`,
				[key.fingerprint, blobValue(key.der), key.sha256, key.validFrom ?? null, key.validTo ?? null, key.region ?? null, key.origin, now, run.runId],
			);
		}
		const rows = verdicts.map((v) => ({
			subject: v.subject,
			outcome: v.outcome,
			problem: v.problem,
			source_id: v.sourceId ?? null,
			s3_bucket: v.bucket ?? null,
			s3_key: v.key,
			detail: v.detail,
			digest_source_id: v.digestSourceId ?? null,
		}));
		await store.run(
			`INSERT INTO verify_results
			 SELECT $2, subject, outcome, problem, source_id, s3_bucket, s3_key, detail, digest_source_id
			 FROM (SELECT unnest(from_json($1, '${RESULT_ROW}'), recursive := true))`,
			[JSON.stringify(rows), run.runId],
		);
		await store.run(`UPDATE sources SET validation = NULL WHERE validation IS NOT NULL`);
		await store.run(
			`UPDATE sources SET validation = r.outcome FROM verify_results r
			 WHERE r.run_id = $1 AND r.source_id = sources.source_id AND r.subject IN ('log', 'digest')`,
			[run.runId],
		);
		const {problems: _problems, ...summary} = report;
		await store.run(`INSERT INTO verify_runs VALUES ($1, $2::TIMESTAMPTZ, $3::TIMESTAMPTZ, $4, $5, $6, $7)`, [
			run.runId,
			run.startedAt,
			now,
			run.analyst,
			run.rehashed,
			report.passed,
			JSON.stringify({...summary, problems: report.problems.length}),
		]);
	});
}
