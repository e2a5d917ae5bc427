import {escapeControls} from './sanitize.js';

/** Text of one cell for a terminal: controls escaped, one line, cut with an ellipsis past `width`. */
export function cellText(value: unknown, width: number): string {
	let text: string;
	if (value === null || value === undefined) text = '';
	else if (value instanceof Date) text = value.toISOString();
	else if (typeof value === 'object') text = JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v));
	else text = String(value);
	text = escapeControls(text);
	if (width <= 0) return '';
	return text.length > width ? `${text.slice(0, Math.max(0, width - 1))}…` : text;
}

/** A plain aligned table for the CLI (the TUI has its own virtualised grid). */
export function renderTable(rows: readonly Record<string, unknown>[], columns: readonly string[], maxWidth = 160, maxCell = 48): string {
	const widths = columns.map((column) => Math.min(maxCell, Math.max(escapeControls(column).length, ...rows.map((row) => cellText(row[column], maxCell).length))));
	const line = (cells: string[]) => cells.map((cell, i) => cell.padEnd(widths[i]!)).join('  ').trimEnd().slice(0, maxWidth);
	const out = [line(columns.map((c, i) => cellText(c, widths[i]!))), line(widths.map((w) => '-'.repeat(w)))];
	for (const row of rows) out.push(line(columns.map((column, i) => cellText(row[column], widths[i]!))));
	return out.join('\n');
}
