/**
 * Verdict vocabulary. These strings are stored in `sources.validation` and `verify_results.outcome`
 * (a public handoff format: the TUI and hunts read them), so they never change meaning.
 */

/** Log files. `missing` has no source row (listed by a digest, absent from the case). */
export type LogOutcome = 'valid' | 'modified' | 'appended' | 'missing' | 'not-covered' | 'unverified';

/** Digests. `missing` has no source row (named as a previous digest, absent from the case). */
export type DigestOutcome =
	| 'valid'
	| 'signature-invalid'
	| 'signature-unavailable'
	| 'key-not-found'
	| 'moved'
	| 'chain-broken'
	| 'invalid-format'
	| 'missing';

export type Subject = 'log' | 'digest' | 'gap' | 'key';

export interface Verdict {
	subject: Subject;
	outcome: string;
	/** True when this verdict makes the run fail (exit 3). */
	problem: boolean;
	sourceId?: number;
	bucket?: string;
	/** The S3 key when known, else the path the object was imported from. */
	key: string;
	detail: string;
	/** Logs: the digest (source id) whose entry the file was checked against. */
	digestSourceId?: number;
	/** Shown in problems (JSON and text) even though it does not fail the run (gaps, renamed copies). */
	notable?: boolean;
	/** The problem kind when `subject-outcome` does not say it (a renamed copy is a valid log). */
	kind?: string;
}

export interface VerifySummary {
	logFiles: {valid: number; modified: number; appended: number; missing: number; notCovered: number; unverified: number};
	digests: {valid: number; invalid: number; unavailable: number};
	gaps: number;
}

export interface Problem {
	kind: string;
	key: string;
	detail: string;
}

/** `verify --json`: the shape plus run facts. */
export interface VerifyReport extends VerifySummary {
	problems: Problem[];
	runId: number;
	rehashed: boolean;
	/** Earliest digest start and latest digest end found in the case. */
	range: {from: string; to: string} | null;
	keys: {used: string[]; refused: number};
	passed: boolean;
}

export function problemKind(verdict: Verdict): string {
	if (verdict.kind) return verdict.kind;
	if (verdict.subject === 'gap') return 'gap';
	if (verdict.subject === 'key') return `key-${verdict.outcome}`;
	return `${verdict.subject}-${verdict.outcome}`;
}

export function summarise(verdicts: readonly Verdict[]): VerifySummary {
	const logs = verdicts.filter((v) => v.subject === 'log');
	const digests = verdicts.filter((v) => v.subject === 'digest');
	const count = (list: readonly Verdict[], outcome: string) => list.filter((v) => v.outcome === outcome).length;
	return {
		logFiles: {
			valid: count(logs, 'valid'),
			modified: count(logs, 'modified'),
			appended: count(logs, 'appended'),
			missing: count(logs, 'missing'),
			notCovered: count(logs, 'not-covered'),
			unverified: count(logs, 'unverified'),
		},
		digests: {
			valid: count(digests, 'valid'),
			invalid: digests.filter((v) => v.outcome !== 'valid' && v.outcome !== 'signature-unavailable').length,
			unavailable: count(digests, 'signature-unavailable'),
		},
		gaps: verdicts.filter((v) => v.subject === 'gap').length,
	};
}
