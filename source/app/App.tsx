import {Box, useApp} from 'ink';
import {useCallback, useEffect, useReducer, useRef} from 'react';
import {Breadcrumb} from '../ui/components/Breadcrumb.js';
import {StatusBar} from '../ui/components/StatusBar.js';
import {useTerminalSize} from '../ui/hooks/use-terminal-size.js';
import {EventsScreen} from '../ui/screens/EventsScreen.js';
import {frameHeight, frameWidth, type Size} from './layout.js';
import type {ScreenId} from './screens.js';
import type {Services} from './services.js';
import {filterCount, initialState, isBusy, reducer, viewStats, type Action, type AppState, type CaseSummary} from './state.js';
import {useData} from './use-data.js';
import {useDispatcher} from './use-dispatcher.js';

export interface AppProps {
	services: Services;
	caseSummary: CaseSummary;
	/** Pin the screen size (tests, benchmark); otherwise the terminal's, updated on resize. */
	size?: Size;
	/** Called when the user quits (the open command unmounts and closes the case). */
	onExit?: () => void;
}

/** Screen id -> component. A new screen (hunts, evidence) is one entry here and one in screens.ts. */
const SCREENS: Record<ScreenId, (props: {state: AppState}) => React.JSX.Element> = {
	events: EventsScreen,
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

export function App({services, caseSummary, size: fixedSize, onExit}: AppProps) {
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
	useDispatcher(getState, dispatch, quit);
	useData(state, dispatch, services);
	const width = frameWidth(state.size);
	const Screen = SCREENS[state.screen.id];
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
				lastQueryMs={state.lastQueryMs}
				busy={isBusy(state)}
				message={state.message}
				width={width}
			/>
		</Box>
	);
}
