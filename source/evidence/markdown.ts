import {escapeControls} from '../util/sanitize.js';

/**
 * Markdown for text we did not write. Log values go in code spans: inside one, Markdown renders
 * nothing — no links, autolinks, HTML or emphasis — so a crafted userAgent stays inert text. Control
 * and bidi characters are escaped first, which also keeps each value on one line.
 */
export function mdCode(value: unknown): string {
	if (value === null || value === undefined || value === '') return '(none)';
	const text = escapeControls(String(value));
	const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
	const fence = '`'.repeat(longest + 1);
	const pad = text.startsWith('`') || text.endsWith('`') || text.startsWith(' ') || text.endsWith(' ') ? ' ' : '';
	return `${fence}${pad}${text}${pad}${fence}`;
}

/**
 * Analyst prose (notes, names) as plain Markdown text, placed after a prefix on its line. Inline
 * syntax characters are backslash-escaped (CommonMark allows it for any ASCII punctuation), `<` and
 * `&` become entities, and continuation lines lose their indentation and any opener that would start a
 * heading, list, quote or rule. Each line is escaped on its own so line breaks survive (as hard breaks).
 */
export function mdText(value: string): string {
	return value
		.split('\n')
		.map((line, index) => {
			const inline = escapeControls(index === 0 ? line : line.replace(/^\s+/, ''))
				.replace(/[\\`*_[\]|~!]/g, (c) => `\\${c}`)
				.replace(/&/g, '&amp;')
				.replace(/</g, '&lt;');
			return index === 0 ? inline : inline.replace(/^([#>+=-])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
		})
		.join('  \n');
}

/** Indents continuation lines so a multi-line text stays inside its list item. */
export function mdIndent(text: string, spaces: number): string {
	return text.replaceAll('\n', `\n${' '.repeat(spaces)}`);
}
