import {existsSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {DuckDBInstance} from '@duckdb/node-api';
import {beforeAll, describe, expect, it} from 'vitest';
import {redactArguments} from '../../source/case/audit.js';
import {cli, gzip, ndjson, put, record, rows, tempDir, trailJson, trailKey} from './helpers.js';

const IMPORT_KEYS = ['files', 'imported', 'skipped', 'quarantined', 'events', 'newEvents', 'seconds'];
const INFO_KEYS = ['schemaVersion', 'caseId', 'events', 'sources', 'quarantined', 'accounts', 'regions', 'firstEvent', 'lastEvent'];

/** Runs SQL on a case file with a plain DuckDB connection, as another tool (or a newer trailcase) would. */
async function rawDuckdb(file: string, sql: string): Promise<Record<string, unknown>[]> {
	const instance = await DuckDBInstance.create(file);
	const conn = await instance.connect();
	try {
		return (await conn.runAndReadAll(sql)).getRowObjectsJS() as Record<string, unknown>[];
	} finally {
		conn.closeSync();
		instance.closeSync();
	}
}

const dir = tempDir('trailcase-cli-');
const input = path.join(dir, 'input');
const casePath = path.join(dir, 'case.duckdb');
let imported: {status: number; stdout: string; stderr: string};
let started: number;
let finished: number;

beforeAll(async () => {
	put(input, trailKey('CLICLICLICLICLI1'), gzip(trailJson([record('cli-1'), record('cli-2', {awsRegion: 'eu-west-1', eventTime: '2024-05-02T08:30:00Z'})])));
	put(
		input,
		'export.ndjson',
		ndjson([
			record('cli-formula', {userAgent: '=HYPERLINK("http://evil.example","x")', recipientAccountId: '444455556666', eventTime: '2024-04-30T23:59:59Z'}),
			record('cli-comma', {errorMessage: 'a, "b"\nc'}),
		]),
	);
	started = Date.now();
	// A far-from-UTC zone: a local-time bug would shift recorded instants by hours.
	imported = await cli(['import', '-c', casePath, input, '--json', '--analyst', 'Jane Analyst'], {
		TZ: 'Pacific/Kiritimati',
		AWS_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYSECRETKEY',
		AWS_SESSION_TOKEN: 'FwoGZXIvYXdzSESSIONTOKEN',
	});
	finished = Date.now();
});

describe('import', () => {
	it('--json prints exactly one JSON object with the documented keys, and exits 0', () => {
		expect(imported.status, imported.stderr).toBe(0);
		const lines = imported.stdout.split('\n').filter(Boolean);
		expect(lines).toHaveLength(1);
		const report = JSON.parse(lines[0]!);
		expect(typeof report).toBe('object');
		expect(Object.keys(report)).toEqual(expect.arrayContaining(IMPORT_KEYS));
		expect(report).toMatchObject({files: 2, imported: 2, skipped: 0, quarantined: [], events: 4, newEvents: 4});
		expect(typeof report.seconds).toBe('number');
		expect(report.seconds).toBeGreaterThan(0);
		// Progress goes to stderr only without --json; stdout stays machine-readable either way.
		expect(imported.stderr).not.toMatch(/files,/);
	});

	it('exits 2 on usage errors: no -c, no PATH, an unknown flag, a missing path', async () => {
		const [noCase, noPath, unknownFlag, missing] = await Promise.all([
			cli(['import', input]),
			cli(['import', '-c', path.join(dir, 'usage1.duckdb')]),
			cli(['import', '-c', path.join(dir, 'usage2.duckdb'), '--frobnicate', input]),
			cli(['import', '-c', path.join(dir, 'usage3.duckdb'), path.join(dir, 'no-such-folder')]),
		]);
		expect([noCase.status, noPath.status, unknownFlag.status, missing.status]).toEqual([2, 2, 2, 2]);
		expect(noCase.stderr).toMatch(/needs -c CASE/);
		expect(noPath.stderr).toMatch(/needs at least one PATH/);
		expect(unknownFlag.stderr).toMatch(/frobnicate/);
		expect(missing.stderr).toMatch(/No such file or folder: .*no-such-folder/);
		for (const result of [noCase, noPath, unknownFlag, missing]) expect(result.stdout).toBe('');
		expect(existsSync(path.join(dir, 'usage1.duckdb'))).toBe(false);
		expect(existsSync(path.join(dir, 'usage2.duckdb'))).toBe(false);
	});

	it('writes one audit row per import: analyst, the UTC instant, the paths, and no secrets', async () => {
		const audit = await rows(casePath, `SELECT seq, occurred_at, analyst, command, arguments, tool_version, outcome FROM audit_log ORDER BY seq`);
		expect(audit).toHaveLength(1);
		const [row] = audit;
		expect(row).toMatchObject({seq: 1, analyst: 'Jane Analyst', command: 'import'});
		expect(JSON.parse(row!['arguments'])).toEqual({paths: [input]});
		const at = Date.parse(row!['occurred_at']);
		expect(at).toBeGreaterThanOrEqual(started - 1000);
		expect(at).toBeLessThanOrEqual(finished + 1000);
		expect(JSON.parse(row!['outcome'])).toMatchObject({files: 2, imported: 2, quarantined: 0, newEvents: 4});
		const everything = JSON.stringify(await rows(casePath, `SELECT * FROM audit_log`));
		expect(everything).not.toMatch(/SECRETKEY|SESSIONTOKEN/);
		// Sources carry who acquired them, and when (the same UTC instant window).
		const sources = await rows(casePath, `SELECT acquired_by, acquired_at, audit_seq FROM sources`);
		for (const source of sources) {
			expect(source).toMatchObject({acquired_by: 'Jane Analyst', audit_seq: 1});
			expect(Date.parse(source['acquired_at'])).toBeGreaterThanOrEqual(started - 1000);
			expect(Date.parse(source['acquired_at'])).toBeLessThanOrEqual(finished + 1000);
		}
	});

	it('redacts every secret-looking argument name before it reaches the audit log', () => {
		expect(
			redactArguments({
				paths: ['a'],
				secretAccessKey: 'x',
				'session-token': 'y',
				password: 'z',
				accessKeyId: 'AKIA',
				'access-key': 'k',
				credentials: 'c',
				profile: 'forensics',
				empty: undefined,
			}),
		).toEqual({
			paths: ['a'],
			secretAccessKey: '[redacted]',
			'session-token': '[redacted]',
			password: '[redacted]',
			accessKeyId: '[redacted]',
			'access-key': '[redacted]',
			credentials: '[redacted]',
			profile: 'forensics',
		});
	});
});

describe('info', () => {
	it('--json has the documented keys with the case facts', async () => {
		const result = await cli(['info', '-c', casePath, '--json']);
		expect(result.status, result.stderr).toBe(0);
		const info = JSON.parse(result.stdout);
		expect(Object.keys(info)).toEqual(expect.arrayContaining(INFO_KEYS));
		expect(info).toMatchObject({
			schemaVersion: 1,
			events: 4,
			sources: 2,
			quarantined: 0,
			accounts: ['111122223333', '444455556666'],
			regions: ['eu-west-1', 'us-east-1'],
			firstEvent: '2024-04-30T23:59:59.000Z',
			lastEvent: '2024-05-02T08:30:00.000Z',
		});
		expect(info.caseId).toMatch(/^[0-9a-f-]{36}$/);
	});
});

describe('query --sql', () => {
	const sql = `SELECT event_id, user_agent, error_message, read_only, event_time FROM events WHERE event_id IN ('cli-formula', 'cli-comma') ORDER BY event_id`;

	it('formats json (an array of row objects), csv (header, formula cells quoted) and table', async () => {
		// One at a time: query records each run in the case afterwards, which takes the write lock.
		const json = await cli(['query', '-c', casePath, '--sql', sql, '--format', 'json']);
		const csv = await cli(['query', '-c', casePath, '--sql', sql, '--format', 'csv']);
		const table = await cli(['query', '-c', casePath, '--sql', sql]);
		expect([json.status, csv.status, table.status]).toEqual([0, 0, 0]);
		expect(JSON.parse(json.stdout)).toEqual([
			{event_id: 'cli-comma', user_agent: 'aws-cli/2.15.0 Python/3.11', error_message: 'a, "b"\nc', read_only: true, event_time: '2024-05-01T12:00:00.000Z'},
			{event_id: 'cli-formula', user_agent: '=HYPERLINK("http://evil.example","x")', error_message: null, read_only: true, event_time: '2024-04-30T23:59:59.000Z'},
		]);
		const lines = csv.stdout.split('\r\n');
		expect(lines[0]).toBe('event_id,user_agent,error_message,read_only,event_time');
		expect(lines[1]).toBe('cli-comma,aws-cli/2.15.0 Python/3.11,"a, ""b""\nc",true,2024-05-01T12:00:00.000Z');
		expect(lines[2]).toBe(`cli-formula,"'=HYPERLINK(""http://evil.example"",""x"")",,true,2024-04-30T23:59:59.000Z`);
		expect(table.stdout).toMatch(/^event_id\s+user_agent\s+error_message\s+read_only\s+event_time\n-+/);
		expect(table.stdout).toMatch(/\(2 rows, \d+ ms\)/);
		// Newlines and other controls from the data are escaped in a terminal table.
		expect(table.stdout).toContain('a, "b"\\x0ac');
	});

	it('cannot write to the case or read other files (exit 1), and the case is unchanged', async () => {
		const counts = `SELECT (SELECT count(*) FROM events) AS e, (SELECT count(*) FROM sources) AS s, (SELECT count(*) FROM event_sources) AS o`;
		const before = await rows(casePath, counts);
		const attempts = [];
		for (const statement of [
			`INSERT INTO events (event_key, source_id, record_index) VALUES ('forged', 1, 99)`,
			`DROP TABLE events`,
			`SELECT * FROM read_text('/etc/passwd')`,
			`COPY (SELECT * FROM events) TO '${path.join(dir, 'leak.csv')}'`,
		]) {
			attempts.push(await cli(['query', '-c', casePath, '--sql', statement]));
		}
		expect(attempts.map((a) => a.status)).toEqual([1, 1, 1, 1]);
		expect(attempts[0]!.stderr).toMatch(/read-only/);
		expect(attempts[2]!.stderr).toMatch(/disabled by configuration|Permission/);
		expect(attempts.map((a) => a.stdout)).toEqual(['', '', '', '']);
		expect(existsSync(path.join(dir, 'leak.csv'))).toBe(false);
		expect(await rows(casePath, counts)).toEqual(before);
		expect(await rows(casePath, `SELECT event_key FROM events WHERE event_key = 'forged'`)).toEqual([]);
	});
});

describe('case files trailcase must refuse', () => {
	it('a case from a newer schema is refused with a clear message by every command, and left untouched', async () => {
		const newer = path.join(dir, 'newer.duckdb');
		const made = await cli(['import', '-c', newer, path.join(input, 'export.ndjson'), '--json']);
		expect(made.status, made.stderr).toBe(0);
		await rawDuckdb(newer, `UPDATE case_meta SET value = '99' WHERE key = 'schema_version'`);
		const info = await cli(['info', '-c', newer]);
		const imp = await cli(['import', '-c', newer, input]);
		const query = await cli(['query', '-c', newer, '--sql', 'SELECT 1']);
		for (const result of [info, imp, query]) {
			expect(result.status).toBe(1);
			expect(result.stderr).toMatch(/uses case schema 99; this trailcase .* understands up to 1\. Upgrade trailcase/);
			expect(result.stderr).not.toMatch(/unexpected failure|\n\s+at /);
		}
		expect(await rawDuckdb(newer, `SELECT (SELECT count(*) FROM sources) AS s, (SELECT value FROM case_meta WHERE key = 'schema_version') AS v`)).toEqual([
			{s: 1n, v: '99'},
		]);
	});

	it('a DuckDB file that is not a case is refused and not turned into one', async () => {
		const other = path.join(dir, 'other.duckdb');
		await rawDuckdb(other, `CREATE TABLE findings (id INTEGER, note VARCHAR); INSERT INTO findings VALUES (1, 'keep me')`);
		const imp = await cli(['import', '-c', other, input]);
		const info = await cli(['info', '-c', other]);
		for (const result of [imp, info]) {
			expect(result.status).toBe(1);
			expect(result.stderr).toMatch(/is a DuckDB file but not a trailcase case/);
		}
		expect(await rawDuckdb(other, `SELECT table_name FROM duckdb_tables() ORDER BY 1`)).toEqual([{table_name: 'findings'}]);
	});

	it('a file that is not DuckDB at all is refused (exit 1) and not overwritten', async () => {
		const text = path.join(dir, 'notes.duckdb');
		writeFileSync(text, 'these are my notes, not a database\n');
		const result = await cli(['import', '-c', text, input]);
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(/Cannot open case/);
		expect((await import('node:fs')).readFileSync(text, 'utf8')).toBe('these are my notes, not a database\n');
	});
});
