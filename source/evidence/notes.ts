import {appendAudit} from '../case/audit.js';
import type {CaseStore} from '../case/case-store.js';
import {TrailcaseError} from '../errors.js';
import {utcNow} from '../util/time.js';
import {checkNoteText} from './labels.js';
import {textList} from './sql-list.js';

export interface Note {
	noteId: number;
	/** null for a case-level note. */
	eventKey: string | null;
	text: string;
	analyst: string;
	/** UTC ISO-8601. */
	createdAt: string;
	auditSeq: number;
}

export interface NoteResult {
	noteIds: number[];
	auditSeq: number;
	at: string;
}

/** Inserts one note row per key (or one case-level row for `[null]`) under an existing audit row. */
export async function insertNotes(
	store: CaseStore,
	keys: readonly (string | null)[],
	text: string,
	analyst: string,
	at: string,
	auditSeq: number,
): Promise<number[]> {
	const rows = await store.all<{note_id: bigint}>(
		`INSERT INTO notes
		 SELECT (SELECT coalesce(max(note_id), 0) FROM notes) + row_number() OVER (), k, $2, $3, $4::TIMESTAMPTZ, $5
		 FROM (SELECT unnest($1::JSON::VARCHAR[]) AS k) RETURNING note_id`,
		[textList(keys), text, analyst, at, auditSeq],
	);
	return rows.map((r) => Number(r.note_id)).sort((a, b) => a - b);
}

/**
 * Adds a note to the case (`eventKeys` empty) or to each of the given events, in one transaction with
 * its audit row. Notes are never edited or deleted: a correction is a new note.
 */
export async function addNote(
	store: CaseStore,
	eventKeys: readonly string[],
	text: string,
	options: {analyst: string; requestedIds?: readonly string[]; command?: string},
): Promise<NoteResult> {
	const body = checkNoteText(text);
	const unique = [...new Set(eventKeys)];
	return store.transaction(async () => {
		if (unique.length > 0) {
			const found = await store.all<{event_key: string}>(
				`SELECT event_key FROM events WHERE event_key IN (SELECT unnest($1::JSON::VARCHAR[]))`,
				[textList(unique)],
			);
			const unknown = unique.filter((key) => !found.some((row) => row.event_key === key));
			if (unknown.length > 0) throw new TrailcaseError(`not in the case: ${unknown.slice(0, 5).join(', ')}`);
		}
		const at = utcNow();
		const auditSeq = await appendAudit(store, {
			analyst: options.analyst,
			command: options.command ?? 'note',
			arguments: {events: options.requestedIds ?? unique, text: body},
			outcome: {notes: Math.max(1, unique.length), eventKeys: unique},
		});
		const noteIds = await insertNotes(store, unique.length > 0 ? unique : [null], body, options.analyst, at, auditSeq);
		return {noteIds, auditSeq, at};
	});
}

/** A note about the whole case (findings, scope, hand-off remarks). */
export function addCaseNote(store: CaseStore, text: string, options: {analyst: string; command?: string}): Promise<NoteResult> {
	return addNote(store, [], text, options);
}

interface NoteRow {
	note_id: bigint;
	event_key: string | null;
	text: string;
	analyst: string;
	created_at: Date;
	audit_seq: bigint;
}

export function toNote(row: NoteRow): Note {
	return {
		noteId: Number(row.note_id),
		eventKey: row.event_key,
		text: row.text,
		analyst: row.analyst,
		createdAt: row.created_at.toISOString(),
		auditSeq: Number(row.audit_seq),
	};
}

/** Notes in the order they were written; `scope` picks case-level notes, event notes or both. */
export async function listNotes(store: CaseStore, scope: 'case' | 'events' | 'all' = 'all'): Promise<Note[]> {
	const rows = await store.all<NoteRow>(
		`SELECT note_id, event_key, text, analyst, created_at, audit_seq FROM notes
		 WHERE $1 = 'all' OR ($1 = 'case') = (event_key IS NULL) ORDER BY note_id`,
		[scope],
	);
	return rows.map(toNote);
}
