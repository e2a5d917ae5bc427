import {Box, Text} from 'ink';
import type {ReactNode} from 'react';
import type {PlacedColumn} from '../../app/columns.js';
import type {GridRow} from '../../pivot/grid-page.js';
import {fit} from '../text.js';

export interface GridProps {
	columns: PlacedColumn[];
	/** Only the rows on screen (the window is sliced by the caller). */
	rows: GridRow[];
	/** Index in `rows` of the cursor row (-1: not on screen). */
	cursor: number;
	col: number;
	height: number;
	width: number;
	/** Shown instead of rows while the first page of a view loads or when it is empty. */
	placeholder?: string;
	/** Replaces the cell-value line (the search prompt lives there). */
	footer?: ReactNode;
	/** source_id -> verify outcome for sources that failed validation: their events get a `!`. */
	tampered?: Record<number, string>;
	/** Event keys marked with `m` (gutter `*`). */
	marked?: ReadonlySet<string>;
	/** Active tags per tagged event (gutter `#`, and the cell line names them). */
	tags?: Record<string, string[]>;
}

const NO_MARKS: ReadonlySet<string> = new Set();

// Cell texts per row and column layout: rows are immutable, so a redraw that only moves the cursor
// reuses them instead of escaping and fitting every cell again.
const cache = new WeakMap<GridRow, {layout: PlacedColumn[]; cells: string[]}>();

function cellTexts(row: GridRow, columns: PlacedColumn[]): string[] {
	const hit = cache.get(row);
	if (hit?.layout === columns) return hit.cells;
	const cells = columns.map((c, j) => fit(c.column.text(row), c.width) + (j < columns.length - 1 ? ' ' : ''));
	cache.set(row, {layout: columns, cells});
	return cells;
}

/** Header, the visible rows (never more), and a line with the full value of the cursor cell. */
export function Grid({columns, rows, cursor, col, height, width, placeholder, footer, tampered = {}, marked = NO_MARKS, tags = {}}: GridProps) {
	// A two-column gutter (80 columns leave no room for a third) marks the cursor row, so it shows
	// without colour (NO_COLOR, plain captures), marked (`*`) and tagged (`#`) events, and events whose
	// file failed verify (`!`). The cursor's `▶` takes the first column, so there the mark moves to the
	// second unless `!` needs it; the cell line always says both.
	const header = `  ${columns.map((c, j) => fit(j === col ? `${c.column.title}*` : c.column.title, c.width)).join(' ')}`;
	const lines = [];
	for (let i = 0; i < height; i++) {
		const row = rows[i];
		if (!row) {
			lines.push(<Text key={i}>{i === 0 && placeholder ? fit(placeholder, width) : ' '}</Text>);
			continue;
		}
		const cells = cellTexts(row, columns);
		const mark = marked.has(row.event_key) ? '*' : tags[row.event_key] ? '#' : ' ';
		const bad = tampered[row.source_id] ? '!' : '';
		if (i === cursor) {
			lines.push(
				<Text key={i} inverse>
					{`▶${bad || mark}`}
					{cells.slice(0, col).join('')}
					<Text color="cyan">{cells[col]}</Text>
					{cells.slice(col + 1).join('')}
				</Text>,
			);
			continue;
		}
		// Other rows are one plain string (Ink's cost grows with every styled span), except a red error.
		const error = columns.findIndex((c) => c.column.id === 'error');
		lines.push(
			row.error_code && error >= 0 ? (
				<Text key={i}>
					{`${mark}${bad || ' '}${cells.slice(0, error).join('')}`}
					<Text color="red">{cells[error]}</Text>
					{cells.slice(error + 1).join('').trimEnd()}
				</Text>
			) : (
				<Text key={i}>{`${mark}${bad || ' '}${cells.join('')}`.trimEnd()}</Text>
			),
		);
	}
	const current = rows[cursor];
	const placed = columns[col];
	const warning = current && tampered[current.source_id] ? `! source file ${tampered[current.source_id]!.toUpperCase()} (trailcase verify)   ` : '';
	const tagged = current
		? `${marked.has(current.event_key) ? 'marked   ' : ''}${tags[current.event_key] ? `tags: ${tags[current.event_key]!.join(', ')}   ` : ''}`
		: '';
	const cell = current && placed ? `${warning}${tagged}${placed.column.title}: ${placed.column.full(current) || '(empty)'}` : '';
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate-end">
				{fit(header, width)}
			</Text>
			{lines}
			{footer ?? (
				<Text color={warning ? 'red' : 'yellow'} wrap="truncate-end">
					{fit(cell, width)}
				</Text>
			)}
		</Box>
	);
}
