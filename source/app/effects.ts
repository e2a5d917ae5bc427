import {addNote, exportBundle, listTagged, taggedKeys, tagEvents, tagsForEvents, untagEvents} from '../evidence/index.js';
import {loadHunts, runHunts, severityRank, type Hunt} from '../hunts/index.js';
import type {CaseSession} from './session.js';
import type {Action, AppState} from './state.js';
import type {ExportState} from './workbench-state.js';

/**
 * What commands start beyond the reducer: hunt runs, tags and notes, the tagged-events timeline and
 * the export. Each runs off the render path and reports back through `dispatch`; failures become a
 * status-bar message, never an exception in the UI.
 */
export interface Effects {
	/** Counts every hunt not counted yet this session (`reload`: read the hunt files again and count all). */
	runHunts(options?: {reload?: boolean}): void;
	stopHunts(): void;
	tag(keys: string[], tag: string, note?: string): void;
	note(key: string, text: string): void;
	/** Withdraws tags from an event (the rows stay, stamped as withdrawn), then reloads the timeline. */
	untag(key: string, tags: string[]): void;
	loadTimeline(): void;
	loadTags(): void;
	startExport(out: string, tags: string[]): void;
	cancelExport(): void;
}

const firstLine = (error: unknown): string => String((error as Error)?.message ?? error).split('\n')[0]!;
const plural = (n: number, word: string) => `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : 's'}`;

export function createEffects(session: CaseSession, dispatch: (action: Action) => void, getState: () => AppState): Effects & {dispose(): void} {
	let huntRun = 0;
	let stoppedByUser = false;
	let exportController: AbortController | null = null;
	let exportJob: ExportState | null = null;
	const fail = (what: string) => (error: unknown) => dispatch({type: 'message', text: `${what}: ${firstLine(error)}`, error: true});
	const setExport = (job: ExportState) => {
		exportJob = job;
		dispatch({type: 'export', job});
	};

	async function countHunts(reload: boolean): Promise<void> {
		const run = ++huntRun;
		stoppedByUser = false;
		if (!getState().hunts || reload) {
			// Reads the hunt files (small, local) once per session; malformed ones come back as problems.
			const loaded = loadHunts(session.huntOptions);
			dispatch({type: 'hunts/loaded', hunts: loaded.hunts, problems: loaded.problems});
		}
		const hunts = getState().hunts!;
		const todo: Hunt[] = hunts.hunts
			.filter((hunt) => !hunts.outcomes[hunt.id])
			.sort((a, b) => severityRank(a.severity) - severityRank(b.severity) || a.id.localeCompare(b.id));
		if (todo.length === 0) {
			dispatch({type: 'hunts/finished', stopped: false});
			return;
		}
		dispatch({type: 'hunts/progress', done: 0, total: todo.length, current: todo[0]!.title});
		// One hunt at a time on the hunts lane (its own connection): each count shows as soon as it is known.
		const finished = await session.current.jobs.run('hunts', async (conn, signal) => {
			for (const [i, hunt] of todo.entries()) {
				if (signal.aborted) return false;
				dispatch({type: 'hunts/progress', done: i, total: todo.length, current: hunt.title});
				const [outcome] = await runHunts(conn, [hunt], {signal});
				// An interrupted hunt keeps no outcome: it is counted on the next run.
				if (signal.aborted || !outcome || outcome.skipped) return false;
				dispatch({type: 'hunts/outcome', outcome});
			}
			return true;
		}).catch(() => false);
		if (run === huntRun) dispatch({type: 'hunts/finished', stopped: finished !== true});
	}

	async function loadTags(): Promise<void> {
		const tags = await session.serial(async (store) => tagsForEvents(store, await taggedKeys(store)));
		dispatch({type: 'tags', tags: Object.fromEntries(tags)});
	}

	// After the case is reopened for writing: the status bar says so, and an interrupted hunt run resumes.
	const unsubscribe = session.subscribe(() => {
		dispatch({type: 'writable', writable: session.writable});
		const hunts = getState().hunts;
		if (hunts && !stoppedByUser && hunts.hunts.some((h) => !hunts.outcomes[h.id])) void countHunts(false);
	});

	return {
		runHunts: ({reload = false} = {}) => void countHunts(reload),
		stopHunts() {
			stoppedByUser = true;
			session.current.jobs.cancel('hunts');
		},
		tag(keys, tag, note) {
			dispatch({type: 'message', text: `tagging ${plural(keys.length, 'event')}…`});
			session
				.write((store) => tagEvents(store, keys, [tag], {analyst: session.analyst, note, command: 'tui.tag'}))
				.then(async (result) => {
					dispatch({type: 'unmark-all'});
					// The gutter shows the new tags by the time the message says they exist.
					await loadTags().catch(() => undefined);
					const added = new Set(result.added.map((a) => a.eventKey)).size;
					const already = keys.length - added;
					dispatch({type: 'message', text: `tagged ${plural(added, 'event')} "${tag}" as ${session.analyst} (audit #${result.auditSeq})${already > 0 ? `; ${already} already had it` : ''}`});
				})
				.catch(fail('cannot tag'));
		},
		note(key, text) {
			session
				.write((store) => addNote(store, [key], text, {analyst: session.analyst, command: 'tui.note'}))
				.then((result) => dispatch({type: 'message', text: `note added as ${session.analyst} (audit #${result.auditSeq})`}))
				.catch(fail('cannot add the note'));
		},
		untag(key, tags) {
			session
				.write((store) => untagEvents(store, [key], tags, {analyst: session.analyst, command: 'tui.untag'}))
				.then(async (result) => {
					await loadTags().catch(() => undefined);
					const entries = await session.serial((store) => listTagged(store));
					dispatch({type: 'timeline', entries});
					dispatch({type: 'message', text: `withdrew ${plural(result.removed.length, 'tag')} as ${session.analyst} (audit #${result.auditSeq})`});
				})
				.catch(fail('cannot withdraw the tags'));
		},
		loadTimeline() {
			dispatch({type: 'timeline', entries: null});
			session
				.serial((store) => listTagged(store))
				.then((entries) => dispatch({type: 'timeline', entries}))
				.catch((error) => {
					dispatch({type: 'timeline', entries: []});
					fail('cannot list tagged events')(error);
				});
		},
		loadTags: () => void loadTags().catch(fail('cannot read tags')),
		startExport(out, tags) {
			if (exportJob?.running) return;
			exportController = new AbortController();
			const signal = AbortSignal.any([exportController.signal, session.closingSignal]);
			setExport({out, phase: 'starting', done: 0, total: 0, running: true, cancelling: false});
			session
				.write((store) =>
					exportBundle(store, {out, analyst: session.analyst, tags, command: 'tui.export'}, {
						signal,
						onProgress: (progress) => setExport({...exportJob!, ...progress}),
					}),
				)
				.then((result) => {
					const {out: written, events, manifestSha256, seconds, remarks} = result;
					setExport({...exportJob!, running: false, phase: 'done', result: {out: written, events, manifestSha256, seconds, remarks}});
				})
				.catch((error) => setExport({...exportJob!, running: false, error: firstLine(error)}));
		},
		cancelExport() {
			if (!exportJob?.running) return;
			exportController?.abort();
			setExport({...exportJob, cancelling: true});
		},
		dispose() {
			unsubscribe();
			exportController?.abort();
		},
	};
}
