/**
 * `npm run bench`: generates a ~1M-event trail (cached under .bench/), imports it, and runs every
 * benchmark section (import, then whatever sections exist: verify, pull, tui, hunts). Prints the
 * figures and writes .bench/results.json. A benchmark, not a test: it reports, it does not fail.
 */
import {execFileSync} from 'node:child_process';
import {existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {generateTrail} from '../generator/generate.js';
import type {BenchContext, BenchFigures} from './context.js';

const root = path.resolve('.bench');
const events = Number(process.env['TRAILCASE_BENCH_EVENTS']) || 1_000_000;
const only = process.env['TRAILCASE_BENCH_ONLY']?.split(',');
const trailDir = path.join(root, `trail-${events}`);
const caseFile = path.join(root, `case-${events}.duckdb`);
const log = (line: string) => process.stderr.write(`${line}\n`);

/** Runs a script in its own process (its own peak RSS) and returns the JSON of its last stdout line. */
function child<T = Record<string, number>>(script: string, args: string[]): T {
	const output = execFileSync(process.execPath, [new URL(script, import.meta.url).pathname, ...args], {
		encoding: 'utf8',
		maxBuffer: 1 << 26,
		stdio: ['ignore', 'pipe', 'inherit'],
	});
	return JSON.parse(output.trim().split('\n').pop()!) as T;
}

async function ensureTrail(): Promise<void> {
	const marker = `${trailDir}.complete`;
	if (existsSync(marker)) return;
	rmSync(trailDir, {recursive: true, force: true});
	log(`generating a ${events}-event trail in ${trailDir} ...`);
	const started = performance.now();
	const summary = await generateTrail({outDir: trailDir, events, seed: 1});
	writeFileSync(marker, JSON.stringify({...summary, files: summary.files.length, digests: summary.digests.length}));
	log(`generated ${summary.events} events, ${summary.logFiles} log files in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const sections: [string, string][] = [
	['verify', './verify.js'],
	['pull', './pull.js'],
	['hunts', './hunts.js'],
	['tui', './tui.js'],
];

async function main(): Promise<void> {
	mkdirSync(root, {recursive: true});
	await ensureTrail();
	const results: Record<string, BenchFigures> = {};
	const trailInfo = JSON.parse(readFileSync(`${trailDir}.complete`, 'utf8')) as {rawBytes: number; bytes: number; logFiles: number};

	log('import (trailcase) ...');
	const ours = child('./import-child.js', [trailDir, caseFile]);
	log('import (plain DuckDB read_json, typed columns only) ...');
	const plain = child('./read-json-child.js', [trailDir, path.join(root, 'read-json.duckdb')]);
	const caseBytes = statSync(caseFile).size;
	results['import'] = {
		events: ours['events']!,
		logFiles: trailInfo.logFiles,
		gzBytes: trailInfo.bytes,
		jsonBytes: trailInfo.rawBytes,
		seconds: Number(ours['seconds']!.toFixed(2)),
		eventsPerSecond: Math.round(ours['events']! / ours['seconds']!),
		peakRssMB: Math.round(ours['maxRssBytes']! / 2 ** 20),
		caseBytesPerEvent: Math.round(caseBytes / ours['events']!),
		readJsonSeconds: Number(plain['seconds']!.toFixed(2)),
		readJsonEventsPerSecond: Math.round(plain['events']! / plain['seconds']!),
		readJsonPeakRssMB: Math.round(plain['maxRssBytes']! / 2 ** 20),
	};
	log(JSON.stringify(results['import']));

	const context: Omit<BenchContext, 'workDir' | 'log'> = {trailDir, caseFile, events: ours['events']!, importSeconds: ours['seconds']!};
	for (const [name, module] of sections) {
		if (only && !only.includes(name)) continue;
		const file = new URL(module, import.meta.url);
		if (!existsSync(file)) continue;
		const workDir = path.join(root, name);
		rmSync(workDir, {recursive: true, force: true});
		mkdirSync(workDir, {recursive: true});
		log(`${name} ...`);
		try {
			results[name] = child<BenchFigures>('./section-child.js', [module, JSON.stringify({...context, workDir})]);
		} catch (error) {
			results[name] = {error: String((error as Error).stack ?? error)};
		}
		log(JSON.stringify(results[name]));
	}
	writeFileSync(path.join(root, 'results.json'), JSON.stringify(results, null, 2));
	process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
}

await main();
