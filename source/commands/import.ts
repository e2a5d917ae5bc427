import {CaseStore} from '../case/case-store.js';
import {UsageError} from '../errors.js';
import {importFiles} from '../ingest/import-files.js';
import {listInputFiles} from '../ingest/walk.js';
import {resolveAnalyst} from '../util/analyst.js';
import {escapeControls} from '../util/sanitize.js';
import {analystFlag, caseFlag, jsonFlag, print, type Command} from './command.js';
import {progressLine} from './progress.js';

export const importCommand: Command = {
	name: 'import',
	summary: 'Import CloudTrail files and folders into a case',
	help: `
  Usage: trailcase import -c CASE PATH...

  Reads files and folders (recursively): CloudTrail delivery objects {"Records":[...]} (gzipped or not,
  sniffed by content), top-level arrays of records, NDJSON, aws cloudtrail lookup-events output, console
  Event-history JSON, Insights, digest files, list-public-keys output and head-object sidecars
  (<digest>.head-object.json). Unreadable files are quarantined with a reason; the rest imports.

  Options
    -c, --case FILE     case file (a bare name means cases/NAME.duckdb); created if missing
    --json              print one JSON object: {files, imported, skipped, quarantined: [{path, reason}],
                        warnings: [{path, warning}], events, newEvents, seconds, interrupted}
                        (events = events in the case; newEvents = added by this run)
    --analyst NAME      who is acting (default: $TRAILCASE_ANALYST or user@host)

  Importing the same file again is a no-op; after Ctrl-C or kill -9 the same command finishes the job.

  Exit: 0 all imported, 3 some files quarantined or flagged, or interrupted, 1 failure, 2 usage error.`,
	flags: {...caseFlag, ...jsonFlag, ...analystFlag},
	async run({input, flags, stdout, stderr, signal}) {
		if (!flags.case) throw new UsageError('import needs -c CASE');
		if (input.length === 0) throw new UsageError('import needs at least one PATH');
		const analyst = resolveAnalyst(flags.analyst);
		// A missing PATH is a usage error: find it before a case file is created for nothing.
		const files = listInputFiles(input);
		const store = await CaseStore.open(flags.case, {create: true, analyst});
		try {
			const bar = flags.json ? undefined : progressLine(stderr, 'import');
			const report = await importFiles(store, input, {
				analyst,
				signal,
				files,
				onProgress: (p) => bar?.update(p.objects, p.totalFiles, `files, ${p.records} records, ${p.newEvents} new`),
			});
			bar?.done();
			if (flags.json) {
				print(stdout, JSON.stringify(report));
			} else {
				print(stdout, `${report.files} files: ${report.imported} imported, ${report.skipped} already present, ${report.quarantined.length} quarantined`);
				print(stdout, `${report.newEvents} new events, ${report.events} events in the case (${report.seconds}s)`);
				for (const q of report.quarantined) print(stdout, `quarantined: ${escapeControls(q.path)}: ${escapeControls(q.reason)}`);
				for (const w of report.warnings) print(stdout, `warning: ${escapeControls(w.path)}: ${escapeControls(w.warning)}`);
				if (report.interrupted) print(stdout, 'interrupted: committed work is kept; run the same command again to finish');
			}
			return report.quarantined.length > 0 || report.warnings.length > 0 || report.interrupted ? 3 : 0;
		} finally {
			store.close();
		}
	},
};
