import {detailLines} from '../ui/detail-lines.js';
import {moveCursor, resetWindow} from './grid-window.js';
import {bodyHeight, frameWidth, gridRows} from './layout.js';
import type {Modal} from './screens.js';
import {columnsFor, facetKey, histogramKey} from './selectors.js';
import type {AppState, NavMove} from './state.js';

/** Movement keys: the grid cursor, or whatever the top overlay scrolls or selects. */
export function navGrid(state: AppState, move: NavMove): AppState {
	const visible = gridRows(state.size);
	const w = state.grid;
	switch (move) {
		case 'up':
			return {...state, grid: moveCursor(w, -1, visible)};
		case 'down':
			return {...state, grid: moveCursor(w, 1, visible)};
		case 'page-up':
			return {...state, grid: moveCursor(w, -visible, visible, true)};
		case 'page-down':
			return {...state, grid: moveCursor(w, visible, visible, true)};
		case 'left':
			return {...state, col: Math.max(0, state.col - 1)};
		case 'right':
			return {...state, col: Math.min(columnsFor(state).length - 1, state.col + 1)};
		case 'top':
			return w.atStart && !w.resetting ? {...state, grid: moveCursor(w, -w.cursor, visible)} : {...state, grid: resetWindow(w, 'first')};
		case 'bottom':
			return w.atEnd && !w.resetting ? {...state, grid: moveCursor(w, w.rows.length - 1 - w.cursor, visible)} : {...state, grid: resetWindow(w, 'last')};
	}
}

const clamp = (n: number, low: number, high: number) => Math.max(low, Math.min(high, n));

function step(move: NavMove, page: number): number {
	return {up: -1, down: 1, left: -1, right: 1, 'page-up': -page, 'page-down': page, top: -Infinity, bottom: Infinity}[move];
}

/** Navigation inside the top overlay: a list cursor, a scroll offset, or a histogram bucket. */
export function navModal(state: AppState, modal: Modal, move: NavMove): Modal {
	const page = bodyHeight(state.size) - 4;
	switch (modal.kind) {
		case 'help':
			if (move === 'left' || move === 'right') return modal;
			return {...modal, scroll: clamp(modal.scroll + step(move, page), 0, Math.max(0, modal.lines - page))};
		case 'detail': {
			if (move === 'left' || move === 'right') return modal;
			const lines = detailLines(modal.row, state.detail?.key === modal.row.event_key ? state.detail.value : undefined, frameWidth(state.size)).length;
			return {...modal, scroll: clamp(modal.scroll + step(move, page), 0, Math.max(0, lines - bodyHeight(state.size)))};
		}
		case 'facets': {
			if (move === 'left' || move === 'right') return modal; // handled by facets.next / facets.prev
			const rows = state.facet?.key === facetKey(state, modal.facet) ? state.facet.value.rows.length : 0;
			return {...modal, cursor: clamp(modal.cursor + step(move, page), 0, Math.max(0, rows - 1))};
		}
		case 'timeline': {
			const buckets = state.histogram?.key === histogramKey(state) ? state.histogram.value.buckets.length : 0;
			if (move === 'up' || move === 'down') return modal;
			const delta = move === 'page-up' ? -10 : move === 'page-down' ? 10 : step(move, page);
			return {...modal, cursor: clamp((modal.cursor ?? 0) + delta, 0, Math.max(0, buckets - 1))};
		}
		case 'pivot-menu':
			if (move === 'left' || move === 'right') return modal;
			return {...modal, cursor: clamp(modal.cursor + step(move, page), 0, Math.max(0, modal.options.length - 1))};
		case 'search':
		case 'input':
		case 'export':
			return modal;
	}
}

