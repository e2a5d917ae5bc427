import {huntMatchKeysSql} from '../hunts/index.js';
import type {Command} from './commands.js';
import type {AppState} from './state.js';
import {huntRows, type HuntRow} from './workbench-state.js';

/** The row under the hunts screen's cursor (the first row until the analyst moves). */
export function selectedHuntRow(state: AppState): HuntRow | undefined {
	const rows = huntRows(state.hunts);
	const cursor = state.screen.id === 'hunts' ? state.screen.cursor : null;
	return rows.find((row) => row.id === cursor) ?? rows[0];
}

const uncounted = (state: AppState): boolean => !state.hunts || state.hunts.hunts.some((h) => !state.hunts!.outcomes[h.id]);

/** The hunts screen (issue 6): saved hunts with match counts; Enter filters the grid on a hunt's matches. */
export const huntCommands = {
	'hunts.open': {
		title: 'saved hunts with match counts (counted once per session)',
		category: 'Hunts',
		scope: 'grid',
		run({state, dispatch, effects}) {
			dispatch({type: 'screen', screen: {id: 'hunts', cursor: state.screen.id === 'hunts' ? state.screen.cursor : null}});
			if (uncounted(state) && !state.hunts?.running) effects.runHunts();
		},
	},
	'hunts.pivot': {
		title: "filter the grid on the hunt's matched events",
		category: 'Hunts',
		scope: 'hunts',
		run({state, dispatch}) {
			const row = selectedHuntRow(state);
			if (!row) return dispatch({type: 'message', text: 'no hunt to open'});
			if (row.problem) return dispatch({type: 'message', text: `${row.problem.file}: ${row.problem.message}`, error: true});
			const hunt = row.hunt!;
			if (!row.outcome) return dispatch({type: 'message', text: `${hunt.id} is not counted yet`});
			if (row.outcome.error) return dispatch({type: 'message', text: `${hunt.id} cannot run: ${row.outcome.error}`, error: true});
			dispatch({type: 'screen', screen: {id: 'events'}});
			dispatch({type: 'push', step: {kind: 'hunt', id: hunt.id, keysSql: huntMatchKeysSql(hunt)}, anchor: 'first'});
		},
	},
	'hunts.rerun': {
		title: 'read the hunt files again and count every hunt',
		category: 'Hunts',
		scope: 'hunts',
		run: ({effects}) => effects.runHunts({reload: true}),
	},
	'hunts.stop': {
		title: 'stop counting (counts so far stay; H resumes)',
		category: 'Hunts',
		scope: 'hunts',
		run({state, dispatch, effects}) {
			if (!state.hunts?.running) return dispatch({type: 'message', text: 'no hunt is running'});
			effects.stopHunts();
		},
	},
} satisfies Record<string, Command>;
