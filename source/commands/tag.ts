import {CaseStore} from '../case/case-store.js';
import {UsageError} from '../errors.js';
import {resolveAllOrFail} from '../evidence/event-ids.js';
import {tagEvents} from '../evidence/tags.js';
import {listTagged} from '../evidence/timeline.js';
import {resolveAnalyst} from '../util/analyst.js';
import {escapeControls} from '../util/sanitize.js';
import {renderTable} from '../util/table.js';
import {analystFlag, caseFlag, jsonFlag, print, type Command} from './command.js';

export const tagCommand: Command = {
	name: 'tag',
	summary: 'Tag events as evidence (with an optional note), or list tagged events',
	help: `
  Usage: trailcase tag -c CASE EVENT_ID... --tag NAME [--tag NAME]... [--note TEXT]
         trailcase tag -c CASE --list [--tag NAME]... [--json]

  EVENT_ID is a CloudTrail eventID or a trailcase event_key. An eventID that several records share
  tags all of them (and says so). An EVENT_ID that names no event refuses the whole command: nothing is
  tagged. Every tag records the analyst and the UTC time and lands in the case's audit log; tagging an
  event that already has the tag keeps the first tag and stores the new --note as an event note.

  Options
    -c, --case FILE     case file
    --tag NAME          tag name (repeatable): letters, digits and . _ : / - (max 64)
    --note TEXT         why these events matter (stored with each new tag)
    --list              print tagged events as a timeline (only those with --tag NAME, when given)
    --json              print JSON: the result of tagging, or the timeline entries with --list
    --analyst NAME      who is acting (default: $TRAILCASE_ANALYST or user@host)`,
	flags: {...caseFlag, ...jsonFlag, ...analystFlag, tag: {type: 'string', isMultiple: true}, note: {type: 'string'}, list: {type: 'boolean', default: false}},
	async run({input, flags, stdout}) {
		if (!flags.case) throw new UsageError('tag needs -c CASE');
		const tags: string[] = flags.tag ?? [];
		if (flags.list) {
			if (input.length > 0 || flags.note !== undefined) throw new UsageError('--list takes no EVENT_ID and no --note');
			return listTaggedEvents(flags.case, tags, Boolean(flags.json), stdout);
		}
		if (input.length === 0) throw new UsageError('tag needs at least one EVENT_ID');
		if (tags.length === 0) throw new UsageError('tag needs --tag NAME');
		const analyst = resolveAnalyst(flags.analyst);
		const store = await CaseStore.open(flags.case, {analyst});
		try {
			const resolved = await resolveAllOrFail(store, input);
			const result = await tagEvents(store, resolved.keys, tags, {analyst, note: flags.note, requestedIds: input});
			if (flags.json) {
				print(stdout, JSON.stringify({...result, ambiguous: resolved.ambiguous, analyst}));
				return 0;
			}
			for (const remark of resolved.remarks) print(stdout, remark);
			const tagged = new Set(result.added.map((a) => a.eventKey)).size;
			print(stdout, `tagged ${tagged} of ${resolved.keys.length} events with ${tags.map(escapeControls).join(', ')} as ${escapeControls(analyst)} at ${result.at} (audit #${result.auditSeq})`);
			if (result.unchanged.length > 0) print(stdout, `${result.unchanged.length} event/tag pairs were already tagged and were left as they were`);
			if (result.notedOnly.length > 0) print(stdout, `the note was added as an event note to ${result.notedOnly.length} already-tagged events`);
			return 0;
		} finally {
			store.close();
		}
	},
};

async function listTaggedEvents(casePath: string, tags: string[], json: boolean, stdout: Parameters<Command['run']>[0]['stdout']): Promise<number> {
	const store = await CaseStore.open(casePath, {readOnly: true});
	try {
		const entries = await listTagged(store, {tags});
		if (json) {
			print(stdout, JSON.stringify(entries));
			return 0;
		}
		const rows = entries.map((e) => ({
			time: e.eventTime ?? '-',
			event: `${e.eventSource ?? ''} ${e.eventName ?? ''}`.trim(),
			principal: e.principalArn ?? e.userName ?? '',
			source_ip: e.sourceIp ?? '',
			tags: e.tags.map((t) => t.tag).join(' '),
			notes: e.tags.filter((t) => t.note).length + e.notes.length,
			event_id: e.eventId ?? '',
			event_key: e.eventKey,
		}));
		print(stdout, renderTable(rows, ['time', 'event', 'principal', 'source_ip', 'tags', 'notes', 'event_id', 'event_key'], stdout.columns ?? 200));
		print(stdout, `(${rows.length} tagged events)`);
		return 0;
	} finally {
		store.close();
	}
}
