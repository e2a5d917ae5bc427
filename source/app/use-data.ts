import type {Dispatch} from 'react';
import {fetchDetail} from '../pivot/detail.js';
import {fetchFacet, fetchHistogram, fetchStats, loadWindow, viewKey} from '../pivot/index.js';
import {useQuery} from '../ui/hooks/use-query.js';
import {gridRows} from './layout.js';
import type {Services} from './services.js';
import {facetKey, histogramBuckets, histogramKey, topModal, viewStats, type Action, type AppState, type DataSlot} from './state.js';

const FACET_ROWS = 50;

/**
 * Turns what the state says is on screen into queries: one lane per kind, keyed so that a query runs
 * only when what it answers changed, and a newer one cancels the older.
 */
export function useData(state: AppState, dispatch: Dispatch<Action>, services: Services): void {
	const {jobs, store} = services;
	const view = viewKey(state.steps);
	const modal = topModal(state);
	const stats = viewStats(state);
	const handlers = (slot: DataSlot, what: string) => ({
		done: (key: string, result: {value: unknown; milliseconds: number}) => dispatch({type: 'data', slot, key, value: result.value, ms: result.milliseconds}),
		failed: (_key: string, error: Error) => dispatch({type: 'failed', what, message: error.message}),
	});

	// The grid: one request at a time, identified by its sequence number. A new view first counts its
	// events and finds its time range (the status bar needs them, and they size the keyset windows).
	const grid = state.grid;
	useQuery(
		jobs,
		'grid',
		grid.request ? `${grid.seq}` : null,
		async (conn, signal) => {
			const counted = stats ? undefined : await fetchStats(conn, state.steps, signal);
			const hint = stats ?? counted!.value;
			const page = await loadWindow(conn, state.steps, grid.request!, gridRows(state.size), signal, hint);
			const milliseconds = page.milliseconds + (counted?.milliseconds ?? 0);
			return {page: {...page, milliseconds}, stats: counted ? {key: view, value: counted.value} : undefined};
		},
		{
			done: (key, result) => dispatch({type: 'grid/page', seq: Number(key), ...result}),
			failed: (key, error) => dispatch({type: 'failed', what: 'loading events', message: error.message, gridSeq: Number(key)}),
		},
	);

	const facet = modal?.kind === 'facets' ? modal.facet : undefined;
	const fKey = facet ? facetKey(state, facet) : null;
	useQuery(
		jobs,
		'facets',
		facet && state.facet?.key !== fKey ? fKey : null,
		(conn, signal) => fetchFacet(conn, state.steps, facet!, FACET_ROWS, signal),
		handlers('facet', 'top values'),
	);

	const hKey = histogramKey(state);
	const wantHistogram = modal?.kind === 'timeline' && state.histogram?.key !== hKey && stats !== undefined;
	useQuery(
		jobs,
		'histogram',
		wantHistogram ? hKey : null,
		async (conn, signal) => {
			if (!stats?.first || !stats.last) return {value: {widthMs: 60_000, buckets: []}, milliseconds: 0};
			return fetchHistogram(conn, state.steps, {first: stats.first, last: stats.last}, histogramBuckets(state.size), signal);
		},
		handlers('histogram', 'histogram'),
	);

	const detailRow = modal?.kind === 'detail' ? modal.row : undefined;
	useQuery(
		jobs,
		'detail',
		detailRow && state.detail?.key !== detailRow.event_key ? detailRow.event_key : null,
		async (conn, signal) => {
			const started = performance.now();
			const value = await fetchDetail(store, conn, detailRow!, signal);
			return {value, milliseconds: performance.now() - started};
		},
		handlers('detail', 'reading the record'),
	);

	// While typing a search: how many events of the view would match (debounced).
	const text = modal?.kind === 'search' ? modal.text.trim() : '';
	const previewSteps = [...state.steps, {kind: 'search' as const, text}];
	const pKey = text ? viewKey(previewSteps) : null;
	useQuery(
		jobs,
		'search',
		pKey && state.searchPreview?.key !== pKey ? pKey : null,
		async (conn, signal) => {
			const got = await fetchStats(conn, previewSteps, signal);
			return {value: got.value.count, milliseconds: got.milliseconds};
		},
		handlers('searchPreview', 'search'),
		150,
	);
}
