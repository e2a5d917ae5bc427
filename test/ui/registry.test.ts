import {describe, expect, it} from 'vitest';
import {commands, type CommandId} from '../../source/app/commands.js';
import {helpLines, keysMarkdown} from '../../source/app/help.js';
import {keymap, matchers, parseKey, type KeyEvent} from '../../source/app/keymap.js';
import {activeScopes, commandFor, splitKeys} from '../../source/app/use-dispatcher.js';
import {initialState, reducer} from '../../source/app/state.js';

const noKey: KeyEvent['key'] = {
	upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageUp: false, pageDown: false, home: false, end: false,
	return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
};
const summary = {name: 'case', total: 10, first: '2026-11-02T00:00:00.000000Z', last: '2026-11-02T01:00:00.000000Z', tampered: {}};
const state = initialState(summary, {width: 120, height: 32});

describe('the command registry and keymap', () => {
	it('binds every command to at least one key, and every binding names a command', () => {
		for (const id of Object.keys(commands) as CommandId[]) expect(keymap.some((b) => b.command === id), id).toBe(true);
		for (const binding of keymap) expect(commands[binding.command]).toBeDefined();
	});

	it('never binds one key twice in the same scope', () => {
		const seen = new Set<string>();
		for (const binding of keymap) {
			const slot = `${commands[binding.command].scope}:${binding.key}`;
			expect(seen.has(slot), slot).toBe(false);
			seen.add(slot);
		}
	});

	it('gives every command a title and a category, with ids written scope.verb', () => {
		for (const [id, command] of Object.entries(commands)) {
			expect(id).toMatch(/^[a-z]+\.[a-z-]+$/);
			expect(command.title.length).toBeGreaterThan(3);
			expect(command.category).toBeTruthy();
		}
	});

	it('refuses unknown key names at load', () => {
		expect(() => parseKey('ctrl+shift+banana')).toThrow(/unknown key/);
		expect(() => parseKey('')).toThrow();
		for (const binding of keymap) expect(matchers.get(binding)).toBeTypeOf('function');
	});

	it('generates the help screen and the docs table from the registry', () => {
		const help = helpLines().join('\n');
		const table = keysMarkdown();
		for (const command of Object.values(commands)) {
			expect(help).toContain(command.title);
			expect(table).toContain(command.title);
		}
		expect(help).toMatch(/Enter\s/);
	});

	it('routes a key by scope: the overlay first, then movement, then the screen, then global', () => {
		expect(commandFor(state, {input: '', key: {...noKey, return: true}})).toBe('pivot.cell');
		const facets = reducer(state, {type: 'open', modal: {kind: 'facets', facet: 'ip', cursor: 0}});
		expect(activeScopes(facets)[1]).toBe('facets');
		expect(commandFor(facets, {input: '', key: {...noKey, return: true}})).toBe('facets.pivot');
		expect(commandFor(facets, {input: 'l', key: noKey})).toBe('facets.next');
		expect(commandFor(facets, {input: 'j', key: noKey})).toBe('nav.down');
		expect(commandFor(facets, {input: 'q', key: noKey})).toBe('app.quit');
		const search = reducer(state, {type: 'open', modal: {kind: 'search', text: ''}});
		expect(commandFor(search, {input: 'q', key: noKey})).toBeUndefined();
		expect(commandFor(search, {input: 'c', key: {...noKey, ctrl: true}})).toBe('app.exit');
		// Terminals send DEL for Backspace, which Ink reports as `delete`.
		expect(commandFor(state, {input: '', key: {...noKey, delete: true}})).toBe('pivot.pop');
	});

	it('routes keys on the hunts and tagged-events screens and in the tag prompt', () => {
		const enter = {input: '', key: {...noKey, return: true}};
		const hunts = reducer(state, {type: 'screen', screen: {id: 'hunts', cursor: null}});
		expect(activeScopes(hunts)).toEqual(['always', 'hunts', 'nav', 'global']);
		expect(commandFor(hunts, enter)).toBe('hunts.pivot');
		expect(commandFor(hunts, {input: 'R', key: {...noKey, shift: true}})).toBe('hunts.rerun');
		expect(commandFor(hunts, {input: 'm', key: noKey})).toBeUndefined(); // grid keys stay on the grid
		expect(commandFor(hunts, {input: 'q', key: noKey})).toBe('app.quit');
		const tagged = reducer(state, {type: 'screen', screen: {id: 'tagged', cursor: 0}});
		expect(commandFor(tagged, enter)).toBe('tagged.jump');
		const prompt = reducer(state, {type: 'open', modal: {kind: 'input', purpose: {for: 'tag', keys: ['k']}, text: '', error: null}});
		expect(commandFor(prompt, enter)).toBe('input.submit');
		expect(commandFor(prompt, {input: 'q', key: noKey})).toBeUndefined(); // typed, not quit
		expect(commandFor(prompt, {input: 'm', key: noKey})).toBeUndefined();
		expect(commandFor(state, {input: 'm', key: noKey})).toBe('evidence.mark');
	});

	it('splits a run of typed characters back into key presses', () => {
		const keys = splitKeys('jj\r\u007fx');
		expect(keys.map((k) => k.input)).toEqual(['j', 'j', '', '', 'x']);
		expect(keys[2]!.key.return).toBe(true);
		expect(keys[3]!.key.delete).toBe(true);
	});
});
