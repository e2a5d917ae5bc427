import {FACET_ORDER} from '../pivot/aggregates.js';
import type {Effects} from './effects.js';
import {evidenceCommands} from './evidence-commands.js';
import {huntCommands} from './hunt-commands.js';
import {aroundEvent, choosePivot, openPivotMenu, pivotOnCell, pivotOnFacet, pivotOnRole, submitSearch, zoomTimeline} from './pivot-actions.js';
import {currentRow, topModal, type Action, type AppState, type NavMove} from './state.js';

/**
 * Where a command applies. The dispatcher asks the top overlay's scope first, then `nav` (movement,
 * which the reducer routes to whatever is on top), then the screen's scope, then `global`. `always`
 * works everywhere, even while typing.
 */
export type Scope = 'always' | 'global' | 'nav' | 'grid' | 'facets' | 'timeline' | 'detail' | 'help' | 'prompt' | 'pivot-menu' | 'hunts' | 'tagged' | 'input' | 'export';

export type Category = 'Move' | 'Pivot' | 'Search' | 'Frequency' | 'Time' | 'Detail' | 'Hunts' | 'Evidence' | 'App';

export interface CommandContext {
	state: AppState;
	dispatch(action: Action): void;
	exit(): void;
	/** Lines of the help text (generated from this registry and the keymap, so passed in). */
	helpLines(): number;
	/** Work beyond the reducer: hunt runs, tags, notes, the timeline, the export (effects.ts). */
	effects: Effects;
}

export interface Command {
	title: string;
	category: Category;
	scope: Scope;
	run(ctx: CommandContext): void;
}

const nav = (move: NavMove, title: string): Command => ({title, category: 'Move', scope: 'nav', run: ({dispatch}) => dispatch({type: 'nav', move})});
const act = (title: string, category: Category, scope: Scope, make: (state: AppState) => Action): Command => ({
	title,
	category,
	scope,
	run: ({state, dispatch}) => dispatch(make(state)),
});

function cycleFacet(state: AppState, delta: number): Action {
	const modal = topModal(state);
	if (modal?.kind !== 'facets') return {type: 'message', text: 'no facet pane open'};
	const i = FACET_ORDER.indexOf(modal.facet);
	const facet = FACET_ORDER[(i + delta + FACET_ORDER.length) % FACET_ORDER.length]!;
	return {type: 'modal', modal: {kind: 'facets', facet, cursor: 0}};
}

/**
 * Every action of the workbench by stable id (`scope.verb`); keys live in keymap.ts and the help
 * screen is generated from both. Other features add their commands here (e.g. `hunts.open`,
 * `evidence.tag`) with a binding in keymap.ts.
 */
export const commands = {
	'nav.up': nav('up', 'up (row, bucket, line)'),
	'nav.down': nav('down', 'down'),
	'nav.left': nav('left', 'left (column, bucket)'),
	'nav.right': nav('right', 'right'),
	'nav.page-up': nav('page-up', 'page up'),
	'nav.page-down': nav('page-down', 'page down'),
	'nav.top': nav('top', 'first event / top'),
	'nav.bottom': nav('bottom', 'last event / bottom'),

	'pivot.cell': act('filter on the value under the cursor (time column: ±15 min)', 'Pivot', 'grid', pivotOnCell),
	'pivot.role': act('filter on the role behind an assumed-role session', 'Pivot', 'grid', pivotOnRole),
	'pivot.choose': act('choose any field of the event to filter on', 'Pivot', 'grid', openPivotMenu),
	'pivot.pop': act('remove the last filter (back)', 'Pivot', 'grid', () => ({type: 'pop'})),
	'pivot.clear': act('clear all filters', 'Pivot', 'grid', () => ({type: 'clear'})),
	'menu.choose': act('filter on the chosen field', 'Pivot', 'pivot-menu', choosePivot),

	'search.open': act('search principal, IP, event, user agent, resources, request (smart case)', 'Search', 'grid', () => ({type: 'open', modal: {kind: 'search', text: ''}})),
	'prompt.submit': act('apply the search as a filter', 'Search', 'prompt', submitSearch),
	'prompt.cancel': act('cancel the search', 'Search', 'prompt', () => ({type: 'close'})),
	'prompt.delete': act('delete a character', 'Search', 'prompt', (state) => editSearch(state, (text) => [...text].slice(0, -1).join(''))),
	'prompt.clear': act('clear the search text', 'Search', 'prompt', (state) => editSearch(state, () => '')),

	'facets.open': act('top values: principal, IP, resource, key, event, error', 'Frequency', 'grid', (state) => ({type: 'open', modal: {kind: 'facets', facet: state.lastFacet, cursor: 0}})),
	'facets.next': act('next facet', 'Frequency', 'facets', (state) => cycleFacet(state, 1)),
	'facets.prev': act('previous facet', 'Frequency', 'facets', (state) => cycleFacet(state, -1)),
	'facets.pivot': act('filter on the value under the cursor', 'Frequency', 'facets', pivotOnFacet),

	'time.histogram': act('histogram of the view over time', 'Time', 'grid', () => ({type: 'open', modal: {kind: 'timeline', cursor: null, mark: null}})),
	'time.around': act('±15 minutes around this event (all events)', 'Time', 'grid', aroundEvent),
	'time.zoom': act('zoom into the bucket (or the marked range)', 'Time', 'timeline', zoomTimeline),
	'time.mark': act('mark / unmark the start of a range', 'Time', 'timeline', markRange),
	'time.zoom-out': act('zoom out (drop the latest time range)', 'Time', 'timeline', () => ({type: 'zoom-out'})),
	'grid.zoom-out': act('zoom out (drop the latest time range)', 'Time', 'grid', () => ({type: 'zoom-out'})),

	'detail.open': act('full original record and its validation', 'Detail', 'grid', openDetail),

	...huntCommands,
	...evidenceCommands,

	'app.help': {title: 'keys (this screen)', category: 'App', scope: 'global', run: ({dispatch, helpLines}) => dispatch({type: 'open', modal: {kind: 'help', scroll: 0, lines: helpLines()}})},
	'app.close': act('close the overlay (or back to the grid)', 'App', 'global', (state) => closeTop(state) ?? {type: 'message', text: 'q quits'}),
	'app.quit': {title: 'quit (or close the overlay, or back to the grid)', category: 'App', scope: 'global', run: ({state, dispatch, exit}) => {
		const action = closeTop(state);
		if (action) dispatch(action);
		else exit();
	}},
	'app.exit': {title: 'quit at once', category: 'App', scope: 'always', run: ({exit}) => exit()},
} satisfies Record<string, Command>;

export type CommandId = keyof typeof commands;

/** Esc and q close the top overlay, else leave the hunts or tagged screen for the grid. */
function closeTop(state: AppState): Action | undefined {
	if (topModal(state)) return {type: 'close'};
	if (state.screen.id !== 'events') return {type: 'screen', screen: {id: 'events'}};
	return undefined;
}

function editSearch(state: AppState, edit: (text: string) => string): Action {
	const modal = topModal(state);
	if (modal?.kind !== 'search') return {type: 'message', text: 'no search open'};
	return {type: 'modal', modal: {...modal, text: edit(modal.text)}};
}

/** Typed text goes into the search prompt (the one text input; see use-dispatcher). */
export function typeIntoSearch(state: AppState, text: string): Action {
	return editSearch(state, (current) => current + text);
}

function markRange(state: AppState): Action {
	const modal = topModal(state);
	if (modal?.kind !== 'timeline') return {type: 'message', text: 'no histogram open'};
	return {type: 'modal', modal: {...modal, mark: modal.mark === null ? modal.cursor : null}};
}

function openDetail(state: AppState): Action {
	const row = currentRow(state);
	if (!row) return {type: 'message', text: 'no event under the cursor'};
	return {type: 'open', modal: {kind: 'detail', row, scroll: 0}};
}
