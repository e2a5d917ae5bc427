import {existsSync} from 'node:fs';
import path from 'node:path';
import {CaseStore} from '../case/case-store.js';
import {caseInfo} from '../case/info.js';
import {generateTrail} from '../generator/generate.js';
import {importFiles} from '../ingest/import-files.js';
import {resolveAnalyst} from '../util/analyst.js';
import {print, type Command} from './command.js';

export const DEMO_CASE = path.resolve('cases', 'demo.duckdb');

/** Builds the demo case from the generator on first use (kept in cases/demo.duckdb afterwards). */
export async function ensureDemoCase(log: (line: string) => void): Promise<string> {
	if (existsSync(DEMO_CASE)) return DEMO_CASE;
	const trail = path.resolve('cases', 'demo-trail');
	log('building the demo case (first run): generating a synthetic trail with an embedded intrusion...');
	await generateTrail({outDir: trail, events: 50_000, seed: 7});
	const analyst = resolveAnalyst();
	const store = await CaseStore.open(DEMO_CASE, {create: true, analyst});
	try {
		await importFiles(store, [trail], {analyst});
	} finally {
		store.close();
	}
	return DEMO_CASE;
}

export const demoCommand: Command = {
	name: 'demo',
	summary: 'Open the built-in demo case (built with the generator on first run)',
	help: `
  Usage: trailcase demo      (also: npm start, or trailcase with no arguments)`,
	flags: {},
	async run({stdout, stderr}) {
		const file = await ensureDemoCase((line) => print(stderr, line));
		const store = await CaseStore.open(file, {readOnly: true});
		try {
			const info = await caseInfo(store);
			print(stdout, JSON.stringify(info, null, 2));
		} finally {
			store.close();
		}
		return 0;
	},
};
