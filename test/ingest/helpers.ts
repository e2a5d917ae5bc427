/**
 * Shared helpers for the import tests: fixture records, in-process imports through the built command,
 * and read-only queries over the resulting case file.
 *
 * Imports run the *built* command (dist/commands/import.js) in-process: the ingestor parses in worker
 * threads loaded from `parse-worker.js`, which exists only in dist/. Running the command object (not a
 * re-implementation) keeps its exit code and `--json` report under test without paying ~0.5 s of Node
 * and DuckDB start-up per spawn; the CLI-level tests spawn `node dist/cli.js` for what only cli.ts does.
 */
import {spawn} from 'node:child_process';
import {existsSync, mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {Writable} from 'node:stream';
import {pathToFileURL} from 'node:url';
import zlib from 'node:zlib';
import {CaseStore} from '../../source/case/case-store.js';
import {originalRecords, type RecordRef} from '../../source/case/original-records.js';
import type {ImportReport} from '../../source/ingest/import-files.js';
import {cliPath, repoRoot, tempDir} from '../helpers/cli.js';

export {repoRoot, tempDir};

/** Fails loudly when dist/ is missing: these tests exercise the build, never a stale or absent one. */
export function requireBuild(): void {
	if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`npx tsc -p tsconfig.build.json\` before these tests`);
}

async function fromDist<T>(relative: string): Promise<T> {
	requireBuild();
	return (await import(pathToFileURL(path.join(repoRoot, 'dist', relative)).href)) as T;
}

type ImportModule = typeof import('../../source/commands/import.js');

export interface ImportRun {
	/** What the command returned: 0, or 3 when it finished with problems (cli.ts passes it through). */
	code: number;
	report: ImportReport;
	stderr: string;
}

function sink(): Writable & {text: () => string} {
	const chunks: Buffer[] = [];
	const stream = new Writable({
		write(chunk, _encoding, done) {
			chunks.push(Buffer.from(chunk));
			done();
		},
	}) as Writable & {text: () => string};
	stream.text = () => Buffer.concat(chunks).toString('utf8');
	return stream;
}

/** `trailcase import -c CASE PATH... --json`, run in-process through the built command object. */
export async function importPaths(casePath: string, paths: string[], analyst = 'test-analyst'): Promise<ImportRun> {
	const {importCommand} = await fromDist<ImportModule>('commands/import.js');
	const stdout = sink();
	const stderr = sink();
	const code = await importCommand.run({
		input: paths,
		flags: {case: casePath, json: true, analyst},
		stdout,
		stderr,
		signal: new AbortController().signal,
	});
	const lines = stdout.text().trim().split('\n');
	if (lines.length !== 1) throw new Error(`import --json printed ${lines.length} lines:\n${stdout.text()}`);
	return {code, report: JSON.parse(lines[0]!) as ImportReport, stderr: stderr.text()};
}

/** Turns DuckDB values into plain ones: BIGINT to number, TIMESTAMPTZ to a UTC ISO string. */
function plain(value: unknown): unknown {
	if (typeof value === 'bigint') return Number(value);
	if (value instanceof Date) return value.toISOString();
	if (Array.isArray(value)) return value.map(plain);
	return value;
}

/** Opens the case read-only for `work` and always closes it (DuckDB holds a file lock). */
export async function withCase<T>(casePath: string, work: (store: CaseStore) => Promise<T>): Promise<T> {
	const store = await CaseStore.open(casePath, {readOnly: true});
	try {
		return await work(store);
	} finally {
		store.close();
	}
}

export async function rows<T = Record<string, any>>(casePath: string, sql: string, params: any[] = []): Promise<T[]> {
	return withCase(casePath, async (store) => {
		const found = await store.all<Record<string, unknown>>(sql, params);
		return found.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key, plain(value)]))) as T[];
	});
}

export async function scalar<T = number>(casePath: string, sql: string, params: any[] = []): Promise<T> {
	const [row] = await rows(casePath, sql, params);
	return Object.values(row ?? {})[0] as T;
}

/** Original record texts of the given (source_id, record_index) pairs, as `show` reads them. */
export async function originalTexts(casePath: string, refs: RecordRef[]): Promise<string[]> {
	return withCase(casePath, (store) => originalRecords(store, refs));
}

/** Counts that identity tests compare before and after an operation. */
export async function caseCounts(casePath: string): Promise<{events: number; sources: number; occurrences: number; blobs: number}> {
	const [row] = await rows(
		casePath,
		`SELECT (SELECT count(*) FROM events) AS events, (SELECT count(*) FROM sources) AS sources,
		        (SELECT count(*) FROM event_sources) AS occurrences, (SELECT count(*) FROM blobs) AS blobs`,
	);
	return row as {events: number; sources: number; occurrences: number; blobs: number};
}

export type CloudTrailRecord = Record<string, unknown>;

/** A plausible management-event record; `extra` overrides or adds fields (undefined removes one). */
export function record(eventID: string, extra: CloudTrailRecord = {}): CloudTrailRecord {
	const base: CloudTrailRecord = {
		eventVersion: '1.08',
		userIdentity: {
			type: 'IAMUser',
			principalId: 'AIDAEXAMPLEPRINCIPAL',
			arn: 'arn:aws:iam::111122223333:user/alice',
			accountId: '111122223333',
			accessKeyId: 'AKIAEXAMPLEKEY000001',
			userName: 'alice',
		},
		eventTime: '2024-05-01T12:00:00Z',
		eventSource: 's3.amazonaws.com',
		eventName: 'ListBuckets',
		awsRegion: 'us-east-1',
		sourceIPAddress: '198.51.100.7',
		userAgent: 'aws-cli/2.15.0 Python/3.11',
		requestParameters: null,
		responseElements: null,
		requestID: `req-${eventID}`,
		eventID,
		readOnly: true,
		eventType: 'AwsApiCall',
		managementEvent: true,
		recipientAccountId: '111122223333',
		eventCategory: 'Management',
	};
	const merged: CloudTrailRecord = {...base, ...extra};
	for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
	return merged;
}

export function trailJson(records: CloudTrailRecord[]): string {
	return JSON.stringify({Records: records});
}

export function ndjson(records: CloudTrailRecord[], newline = '\n', trailing = true): string {
	return records.map((r) => JSON.stringify(r)).join(newline) + (trailing ? newline : '');
}

export function gzip(content: string | Buffer): Buffer {
	return zlib.gzipSync(content);
}

/** Writes `content` at `dir/relative` (creating folders) and returns the absolute path. */
export function put(dir: string, relative: string, content: string | Buffer): string {
	const file = path.join(dir, relative);
	mkdirSync(path.dirname(file), {recursive: true});
	writeFileSync(file, content);
	return file;
}

/** The path of a trail log object in CloudTrail's S3 layout under `root`. */
export function trailKey(name: string, account = '111122223333', region = 'us-east-1'): string {
	return `AWSLogs/${account}/CloudTrail/${region}/2024/05/01/${account}_CloudTrail_${region}_20240501T1205Z_${name}.json.gz`;
}

/** Runs `node dist/cli.js ARGS` without blocking, so independent CLI checks can overlap. */
export function cli(args: string[], env: Record<string, string> = {}): Promise<{status: number; stdout: string; stderr: string}> {
	requireBuild();
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [cliPath, ...args], {
			cwd: repoRoot,
			env: {...process.env, TRAILCASE_ANALYST: 'test-analyst', ...env},
			stdio: ['ignore', 'pipe', 'pipe'],
		});
		const out: Buffer[] = [];
		const err: Buffer[] = [];
		child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
		child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
		child.on('error', reject);
		child.on('close', (code) =>
			resolve({status: code ?? -1, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8')}),
		);
	});
}
