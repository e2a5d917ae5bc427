import {FIELDS, eventLabel, eventValue, shortArn, type FieldId} from '../pivot/fields.js';
import type {GridRow} from '../pivot/grid-page.js';
import type {Step} from '../pivot/steps.js';
import {cursorOf} from './grid-window.js';
import type {PivotOption} from './screens.js';
import {columnsFor, currentRow, facetKey, histogramKey, topModal, type Action, type AppState} from './state.js';

/** Minutes either side of an event for "around this event". */
export const AROUND_MINUTES = 15;

const note = (text: string): Action => ({type: 'message', text});

const fieldStep = (field: FieldId, value: string | null): Step => ({kind: 'field', field, value});

/** Every field of a row an analyst can pivot on (the pivot chooser). */
export function pivotOptions(row: GridRow): PivotOption[] {
	const options: PivotOption[] = [];
	const add = (field: FieldId, value: string | null, shown?: string) => {
		if (value !== null && value !== '') options.push({field, value, label: `${FIELDS[field].label}: ${shown ?? value}`});
	};
	add('principal', row.principal_arn);
	add('role', row.principal_role_arn);
	add('ip', row.source_ip);
	add('access-key', row.access_key_id);
	add('event', eventValue(row.event_source, row.event_name), eventLabel(row.event_source, row.event_name));
	add('error', row.error_code);
	add('account', row.account);
	add('region', row.aws_region);
	add('user-agent', row.user_agent);
	for (const resource of row.resources ?? []) add('resource', resource);
	return options;
}

/** ±15 minutes around the cursor event, over every event (the stack below stays for Backspace). */
export function aroundEvent(state: AppState): Action {
	const row = currentRow(state);
	if (!row?.event_time) return note('this event has no time');
	const t = Date.parse(row.event_time);
	const minutes = AROUND_MINUTES * 60_000;
	return {
		type: 'push',
		step: {kind: 'time', from: new Date(t - minutes).toISOString(), to: new Date(t + minutes).toISOString(), context: true},
		anchor: cursorOf(row),
	};
}

/** Enter on a grid cell: filter on its value (time: around the event; several resources: choose one). */
export function pivotOnCell(state: AppState): Action {
	const row = currentRow(state);
	if (!row) return note('no event under the cursor');
	const column = columnsFor(state)[state.col]?.column;
	if (!column) return note('no column under the cursor');
	if (column.id === 'time') return aroundEvent(state);
	if (column.id === 'resource' && (row.resources?.length ?? 0) > 1) {
		const options = pivotOptions(row).filter((o) => o.field === 'resource');
		return {type: 'open', modal: {kind: 'pivot-menu', title: 'filter on which resource?', options, cursor: 0}};
	}
	if (!column.pivot) return note(`cannot filter on ${column.title}`);
	return {type: 'push', step: fieldStep(column.pivot.field, column.pivot.value(row)), anchor: cursorOf(row)};
}

/** The role behind an assumed-role session (the session ARN changes per session; the role does not). */
export function pivotOnRole(state: AppState): Action {
	const row = currentRow(state);
	if (!row) return note('no event under the cursor');
	if (!row.principal_role_arn) return note('this event has no role (not an assumed-role session)');
	return {type: 'push', step: fieldStep('role', row.principal_role_arn), anchor: cursorOf(row)};
}

export function openPivotMenu(state: AppState): Action {
	const row = currentRow(state);
	if (!row) return note('no event under the cursor');
	return {type: 'open', modal: {kind: 'pivot-menu', title: `filter on a field of ${shortArn(eventLabel(row.event_source, row.event_name))}`, options: pivotOptions(row), cursor: 0}};
}

export function choosePivot(state: AppState): Action {
	const modal = topModal(state);
	if (modal?.kind !== 'pivot-menu') return note('no chooser open');
	const option = modal.options[modal.cursor];
	if (!option) return {type: 'close'};
	const row = currentRow(state);
	return {type: 'push', step: fieldStep(option.field, option.value), anchor: row ? cursorOf(row) : 'first'};
}

/** Enter on a facet row: filter the view on that value. */
export function pivotOnFacet(state: AppState): Action {
	const modal = topModal(state);
	if (modal?.kind !== 'facets') return note('no facet pane open');
	const loaded = state.facet?.key === facetKey(state, modal.facet) ? state.facet.value : undefined;
	const row = loaded?.rows[modal.cursor];
	if (!row) return note('nothing to filter on yet');
	const field: FieldId = modal.facet;
	return {type: 'push', step: fieldStep(field, row.pivotValue), anchor: 'first'};
}

/** Enter in the histogram: zoom into the bucket under the cursor, or the marked range. */
export function zoomTimeline(state: AppState): Action {
	const modal = topModal(state);
	if (modal?.kind !== 'timeline') return note('no histogram open');
	const h = state.histogram?.key === histogramKey(state) ? state.histogram.value : undefined;
	if (!h || h.buckets.length === 0 || modal.cursor === null) return note('nothing to zoom into yet');
	const a = Math.min(modal.cursor, modal.mark ?? modal.cursor);
	const b = Math.max(modal.cursor, modal.mark ?? modal.cursor);
	const from = h.buckets[a]!.start;
	const to = h.buckets[b]!.start + h.widthMs;
	return {type: 'push', step: {kind: 'time', from: new Date(from).toISOString(), to: new Date(to).toISOString()}, anchor: 'first', keepModal: true};
}

/** Enter in the search prompt: the text becomes a filter step. */
export function submitSearch(state: AppState): Action {
	const modal = topModal(state);
	if (modal?.kind !== 'search') return note('no search open');
	const text = modal.text.trim();
	if (!text) return {type: 'close'};
	return {type: 'push', step: {kind: 'search', text}, anchor: 'first'};
}
