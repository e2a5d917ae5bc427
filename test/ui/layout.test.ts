import {describe, expect, it} from 'vitest';
import {GUTTER, layoutColumns} from '../../source/app/columns.js';
import {displayWidth, fit, wrap} from '../../source/ui/text.js';
import {prettyJson} from '../../source/ui/pretty-json.js';
import {compactJson} from '../../source/case/original-records.js';

describe('grid layout', () => {
	it('fills the width exactly from 80 columns up, with every required column', () => {
		for (let width = 80; width <= 260; width++) {
			const placed = layoutColumns(width);
			const used = placed.reduce((n, p) => n + p.width, 0) + (placed.length - 1) + GUTTER;
			expect(used, `width ${width}`).toBe(width);
			for (const id of ['time', 'account', 'principal', 'event', 'ip', 'region', 'error', 'resource']) {
				expect(placed.some((p) => p.column.id === id)).toBe(true);
			}
			expect(placed.find((p) => p.column.id === 'time')!.width).toBe(20);
		}
	});

	it('adds the access key and user agent columns on wide terminals', () => {
		expect(layoutColumns(120).some((p) => p.column.id === 'user-agent')).toBe(false);
		expect(layoutColumns(240).some((p) => p.column.id === 'user-agent')).toBe(true);
		expect(layoutColumns(240).some((p) => p.column.id === 'access-key')).toBe(true);
	});
});

describe('terminal text', () => {
	it('cuts long values with an ellipsis at the display width, wide characters included', () => {
		expect(fit('abcdefgh', 5)).toBe('abcd…');
		expect(fit('abc', 5)).toBe('abc  ');
		expect(displayWidth(fit('日本語のテキスト', 7))).toBe(7);
		expect(fit('日本語のテキスト', 7)).toBe('日本語…');
	});

	it('shows control characters, escapes and bidi overrides visibly instead of sending them', () => {
		const hostile = '\u001b]8;;https://evil.example/\u0007click\u001b]8;;\u0007\u001b[2J\u202e\u009b';
		const shown = fit(hostile, 200, false);
		expect(shown).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e]/);
		expect(shown).toContain('\\x1b]8;;https://evil.example/\\x07');
		expect(shown).toContain('\\u202e');
	});

	it('wraps lines for the detail view without losing characters', () => {
		expect(wrap('abcdefghij', 4)).toEqual(['abcd', 'efgh', 'ij']);
	});

	it('indents a record without changing its tokens (numbers, key order, escapes)', () => {
		const text = '{"b":12345678901234567890,"a":[1,2.50,{}],"s":"x\\"y\\u001b ,:{}","e":[]}';
		const lines = prettyJson(text);
		expect(compactJson(lines.join('\n'))).toBe(text);
		expect(lines).toContain('  "b": 12345678901234567890,');
		expect(lines[0]).toBe('{');
	});
});
