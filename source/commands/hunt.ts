import {existsSync} from 'node:fs';
import {CaseStore} from '../case/case-store.js';
import type {QueryResult} from '../case/run-query.js';
import {UsageError} from '../errors.js';
import {HuntError} from '../hunts/hunt.js';
import {huntReport, huntTable} from '../hunts/hunt-report.js';
import {loadHunts, type LoadedHunts} from '../hunts/load-hunts.js';
import {distinctEventKeys, huntRunRecord, recordRuns, type RecordOutcome, type RunRecord} from '../hunts/record-runs.js';
import {runHunt} from '../hunts/run-hunt.js';
import {runHunts, type HuntOutcome} from '../hunts/run-hunts.js';
import {resolveAnalyst} from '../util/analyst.js';
import {escapeControls} from '../util/sanitize.js';
import {renderTable} from '../util/table.js';
import {utcNow} from '../util/time.js';
import {analystFlag, caseFlag, jsonFlag, print, type Command, type CommandContext} from './command.js';
import {progressLine} from './progress.js';

/** `--queries DIR` (repeatable), shared with `query HUNT_ID`. */
export const queriesFlag = {queries: {type: 'string', isMultiple: true}} as const;

export const huntCommand: Command = {
	name: 'hunt',
	summary: 'Run the saved hunts (queries/*.sql) over a case and list their matches',
	help: `
  Usage: trailcase hunt -c CASE [--only ID,...] [--queries DIR]... [--json] [--no-record]
         trailcase hunt --list [--queries DIR]... [--json]

  Runs every hunt: the SQL files shipped in queries/, the analyst's own in
  $XDG_CONFIG_HOME/trailcase/queries (default ~/.config/trailcase/queries) and any --queries folder.
  Prints one line per hunt, worst severity first: matches (distinct events), first and last match
  time and the principal with most matches. A malformed hunt file is listed with its error and the
  others still run. Every run is recorded in the case (table hunt_runs, with its SQL) unless the case
  cannot be written (open elsewhere, read-only file) or --no-record is given.
  See one hunt's rows with: trailcase query -c CASE HUNT_ID

  Options
    -c, --case FILE     case file
    --only IDS          run only these hunts (comma-separated ids)
    --queries DIR       also read hunts from DIR (repeatable)
    --list              list the hunts (severity, id, ATT&CK, title) without running them
    --json              print {hunts: [{id, title, severity, matches, firstSeen, lastSeen, topPrincipals,
                        mitre, tactic, file, rows, milliseconds, error}], problems, milliseconds, recorded}
    --no-record         do not record the runs in the case
    --analyst NAME      who is acting (default: $TRAILCASE_ANALYST or user@host)

  Exit: 0 every hunt ran, 3 a hunt file is malformed, its SQL failed or the run was interrupted
  (the other hunts still ran), 1 failure, 2 usage error.`,
	flags: {
		...caseFlag,
		...jsonFlag,
		...analystFlag,
		...queriesFlag,
		only: {type: 'string'},
		list: {type: 'boolean', default: false},
		record: {type: 'boolean', default: true},
	},
	async run(context) {
		const {flags, stdout, stderr, signal} = context;
		const loaded = loadHuntsFor(flags.queries);
		if (flags.list) return listHunts(loaded, flags.json, stdout);
		if (!flags.case) throw new UsageError('hunt needs -c CASE (or --list)');
		const {hunts, problems} = selectHunts(loaded, flags.only);
		const started = performance.now();
		const store = await CaseStore.open(flags.case, {readOnly: true, sandbox: true});
		let outcomes: HuntOutcome[];
		try {
			const bar = flags.json ? undefined : progressLine(stderr, 'hunt');
			outcomes = await runHunts(store.conn, hunts, {signal, onProgress: (done, total, next) => bar?.update(done, total, next?.id ?? '')});
			bar?.done();
		} finally {
			store.close();
		}
		const milliseconds = Math.round(performance.now() - started);
		const recording: RecordOutcome = flags.record ? await recordHuntRuns(context, store.path, outcomes, problems.length) : {recorded: false, reason: '--no-record'};
		const entries = huntReport(outcomes, problems);
		const failures = entries.filter((entry) => entry.error).length;
		if (flags.json) {
			const notRecorded = recording.recorded ? {} : {notRecorded: recording.reason};
			print(stdout, JSON.stringify({hunts: entries, problems: failures, milliseconds, recorded: recording.recorded, ...notRecorded}));
		} else {
			print(stdout, huntTable(entries, stdout.columns ?? 160));
			const matched = entries.filter((entry) => (entry.matches ?? 0) > 0).length;
			print(stdout, `\n${entries.length} hunts, ${matched} with matches, ${failures} with problems (${(milliseconds / 1000).toFixed(1)} s)`);
			if (signal.aborted) print(stdout, 'interrupted: hunts marked "not run" did not run');
		}
		if (!recording.recorded && flags.record) noteNotRecorded(stderr, 'hunt', recording.reason);
		return failures > 0 || signal.aborted ? 3 : 0;
	},
};

/** Writes the hunts that ran (not the ones an interruption skipped) and one audit row. */
function recordHuntRuns(context: CommandContext, casePath: string, outcomes: readonly HuntOutcome[], malformed: number): Promise<RecordOutcome> {
	const {flags, signal} = context;
	const ran = outcomes.filter((outcome) => !outcome.skipped);
	const runs = ran.map(({hunt, startedAt, summary, error}) =>
		huntRunRecord(hunt, 'hunt', startedAt, {matches: summary?.matches ?? null, rowCount: summary?.rows ?? null, milliseconds: summary?.milliseconds ?? null, error: error ?? null}),
	);
	return recordRuns(casePath, runs, {
		analyst: resolveAnalyst(flags.analyst),
		command: 'hunt',
		arguments: {case: flags.case, only: flags.only, queries: flags.queries, json: flags.json},
		outcome: {
			hunts: ran.length,
			matched: ran.filter((outcome) => (outcome.summary?.matches ?? 0) > 0).length,
			failed: ran.filter((outcome) => outcome.error).length,
			malformed,
			interrupted: signal.aborted,
		},
	});
}

/**
 * `trailcase query -c CASE HUNT_ID`: runs one hunt and prints every row (query.ts passes its printer so
 * both commands format results the same way).
 */
export async function runSavedHunt(
	context: CommandContext,
	printResult: (result: QueryResult, format: string, stdout: CommandContext['stdout']) => void,
): Promise<number> {
	const {input, flags, stdout, signal} = context;
	const id = input[0]!;
	const loaded = loadHuntsFor(flags.queries);
	const hunt = loaded.hunts.find((candidate) => candidate.id === id);
	if (!hunt) {
		const problem = loaded.problems.find((candidate) => candidate.id === id);
		if (problem) throw new HuntError(problem.file, problem.message, id);
		throw new UsageError(`no hunt named ${id} (trailcase hunt --list shows them)`);
	}
	const startedAt = utcNow();
	const store = await CaseStore.open(flags.case, {readOnly: true, sandbox: true});
	let result: QueryResult;
	try {
		result = await runHunt(store.conn, hunt, {signal});
	} catch (error) {
		store.close();
		const message = String((error as Error).message ?? error).split('\n')[0]!;
		await recordQueryRun(context, huntRunRecord(hunt, 'query', startedAt, {error: message}), {hunt: id});
		throw error instanceof HuntError ? error : new HuntError(hunt.file, `SQL failed: ${message}`, id);
	}
	store.close();
	printResult(result, flags.format, stdout);
	const results = {matches: distinctEventKeys(result.columns, result.rows), rowCount: result.rows.length, milliseconds: Math.round(result.milliseconds)};
	await recordQueryRun(context, huntRunRecord(hunt, 'query', startedAt, results), {hunt: id, format: flags.format});
	return 0;
}

/** Records one `query` run (a saved hunt, or ad-hoc SQL with huntId NULL); says so on stderr when it cannot. */
export async function recordQueryRun(context: CommandContext, run: RunRecord, args: Record<string, unknown>): Promise<void> {
	const {flags, stderr} = context;
	const outcome = await recordRuns(flags.case, [run], {
		analyst: resolveAnalyst(flags.analyst),
		command: 'query',
		arguments: {case: flags.case, ...args},
		outcome: {rows: run.rowCount, matches: run.matches, error: run.error},
	});
	if (!outcome.recorded) noteNotRecorded(stderr, 'query', outcome.reason);
}

function noteNotRecorded(stderr: CommandContext['stderr'], command: string, reason: string): void {
	print(stderr, `trailcase ${command}: note: this run was not recorded in the case (${escapeControls(reason)})`);
}

function loadHuntsFor(queries: string[] | undefined): LoadedHunts {
	for (const dir of queries ?? []) {
		if (!existsSync(dir)) throw new UsageError(`--queries ${dir}: no such folder`);
	}
	return loadHunts({extraDirs: queries});
}

/** Applies --only; problems of files that were not asked for are not reported. */
function selectHunts(loaded: LoadedHunts, only: string | undefined): LoadedHunts {
	if (!only) return loaded;
	const ids = [...new Set(only.split(',').map((id) => id.trim()).filter(Boolean))];
	const known = (id: string) => loaded.hunts.some((hunt) => hunt.id === id) || loaded.problems.some((problem) => problem.id === id);
	const unknown = ids.filter((id) => !known(id));
	if (unknown.length > 0) throw new UsageError(`--only: no hunt named ${unknown.join(', ')} (trailcase hunt --list shows them)`);
	return {
		...loaded,
		hunts: loaded.hunts.filter((hunt) => ids.includes(hunt.id)),
		problems: loaded.problems.filter((problem) => problem.id !== undefined && ids.includes(problem.id)),
	};
}

function listHunts(loaded: LoadedHunts, json: boolean, stdout: CommandContext['stdout']): number {
	if (json) {
		const hunts = loaded.hunts.map(({sql: _sql, ...hunt}) => hunt);
		print(stdout, JSON.stringify({hunts, problems: loaded.problems, directories: loaded.directories}));
	} else {
		const entries = huntReport(loaded.hunts.map((hunt) => ({hunt, startedAt: ''})), loaded.problems);
		const rows = entries.map((entry) => ({severity: entry.severity ?? '-', hunt: entry.id, mitre: entry.mitre.join(' '), title: entry.title ?? entry.error ?? ''}));
		print(stdout, renderTable(rows, ['severity', 'hunt', 'mitre', 'title'], stdout.columns ?? 160, 60));
	}
	return loaded.problems.length > 0 ? 3 : 0;
}
