import {columnsFor, facetKey, histogramKey, topModal, viewStats, type AppState} from '../../app/state.js';
import {bodyHeight, frameWidth, gridRows} from '../../app/layout.js';
import {helpLines} from '../../app/help.js';
import {viewKey} from '../../pivot/steps.js';
import {detailLines} from '../detail-lines.js';
import {DetailView} from '../components/DetailView.js';
import {FacetPane} from '../components/FacetPane.js';
import {Grid} from '../components/Grid.js';
import {HelpOverlay} from '../components/HelpOverlay.js';
import {Histogram} from '../components/Histogram.js';
import {PivotMenu} from '../components/PivotMenu.js';
import {SearchPrompt} from '../components/SearchPrompt.js';
import {ExportView} from '../components/ExportView.js';
import {InputPrompt} from '../components/InputPrompt.js';

/** The events screen: the grid, or the overlay on top of it, in the body area. */
export function EventsScreen({state}: {state: AppState}) {
	const width = frameWidth(state.size);
	const height = bodyHeight(state.size);
	const modal = topModal(state);
	const inView = viewStats(state)?.count ?? null;
	switch (modal?.kind) {
		case 'help':
			return <HelpOverlay lines={helpLines()} scroll={modal.scroll} height={height} />;
		case 'detail': {
			const detail = state.detail?.key === modal.row.event_key ? state.detail.value : undefined;
			return <DetailView lines={detailLines(modal.row, detail, width)} scroll={modal.scroll} height={height} />;
		}
		case 'facets': {
			const result = state.facet?.key === facetKey(state, modal.facet) ? state.facet.value : undefined;
			return <FacetPane facet={modal.facet} result={result} cursor={modal.cursor} inView={inView} width={width} height={height} />;
		}
		case 'timeline': {
			const histogram = state.histogram?.key === histogramKey(state) ? state.histogram.value : undefined;
			return <Histogram histogram={histogram} cursor={modal.cursor} mark={modal.mark} width={width} height={height} />;
		}
		case 'export':
			return <ExportView job={state.exportJob} width={width} />;
		case 'pivot-menu':
			return <PivotMenu title={modal.title} options={modal.options} cursor={modal.cursor} width={width} height={height} />;
		default: {
			const visible = gridRows(state.size);
			const w = state.grid;
			const rows = w.rows.slice(w.top, w.top + visible);
			const placeholder = w.resetting && w.rows.length === 0 ? 'loading…' : w.rows.length === 0 ? 'no events in this view (Backspace removes the last filter)' : undefined;
			let footer;
			if (modal?.kind === 'search') {
				const wanted = viewKey([...state.steps, {kind: 'search', text: modal.text.trim()}]);
				const matches = state.searchPreview?.key === wanted ? state.searchPreview.value : null;
				footer = <SearchPrompt text={modal.text} matches={matches} width={width} />;
			}
			if (modal?.kind === 'input') footer = <InputPrompt purpose={modal.purpose} text={modal.text} error={modal.error} width={width} />;
			return <Grid columns={columnsFor(state)} rows={rows} cursor={w.cursor - w.top} col={state.col} height={visible} width={width} placeholder={placeholder} footer={footer} tampered={state.caseSummary.tampered} marked={new Set(state.marked)} tags={state.tags} />;
		}
	}
}
