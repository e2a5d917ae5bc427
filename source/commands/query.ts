import {CaseStore} from '../case/case-store.js';
import {runQuery, type QueryResult} from '../case/run-query.js';
import {UsageError} from '../errors.js';
import {adHocRunRecord, distinctEventKeys} from '../hunts/record-runs.js';
import {csvLine} from '../util/csv.js';
import {renderTable} from '../util/table.js';
import {utcNow} from '../util/time.js';
import {analystFlag, caseFlag, print, type Command, type CommandContext} from './command.js';
import {queriesFlag, recordQueryRun, runSavedHunt} from './hunt.js';

export function printResult(result: QueryResult, format: string, stdout: CommandContext['stdout']): void {
	if (format === 'json') {
		print(stdout, JSON.stringify(result.rows));
	} else if (format === 'csv') {
		stdout.write(csvLine(result.columns));
		for (const row of result.rows) stdout.write(csvLine(result.columns.map((c) => row[c])));
	} else {
		print(stdout, renderTable(result.rows, result.columns, stdout.columns ?? 160));
		print(stdout, `(${result.rows.length} rows, ${Math.round(result.milliseconds)} ms)`);
	}
}

export const queryCommand: Command = {
	name: 'query',
	summary: 'Run read-only SQL (or a saved hunt) over a case',
	help: `
  Usage: trailcase query -c CASE --sql SQL [--format table|csv|json]
         trailcase query -c CASE HUNT_ID [--format table|csv|json]

  The case is opened read-only with no access to other files. Tables: events, sources, event_sources,
  blobs, audit_log, hunt_runs, case_meta (see docs/case-format.md). CSV cells that a spreadsheet would run as a
  formula (= + - @ tab CR) are prefixed with a quote.

  Options
    -c, --case FILE      case file
    --sql SQL            the statement to run
    --format FORMAT      table (default), csv or json (an array of row objects)
    --queries DIR        also look for HUNT_ID in DIR (repeatable; see trailcase hunt --help)
    --analyst NAME       who is acting (default: $TRAILCASE_ANALYST or user@host)

  Each run (HUNT_ID or --sql) is recorded in the case's hunt_runs table with its SQL, after the query
  has finished; when the case cannot be written (open elsewhere, read-only file) a note says so.`,
	flags: {...caseFlag, ...analystFlag, ...queriesFlag, sql: {type: 'string'}, format: {type: 'string', default: 'table'}},
	async run(context) {
		const {input, flags, stdout} = context;
		if (!flags.case) throw new UsageError('query needs -c CASE');
		if (!['table', 'csv', 'json'].includes(flags.format)) throw new UsageError(`--format must be table, csv or json, not ${flags.format}`);
		if (!flags.sql && input.length === 0) throw new UsageError('query needs --sql SQL or a HUNT_ID');
		if (!flags.sql) return runSavedHunt(context, printResult);
		const startedAt = utcNow();
		const store = await CaseStore.open(flags.case, {readOnly: true, sandbox: true});
		let result: QueryResult;
		try {
			result = await runQuery(store.conn, flags.sql, {signal: context.signal});
		} catch (error) {
			store.close();
			await recordQueryRun(context, adHocRunRecord(flags.sql, startedAt, {error: String((error as Error).message ?? error).split('\n')[0]!}), {sql: flags.sql});
			throw error;
		}
		store.close();
		printResult(result, flags.format, stdout);
		const results = {matches: distinctEventKeys(result.columns, result.rows), rowCount: result.rows.length, milliseconds: Math.round(result.milliseconds)};
		await recordQueryRun(context, adHocRunRecord(flags.sql, startedAt, results), {sql: flags.sql, format: flags.format});
		return 0;
	},
};
