// First, as in the workbench: Ink must load as an interactive renderer (see interactive-ink.ts).
import '../../source/app/interactive-ink.js';
import {render} from 'ink-testing-library';
import {App} from '../../source/app/App.js';
import {CaseSession, type SessionOptions} from '../../source/app/session.js';
import {caseSummary} from '../../source/pivot/summary.js';
import type {Size} from '../../source/app/layout.js';
import {BUSY_MARK} from '../../source/ui/components/StatusBar.js';

export const KEY = {
	up: '\u001b[A',
	down: '\u001b[B',
	left: '\u001b[D',
	right: '\u001b[C',
	pageDown: '\u001b[6~',
	enter: '\r',
	escape: '\u001b',
	backspace: '\u007f',
	tab: '\t',
};

/** One macrotask: Ink handles stdin and re-renders before the next one (see STYLE.md, Tests). */
export const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * The real app on a real case (opened read-only as the workbench does, own query connections), in
 * ink-testing-library. Hunts come from the built-in folder only (plus `options.hunts`), never the
 * user's ~/.config.
 */
export async function renderApp(caseFile: string, size: Size = {width: 120, height: 32}, options: SessionOptions = {}) {
	const session = await CaseSession.open(caseFile, {analyst: 'test-analyst', ...options, hunts: {userDir: false, ...options.hunts}});
	let exited = false;
	const view = render(<App session={session} caseSummary={await caseSummary(session.current.store)} size={size} onExit={() => (exited = true)} />);
	const frame = () => view.lastFrame() ?? '';
	const waitFor = async (test: (frame: string) => boolean, what = 'a matching frame', timeoutMs = 15_000): Promise<string> => {
		const started = Date.now();
		for (;;) {
			await tick();
			if (test(frame())) return frame();
			if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}; last frame:\n${frame()}`);
			await new Promise((resolve) => setTimeout(resolve, 10));
		}
	};
	const idle = (f: string) => f.includes(' events │') && !f.includes(BUSY_MARK);
	return {
		session,
		/** The case store in use now (a tag reopens the case for writing: a new store). */
		get store() {
			return session.current.store;
		},
		frame,
		frames: view.frames,
		waitFor,
		/** Types keys, then waits until nothing on screen waits for a query. */
		async press(...keys: string[]): Promise<string> {
			for (const key of keys) {
				view.stdin.write(key);
				await tick();
			}
			return waitFor(idle, `the result of ${JSON.stringify(keys)}`);
		},
		/** Types keys without waiting for the screen to settle (to press a key while work runs). */
		async send(...keys: string[]): Promise<void> {
			for (const key of keys) {
				view.stdin.write(key);
				await tick();
			}
		},
		ready: () => waitFor(idle, 'the first page'),
		exited: () => exited,
		async close() {
			view.unmount();
			await session.close();
		},
	};
}

/** The line of the grid under the cursor (marked with ▶). */
export const cursorLine = (frame: string) => frame.split('\n').find((line) => line.startsWith('▶')) ?? '';
export const statusLine = (frame: string) => frame.split('\n').find((line) => line.includes(' events │')) ?? '';
