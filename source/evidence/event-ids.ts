import type {CaseStore} from '../case/case-store.js';
import {TrailcaseError} from '../errors.js';
import {escapeControls} from '../util/sanitize.js';
import {resolveEvents, type ResolvedEvents} from './resolve-events.js';

/**
 * resolveEvents for commands: refuses when any id names nothing (a typo must not leave half the list
 * tagged), and returns lines that tell the analyst which ids named several events.
 */
export async function resolveAllOrFail(store: CaseStore, ids: readonly string[]): Promise<ResolvedEvents & {remarks: string[]}> {
	const resolved = await resolveEvents(store, ids);
	if (resolved.missing.length > 0) {
		throw new TrailcaseError(`no event with eventID or key ${resolved.missing.map((id) => escapeControls(id)).join(', ')} in the case; nothing was changed`);
	}
	const remarks = resolved.ambiguous.map(
		(m) => `eventID ${escapeControls(m.id)} matches ${m.keys.length} events; all of them are included (keys ${m.keys.join(', ')})`,
	);
	return {...resolved, remarks};
}
