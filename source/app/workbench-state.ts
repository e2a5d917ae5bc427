import type {ExportPhase, TimelineEntry} from '../evidence/index.js';
import {severityRank, type Hunt, type HuntOutcome, type HuntProblem} from '../hunts/index.js';
import {bodyHeight} from './layout.js';
import type {Screen} from './screens.js';
import type {AppState, NavMove} from './state.js';

// The hunts screen, marks, tags and the export: state slices beside the pivot workbench's, and the
// part of the reducer that handles them (pure; the effects that fill them are in effects.ts).

export interface HuntsState {
	hunts: Hunt[];
	problems: HuntProblem[];
	/** By hunt id: counted hunts (a summary) and hunts whose SQL failed (an error). Kept for the session. */
	outcomes: Record<string, HuntOutcome>;
	running: {done: number; total: number; current: string | null} | null;
	/** The last run stopped before every hunt was counted (`s`, or the case was reopened). */
	stopped: boolean;
}

export interface ExportState {
	out: string;
	phase: ExportPhase | 'starting';
	done: number;
	total: number;
	running: boolean;
	cancelling: boolean;
	result?: {out: string; events: number; manifestSha256: string; seconds: number; remarks: string[]};
	error?: string;
}

export interface WorkbenchSlices {
	hunts: HuntsState | null;
	/** Event keys marked with `m`, in the order they were marked (what `a` tags). */
	marked: string[];
	/** Active tags of every tagged event (the grid gutter and cell line). */
	tags: Record<string, string[]>;
	/** The tagged-events timeline; null while it loads. */
	timeline: TimelineEntry[] | null;
	exportJob: ExportState | null;
	/** The case is open for writing (after the first tag, note or export). */
	writable: boolean;
}

export const initialSlices = (): WorkbenchSlices => ({hunts: null, marked: [], tags: {}, timeline: null, exportJob: null, writable: false});

export type WorkbenchAction =
	| {type: 'screen'; screen: Screen}
	| {type: 'hunts/loaded'; hunts: Hunt[]; problems: HuntProblem[]}
	| {type: 'hunts/progress'; done: number; total: number; current: string | null}
	| {type: 'hunts/outcome'; outcome: HuntOutcome}
	| {type: 'hunts/finished'; stopped: boolean}
	| {type: 'mark'; key: string}
	| {type: 'unmark-all'}
	| {type: 'tags'; tags: Record<string, string[]>}
	| {type: 'timeline'; entries: TimelineEntry[] | null}
	| {type: 'export'; job: ExportState | null}
	| {type: 'writable'; writable: boolean};

export const WORKBENCH_ACTIONS = new Set<string>(['screen', 'hunts/loaded', 'hunts/progress', 'hunts/outcome', 'hunts/finished', 'mark', 'unmark-all', 'tags', 'timeline', 'export', 'writable']);

/** One line of the hunts screen: a hunt (counted, failed or not yet run) or a file that could not be used. */
export interface HuntRow {
	id: string;
	hunt?: Hunt;
	outcome?: HuntOutcome;
	problem?: HuntProblem;
}

/** Worst severity first, then most matches (hunts not counted yet after the counted), then id; problems last (as `trailcase hunt`). */
export function huntRows(hunts: HuntsState | null): HuntRow[] {
	if (!hunts) return [];
	const rows: HuntRow[] = hunts.hunts.map((hunt) => ({id: hunt.id, hunt, outcome: hunts.outcomes[hunt.id]}));
	const matches = (row: HuntRow) => row.outcome?.summary?.matches ?? -1;
	rows.sort((a, b) => severityRank(a.hunt!.severity) - severityRank(b.hunt!.severity) || matches(b) - matches(a) || a.id.localeCompare(b.id));
	return [...rows, ...hunts.problems.map((problem) => ({id: `problem:${problem.file}`, problem}))];
}

const clamp = (n: number, low: number, high: number) => Math.max(low, Math.min(high, n));

function delta(move: NavMove, page: number): number {
	return {up: -1, down: 1, left: 0, right: 0, 'page-up': -page, 'page-down': page, top: -Infinity, bottom: Infinity}[move];
}

/** Movement keys on the hunts and tagged-events screens. */
export function navScreen(state: AppState, move: NavMove): AppState {
	const page = Math.max(1, bodyHeight(state.size) - 4);
	const screen = state.screen;
	if (screen.id === 'hunts') {
		const rows = huntRows(state.hunts);
		if (rows.length === 0) return state;
		const at = Math.max(0, rows.findIndex((r) => r.id === screen.cursor));
		return {...state, screen: {...screen, cursor: rows[clamp(at + delta(move, page), 0, rows.length - 1)]!.id}};
	}
	if (screen.id === 'tagged') {
		const count = state.timeline?.length ?? 0;
		return {...state, screen: {...screen, cursor: clamp(screen.cursor + delta(move, page), 0, Math.max(0, count - 1))}};
	}
	return state;
}

export function reduceWorkbench(state: AppState, action: WorkbenchAction): AppState {
	switch (action.type) {
		case 'screen':
			return {...state, screen: action.screen, modals: [], message: null};
		case 'hunts/loaded':
			return {...state, hunts: {hunts: action.hunts, problems: action.problems, outcomes: {}, running: null, stopped: false}};
		case 'hunts/progress':
			return state.hunts ? {...state, hunts: {...state.hunts, running: {done: action.done, total: action.total, current: action.current}}} : state;
		case 'hunts/outcome':
			return state.hunts ? {...state, hunts: {...state.hunts, outcomes: {...state.hunts.outcomes, [action.outcome.hunt.id]: action.outcome}}} : state;
		case 'hunts/finished':
			return state.hunts ? {...state, hunts: {...state.hunts, running: null, stopped: action.stopped}} : state;
		case 'mark': {
			const marked = state.marked.includes(action.key) ? state.marked.filter((k) => k !== action.key) : [...state.marked, action.key];
			return {...state, marked};
		}
		case 'unmark-all':
			return {...state, marked: []};
		case 'tags':
			return {...state, tags: action.tags};
		case 'timeline': {
			const screen = state.screen.id === 'tagged' ? {...state.screen, cursor: clamp(state.screen.cursor, 0, Math.max(0, (action.entries?.length ?? 1) - 1))} : state.screen;
			return {...state, timeline: action.entries, screen};
		}
		case 'export':
			return {...state, exportJob: action.job};
		case 'writable':
			return {...state, writable: action.writable};
	}
}
