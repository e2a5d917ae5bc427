import type {CaseStore} from '../case/case-store.js';
import {textList} from './sql-list.js';

export interface IdMatch {
	/** What the analyst typed: a CloudTrail eventID or a trailcase event_key. */
	id: string;
	/** Every event it names, oldest first. More than one when the eventID is repeated in the trail. */
	keys: string[];
}

export interface ResolvedEvents {
	/** Distinct event keys named by all ids, oldest first. */
	keys: string[];
	matches: IdMatch[];
	/** Ids that named no event. */
	missing: string[];
	/** Ids that named several events (a repeated eventID): all of them are selected. */
	ambiguous: IdMatch[];
}

/**
 * Turns EVENT_ID arguments into event keys. An eventID can be missing from a record or repeated across
 * records (real exports do both), so an id may name several events; callers act on all of them and
 * say so. event_key is unique in a case and always names exactly one event.
 */
export async function resolveEvents(store: CaseStore, ids: readonly string[]): Promise<ResolvedEvents> {
	const wanted = [...new Set(ids)];
	const rows = wanted.length === 0 ? [] : await store.all<{event_key: string; event_id: string | null}>(
		`SELECT event_key, event_id FROM events
		 WHERE event_id IN (SELECT unnest($1::JSON::VARCHAR[])) OR event_key IN (SELECT unnest($1::JSON::VARCHAR[]))
		 ORDER BY event_time NULLS LAST, source_id, record_index`,
		[textList(wanted)],
	);
	const matches = wanted.map((id) => ({
		id,
		keys: rows.some((row) => row.event_key === id)
			? [id]
			: rows.filter((row) => row.event_id === id).map((row) => row.event_key),
	}));
	return {
		keys: [...new Set(rows.map((row) => row.event_key))].filter((key) => matches.some((m) => m.keys.includes(key))),
		matches,
		missing: matches.filter((m) => m.keys.length === 0).map((m) => m.id),
		ambiguous: matches.filter((m) => m.keys.length > 1),
	};
}
