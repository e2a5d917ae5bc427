import type {FacetId, FacetResult, Histogram, ViewStats} from '../pivot/index.js';
import type {EventDetail} from '../pivot/detail.js';
import type {CaseSummary} from '../pivot/summary.js';
import type {Cursor} from '../pivot/grid-page.js';
import {viewKey, type Step} from '../pivot/steps.js';
import type {WindowPage} from '../pivot/window.js';
import {applyPage, cursorOf, emptyWindow, resetWindow, type GridWindow} from './grid-window.js';
import {gridRows, type Size} from './layout.js';
import {navGrid, navModal} from './navigation.js';
import {columnsFor, currentRow, topModal} from './selectors.js';
import type {Modal, Screen} from './screens.js';
import {initialSlices, navScreen, reduceWorkbench, type WorkbenchAction, type WorkbenchSlices} from './workbench-state.js';

/** A query result with the key of the request it answers (a result for an older key is ignored). */
export interface Loaded<T> {
	key: string;
	value: T;
}

export type {CaseSummary};
export * from './selectors.js';

export interface AppState extends WorkbenchSlices {
	screen: Screen;
	modals: Modal[];
	/** The pivot stack; `saved[i]` is where the grid was before steps[i] was pushed. */
	steps: Step[];
	saved: (Cursor | null)[];
	grid: GridWindow;
	/** Index of the cursor column among the columns that fit the screen. */
	col: number;
	size: Size;
	caseSummary: CaseSummary;
	/** Count and time range per view (viewKey), kept for the last few views so Backspace is instant. */
	stats: Record<string, ViewStats>;
	facet: Loaded<FacetResult> | null;
	histogram: Loaded<Histogram> | null;
	detail: Loaded<EventDetail> | null;
	searchPreview: Loaded<number> | null;
	lastFacet: FacetId;
	lastQueryMs: number | null;
	message: {text: string; error: boolean} | null;
}

export type DataSlot = 'facet' | 'histogram' | 'detail' | 'searchPreview';

export type NavMove = 'up' | 'down' | 'left' | 'right' | 'page-up' | 'page-down' | 'top' | 'bottom';

export type Action =
	| {type: 'resize'; size: Size}
	| {type: 'nav'; move: NavMove}
	| {type: 'grid/page'; seq: number; page: WindowPage; stats?: {key: string; value: ViewStats}}
	| {type: 'data'; slot: DataSlot; key: string; value: unknown; ms: number}
	| {type: 'failed'; what: string; message: string; gridSeq?: number}
	| {type: 'push'; step: Step; anchor: Cursor | 'first'; keepModal?: boolean}
	| {type: 'pop'}
	| {type: 'clear'}
	| {type: 'zoom-out'}
	| {type: 'open'; modal: Modal}
	| {type: 'close'}
	| {type: 'modal'; modal: Modal}
	| {type: 'message'; text: string; error?: boolean}
	| WorkbenchAction;

export function initialState(caseSummary: CaseSummary, size: Size): AppState {
	return {
		screen: {id: 'events'},
		modals: [],
		steps: [],
		saved: [],
		grid: resetWindow(emptyWindow(), 'first'),
		col: 0,
		size,
		caseSummary,
		stats: {},
		facet: null,
		histogram: null,
		detail: null,
		searchPreview: null,
		lastFacet: 'principal',
		lastQueryMs: null,
		message: null,
		...initialSlices(),
	};
}

const STATS_KEPT = 64;

function remember(known: Record<string, ViewStats>, key: string, value: ViewStats): Record<string, ViewStats> {
	const entries = Object.entries(known).filter(([k]) => k !== key);
	return Object.fromEntries([...entries.slice(-(STATS_KEPT - 1)), [key, value]]);
}

const replaceTop = (state: AppState, modal: Modal): AppState => ({...state, modals: [...state.modals.slice(0, -1), modal]});

/** Re-anchors the grid on `anchor` for a new pivot stack. */
function withSteps(state: AppState, steps: Step[], saved: (Cursor | null)[], anchor: Cursor | 'first'): AppState {
	// An open histogram re-centres on the new view; other overlays are unaffected.
	const modals = state.modals.map((m): Modal => (m.kind === 'timeline' ? {...m, cursor: null, mark: null} : m));
	return {...state, steps, saved, modals, grid: resetWindow(state.grid, anchor), message: null};
}

const hereOr = (state: AppState, fallback: Cursor | 'first'): Cursor | 'first' => {
	const row = currentRow(state);
	return row ? cursorOf(row) : fallback;
};

export function reducer(state: AppState, action: Action): AppState {
	switch (action.type) {
		case 'resize': {
			const next = {...state, size: action.size};
			return {...next, col: Math.min(state.col, columnsFor(next).length - 1)};
		}
		case 'nav': {
			const modal = topModal(state);
			if (modal) return replaceTop(state, navModal(state, modal, action.move));
			return state.screen.id === 'events' ? navGrid(state, action.move) : navScreen(state, action.move);
		}
		case 'grid/page': {
			const grid = applyPage(state.grid, action.seq, action.page, gridRows(state.size));
			if (grid === state.grid) return state;
			const stats = action.stats ? remember(state.stats, action.stats.key, action.stats.value) : state.stats;
			return {...state, grid, stats, lastQueryMs: action.page.milliseconds};
		}
		case 'data': {
			const next = {...state, [action.slot]: {key: action.key, value: action.value}, lastQueryMs: action.ms};
			const modal = topModal(next);
			// A new histogram opens on the bucket of the event under the grid cursor.
			if (action.slot === 'histogram' && modal?.kind === 'timeline' && modal.cursor === null) {
				const h = action.value as Histogram;
				const t = currentRow(state)?.event_time;
				const index = t ? h.buckets.findIndex((b) => Date.parse(t) < b.start + h.widthMs) : 0;
				return replaceTop(next, {...modal, cursor: Math.max(0, index)});
			}
			return next;
		}
		case 'failed': {
			const grid = action.gridSeq === state.grid.seq ? {...state.grid, request: null, resetting: false, pendingMove: 0} : state.grid;
			return {...state, grid, message: {text: `${action.what} failed: ${action.message}`, error: true}};
		}
		case 'push': {
			// Pivots close overlays, except zooms from the histogram, which stays open for the next zoom.
			const saved = [...state.saved, currentRow(state) ? cursorOf(currentRow(state)!) : null];
			const next = withSteps(state, [...state.steps, action.step], saved, action.anchor);
			return action.keepModal ? next : {...next, modals: []};
		}
		case 'pop': {
			if (state.steps.length === 0) return {...state, message: {text: 'no filter to remove', error: false}};
			const back = state.saved[state.saved.length - 1] ?? null;
			return withSteps(state, state.steps.slice(0, -1), state.saved.slice(0, -1), back ?? hereOr(state, 'first'));
		}
		case 'clear':
			return withSteps(state, [], [], hereOr(state, 'first'));
		case 'zoom-out': {
			const index = state.steps.findLastIndex((s) => s.kind === 'time' && !s.context);
			if (index < 0) return {...state, message: {text: 'no time range to zoom out of', error: false}};
			const steps = state.steps.filter((_, i) => i !== index);
			const saved = state.saved.filter((_, i) => i !== index);
			return withSteps(state, steps, saved, hereOr(state, 'first'));
		}
		case 'open':
			return {...state, modals: [...state.modals, action.modal], message: null, ...(action.modal.kind === 'facets' ? {lastFacet: action.modal.facet} : {})};
		case 'close':
			return {...state, modals: state.modals.slice(0, -1)};
		case 'modal': {
			const next = replaceTop(state, action.modal);
			return action.modal.kind === 'facets' ? {...next, lastFacet: action.modal.facet} : next;
		}
		case 'message':
			return {...state, message: {text: action.text, error: action.error ?? false}};
		default:
			return reduceWorkbench(state, action);
	}
}

