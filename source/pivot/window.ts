import {fetchPage, type Connection, type PageHint} from './run.js';
import type {Cursor, GridRow} from './grid-page.js';
import type {Step} from './steps.js';

/**
 * What the grid asks for: a fresh window (at the first or last event, or around a given event), or
 * one more page past either edge of what it holds.
 */
export type GridRequest =
	| {mode: 'reset'; anchor: 'first' | 'last' | Cursor}
	| {mode: 'extend'; direction: 'forward' | 'backward'; from: Cursor};

export interface WindowPage {
	rows: GridRow[];
	atStart: boolean;
	atEnd: boolean;
	/** Index of the anchor row (or the first row after where it would be) for resets. */
	cursor: number;
	milliseconds: number;
}

/** Loads the rows for one request: `page` rows per page, asking for one more to know if the edge is reached. */
export async function loadWindow(
	conn: Connection,
	steps: readonly Step[],
	request: GridRequest,
	page: number,
	signal?: AbortSignal,
	hint?: PageHint,
): Promise<WindowPage> {
	if (request.mode === 'extend') {
		const got = await fetchPage(conn, steps, {direction: request.direction, cursor: request.from, limit: page + 1}, signal, hint);
		const more = got.value.length > page;
		const rows = request.direction === 'forward' ? got.value.slice(0, page) : got.value.slice(-page);
		const edge = !more;
		return {rows, atStart: request.direction === 'backward' ? edge : false, atEnd: request.direction === 'forward' ? edge : false, cursor: 0, milliseconds: got.milliseconds};
	}
	if (request.anchor === 'first' || request.anchor === 'last') {
		const forward = request.anchor === 'first';
		const got = await fetchPage(conn, steps, {direction: forward ? 'forward' : 'backward', limit: page + 1}, signal, hint);
		const more = got.value.length > page;
		const rows = forward ? got.value.slice(0, page) : got.value.slice(-page);
		return {rows, atStart: forward || !more, atEnd: !forward || !more, cursor: forward ? 0 : Math.max(0, rows.length - 1), milliseconds: got.milliseconds};
	}
	// Around an event: a page before it and a page from it, so it opens mid-screen with context.
	const before = await fetchPage(conn, steps, {direction: 'backward', cursor: request.anchor, limit: page + 1}, signal, hint);
	signal?.throwIfAborted();
	const after = await fetchPage(conn, steps, {direction: 'forward', cursor: request.anchor, inclusive: true, limit: page + 1}, signal, hint);
	const head = before.value.slice(-page);
	const tail = after.value.slice(0, page);
	const rows = [...head, ...tail];
	let cursor = head.length;
	// Past the last event: show the end of the view instead of an empty screen.
	if (tail.length === 0 && head.length > 0) cursor = head.length - 1;
	return {
		rows,
		atStart: before.value.length <= page,
		atEnd: after.value.length <= page,
		cursor,
		milliseconds: before.milliseconds + after.milliseconds,
	};
}
