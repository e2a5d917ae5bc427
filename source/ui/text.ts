import {escapeControls} from '../util/sanitize.js';

/**
 * Terminal text helpers. Every string from the case goes through `safe` (controls and bidi overrides
 * shown escaped) and is fitted to its cell by display width, so nothing from the data can move the
 * cursor, change the screen, or wrap into the layout.
 */
export const safe = (value: unknown): string => (value === null || value === undefined ? '' : escapeControls(String(value)));

/** Display width of one code point: 0 for combining marks, 2 for wide East Asian and emoji, else 1. */
function charWidth(code: number): number {
	if (code >= 0x300 && code <= 0x36f) return 0;
	if (code === 0x200b || code === 0x200c || code === 0x200d || (code >= 0xfe00 && code <= 0xfe0f)) return 0;
	if (
		(code >= 0x1100 && code <= 0x115f) ||
		(code >= 0x2e80 && code <= 0xa4cf) ||
		(code >= 0xac00 && code <= 0xd7a3) ||
		(code >= 0xf900 && code <= 0xfaff) ||
		(code >= 0xfe30 && code <= 0xfe4f) ||
		(code >= 0xff00 && code <= 0xff60) ||
		(code >= 0xffe0 && code <= 0xffe6) ||
		(code >= 0x1f300 && code <= 0x1f64f) ||
		(code >= 0x1f900 && code <= 0x1f9ff) ||
		(code >= 0x20000 && code <= 0x3fffd)
	) {
		return 2;
	}
	return 1;
}

export function displayWidth(text: string): number {
	let width = 0;
	for (const char of text) width += charWidth(char.codePointAt(0)!);
	return width;
}

/** Escapes `value` and cuts it to `width` columns with an ellipsis; `pad` fills it to exactly `width`. */
export function fit(value: unknown, width: number, pad = true): string {
	if (width <= 0) return '';
	const text = safe(value);
	let out = '';
	let used = 0;
	const chars = [...text];
	const total = displayWidth(text);
	const limit = total > width ? width - 1 : width;
	for (const char of chars) {
		const w = charWidth(char.codePointAt(0)!);
		if (used + w > limit) break;
		out += char;
		used += w;
	}
	if (total > width) {
		out += '…';
		used += 1;
	}
	return pad ? out + ' '.repeat(Math.max(0, width - used)) : out;
}

/** Cuts escaped text into lines of at most `width` columns (the detail view wraps; the grid cuts). */
export function wrap(text: string, width: number): string[] {
	if (width <= 0) return [text];
	const lines: string[] = [];
	let line = '';
	let used = 0;
	for (const char of text) {
		const w = charWidth(char.codePointAt(0)!);
		if (used + w > width) {
			lines.push(line);
			line = '';
			used = 0;
		}
		line += char;
		used += w;
	}
	lines.push(line);
	return lines;
}

/** 1234567 -> "1,234,567" (fixed locale: output must not depend on the machine). */
export const count = (n: number): string => n.toLocaleString('en-US');
