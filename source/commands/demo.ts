import {existsSync, renameSync, rmSync} from 'node:fs';
import path from 'node:path';
import {CaseStore} from '../case/case-store.js';
import {caseInfo} from '../case/info.js';
import {generateTrail} from '../generator/generate.js';
import {importFiles} from '../ingest/import-files.js';
import {resolveAnalyst} from '../util/analyst.js';
import {print, type Command} from './command.js';

export const DEMO_CASE = path.resolve('cases', 'demo.duckdb');

/**
 * Builds the demo case from the generator on first use (kept in cases/demo.duckdb afterwards). It is
 * built under a temporary name and renamed when complete, so an interrupted first run starts over
 * instead of leaving a half-imported demo behind.
 */
export async function ensureDemoCase(log: (line: string) => void): Promise<string> {
	if (existsSync(DEMO_CASE)) return DEMO_CASE;
	const trail = path.resolve('cases', 'demo-trail');
	const building = `${DEMO_CASE}.building.duckdb`;
	rmSync(building, {force: true});
	rmSync(`${building}.wal`, {force: true});
	log('building the demo case (first run): generating a synthetic trail with an embedded intrusion...');
	await generateTrail({outDir: trail, events: 50_000, seed: 7});
	log('importing it into cases/demo.duckdb...');
	const analyst = resolveAnalyst();
	const store = await CaseStore.open(building, {create: true, analyst});
	try {
		await importFiles(store, [trail], {analyst});
	} finally {
		store.close();
	}
	renameSync(building, DEMO_CASE);
	return DEMO_CASE;
}

export const demoCommand: Command = {
	name: 'demo',
	summary: 'Open the built-in demo case in the workbench (built with the generator on first run)',
	help: `
  Usage: trailcase demo      (also: npm start, or trailcase with no arguments)

  Builds cases/demo.duckdb on first run (a seeded synthetic trail of 50,000 events with an embedded
  intrusion), then opens it in the workbench (see trailcase open --help). When stdout is not a
  terminal it prints the case summary as JSON instead.`,
	flags: {},
	async run({stdout, stderr, signal}) {
		const file = await ensureDemoCase((line) => print(stderr, line));
		if (process.stdin.isTTY && stdout.isTTY) {
			process.env['NODE_ENV'] ??= 'production'; // see open.ts
			const {runWorkbench} = await import('../app/launch.js');
			await runWorkbench(file, signal);
			return 0;
		}
		const store = await CaseStore.open(file, {readOnly: true});
		try {
			print(stdout, JSON.stringify(await caseInfo(store), null, 2));
		} finally {
			store.close();
		}
		return 0;
	},
};
