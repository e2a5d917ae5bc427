import {render} from 'ink';
import {createElement} from 'react';
import {CaseStore} from '../case/case-store.js';
import {App} from './App.js';
import {JobRunner} from './jobs.js';
import {caseSummary} from '../pivot/summary.js';

/**
 * The workbench's DuckDB settings. The buffer pool otherwise keeps every column segment it has read
 * (up to 80% of RAM); a fixed cap keeps the process within its memory budget (issue 5: RSS <= 500 MB
 * on a million events), and the queries it runs (top-N, small GROUP BYs) never need more.
 */
export async function tuneForWorkbench(store: CaseStore): Promise<void> {
	await store.run(`SET memory_limit = '256MB'`);
}

// Alternate screen, like less and vim: the workbench leaves the shell's scrollback as it found it.
const ENTER_ALT_SCREEN = '\u001b[?1049h';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';

/** Opens the workbench on a case file in this terminal and resolves when the analyst quits. */
export async function runWorkbench(caseFile: string, signal?: AbortSignal): Promise<void> {
	const store = await CaseStore.open(caseFile, {readOnly: true});
	const jobs = new JobRunner(() => store.connect());
	const stdout = process.stdout;
	try {
		await tuneForWorkbench(store);
		const summary = await caseSummary(store);
		if (stdout.isTTY) stdout.write(ENTER_ALT_SCREEN);
		const instance = render(createElement(App, {services: {store, jobs}, caseSummary: summary}), {exitOnCtrlC: false, maxFps: 60, patchConsole: true});
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
		await jobs.close();
		store.close();
	}
}
