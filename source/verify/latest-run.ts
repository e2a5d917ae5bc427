import type {CaseStore} from '../case/case-store.js';
import type {VerifySummary} from './outcomes.js';

/** The latest `trailcase verify` run, as `trailcase info` shows it. */
export interface VerificationInfo extends VerifySummary {
	runId: number;
	at: string;
	analyst: string;
	passed: boolean;
	rehashed: boolean;
	problems: number;
	/** Sources whose latest verdict is a failure (not valid), per outcome. */
	failedSources: Record<string, number>;
}

/** Undefined when the case was never verified. */
export async function latestVerification(store: CaseStore): Promise<VerificationInfo | undefined> {
	const run = await store.one<{run_id: bigint; finished_at: Date; analyst: string; passed: boolean; rehashed: boolean; summary: string}>(
		`SELECT run_id, finished_at, analyst, passed, rehashed, summary FROM verify_runs
		 WHERE finished_at IS NOT NULL ORDER BY run_id DESC LIMIT 1`,
	);
	if (!run) return undefined;
	const summary = JSON.parse(run.summary) as VerifySummary & {problems: number};
	const failed = await store.all<{validation: string; n: bigint}>(
		`SELECT validation, count(*) AS n FROM sources WHERE validation IS NOT NULL AND validation <> 'valid' GROUP BY ALL ORDER BY 1`,
	);
	return {
		runId: Number(run.run_id),
		at: run.finished_at.toISOString(),
		analyst: run.analyst,
		passed: run.passed,
		rehashed: run.rehashed,
		logFiles: summary.logFiles,
		digests: summary.digests,
		gaps: summary.gaps,
		problems: summary.problems,
		failedSources: Object.fromEntries(failed.map((r) => [r.validation, Number(r.n)])),
	};
}

/** One line for `trailcase info` (the caller escapes it). */
export function verificationLine(v: VerificationInfo | undefined): string {
	if (!v) return 'not verified (run trailcase verify)';
	const l = v.logFiles;
	const logs = `${l.valid}/${l.valid + l.modified + l.appended + l.missing + l.notCovered + l.unverified} log files valid`;
	const digests = `${v.digests.valid}/${v.digests.valid + v.digests.invalid + v.digests.unavailable} digests valid`;
	return `${v.passed ? 'PASSED' : 'FAILED'} at ${v.at} by ${v.analyst}: ${digests}, ${logs}, ${v.gaps} gaps, ${v.problems} problems (run ${v.runId})`;
}
