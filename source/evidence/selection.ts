import type {CaseStore} from '../case/case-store.js';
import {TrailcaseError} from '../errors.js';
import type {Hunt} from '../hunts/hunt.js';
import {loadHunts} from '../hunts/load-hunts.js';
import {checkHunt, huntMatchKeysSql} from '../hunts/run-hunt.js';
import {checkTagName} from './labels.js';
import {sha256Text} from './hashing.js';
import {textList} from './sql-list.js';
import {taggedKeys, TIMELINE_ORDER} from './timeline.js';

/** Which events go into a bundle. Parts add up (a union); nothing given means "every tagged event". */
export interface BundleSelection {
	all?: boolean;
	tags?: readonly string[];
	/** Saved hunt ids (`queries/*.sql`, the user's hunt folder, `huntDirs`). */
	hunts?: readonly string[];
	/** Extra folders to find hunts in (like `trailcase hunt --queries DIR`). */
	huntDirs?: readonly string[];
}

export interface SelectedHunt {
	id: string;
	title: string;
	file: string;
	sql: string;
	sqlSha256: string;
	/** Distinct events the hunt matched in the exported snapshot. */
	events: number;
}

/** How the selection was resolved, as the manifest records it. */
export interface SelectionRecord {
	all: boolean;
	tags: string[];
	/** True when no selector was given and every tagged event was taken. */
	everyTaggedEvent: boolean;
	hunts: SelectedHunt[];
}

/** Looks hunts up by id before any work starts, so a typo fails fast. */
export function findHunts(ids: readonly string[], huntDirs: readonly string[] = []): Hunt[] {
	if (ids.length === 0) return [];
	const loaded = loadHunts({extraDirs: huntDirs});
	return ids.map((id) => {
		const hunt = loaded.hunts.find((h) => h.id === id);
		if (hunt) return hunt;
		const problem = loaded.problems.find((p) => p.id === id);
		throw new TrailcaseError(problem ? `hunt ${id} cannot be used: ${problem.file}: ${problem.message}` : `no saved hunt with id ${id} (looked in ${loaded.directories.join(', ')})`);
	});
}

/**
 * Resolves the selection against the case snapshot (opened read-only and without file access, so a
 * hunt's SQL can read nothing but the case). Returns event keys in timeline order.
 */
export async function selectEvents(snapshot: CaseStore, selection: BundleSelection, hunts: readonly Hunt[]): Promise<{keys: string[]; record: SelectionRecord}> {
	const tags = [...new Set(selection.tags ?? [])].map(checkTagName);
	const all = Boolean(selection.all);
	const everyTaggedEvent = !all && tags.length === 0 && hunts.length === 0;
	const chosen = new Set<string>();
	if (everyTaggedEvent) for (const key of await taggedKeys(snapshot)) chosen.add(key);
	if (tags.length > 0) for (const key of await taggedKeys(snapshot, tags)) chosen.add(key);
	const selected: SelectedHunt[] = [];
	for (const hunt of hunts) {
		await checkHunt(snapshot.conn, hunt);
		const rows = await snapshot.all<{event_key: string}>(`${huntMatchKeysSql(hunt)}`);
		const keys = rows.map((r) => r.event_key).filter((key) => typeof key === 'string');
		for (const key of keys) chosen.add(key);
		selected.push({id: hunt.id, title: hunt.title, file: hunt.file, sql: hunt.sql, sqlSha256: sha256Text(hunt.sql), events: keys.length});
	}
	const ordered = await snapshot.all<{event_key: string}>(
		`SELECT event_key FROM events WHERE $1 OR event_key IN (SELECT unnest($2::JSON::VARCHAR[])) ORDER BY ${TIMELINE_ORDER}`,
		[all, textList(all ? [] : chosen)],
	);
	return {keys: ordered.map((r) => r.event_key), record: {all, tags, everyTaggedEvent, hunts: selected}};
}
