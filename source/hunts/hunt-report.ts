import {escapeControls} from '../util/sanitize.js';
import {renderTable} from '../util/table.js';
import {severityRank, type HuntProblem} from './hunt.js';
import type {HuntOutcome} from './run-hunts.js';

/** One hunt as `trailcase hunt --json` prints it: run, failed, or unusable (a malformed file). */
export interface HuntReportEntry {
	id: string;
	title: string | null;
	severity: string | null;
	mitre: string[];
	tactic: string | null;
	file: string;
	matches: number | null;
	rows: number | null;
	firstSeen: string | null;
	lastSeen: string | null;
	topPrincipals: {principal: string; events: number}[];
	milliseconds: number | null;
	error: string | null;
}

/** Every hunt, worst severity first, then most matches, then id; malformed files last. */
export function huntReport(outcomes: readonly HuntOutcome[], problems: readonly HuntProblem[]): HuntReportEntry[] {
	const entries: HuntReportEntry[] = outcomes.map(({hunt, summary, error}) => ({
		id: hunt.id,
		title: hunt.title,
		severity: hunt.severity,
		mitre: hunt.mitre,
		tactic: hunt.tactic ?? null,
		file: hunt.file,
		matches: summary?.matches ?? null,
		rows: summary?.rows ?? null,
		firstSeen: summary?.firstSeen ?? null,
		lastSeen: summary?.lastSeen ?? null,
		topPrincipals: summary?.topPrincipals ?? [],
		milliseconds: summary?.milliseconds ?? null,
		error: error ?? null,
	}));
	for (const problem of problems) {
		entries.push({
			id: problem.id ?? problem.file,
			title: null,
			severity: null,
			mitre: [],
			tactic: null,
			file: problem.file,
			matches: null,
			rows: null,
			firstSeen: null,
			lastSeen: null,
			topPrincipals: [],
			milliseconds: null,
			error: problem.message,
		});
	}
	return entries.sort(
		(a, b) =>
			severityRank(a.severity ?? undefined) - severityRank(b.severity ?? undefined) ||
			(b.matches ?? -1) - (a.matches ?? -1) ||
			a.id.localeCompare(b.id),
	);
}

/** The terminal table: escaped by renderTable, one line per hunt, problems spelled out underneath. */
export function huntTable(entries: readonly HuntReportEntry[], width: number): string {
	const rows = entries.map((entry) => ({
		severity: entry.severity ?? '-',
		matches: entry.error ? 'error' : entry.matches,
		hunt: entry.id,
		'first seen': entry.firstSeen ?? '',
		'last seen': entry.lastSeen ?? '',
		'top principal': entry.topPrincipals[0] ? `${entry.topPrincipals[0].principal} (${entry.topPrincipals[0].events})` : '',
		title: entry.title ?? '',
	}));
	const lines = [renderTable(rows, ['severity', 'matches', 'hunt', 'first seen', 'last seen', 'top principal', 'title'], width)];
	const failed = entries.filter((entry) => entry.error);
	if (failed.length > 0) {
		lines.push('', 'problems:');
		for (const entry of failed) lines.push(escapeControls(`  ${entry.id} (${entry.file}): ${entry.error}`));
	}
	return lines.join('\n');
}
