import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {mdCode, mdText} from '../../source/evidence/markdown.js';
import {repoRoot} from './helpers.js';

describe('markdown for untrusted text', () => {
	it('puts log values in a code span longer than any backtick run inside them', () => {
		expect(mdCode('plain')).toBe('`plain`');
		expect(mdCode('a `b` c')).toBe('``a `b` c``');
		expect(mdCode('```x')).toBe('```` ```x ````');
		expect(mdCode(null)).toBe('(none)');
	});

	it('escapes control and bidi characters so a value stays on one visible line', () => {
		expect(mdCode('a\nb\u001b[2J\u202e')).toBe('`a\\x0ab\\x1b[2J\\u202e`');
	});

	it('keeps analyst prose as text: no links, HTML or block openers, line breaks kept', () => {
		expect(mdText('see [x](http://e) <b>&')).toBe('see \\[x\\](http://e) &lt;b>&amp;');
		expect(mdText('first\n# not a heading\n    - not a list\n1. nor this')).toBe('first  \n\\# not a heading  \n\\- not a list  \n1\\. nor this');
	});
});

describe('evidence domain hygiene', () => {
	it('never imports ink or react (the TUI calls it; it does not call the TUI)', () => {
		const dir = path.join(repoRoot, 'source', 'evidence');
		for (const file of readdirSync(dir)) {
			const text = readFileSync(path.join(dir, file), 'utf8');
			expect(text, file).not.toMatch(/from ['"](ink|react)(\/[^'"]*)?['"]/);
		}
	});
});
