import type {FacetId, ViewStats} from '../pivot/index.js';
import {activeSteps, viewKey} from '../pivot/steps.js';
import {layoutColumns} from './columns.js';
import {isBlocked} from './grid-window.js';
import {frameWidth, type Size} from './layout.js';
import type {Modal} from './screens.js';
import type {AppState} from './state.js';

// Read-only views of the state for components, commands and the reducer.

/** Count and time range of the current view, once known. */
export const viewStats = (state: AppState): ViewStats | undefined => state.stats[viewKey(state.steps)];

export const topModal = (state: AppState): Modal | undefined => state.modals[state.modals.length - 1];
export const currentRow = (state: AppState) => (state.grid.resetting ? undefined : state.grid.rows[state.grid.cursor]);
export const columnsFor = (state: AppState) => layoutColumns(frameWidth(state.size));

/** True while something on screen waits for a query (the status bar shows it; the benchmark waits for it). */
export function isBusy(state: AppState): boolean {
	if (state.screen.id === 'hunts' && (state.hunts === null || state.hunts.running !== null)) return true;
	if (state.screen.id === 'tagged' && state.timeline === null) return true;
	if (topModal(state)?.kind === 'export' && state.exportJob?.running) return true;
	if (isBlocked(state.grid)) return true;
	if (!viewStats(state)) return true;
	const modal = topModal(state);
	if (modal?.kind === 'facets') return state.facet?.key !== facetKey(state, modal.facet);
	if (modal?.kind === 'timeline') return state.histogram?.key !== histogramKey(state);
	if (modal?.kind === 'detail') return state.detail?.key !== modal.row.event_key;
	return false;
}

export const facetKey = (state: AppState, facet: FacetId): string => `${viewKey(state.steps)}|${facet}`;
export const histogramBuckets = (size: Size): number => frameWidth(size) - 2;
export const histogramKey = (state: AppState): string => `${viewKey(state.steps)}|${histogramBuckets(state.size)}`;

/** How many filters shape the view (the status bar's "filters"; steps hidden by a context window do not count). */
export const filterCount = (state: AppState): number => activeSteps(state.steps).length;
