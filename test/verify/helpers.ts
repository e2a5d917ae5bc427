/**
 * Helpers for the verify tests: one generated trail per test file (the project's own generator signs
 * its digests), copied per scenario, tampered with on purpose, imported into a real case file and
 * verified. Import and verify run in-process from dist/ (the ingestor's parse workers exist only there).
 */
import {cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import zlib from 'node:zlib';
import type {CaseStore as CaseStoreType} from '../../source/case/case-store.js';
import type {GenerateSummary} from '../../source/generator/generate.js';
import type {VerifyOptions, VerifyOutcome} from '../../source/verify/verify-case.js';
import {cliPath, repoRoot, tempDir} from '../helpers/cli.js';

export {tempDir};

async function fromDist<T>(relative: string): Promise<T> {
	if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npx tsc -p tsconfig.build.json\` before these tests`);
	return (await import(pathToFileURL(path.join(repoRoot, 'dist', relative)).href)) as T;
}

export const BUCKET = 'evidence-trail';
export const PREFIX = 'audit/ct';

/** A small signed trail: two regions (two chains) over three hours, prefix included. */
export async function generateBase(dir: string, extra: Record<string, unknown> = {}): Promise<GenerateSummary> {
	const {generateTrail} = await fromDist<typeof import('../../source/generator/generate.js')>('generator/generate.js');
	return generateTrail({
		outDir: dir,
		events: 1_080,
		eventsPerFile: 20,
		seed: 7,
		accounts: ['111122223333'],
		regions: ['us-east-1', 'eu-west-1'],
		bucket: BUCKET,
		prefix: PREFIX,
		...extra,
	});
}

/** Every file below `dir`, `/`-separated and relative. */
export function filesBelow(dir: string): string[] {
	const out: string[] = [];
	const walk = (at: string) => {
		for (const name of readdirSync(at)) {
			const full = path.join(at, name);
			if (statSync(full).isDirectory()) walk(full);
			else out.push(path.relative(dir, full).split(path.sep).join('/'));
		}
	};
	walk(dir);
	return out.sort();
}

export function copyTree(from: string, to: string): string {
	rmSync(to, {recursive: true, force: true});
	cpSync(from, to, {recursive: true});
	return to;
}

/** Imports `paths` into a new case and returns its path. */
export async function importInto(casePath: string, paths: string[]): Promise<string> {
	const {CaseStore} = await fromDist<typeof import('../../source/case/case-store.js')>('case/case-store.js');
	const {importFiles} = await fromDist<typeof import('../../source/ingest/import-files.js')>('ingest/import-files.js');
	const store = await CaseStore.open(casePath, {create: true, analyst: 'test-analyst'});
	try {
		await importFiles(store, paths, {analyst: 'test-analyst'});
	} finally {
		store.close();
	}
	return casePath;
}

export async function withStore<T>(casePath: string, work: (store: CaseStoreType) => Promise<T>, readOnly = false): Promise<T> {
	const {CaseStore} = await fromDist<typeof import('../../source/case/case-store.js')>('case/case-store.js');
	const store = await CaseStore.open(casePath, {readOnly, analyst: 'test-analyst'});
	try {
		return await work(store);
	} finally {
		store.close();
	}
}

export async function verify(casePath: string, options: Partial<VerifyOptions> = {}): Promise<VerifyOutcome> {
	const {verifyCase} = await fromDist<typeof import('../../source/verify/verify-case.js')>('verify/verify-case.js');
	return withStore(casePath, (store) => verifyCase(store, {analyst: 'test-analyst', ...options}));
}

export async function query<T = Record<string, any>>(casePath: string, sql: string, params: any[] = []): Promise<T[]> {
	return withStore(
		casePath,
		async (store) =>
			(await store.all<Record<string, unknown>>(sql, params)).map((row) =>
				Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v])),
			) as T[],
		true,
	);
}

/** Rewrites a log file with one record edited and gzips it again (a well-formed forgery). */
export function editRecord(file: string, edit: (text: string) => string): void {
	const text = zlib.gunzipSync(readFileSync(file)).toString('utf8');
	const edited = edit(text);
	if (edited === text) throw new Error('the edit changed nothing');
	writeFileSync(file, zlib.gzipSync(edited));
}

/** The digest keys (relative to the trail root) of one region's chain, oldest first. */
export function chainKeys(summary: GenerateSummary, region: string): string[] {
	return summary.digests.map((d) => d.key).filter((key) => key.includes(`/CloudTrail-Digest/${region}/`));
}

/** Log files one digest lists (keys as the digest states them: prefix included). */
export function listedBy(trail: string, digestKey: string): string[] {
	const doc = JSON.parse(zlib.gunzipSync(readFileSync(path.join(trail, digestKey))).toString('utf8')) as {logFiles: {s3Object: string}[]};
	return doc.logFiles.map((f) => f.s3Object);
}
