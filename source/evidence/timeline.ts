import type {CaseStore} from '../case/case-store.js';
import {toNote, type Note} from './notes.js';
import {textList} from './sql-list.js';

export interface EventTag {
	tag: string;
	note: string | null;
	analyst: string;
	/** UTC ISO-8601. */
	createdAt: string;
}

/** One event as the tagged-events view and the bundle timeline show it. Strings come from the log: escape before display. */
export interface TimelineEntry {
	eventKey: string;
	eventId: string | null;
	/** UTC ISO-8601, or null when the record had no readable eventTime. */
	eventTime: string | null;
	eventSource: string | null;
	eventName: string | null;
	awsRegion: string | null;
	sourceIp: string | null;
	userAgent: string | null;
	principalArn: string | null;
	userName: string | null;
	accessKeyId: string | null;
	accountId: string | null;
	errorCode: string | null;
	errorMessage: string | null;
	/** Active tags, oldest first. */
	tags: EventTag[];
	/** Notes on this event, oldest first. */
	notes: Note[];
	sourceId: number;
	recordIndex: number;
}

/** The events columns a timeline entry shows (a `SELECT *` row has them all). */
export interface EventRow {
	event_key: string;
	event_id: string | null;
	event_time: Date | null;
	event_source: string | null;
	event_name: string | null;
	aws_region: string | null;
	source_ip: string | null;
	user_agent: string | null;
	principal_arn: string | null;
	user_name: string | null;
	access_key_id: string | null;
	account_id: string | null;
	error_code: string | null;
	error_message: string | null;
	source_id: bigint;
	record_index: number;
}

export interface TagRow {
	event_key: string;
	tag: string;
	note: string | null;
	analyst: string;
	created_at: Date;
}

/** Timeline order everywhere in evidence: event time, then where the record sits in its source. */
export const TIMELINE_ORDER = 'event_time NULLS LAST, source_id, record_index, event_key';

/** Active tags and the notes of the given events (all events with `all`), grouped by event_key. */
export async function tagsAndNotes(store: CaseStore, keys: readonly string[], all = false): Promise<{tags: Map<string, TagRow[]>; notes: Map<string, Parameters<typeof toNote>[0][]>}> {
	const params = [all, textList(all ? [] : keys)];
	const chosen = '($1 OR event_key IN (SELECT unnest($2::JSON::VARCHAR[])))';
	const tags = await store.all<TagRow>(
		`SELECT event_key, tag, note, analyst, created_at FROM tags WHERE removed_at IS NULL AND ${chosen} ORDER BY tag_id`,
		params,
	);
	const notes = await store.all<Parameters<typeof toNote>[0]>(
		`SELECT note_id, event_key, text, analyst, created_at, audit_seq FROM notes WHERE event_key IS NOT NULL AND ${chosen} ORDER BY note_id`,
		params,
	);
	return {tags: groupBy(tags, (t) => t.event_key), notes: groupBy(notes, (n) => n.event_key!)};
}

export function entryFromRow(e: EventRow, context: Awaited<ReturnType<typeof tagsAndNotes>>): TimelineEntry {
	return {
		eventKey: e.event_key,
		eventId: e.event_id,
		eventTime: e.event_time ? e.event_time.toISOString() : null,
		eventSource: e.event_source,
		eventName: e.event_name,
		awsRegion: e.aws_region,
		sourceIp: e.source_ip,
		userAgent: e.user_agent,
		principalArn: e.principal_arn,
		userName: e.user_name,
		accessKeyId: e.access_key_id,
		accountId: e.account_id,
		errorCode: e.error_code,
		errorMessage: e.error_message,
		tags: (context.tags.get(e.event_key) ?? []).map((t) => ({tag: t.tag, note: t.note, analyst: t.analyst, createdAt: t.created_at.toISOString()})),
		notes: (context.notes.get(e.event_key) ?? []).map(toNote),
		sourceId: Number(e.source_id),
		recordIndex: e.record_index,
	};
}

/** Timeline entries (with tags and notes) for the given events, in timeline order. */
export async function timelineEntries(store: CaseStore, keys: readonly string[]): Promise<TimelineEntry[]> {
	if (keys.length === 0) return [];
	const events = await store.all<EventRow>(
		`SELECT event_key, event_id, event_time, event_source, event_name, aws_region, source_ip, user_agent, principal_arn,
		        user_name, access_key_id, account_id, error_code, error_message, source_id, record_index
		 FROM events WHERE event_key IN (SELECT unnest($1::JSON::VARCHAR[])) ORDER BY ${TIMELINE_ORDER}`,
		[textList(keys)],
	);
	const context = await tagsAndNotes(store, keys);
	return events.map((e) => entryFromRow(e, context));
}

function groupBy<T>(rows: readonly T[], key: (row: T) => string): Map<string, T[]> {
	const map = new Map<string, T[]>();
	for (const row of rows) {
		const group = map.get(key(row));
		if (group) group.push(row);
		else map.set(key(row), [row]);
	}
	return map;
}

/** Keys of events carrying any of `tags` (any tag at all when `tags` is empty), in timeline order. */
export async function taggedKeys(store: CaseStore, tags: readonly string[] = []): Promise<string[]> {
	const rows = await store.all<{event_key: string}>(
		`SELECT event_key FROM events WHERE event_key IN (
		   SELECT event_key FROM tags WHERE removed_at IS NULL AND (len($1::JSON::VARCHAR[]) = 0 OR tag IN (SELECT unnest($1::JSON::VARCHAR[]))))
		 ORDER BY ${TIMELINE_ORDER}`,
		[textList(tags)],
	);
	return rows.map((r) => r.event_key);
}

/** The tagged-events view: every event carrying one of `tags` (or any tag), as a timeline. */
export async function listTagged(store: CaseStore, options: {tags?: readonly string[]} = {}): Promise<TimelineEntry[]> {
	return timelineEntries(store, await taggedKeys(store, options.tags));
}

/** Active tags per event, for marking rows in a grid (keys without tags are absent from the map). */
export async function tagsForEvents(store: CaseStore, keys: readonly string[]): Promise<Map<string, string[]>> {
	const rows = await store.all<{event_key: string; tags: string[]}>(
		`SELECT event_key, list(tag ORDER BY tag_id) AS tags FROM tags
		 WHERE removed_at IS NULL AND event_key IN (SELECT unnest($1::JSON::VARCHAR[])) GROUP BY event_key`,
		[textList(keys)],
	);
	return new Map(rows.map((r) => [r.event_key, r.tags]));
}

/** Tag names in use with their event counts, for a picker. */
export async function tagCounts(store: CaseStore): Promise<{tag: string; events: number}[]> {
	const rows = await store.all<{tag: string; n: bigint}>(
		`SELECT tag, count(DISTINCT event_key) AS n FROM tags WHERE removed_at IS NULL GROUP BY tag ORDER BY tag`,
	);
	return rows.map((r) => ({tag: r.tag, events: Number(r.n)}));
}
