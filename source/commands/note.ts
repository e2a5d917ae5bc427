import {CaseStore} from '../case/case-store.js';
import {UsageError} from '../errors.js';
import {resolveAllOrFail} from '../evidence/event-ids.js';
import {addNote, listNotes} from '../evidence/notes.js';
import {resolveAnalyst} from '../util/analyst.js';
import {escapeControls, escapeControlsKeepLines} from '../util/sanitize.js';
import {analystFlag, caseFlag, jsonFlag, print, type Command} from './command.js';

export const noteCommand: Command = {
	name: 'note',
	summary: 'Add a note to the case or to events, or list notes',
	help: `
  Usage: trailcase note -c CASE TEXT...                         a case-level note
         trailcase note -c CASE --event EVENT_ID [--event ...] TEXT...   a note on events
         trailcase note -c CASE --list [--json]

  TEXT is the rest of the command line (quote it to keep spacing). Notes record the analyst and the UTC
  time, land in the audit log, and are never edited or deleted: write a new note to correct one.

  Options
    -c, --case FILE     case file
    --event EVENT_ID    attach the note to this event (repeatable; an eventID shared by several
                        records notes all of them)
    --list              print every note, oldest first
    --json              print JSON: {noteIds, auditSeq, at, analyst}, or the notes with --list
    --analyst NAME      who is acting (default: $TRAILCASE_ANALYST or user@host)`,
	flags: {...caseFlag, ...jsonFlag, ...analystFlag, event: {type: 'string', isMultiple: true}, list: {type: 'boolean', default: false}},
	async run({input, flags, stdout}) {
		if (!flags.case) throw new UsageError('note needs -c CASE');
		const ids: string[] = flags.event ?? [];
		if (flags.list) {
			if (input.length > 0 || ids.length > 0) throw new UsageError('--list takes no TEXT and no --event');
			const store = await CaseStore.open(flags.case, {readOnly: true});
			try {
				const notes = await listNotes(store);
				if (flags.json) print(stdout, JSON.stringify(notes));
				else for (const n of notes) print(stdout, `#${n.noteId} ${n.createdAt} ${escapeControls(n.analyst)} ${n.eventKey ? `event ${n.eventKey}` : 'case'}\n  ${escapeControlsKeepLines(n.text).replaceAll('\n', '\n  ')}`);
				return 0;
			} finally {
				store.close();
			}
		}
		if (input.length === 0) throw new UsageError('note needs TEXT');
		const analyst = resolveAnalyst(flags.analyst);
		const store = await CaseStore.open(flags.case, {analyst});
		try {
			const resolved = ids.length > 0 ? await resolveAllOrFail(store, ids) : undefined;
			const result = await addNote(store, resolved?.keys ?? [], input.join(' '), {analyst, requestedIds: ids.length > 0 ? ids : undefined});
			if (flags.json) {
				print(stdout, JSON.stringify({...result, analyst}));
				return 0;
			}
			for (const remark of resolved?.remarks ?? []) print(stdout, remark);
			const target = resolved ? `${resolved.keys.length} events` : 'the case';
			print(stdout, `noted on ${target} as ${escapeControls(analyst)} at ${result.at} (audit #${result.auditSeq})`);
			return 0;
		} finally {
			store.close();
		}
	},
};
