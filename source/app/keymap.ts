import type {CommandId} from './commands.js';

/** Ink's view of one key press. */
export interface KeyEvent {
	input: string;
	key: {
		upArrow: boolean;
		downArrow: boolean;
		leftArrow: boolean;
		rightArrow: boolean;
		pageUp: boolean;
		pageDown: boolean;
		home: boolean;
		end: boolean;
		return: boolean;
		escape: boolean;
		ctrl: boolean;
		shift: boolean;
		tab: boolean;
		backspace: boolean;
		delete: boolean;
		meta: boolean;
	};
}

export interface Binding {
	/** `j`, `G`, `?`, `enter`, `pagedown`, `ctrl+c`, `shift+tab`, ... (parsed once, at load). */
	key: string;
	command: CommandId;
}

/** The default keys: data only. The help screen and the docs' keys table are generated from this. */
export const keymap: readonly Binding[] = [
	{key: 'up', command: 'nav.up'},
	{key: 'k', command: 'nav.up'},
	{key: 'down', command: 'nav.down'},
	{key: 'j', command: 'nav.down'},
	{key: 'left', command: 'nav.left'},
	{key: 'h', command: 'nav.left'},
	{key: 'right', command: 'nav.right'},
	{key: 'l', command: 'nav.right'},
	{key: 'pageup', command: 'nav.page-up'},
	{key: 'ctrl+b', command: 'nav.page-up'},
	{key: 'pagedown', command: 'nav.page-down'},
	{key: 'ctrl+f', command: 'nav.page-down'},
	{key: 'space', command: 'nav.page-down'},
	{key: 'g', command: 'nav.top'},
	{key: 'home', command: 'nav.top'},
	{key: 'G', command: 'nav.bottom'},
	{key: 'end', command: 'nav.bottom'},

	{key: 'enter', command: 'pivot.cell'},
	{key: 'r', command: 'pivot.role'},
	{key: 'p', command: 'pivot.choose'},
	{key: 'backspace', command: 'pivot.pop'},
	{key: 'x', command: 'pivot.clear'},
	{key: 'enter', command: 'menu.choose'},

	{key: '/', command: 'search.open'},
	{key: 'enter', command: 'prompt.submit'},
	{key: 'escape', command: 'prompt.cancel'},
	{key: 'backspace', command: 'prompt.delete'},
	{key: 'ctrl+u', command: 'prompt.clear'},

	{key: 'f', command: 'facets.open'},
	{key: 'tab', command: 'facets.next'},
	{key: 'right', command: 'facets.next'},
	{key: 'l', command: 'facets.next'},
	{key: 'shift+tab', command: 'facets.prev'},
	{key: 'left', command: 'facets.prev'},
	{key: 'h', command: 'facets.prev'},
	{key: 'enter', command: 'facets.pivot'},

	{key: 't', command: 'time.histogram'},
	{key: 'z', command: 'time.around'},
	{key: 'enter', command: 'time.zoom'},
	{key: 'v', command: 'time.mark'},
	{key: '-', command: 'time.zoom-out'},
	{key: '-', command: 'grid.zoom-out'},

	{key: 'd', command: 'detail.open'},

	{key: 'H', command: 'hunts.open'},
	{key: 'enter', command: 'hunts.pivot'},
	{key: 'R', command: 'hunts.rerun'},
	{key: 's', command: 'hunts.stop'},

	{key: 'm', command: 'evidence.mark'},
	{key: 'u', command: 'evidence.unmark'},
	{key: 'a', command: 'evidence.tag'},
	{key: 'n', command: 'evidence.note'},
	{key: 'T', command: 'evidence.timeline'},
	{key: 'enter', command: 'tagged.jump'},
	{key: 'x', command: 'tagged.untag'},
	{key: 'e', command: 'evidence.export'},
	{key: 'escape', command: 'export.close'},
	{key: 'q', command: 'export.close'},
	{key: 'enter', command: 'input.submit'},
	{key: 'escape', command: 'input.cancel'},
	{key: 'backspace', command: 'input.delete'},
	{key: 'ctrl+u', command: 'input.clear'},

	{key: '?', command: 'app.help'},
	{key: 'escape', command: 'app.close'},
	{key: 'q', command: 'app.quit'},
	{key: 'ctrl+c', command: 'app.exit'},
];

const NAMED: Record<string, (k: KeyEvent['key'], input: string) => boolean> = {
	up: (k) => k.upArrow,
	down: (k) => k.downArrow,
	left: (k) => k.leftArrow,
	right: (k) => k.rightArrow,
	pageup: (k) => k.pageUp,
	pagedown: (k) => k.pageDown,
	home: (k) => k.home,
	end: (k) => k.end,
	enter: (k) => k.return,
	escape: (k) => k.escape,
	tab: (k) => k.tab && !k.shift,
	'shift+tab': (k) => k.tab && k.shift,
	// Most terminals send DEL (0x7f) for Backspace, which Ink 6 reports as `delete`.
	backspace: (k) => k.backspace || k.delete,
	space: (k, input) => input === ' ' && !k.ctrl && !k.meta,
};

export type Matcher = (event: KeyEvent) => boolean;

/** Parses a key name once; an unknown name throws at startup rather than silently never matching. */
export function parseKey(name: string): Matcher {
	const named = NAMED[name];
	if (named) return ({key, input}) => named(key, input);
	const ctrl = /^ctrl\+([a-z])$/.exec(name);
	if (ctrl) return ({key, input}) => key.ctrl && input === ctrl[1];
	if ([...name].length === 1 && name > ' ') return ({key, input}) => input === name && !key.ctrl && !key.meta;
	throw new Error(`keymap: unknown key name "${name}"`);
}

export const matchers: ReadonlyMap<Binding, Matcher> = new Map(keymap.map((b) => [b, parseKey(b.key)]));

/** How a key is written in the help screen. */
export function keyLabel(name: string): string {
	const labels: Record<string, string> = {up: '↑', down: '↓', left: '←', right: '→', pageup: 'PgUp', pagedown: 'PgDn', enter: 'Enter', escape: 'Esc', backspace: 'Backspace', tab: 'Tab', 'shift+tab': 'Shift-Tab', space: 'Space', home: 'Home', end: 'End'};
	return labels[name] ?? name.replace(/^ctrl\+/, 'Ctrl-');
}
