import {useInput} from 'ink';
import {useCallback} from 'react';
import {commands, typeIntoSearch, type CommandId, type Scope} from './commands.js';
import type {Effects} from './effects.js';
import {typeIntoInput} from './evidence-commands.js';
import {helpLines} from './help.js';
import {keymap, matchers, type KeyEvent} from './keymap.js';
import {topModal, type Action, type AppState} from './state.js';

/** The scopes that may take a key, first match wins: overlay, movement, screen, then global. */
export function activeScopes(state: AppState): Scope[] {
	const modal = topModal(state);
	if (modal?.kind === 'search') return ['always', 'prompt'];
	if (modal?.kind === 'input') return ['always', 'input'];
	if (modal) return ['always', modal.kind, 'nav', 'global'];
	const screen: Scope = state.screen.id === 'events' ? 'grid' : state.screen.id;
	return ['always', screen, 'nav', 'global'];
}

/** The command a key runs in this state, if any. */
export function commandFor(state: AppState, event: KeyEvent): CommandId | undefined {
	for (const scope of activeScopes(state)) {
		for (const binding of keymap) {
			if (commands[binding.command].scope === scope && matchers.get(binding)!(event)) return binding.command;
		}
	}
	return undefined;
}

// Pasted text may carry newlines or escapes; only printable characters go into the prompt.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f]/g;

const NO_KEY: KeyEvent['key'] = {
	upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageUp: false, pageDown: false, home: false, end: false,
	return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
};

/**
 * Ink hands over a run of plain characters as one input (a paste, or keys that piled up while the
 * app was busy: "jjj", "j\r"). Split it back into key presses so none is lost.
 */
export function splitKeys(input: string): KeyEvent[] {
	return [...input].map((char) => {
		const code = char.codePointAt(0)!;
		if (char === '\r' || char === '\n') return {input: '', key: {...NO_KEY, return: true}};
		if (char === '\t') return {input: '', key: {...NO_KEY, tab: true}};
		if (code === 0x7f) return {input: '', key: {...NO_KEY, delete: true}};
		if (code === 0x08) return {input: '', key: {...NO_KEY, backspace: true}};
		if (code < 0x20) return {input: String.fromCharCode(code + 0x60), key: {...NO_KEY, ctrl: true}};
		return {input: char, key: {...NO_KEY, shift: /[A-Z]/.test(char)}};
	});
}

/** What a key press can reach: the reducer, the effects, and quitting. */
export interface KeyContext {
	dispatch: (action: Action) => void;
	exit: () => void;
	effects: Effects;
	/** The newest state (a run of keys: each sees the effect of the one before). */
	getState?: () => AppState;
}

/** Runs the command for a key press, or types into the search or tag/note/export prompt. */
export function handleKey(state: AppState, event: KeyEvent, ctx: KeyContext): void {
	const plain = !event.key.ctrl && !event.key.meta && !event.key.escape;
	if (plain && [...event.input].length > 1) {
		for (const one of splitKeys(event.input)) handleKey(ctx.getState?.() ?? state, one, ctx);
		return;
	}
	const id = commandFor(state, event);
	if (id) {
		commands[id].run({state, dispatch: ctx.dispatch, exit: ctx.exit, effects: ctx.effects, helpLines: () => helpLines().length});
		return;
	}
	const kind = topModal(state)?.kind;
	if ((kind === 'search' || kind === 'input') && !event.key.ctrl && !event.key.meta) {
		// What the analyst types is shown and stored: control characters never get in.
		const text = event.input.replace(UNPRINTABLE, '');
		if (text) ctx.dispatch(kind === 'search' ? typeIntoSearch(state, text) : typeIntoInput(state, text));
	}
}

/**
 * The app's only useInput. Reads the newest state through `getState`, so the handler keeps one
 * identity (Ink 6 re-subscribes whenever the handler changes) and never sees a stale state.
 */
export function useDispatcher(getState: () => AppState, dispatch: (action: Action) => void, exit: () => void, effects: Effects): void {
	const handler = useCallback(
		(input: string, key: KeyEvent['key']) => handleKey(getState(), {input, key}, {dispatch, exit, effects, getState}),
		[getState, dispatch, exit, effects],
	);
	useInput(handler);
}
