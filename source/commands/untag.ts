import {CaseStore} from '../case/case-store.js';
import {UsageError} from '../errors.js';
import {resolveAllOrFail} from '../evidence/event-ids.js';
import {untagEvents} from '../evidence/tags.js';
import {resolveAnalyst} from '../util/analyst.js';
import {escapeControls} from '../util/sanitize.js';
import {analystFlag, caseFlag, jsonFlag, print, type Command} from './command.js';

export const untagCommand: Command = {
	name: 'untag',
	summary: 'Withdraw tags from events (the case keeps who tagged and who withdrew)',
	help: `
  Usage: trailcase untag -c CASE EVENT_ID... --tag NAME [--tag NAME]...
         trailcase untag -c CASE EVENT_ID... --all-tags

  EVENT_ID is a CloudTrail eventID (all events sharing it) or a trailcase event_key. The tag rows are
  kept with the analyst and UTC time of withdrawal, and the change lands in the audit log.

  Options
    -c, --case FILE     case file
    --tag NAME          tag to withdraw (repeatable)
    --all-tags          withdraw every tag from these events
    --json              print {removed, auditSeq, at, ambiguous, analyst}
    --analyst NAME      who is acting (default: $TRAILCASE_ANALYST or user@host)`,
	flags: {...caseFlag, ...jsonFlag, ...analystFlag, tag: {type: 'string', isMultiple: true}, allTags: {type: 'boolean', default: false}},
	async run({input, flags, stdout}) {
		if (!flags.case) throw new UsageError('untag needs -c CASE');
		if (input.length === 0) throw new UsageError('untag needs at least one EVENT_ID');
		const tags: string[] = flags.tag ?? [];
		if ((tags.length === 0) === !flags.allTags) throw new UsageError('untag needs either --tag NAME or --all-tags');
		const analyst = resolveAnalyst(flags.analyst);
		const store = await CaseStore.open(flags.case, {analyst});
		try {
			const resolved = await resolveAllOrFail(store, input);
			const result = await untagEvents(store, resolved.keys, flags.allTags ? 'all' : tags, {analyst, requestedIds: input});
			if (flags.json) {
				print(stdout, JSON.stringify({...result, ambiguous: resolved.ambiguous, analyst}));
				return 0;
			}
			for (const remark of resolved.remarks) print(stdout, remark);
			print(stdout, `withdrew ${result.removed.length} tags from ${resolved.keys.length} events as ${escapeControls(analyst)} at ${result.at} (audit #${result.auditSeq})`);
			return 0;
		} finally {
			store.close();
		}
	},
};
