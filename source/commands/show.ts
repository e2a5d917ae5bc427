import {CaseStore} from '../case/case-store.js';
import {compactJson, findEvents, originalRecords} from '../case/original-records.js';
import {TrailcaseError, UsageError} from '../errors.js';
import {escapeControls} from '../util/sanitize.js';
import {caseFlag, print, type Command} from './command.js';

export const showCommand: Command = {
	name: 'show',
	summary: 'Print the original record(s) of an event, exactly as delivered',
	help: `
  Usage: trailcase show -c CASE EVENT_ID

  Prints the original CloudTrail record as JSON, one document per line (several lines when several
  records share the eventID). EVENT_ID may also be a trailcase event_key. On a terminal, control
  characters from the data are shown escaped; piped output is byte-exact.

  Options
    -c, --case FILE   case file`,
	flags: {...caseFlag},
	async run({input, flags, stdout}) {
		if (!flags.case) throw new UsageError('show needs -c CASE');
		if (input.length !== 1) throw new UsageError('show needs exactly one EVENT_ID');
		const store = await CaseStore.open(flags.case, {readOnly: true});
		try {
			const refs = await findEvents(store, input[0]!);
			if (refs.length === 0) throw new TrailcaseError(`No event with eventID or key ${escapeControls(input[0]!)} in the case.`);
			for (const text of await originalRecords(store, refs)) {
				const line = compactJson(text);
				print(stdout, stdout.isTTY ? escapeControls(line) : line);
			}
			return 0;
		} finally {
			store.close();
		}
	},
};
