import {escapeControls} from '../util/sanitize.js';
import {s3Url} from './layout.js';
import {problemKind, type Verdict, type VerifyReport} from './outcomes.js';

/** Problems of one kind printed before "... and N more" (all of them with --verbose). */
const PER_KIND = 25;

const LABEL: Record<string, string> = {
	'signature-unavailable': 'SIGNATURE UNAVAILABLE',
	'not-covered': 'NOT COVERED',
	unverified: 'UNVERIFIED',
	refused: 'REFUSED',
	'fetch-failed': 'FETCH FAILED',
	valid: 'valid',
};

const NOUN: Record<string, string> = {digest: 'Digest file', log: 'Log file', gap: 'Gap in chain', key: 'Public key'};

/** One aws-cli style line (`Log file<TAB>s3://B/K<TAB>INVALID: ...`); every field escaped for the terminal. */
export function verdictLine(verdict: Verdict): string {
	const where = verdict.subject === 'log' || verdict.subject === 'digest' ? s3Url(verdict.bucket, verdict.key) : verdict.key;
	const label = verdict.subject === 'gap' ? '' : `${LABEL[verdict.outcome] ?? 'INVALID'}: `;
	const text = verdict.outcome === 'valid' && !verdict.notable ? 'valid' : `${label}${verdict.detail}`;
	return [NOUN[verdict.subject]!, where, text].map(escapeControls).join('\t');
}

function plural(n: number, word: string): string {
	return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function breakdown(verdicts: readonly Verdict[], subject: string, names: Record<string, string>): string {
	const parts = Object.entries(names)
		.map(([outcome, name]) => [verdicts.filter((v) => v.subject === subject && v.outcome === outcome).length, name] as const)
		.filter(([n]) => n > 0)
		.map(([n, name]) => `${n} ${name}`);
	return parts.length > 0 ? ` (${parts.join(', ')})` : '';
}

/** The summary block: aws-cli's ratio lines with our extra states spelled out. */
export function summaryLines(report: VerifyReport, verdicts: readonly Verdict[]): string[] {
	const lines: string[] = [];
	const d = report.digests;
	const digestTotal = d.valid + d.invalid + d.unavailable;
	if (digestTotal === 0) lines.push('No digests found');
	else if (report.range) lines.push(`Results found for ${report.range.from} to ${report.range.to}:`, '');
	let digestLine = `${d.valid}/${digestTotal} digest files valid`;
	if (d.invalid > 0) {
		digestLine += `, ${d.invalid}/${digestTotal} digest files INVALID`;
		digestLine += breakdown(verdicts, 'digest', {
			'signature-invalid': 'signature invalid',
			'key-not-found': 'key not found',
			moved: 'moved',
			'chain-broken': 'chain broken',
			missing: 'not found',
			'invalid-format': 'invalid format',
		});
	}
	if (d.unavailable > 0) digestLine += `, ${d.unavailable}/${digestTotal} with signature unavailable`;
	lines.push(digestLine);
	const l = report.logFiles;
	const logTotal = l.valid + l.modified + l.appended + l.missing + l.notCovered + l.unverified;
	const invalid = l.modified + l.appended + l.missing;
	let logLine = `${l.valid}/${logTotal} log files valid`;
	if (invalid > 0) logLine += `, ${invalid}/${logTotal} log files INVALID${breakdown(verdicts, 'log', {modified: 'modified', appended: 'appended data', missing: 'missing'})}`;
	if (l.notCovered > 0) logLine += `, ${l.notCovered} not covered by any digest`;
	if (l.unverified > 0) logLine += `, ${l.unverified} unverified`;
	lines.push(logLine);
	if (report.gaps > 0) lines.push(`${plural(report.gaps, 'gap')}: hours of a chain with no digest`);
	const keyProblems = verdicts.filter((v) => v.subject === 'key').length;
	lines.push(`Public keys used: ${report.keys.used.join(', ') || 'none'}${keyProblems > 0 ? `; ${keyProblems} key problem(s)` : ''}`);
	return lines;
}

/** Explanations printed once, after the problems, for states aws-cli does not have. */
export function noteLines(report: VerifyReport, verdicts: readonly Verdict[]): string[] {
	const notes: string[] = [];
	if (verdicts.some((v) => v.outcome === 'key-not-found')) {
		notes.push('Key not found: give the keys with --public-keys FILE (aws cloudtrail list-public-keys --start-time ... --end-time ... in the digests\' region) or use --fetch-keys when online.');
	}
	if (report.digests.unavailable > 0) {
		notes.push(
			`Signature unavailable: ${plural(report.digests.unavailable, 'digest')} arrived without S3 metadata and no later digest records the signature. ` +
				'Their links to earlier digests were checked, so the earlier digests are the ones these name, and the log hashes they list were compared; ' +
				'but nothing proves these digests came from CloudTrail, so whoever could write the evidence could have written them (and the log files they alone cover). ' +
				'Import their <digest>.head-object.json sidecars or pull them with their metadata to check them.',
		);
	}
	if (report.logFiles.unverified > 0) {
		notes.push(`Unverified: ${plural(report.logFiles.unverified, 'log file')} match only digests whose signature could not be checked (see those digests above).`);
	}
	if (!report.rehashed) notes.push('Log hashes were taken from the case as import recorded them (--quick); run without --quick to recompute them from the stored bytes.');
	return notes;
}

/** The whole human report: summary first, then problems grouped by kind, then notes. */
export function renderReport(report: VerifyReport, verdicts: readonly Verdict[], options: {verbose: boolean; caseName: string}): string {
	const lines = [
		`Verified case ${escapeControls(options.caseName)} (run ${report.runId}; log hashes ${report.rehashed ? 'recomputed from the stored bytes' : 'as recorded at import'})`,
		...summaryLines(report, verdicts),
	];
	if (options.verbose) {
		const valid = verdicts.filter((v) => !v.problem && !v.notable && (v.subject === 'digest' || v.subject === 'log'));
		if (valid.length > 0) lines.push('', ...valid.map(verdictLine));
	}
	const order = ['key', 'digest', 'log', 'gap'];
	const shown = verdicts.filter((v) => v.problem || v.notable).sort((a, b) => order.indexOf(a.subject) - order.indexOf(b.subject));
	if (shown.length > 0) {
		lines.push('', `Problems (${shown.length}):`);
		const byKind = new Map<string, Verdict[]>();
		for (const v of shown) byKind.set(problemKind(v), [...(byKind.get(problemKind(v)) ?? []), v]);
		for (const [kind, list] of byKind) {
			const limit = options.verbose ? list.length : PER_KIND;
			lines.push(...list.slice(0, limit).map(verdictLine));
			if (list.length > limit) {
				const first = list[0]!;
				lines.push(
					`  ... and ${list.length - limit} more ${kind} (--verbose lists all, or: trailcase query -c CASE --sql "SELECT s3_key, detail FROM verify_results WHERE run_id = ${report.runId} AND subject = '${first.subject}' AND outcome = '${first.outcome}'")`,
				);
			}
		}
	}
	const notes = noteLines(report, verdicts);
	if (notes.length > 0) lines.push('', ...notes);
	return lines.join('\n');
}
