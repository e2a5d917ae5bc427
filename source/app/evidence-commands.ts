import path from 'node:path';
import {checkNoteText, checkTagName} from '../evidence/index.js';
import type {Command, CommandContext} from './commands.js';
import {AROUND_MINUTES} from './pivot-actions.js';
import type {InputPurpose, Modal} from './screens.js';
import {currentRow, topModal, type Action, type AppState} from './state.js';

const message = (text: string, error = false): Action => ({type: 'message', text, error});
const prompt = (purpose: InputPurpose, text = ''): Modal => ({kind: 'input', purpose, text, error: null});

/** A folder name for a new bundle: `bundles/<case>-<UTC time>` under the working folder. */
export function defaultBundleDir(state: AppState, now = new Date()): string {
	const name = state.caseSummary.name.replace(/[^\w.-]+/g, '_') || 'case';
	const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
	return path.join('bundles', `${name}-${stamp}`);
}

const errorText = (error: unknown) => String((error as Error)?.message ?? error);

/** Enter in a text prompt: check what was typed, then ask the next question or start the work. */
function submitInput({state, dispatch, effects}: CommandContext): void {
	const modal = topModal(state);
	if (modal?.kind !== 'input') return dispatch(message('no prompt open'));
	const text = modal.text.trim();
	const retry = (error: unknown) => dispatch({type: 'modal', modal: {...modal, error: errorText(error)}});
	const next = (purpose: InputPurpose, value = '') => dispatch({type: 'modal', modal: prompt(purpose, value)});
	const {purpose} = modal;
	try {
		switch (purpose.for) {
			case 'tag':
				return next({for: 'tag-note', keys: purpose.keys, tag: checkTagName(text)});
			case 'tag-note': {
				const note = text === '' ? undefined : checkNoteText(text);
				dispatch({type: 'close'});
				return effects.tag(purpose.keys, purpose.tag, note);
			}
			case 'note': {
				const note = checkNoteText(text);
				dispatch({type: 'close'});
				return effects.note(purpose.key, note);
			}
			case 'untag': {
				const tags = text.split(/[\s,]+/).filter(Boolean).map(checkTagName);
				if (tags.length === 0) return retry('name the tags to withdraw');
				dispatch({type: 'close'});
				return effects.untag(purpose.key, tags);
			}
			case 'export-dir':
				if (!text) return retry('give the folder to write the bundle to');
				return next({for: 'export-tags', out: path.resolve(text)});
			case 'export-tags': {
				const tags = text.split(/[\s,]+/).filter(Boolean).map(checkTagName);
				dispatch({type: 'modal', modal: {kind: 'export'}});
				return effects.startExport(purpose.out, tags);
			}
		}
	} catch (error) {
		retry(error);
	}
}

function editInput(state: AppState, edit: (text: string) => string): Action {
	const modal = topModal(state);
	if (modal?.kind !== 'input') return message('no prompt open');
	return {type: 'modal', modal: {...modal, text: edit(modal.text), error: null}};
}

/** Typed text goes into the open prompt (control characters were already dropped by the dispatcher). */
export function typeIntoInput(state: AppState, text: string): Action {
	return editInput(state, (current) => current + text);
}

/** Enter on the tagged-events timeline: the grid, ±15 minutes around the event over all events (Backspace returns). */
function jumpToTagged({state, dispatch}: CommandContext): void {
	const entry = state.screen.id === 'tagged' ? state.timeline?.[state.screen.cursor] : undefined;
	if (!entry) return dispatch(message('no tagged event under the cursor'));
	if (!entry.eventTime) return dispatch(message('this event has no time'));
	const t = Date.parse(entry.eventTime);
	const minutes = AROUND_MINUTES * 60_000;
	dispatch({type: 'screen', screen: {id: 'events'}});
	dispatch({
		type: 'push',
		step: {kind: 'time', from: new Date(t - minutes).toISOString(), to: new Date(t + minutes).toISOString(), context: true},
		// Millisecond precision (CloudTrail times are whole seconds); the key picks the event among ties.
		anchor: {time: entry.eventTime, key: entry.eventKey},
	});
}

/** Marks, tags, notes, the tagged-events timeline and the export (issue 7). */
export const evidenceCommands = {
	'evidence.mark': {
		title: 'mark / unmark this event (a tags the marked events)',
		category: 'Evidence',
		scope: 'grid',
		run({state, dispatch}) {
			const row = currentRow(state);
			if (!row) return dispatch(message('no event under the cursor'));
			dispatch({type: 'mark', key: row.event_key});
		},
	},
	'evidence.unmark': {
		title: 'unmark every event',
		category: 'Evidence',
		scope: 'grid',
		run: ({dispatch}) => dispatch({type: 'unmark-all'}),
	},
	'evidence.tag': {
		title: 'tag the marked events (or this one), with an optional note',
		category: 'Evidence',
		scope: 'grid',
		run({state, dispatch}) {
			const row = currentRow(state);
			const keys = state.marked.length > 0 ? state.marked : row ? [row.event_key] : [];
			if (keys.length === 0) return dispatch(message('no event under the cursor'));
			dispatch({type: 'open', modal: prompt({for: 'tag', keys})});
		},
	},
	'evidence.note': {
		title: 'write a note on this event',
		category: 'Evidence',
		scope: 'grid',
		run({state, dispatch}) {
			const row = currentRow(state);
			if (!row) return dispatch(message('no event under the cursor'));
			dispatch({type: 'open', modal: prompt({for: 'note', key: row.event_key})});
		},
	},
	'evidence.timeline': {
		title: 'tagged events as a timeline',
		category: 'Evidence',
		scope: 'grid',
		run({dispatch, effects}) {
			dispatch({type: 'screen', screen: {id: 'tagged', cursor: 0}});
			effects.loadTimeline();
		},
	},
	'tagged.jump': {
		title: '±15 minutes around the tagged event in the grid (Backspace returns)',
		category: 'Evidence',
		scope: 'tagged',
		run: jumpToTagged,
	},
	'tagged.untag': {
		title: "withdraw the event's tags (asks which; they stay in the case as withdrawn)",
		category: 'Evidence',
		scope: 'tagged',
		run({state, dispatch}) {
			const entry = state.screen.id === 'tagged' ? state.timeline?.[state.screen.cursor] : undefined;
			if (!entry) return dispatch(message('no tagged event under the cursor'));
			dispatch({type: 'open', modal: prompt({for: 'untag', key: entry.eventKey}, entry.tags.map((t) => t.tag).join(' '))});
		},
	},
	'evidence.export': {
		title: 'export an evidence bundle (folder, tags), with progress',
		category: 'Evidence',
		scope: 'grid',
		run({state, dispatch}) {
			if (state.exportJob?.running) return dispatch({type: 'open', modal: {kind: 'export'}});
			dispatch({type: 'open', modal: prompt({for: 'export-dir'}, defaultBundleDir(state))});
		},
	},
	'export.close': {
		title: 'cancel the export (close it when finished)',
		category: 'Evidence',
		scope: 'export',
		run({state, dispatch, effects}) {
			if (state.exportJob?.running) return effects.cancelExport();
			dispatch({type: 'close'});
		},
	},
	'input.submit': {title: 'accept what was typed', category: 'Evidence', scope: 'input', run: submitInput},
	'input.cancel': {title: 'cancel the prompt', category: 'Evidence', scope: 'input', run: ({dispatch}) => dispatch({type: 'close'})},
	'input.delete': {title: 'delete a character', category: 'Evidence', scope: 'input', run: ({state, dispatch}) => dispatch(editInput(state, (t) => [...t].slice(0, -1).join('')))},
	'input.clear': {title: 'clear the text', category: 'Evidence', scope: 'input', run: ({state, dispatch}) => dispatch(editInput(state, () => ''))},
} satisfies Record<string, Command>;
