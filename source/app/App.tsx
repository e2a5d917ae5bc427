import {Box, useApp} from 'ink';
import {useCallback, useEffect, useMemo, useReducer, useRef, useState} from 'react';
import {Breadcrumb} from '../ui/components/Breadcrumb.js';
import {StatusBar} from '../ui/components/StatusBar.js';
import {useTerminalSize} from '../ui/hooks/use-terminal-size.js';
import {EventsScreen} from '../ui/screens/EventsScreen.js';
import {HuntsScreen} from '../ui/screens/HuntsScreen.js';
import {TaggedScreen} from '../ui/screens/TaggedScreen.js';
import {createEffects} from './effects.js';
import {frameHeight, frameWidth, type Size} from './layout.js';
import type {ScreenId} from './screens.js';
import type {CaseSession} from './session.js';
import {filterCount, initialState, isBusy, reducer, viewStats, type Action, type AppState, type CaseSummary} from './state.js';
import {useData} from './use-data.js';
import {useDispatcher} from './use-dispatcher.js';

export interface AppProps {
	/** The open case: store and query lanes, reopened for writing on the first tag, note or export. */
	session: CaseSession;
	caseSummary: CaseSummary;
	/** Pin the screen size (tests, benchmark); otherwise the terminal's, updated on resize. */
	size?: Size;
	/** Called when the user quits (the open command unmounts and closes the case). */
	onExit?: () => void;
}

/** Screen id -> component. A new screen (hunts, evidence) is one entry here and one in screens.ts. */
const SCREENS: Record<ScreenId, (props: {state: AppState}) => React.JSX.Element> = {
	events: EventsScreen,
	hunts: HuntsScreen,
	tagged: TaggedScreen,
};

/**
 * useReducer, plus a ref that always holds the newest state: two keys pressed before React re-renders
 * must both see the effect of the first (the reducer is pure, so applying it twice agrees).
 */
function useStore(initial: () => AppState): [AppState, (action: Action) => void, () => AppState] {
	const [state, reactDispatch] = useReducer(reducer, undefined, initial);
	const latest = useRef(state);
	const dispatch = useCallback((action: Action) => {
		latest.current = reducer(latest.current, action);
		reactDispatch(action);
	}, []);
	return [state, dispatch, useCallback(() => latest.current, [])];
}

/** The session's store and lanes, re-read when it reopens the case (every query then re-runs on the new lanes). */
function useServices(session: CaseSession) {
	const [services, setServices] = useState(session.current);
	useEffect(() => session.subscribe(() => setServices(session.current)), [session]);
	return services;
}

export function App({session, caseSummary, size: fixedSize, onExit}: AppProps) {
	const {exit} = useApp();
	const size = useTerminalSize(fixedSize);
	const [state, dispatch, getState] = useStore(() => initialState(caseSummary, size));
	useEffect(() => {
		if (getState().size.width !== size.width || getState().size.height !== size.height) dispatch({type: 'resize', size});
	}, [size.width, size.height]);
	const quit = useCallback(() => {
		onExit?.();
		exit();
	}, [exit, onExit]);
	const services = useServices(session);
	const effects = useMemo(() => createEffects(session, dispatch, getState), [session, dispatch, getState]);
	useEffect(() => {
		effects.loadTags();
		return () => effects.dispose();
	}, [effects]);
	useDispatcher(getState, dispatch, quit, effects);
	useData(state, dispatch, services);
	const width = frameWidth(state.size);
	// Overlays (help, from any screen) are drawn by the events screen, which owns them; a prompt opened
	// on another screen (withdrawing tags on the timeline) is drawn by that screen.
	const overlay = state.modals[state.modals.length - 1];
	const Screen = overlay && !(overlay.kind === 'input' && state.screen.id !== 'events') ? EventsScreen : SCREENS[state.screen.id];
	const inView = viewStats(state)?.count ?? null;
	return (
		<Box flexDirection="column" width={width} height={frameHeight(state.size)}>
			<Breadcrumb steps={state.steps} width={width} />
			<Box flexDirection="column" flexGrow={1}>
				<Screen state={state} />
			</Box>
			<StatusBar
				caseName={caseSummary.name}
				inView={inView}
				total={caseSummary.total}
				filters={filterCount(state)}
				marked={state.marked.length}
				writable={state.writable}
				lastQueryMs={state.lastQueryMs}
				busy={isBusy(state)}
				message={state.message}
				width={width}
			/>
		</Box>
	);
}
