// Helpers for the hunt tests: import records through the built CLI, then run hunts in-process on a
// read-only, sandboxed connection, as `trailcase hunt` does.
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {CaseStore} from '../../source/case/case-store.js';
import type {Hunt} from '../../source/hunts/hunt.js';
import {loadHunts} from '../../source/hunts/load-hunts.js';
import {huntMatchKeysSql} from '../../source/hunts/run-hunt.js';
import {runCli, tempDir} from '../helpers/cli.js';

export {runCli, tempDir};

/** The shipped hunts only (no user folder), failing loudly if any file is malformed. */
export function shippedHunts(): Hunt[] {
	const {hunts, problems} = loadHunts({userDir: false});
	if (problems.length > 0) throw new Error(`malformed shipped hunts: ${JSON.stringify(problems)}`);
	return hunts;
}

/** Imports `paths` into a new case with `trailcase import` and returns the case file. */
export function importIntoNewCase(paths: string[], dir = tempDir('trailcase-hunts-')): string {
	const casePath = path.join(dir, 'case.duckdb');
	const result = runCli(['import', '-c', casePath, ...paths, '--json']);
	if (result.status !== 0) throw new Error(`import failed (${result.status}): ${result.stderr}\n${result.stdout}`);
	return casePath;
}

/** Writes records as one CloudTrail delivery object and imports it. */
export function importRecords(records: readonly Record<string, unknown>[], name = 'records.json'): string {
	const dir = tempDir('trailcase-hunts-');
	mkdirSync(path.join(dir, 'in'));
	const file = path.join(dir, 'in', name);
	writeFileSync(file, JSON.stringify({Records: records}));
	return importIntoNewCase([file], dir);
}

export function openCase(casePath: string): Promise<CaseStore> {
	return CaseStore.open(casePath, {readOnly: true, sandbox: true});
}

/** The eventIDs of the events a hunt matches (exactly, through event_key). */
export async function matchedEventIds(store: CaseStore, hunt: Hunt): Promise<Set<string>> {
	const rows = await store.all<{event_id: string | null}>(`SELECT event_id FROM events WHERE event_key IN (${huntMatchKeysSql(hunt)})`);
	return new Set(rows.map((row) => String(row.event_id)));
}
