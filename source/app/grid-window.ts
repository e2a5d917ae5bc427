import type {Cursor, GridRow} from '../pivot/grid-page.js';
import type {GridRequest} from '../pivot/window.js';

/**
 * The grid keeps a window of loaded rows around the cursor and asks for more only near its edges
 * (keyset pages of one screen each), so scrolling a million events never loads a million rows.
 */
export interface GridWindow {
	rows: GridRow[];
	/** Index of the cursor row in `rows`. */
	cursor: number;
	/** Index of the first visible row in `rows`. */
	top: number;
	/** rows[0] is the first event of the view / rows[last] is the last one. */
	atStart: boolean;
	atEnd: boolean;
	/** Rows the cursor still has to travel once the pending page arrives (keys pressed while loading). */
	pendingMove: number;
	request: GridRequest | null;
	/** Bumped on every new request: a result for an older one is ignored. */
	seq: number;
	/** A reset is in flight: the rows on screen belong to the previous view. */
	resetting: boolean;
}

export const emptyWindow = (seq = 0): GridWindow => ({
	rows: [],
	cursor: 0,
	top: 0,
	atStart: true,
	atEnd: true,
	pendingMove: 0,
	request: null,
	seq,
	resetting: false,
});

export const cursorOf = (row: GridRow): Cursor => ({time: row.event_time, key: row.event_key});

/** Keep at most this many screens of rows loaded. */
const KEEP_SCREENS = 6;

export function resetWindow(w: GridWindow, anchor: 'first' | 'last' | Cursor): GridWindow {
	return {...w, pendingMove: 0, request: {mode: 'reset', anchor}, seq: w.seq + 1, resetting: true};
}

function keepVisible(w: GridWindow, visible: number): GridWindow {
	let top = w.top;
	if (w.cursor < top) top = w.cursor;
	if (w.cursor >= top + visible) top = w.cursor - visible + 1;
	top = Math.max(0, Math.min(top, Math.max(0, w.rows.length - visible)));
	if (w.cursor < top) top = w.cursor;
	return top === w.top ? w : {...w, top};
}

/** Asks for the next page when the cursor comes within a screen of an unloaded edge. */
function prefetch(w: GridWindow, visible: number): GridWindow {
	if (w.request || w.rows.length === 0) return w;
	if (!w.atEnd && w.cursor >= w.rows.length - visible) {
		return {...w, request: {mode: 'extend', direction: 'forward', from: cursorOf(w.rows[w.rows.length - 1]!)}, seq: w.seq + 1};
	}
	if (!w.atStart && w.cursor < visible) {
		return {...w, request: {mode: 'extend', direction: 'backward', from: cursorOf(w.rows[0]!)}, seq: w.seq + 1};
	}
	return w;
}

/** Moves the cursor by `delta` rows; `keepScreenRow` keeps it on the same screen line (page keys). */
export function moveCursor(w: GridWindow, delta: number, visible: number, keepScreenRow = false): GridWindow {
	if (w.resetting || w.rows.length === 0) return w;
	const target = w.cursor + delta + w.pendingMove;
	const last = w.rows.length - 1;
	const cursor = Math.max(0, Math.min(last, target));
	let pendingMove = 0;
	if (target > last && !w.atEnd) pendingMove = target - last;
	if (target < 0 && !w.atStart) pendingMove = target;
	const top = keepScreenRow ? w.top + (cursor - w.cursor) : w.top;
	let next: GridWindow = {...w, cursor, top: Math.max(0, top), pendingMove};
	next = keepVisible(next, visible);
	return prefetch(next, visible);
}

/** True while the screen waits for rows it has to show (not for a background prefetch). */
export function isBlocked(w: GridWindow): boolean {
	return w.resetting || w.pendingMove !== 0;
}

/** The rows that came back for a request, placed into the window. */
export function applyPage(
	w: GridWindow,
	seq: number,
	page: {rows: GridRow[]; atStart: boolean; atEnd: boolean; cursor: number},
	visible: number,
): GridWindow {
	if (seq !== w.seq || !w.request) return w;
	const request = w.request;
	let next: GridWindow;
	if (request.mode === 'reset') {
		next = {...w, rows: page.rows, cursor: page.cursor, top: Math.max(0, page.cursor - Math.floor(visible / 3)), atStart: page.atStart, atEnd: page.atEnd, request: null, resetting: false, pendingMove: 0};
		if (request.anchor === 'first') next.top = 0;
		if (request.anchor === 'last') next.top = Math.max(0, page.rows.length - visible);
	} else if (request.direction === 'forward') {
		next = {...w, rows: [...w.rows, ...page.rows], atEnd: page.atEnd, request: null};
	} else {
		const n = page.rows.length;
		next = {...w, rows: [...page.rows, ...w.rows], cursor: w.cursor + n, top: w.top + n, atStart: page.atStart, request: null};
	}
	next = trim(next, visible);
	next = keepVisible(next, visible);
	if (next.pendingMove !== 0) {
		const pending = next.pendingMove;
		next = moveCursor({...next, pendingMove: 0}, pending, visible, true);
		// The edge of the view was reached: nothing more to wait for.
		if ((pending > 0 && next.atEnd) || (pending < 0 && next.atStart)) next = {...next, pendingMove: 0};
		return next;
	}
	return prefetch(next, visible);
}

/** Drops rows far from the cursor so memory stays bounded on long scrolls. */
function trim(w: GridWindow, visible: number): GridWindow {
	const keep = Math.max(200, visible * KEEP_SCREENS);
	if (w.rows.length <= keep) return w;
	const extra = w.rows.length - keep;
	const cutStart = Math.min(extra, Math.max(0, w.top - visible));
	const cutEnd = Math.min(extra - cutStart, Math.max(0, w.rows.length - (w.top + 2 * visible)));
	return {
		...w,
		rows: w.rows.slice(cutStart, w.rows.length - cutEnd),
		cursor: w.cursor - cutStart,
		top: w.top - cutStart,
		atStart: w.atStart && cutStart === 0,
		atEnd: w.atEnd && cutEnd === 0,
	};
}
