// First: Ink must load as an interactive renderer (see interactive-ink.ts).
import './interactive-ink.js';
import {render} from 'ink';
import {createElement} from 'react';
import {App} from './App.js';
import {caseSummary} from '../pivot/summary.js';
import {CaseSession} from './session.js';

export {tuneForWorkbench} from './session.js';

// Alternate screen, like less and vim: the workbench leaves the shell's scrollback as it found it.
const ENTER_ALT_SCREEN = '\u001b[?1049h';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';

/** Opens the workbench on a case file in this terminal and resolves when the analyst quits. */
export async function runWorkbench(caseFile: string, signal?: AbortSignal): Promise<void> {
	// Read-only until the analyst first tags, notes or exports (see session.ts).
	const session = await CaseSession.open(caseFile);
	const stdout = process.stdout;
	try {
		const summary = await caseSummary(session.current.store);
		if (stdout.isTTY) stdout.write(ENTER_ALT_SCREEN);
		const instance = render(createElement(App, {session, caseSummary: summary}), {exitOnCtrlC: false, maxFps: 60, patchConsole: true});
		// A SIGINT from outside the terminal (cli.ts turns it into this signal) closes the workbench cleanly.
		const onAbort = () => instance.unmount();
		signal?.addEventListener('abort', onAbort, {once: true});
		try {
			await instance.waitUntilExit();
		} finally {
			signal?.removeEventListener('abort', onAbort);
			instance.cleanup();
			if (stdout.isTTY) stdout.write(LEAVE_ALT_SCREEN);
		}
	} finally {
		await session.close();
	}
}
