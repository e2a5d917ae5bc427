import {appendAudit} from '../case/audit.js';
import type {CaseStore} from '../case/case-store.js';
import {TrailcaseError} from '../errors.js';
import {utcNow} from '../util/time.js';
import {checkNoteText, checkTagName} from './labels.js';
import {insertNotes} from './notes.js';
import {textList} from './sql-list.js';

export interface TagOptions {
	analyst: string;
	/** Why these events matter; stored on every new tag row. */
	note?: string;
	/** The EVENT_IDs as the analyst typed them, kept in the audit log next to the keys they named. */
	requestedIds?: readonly string[];
	/** Audit command name (default `tag`; the TUI may pass `tui.tag`). */
	command?: string;
}

export interface TagChange {
	eventKey: string;
	tag: string;
}

export interface TagResult {
	/** Tags that were added by this call. */
	added: TagChange[];
	/** Event/tag pairs that already carried the tag: left as they were. */
	unchanged: TagChange[];
	/**
	 * Events that already carried every requested tag but got a note: the note is kept as an event
	 * note (rows in `notes`) rather than dropped or written over the first tagger's note.
	 */
	notedOnly: string[];
	auditSeq: number;
	/** When the change happened (UTC ISO-8601), as stored on the rows. */
	at: string;
}

async function knownKeys(store: CaseStore, keys: readonly string[]): Promise<Set<string>> {
	const rows = await store.all<{event_key: string}>(
		`SELECT event_key FROM events WHERE event_key IN (SELECT unnest($1::JSON::VARCHAR[]))`,
		[textList(keys)],
	);
	return new Set(rows.map((r) => r.event_key));
}

async function activePairs(store: CaseStore, keys: readonly string[], tags: readonly string[] | 'all'): Promise<TagChange[]> {
	const rows = await store.all<{event_key: string; tag: string}>(
		`SELECT event_key, tag FROM tags WHERE removed_at IS NULL AND event_key IN (SELECT unnest($1::JSON::VARCHAR[]))
		 AND ($2 OR tag IN (SELECT unnest($3::JSON::VARCHAR[]))) ORDER BY tag_id`,
		[textList(keys), tags === 'all', textList(tags === 'all' ? [] : [...tags])],
	);
	return rows.map((r) => ({eventKey: r.event_key, tag: r.tag}));
}

/**
 * Tags events (by event_key) with one or more tags, in one transaction with its audit row. Tagging an
 * event that already carries the tag changes nothing for that pair (the first tagger and note stay).
 * Unknown keys are refused: nothing is tagged.
 */
export async function tagEvents(store: CaseStore, keys: readonly string[], tags: readonly string[], options: TagOptions): Promise<TagResult> {
	tags.forEach(checkTagName);
	const note = options.note === undefined ? null : checkNoteText(options.note);
	const unique = [...new Set(keys)];
	if (unique.length === 0 || tags.length === 0) throw new TrailcaseError('nothing to tag: give at least one event and one tag');
	return store.transaction(async () => {
		const known = await knownKeys(store, unique);
		const unknown = unique.filter((key) => !known.has(key));
		if (unknown.length > 0) throw new TrailcaseError(`not in the case: ${unknown.slice(0, 5).join(', ')}${unknown.length > 5 ? ` and ${unknown.length - 5} more` : ''}`);
		const existing = await activePairs(store, unique, tags);
		const isActive = (key: string, tag: string) => existing.some((p) => p.eventKey === key && p.tag === tag);
		const added = [...new Set(tags)].flatMap((tag) => unique.filter((key) => !isActive(key, tag)).map((eventKey) => ({eventKey, tag})));
		const at = utcNow();
		const auditSeq = await appendAudit(store, {
			analyst: options.analyst,
			command: options.command ?? 'tag',
			arguments: {events: options.requestedIds ?? unique, tags, note: note ?? undefined},
			outcome: {added: added.length, unchanged: existing.length, eventKeys: unique},
		});
		if (added.length > 0) {
			await store.run(
				`INSERT INTO tags (tag_id, event_key, tag, note, analyst, created_at, audit_seq)
				 SELECT (SELECT coalesce(max(tag_id), 0) FROM tags) + row_number() OVER (), p.k, p.t, $3, $4, $5::TIMESTAMPTZ, $6
				 FROM (SELECT unnest($1::JSON::VARCHAR[]) AS k, unnest($2::JSON::VARCHAR[]) AS t) p`,
				[textList(added.map((a) => a.eventKey)), textList(added.map((a) => a.tag)), note, options.analyst, at, auditSeq],
			);
		}
		const notedOnly = note === null ? [] : unique.filter((key) => !added.some((a) => a.eventKey === key));
		if (note !== null && notedOnly.length > 0) await insertNotes(store, notedOnly, note, options.analyst, at, auditSeq);
		return {added, unchanged: existing, notedOnly, auditSeq, at};
	});
}

export interface UntagResult {
	removed: TagChange[];
	auditSeq: number;
	at: string;
}

/**
 * Withdraws tags from events. The rows stay in `tags` with removed_at/removed_by stamped, so the case
 * still shows that the tag existed, who placed it and who withdrew it. `tags: 'all'` withdraws every tag.
 */
export async function untagEvents(
	store: CaseStore,
	keys: readonly string[],
	tags: readonly string[] | 'all',
	options: Omit<TagOptions, 'note'>,
): Promise<UntagResult> {
	if (tags !== 'all') tags.forEach(checkTagName);
	const unique = [...new Set(keys)];
	return store.transaction(async () => {
		const removed = await activePairs(store, unique, tags);
		const at = utcNow();
		const auditSeq = await appendAudit(store, {
			analyst: options.analyst,
			command: options.command ?? 'untag',
			arguments: {events: options.requestedIds ?? unique, tags},
			outcome: {removed: removed.length, eventKeys: unique},
		});
		await store.run(
			`UPDATE tags SET removed_at = $1::TIMESTAMPTZ, removed_by = $2, removed_audit_seq = $3
			 WHERE removed_at IS NULL AND event_key IN (SELECT unnest($4::JSON::VARCHAR[]))
			 AND ($5 OR tag IN (SELECT unnest($6::JSON::VARCHAR[])))`,
			[at, options.analyst, auditSeq, textList(unique), tags === 'all', textList(tags === 'all' ? [] : [...tags])],
		);
		return {removed, auditSeq, at};
	});
}
