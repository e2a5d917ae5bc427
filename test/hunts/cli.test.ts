import {createHash} from 'node:crypto';
import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {DuckDBInstance} from '@duckdb/node-api';
import {beforeAll, describe, expect, it} from 'vitest';
import {CaseStore} from '../../source/case/case-store.js';
import {repoRoot} from '../helpers/cli.js';
import {importIntoNewCase, runCli, shippedHunts, tempDir} from './helpers.js';

const stratus = path.resolve(repoRoot, '..', 'shared', 'datasets', 'stratus-red-team-detonation-logs');
const ESC = '\u001b';
const hunts = shippedHunts();

const header = (id: string, severity = 'high') =>
	[`-- id: ${id}`, `-- title: ${id}`, `-- severity: ${severity}`, '-- mitre: T1562.008', '-- description: test hunt', '-- references: https://example.com', '-- false-positives: none'].join('\n');

let casePath: string;
let userHunts: string;

/** A case with the Stratus logs plus two StopLogging calls by a principal whose ARN carries escape sequences. */
beforeAll(() => {
	const dir = tempDir('hunts-cli-');
	const evil = `arn:aws:iam::111122223333:user/evil${ESC}]8;;https://x.example/${ESC}\\${ESC}[2J`;
	const record = (n: number) => ({
		eventVersion: '1.09', eventTime: `2030-01-01T00:0${n}:00Z`, eventSource: 'cloudtrail.amazonaws.com', eventName: 'StopLogging',
		awsRegion: 'us-east-1', sourceIPAddress: '203.0.113.5', userAgent: `${ESC}[31mred`, eventID: `evil-${n}`, eventType: 'AwsApiCall',
		userIdentity: {type: 'IAMUser', arn: evil, accountId: '111122223333', userName: 'evil'}, requestParameters: {name: 'trail'},
		responseElements: null, recipientAccountId: '111122223333', readOnly: false, managementEvent: true, eventCategory: 'Management',
	});
	mkdirSync(path.join(dir, 'extra'));
	writeFileSync(path.join(dir, 'extra', 'evil.json'), JSON.stringify({Records: [record(1), record(2)]}));
	casePath = importIntoNewCase([stratus, path.join(dir, 'extra')], dir);
	userHunts = path.join(dir, 'user-hunts');
	mkdirSync(userHunts);
	writeFileSync(path.join(userHunts, 'bad-header.sql'), `-- id: bad-header\n-- title: no severity\nSELECT event_key, event_id FROM events`);
	writeFileSync(path.join(userHunts, 'bad-sql.sql'), `${header('bad-sql')}\nSELECT event_key, event_id FROM nowhere`);
	writeFileSync(path.join(userHunts, 'deletes.sql'), `${header('deletes')}\nDELETE FROM events`);
	writeFileSync(path.join(userHunts, 'reads-files.sql'), `${header('reads-files')}\nSELECT event_key, event_id FROM events, read_text('/etc/hostname')`);
	writeFileSync(path.join(userHunts, 'my-stop.sql'), `${header('my-stop', 'low')}\nSELECT event_key, event_id FROM events\nWHERE event_source = 'cloudtrail.amazonaws.com' AND event_name = 'StopLogging' -- mine\n`);
});

async function caseRows<T>(sql: string): Promise<T[]> {
	const store = await CaseStore.open(casePath, {readOnly: true});
	try {
		return await store.all<T>(sql);
	} finally {
		store.close();
	}
}

const json = (stdout: string) => JSON.parse(stdout) as {hunts: any[]; problems: number; recorded: boolean; notRecorded?: string};

describe('trailcase hunt', () => {
	it('runs every shipped hunt, reports each one, and records the runs with their SQL', async () => {
		const before = await caseRows<{n: bigint}>('SELECT count(*) AS n FROM hunt_runs');
		const result = runCli(['hunt', '-c', casePath, '--json']);
		expect(result.stderr).toBe('');
		expect(result.status).toBe(0);
		const report = json(result.stdout);
		expect(report.hunts.map((hunt) => hunt.id).sort()).toEqual(hunts.map((hunt) => hunt.id).sort());
		for (const entry of report.hunts) {
			expect(Object.keys(entry)).toEqual(expect.arrayContaining(['id', 'title', 'severity', 'matches', 'firstSeen', 'lastSeen', 'topPrincipals']));
			expect(entry.error).toBeNull();
		}
		const stop = report.hunts.find((hunt) => hunt.id === 'cloudtrail-stop-logging');
		expect(stop).toMatchObject({severity: 'critical', matches: 3, firstSeen: '2024-07-31T13:06:24.000Z', lastSeen: '2030-01-01T00:02:00.000Z'});
		expect(stop.topPrincipals[0]).toEqual({principal: expect.stringContaining('user/evil'), events: 2});
		const ranks = report.hunts.map((hunt) => ['critical', 'high', 'medium', 'low', 'info'].indexOf(hunt.severity));
		expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
		expect(report.recorded).toBe(true);

		const runs = await caseRows<{hunt_id: string; sql: string; sql_sha256: string; command: string; matches: bigint; analyst: string; audit_seq: bigint}>(
			`SELECT hunt_id, sql, sql_sha256, command, matches, analyst, audit_seq FROM hunt_runs ORDER BY started_at DESC, hunt_id LIMIT ${hunts.length}`,
		);
		expect(runs.length - 0).toBe(hunts.length);
		expect(Number((await caseRows<{n: bigint}>('SELECT count(*) AS n FROM hunt_runs'))[0]!.n - before[0]!.n)).toBe(hunts.length);
		for (const run of runs) {
			const hunt = hunts.find((candidate) => candidate.id === run.hunt_id)!;
			expect(run.sql).toBe(hunt.sql);
			expect(run.sql_sha256).toBe(createHash('sha256').update(hunt.sql).digest('hex'));
			expect(run).toMatchObject({command: 'hunt', analyst: 'test-analyst'});
		}
		expect(Number(runs.find((run) => run.hunt_id === 'cloudtrail-stop-logging')!.matches)).toBe(3);
		const audit = await caseRows<{command: string; outcome: string}>(`SELECT command, outcome FROM audit_log WHERE seq = ${runs[0]!.audit_seq}`);
		expect(audit[0]!.command).toBe('hunt');
		expect(JSON.parse(audit[0]!.outcome)).toMatchObject({hunts: hunts.length, failed: 0, malformed: 0});
	});

	it('prints a table sorted by severity with attacker-controlled text escaped', () => {
		const result = runCli(['hunt', '-c', casePath, '--no-record']);
		expect(result.status).toBe(0);
		expect(result.stdout).not.toContain(ESC);
		const lines = result.stdout.split('\n');
		expect(lines[0]).toMatch(/^severity\s+matches\s+hunt\s+first seen\s+last seen\s+top principal/);
		expect(lines[2]).toMatch(/^critical/);
		const stop = lines.find((line) => line.includes('cloudtrail-stop-logging'))!;
		expect(stop).toMatch(/critical\s+3\s+cloudtrail-stop-logging/);
		expect(stop).toContain('evil\\x1b]8;;');
		expect(result.stdout).toMatch(new RegExp(`${hunts.length} hunts, \\d+ with matches, 0 with problems`));
	});

	it('lists a malformed or failing hunt with its file and error, still runs the others, and exits 3', async () => {
		const result = runCli(['hunt', '-c', casePath, '--queries', userHunts, '--json', '--no-record']);
		expect(result.status).toBe(3);
		const report = json(result.stdout);
		const entry = (id: string) => report.hunts.find((hunt) => hunt.id === id);
		expect(entry('bad-header')).toMatchObject({file: path.join(userHunts, 'bad-header.sql'), matches: null, error: expect.stringContaining('header is missing "-- severity:"')});
		expect(entry('bad-sql').error).toMatch(/does not run against this case.*nowhere/);
		expect(entry('deletes').error).toMatch(/not a single SELECT statement/);
		expect(entry('reads-files').error).toMatch(/does not run against this case/);
		expect(entry('my-stop')).toMatchObject({matches: 3, error: null});
		expect(report.problems).toBe(4);
		expect(report.hunts.filter((hunt) => hunt.matches !== null)).toHaveLength(hunts.length + 1);
		expect(Number((await caseRows<{n: bigint}>('SELECT count(*) AS n FROM events'))[0]!.n)).toBe(312);
	});

	it('runs only the hunts asked for, and refuses an unknown id', () => {
		const result = runCli(['hunt', '-c', casePath, '--only', 'cloudtrail-stop-logging,my-stop', '--queries', userHunts, '--json', '--no-record']);
		expect(result.status).toBe(0);
		expect(json(result.stdout).hunts.map((hunt) => hunt.id)).toEqual(['cloudtrail-stop-logging', 'my-stop']);
		const unknown = runCli(['hunt', '-c', casePath, '--only', 'no-such-hunt']);
		expect(unknown.status).toBe(2);
		expect(unknown.stderr).toContain('no hunt named no-such-hunt');
	});

	it('lists the hunts, including the analyst\'s own folder, without a case', () => {
		const config = tempDir('hunts-xdg-');
		mkdirSync(path.join(config, 'trailcase', 'queries'), {recursive: true});
		writeFileSync(path.join(config, 'trailcase', 'queries', 'mine.sql'), `${header('mine')}\nSELECT event_key, event_id FROM events`);
		const result = runCli(['hunt', '--list', '--json'], {env: {XDG_CONFIG_HOME: config}});
		expect(result.status).toBe(0);
		const listed = JSON.parse(result.stdout) as {hunts: Record<string, unknown>[]};
		expect(listed.hunts.map((hunt) => hunt['id'])).toContain('mine');
		expect(listed.hunts).toHaveLength(hunts.length + 1);
		expect(listed.hunts[0]).not.toHaveProperty('sql');
	});

	it('does not record, and says so, while another process has the case open', async () => {
		const before = await caseRows<{n: bigint}>('SELECT count(*) AS n FROM hunt_runs');
		const instance = await DuckDBInstance.create(casePath, {access_mode: 'READ_ONLY'});
		try {
			const result = runCli(['hunt', '-c', casePath, '--only', 'cloudtrail-stop-logging', '--json']);
			expect(result.status).toBe(0);
			expect(json(result.stdout)).toMatchObject({recorded: false, notRecorded: 'the case is open in another process'});
			expect(result.stderr).toContain('not recorded in the case (the case is open in another process)');
		} finally {
			instance.closeSync();
		}
		expect((await caseRows<{n: bigint}>('SELECT count(*) AS n FROM hunt_runs'))[0]!.n).toBe(before[0]!.n);
	});

	it('documents every flag in --help', () => {
		const help = runCli(['hunt', '--help']).stdout;
		for (const flag of ['-c, --case', '--only', '--queries', '--list', '--json', '--no-record', '--analyst']) expect(help).toContain(flag);
	});
});

describe('trailcase query HUNT_ID', () => {
	it('prints a hunt\'s rows as CSV or JSON and records the run', async () => {
		const csv = runCli(['query', '-c', casePath, 'cloudtrail-stop-logging', '--format', 'csv']);
		expect(csv.status).toBe(0);
		const lines = csv.stdout.trimEnd().split('\r\n');
		expect(lines[0]!.startsWith('event_key,event_id,')).toBe(true);
		expect(lines).toHaveLength(4);
		const rows = JSON.parse(runCli(['query', '-c', casePath, 'cloudtrail-stop-logging', '--format', 'json']).stdout) as Record<string, unknown>[];
		expect(rows.map((row) => row['event_id']).slice(1)).toEqual(['evil-1', 'evil-2']);
		const runs = await caseRows<{command: string; matches: bigint; row_count: bigint}>(`SELECT command, matches, row_count FROM hunt_runs WHERE hunt_id = 'cloudtrail-stop-logging' AND command = 'query'`);
		expect(runs).toHaveLength(2);
		expect(runs.map((run) => [Number(run.matches), Number(run.row_count)])).toEqual([[3, 3], [3, 3]]);
	});

	it('escapes control characters in the table', () => {
		const table = runCli(['query', '-c', casePath, 'cloudtrail-stop-logging']);
		expect(table.status).toBe(0);
		expect(table.stdout).not.toContain(ESC);
		expect(table.stdout).toContain('user/evil\\x1b]8;;');
	});

	it('runs a hunt from --queries, and names the file of a malformed one', () => {
		expect(runCli(['query', '-c', casePath, 'my-stop', '--queries', userHunts, '--format', 'json']).status).toBe(0);
		const bad = runCli(['query', '-c', casePath, 'bad-header', '--queries', userHunts]);
		expect(bad.status).toBe(1);
		expect(bad.stderr).toContain(path.join(userHunts, 'bad-header.sql'));
		const unknown = runCli(['query', '-c', casePath, 'no-such-hunt']);
		expect(unknown.status).toBe(2);
	});

	it('records ad-hoc SQL with no hunt id', async () => {
		const sql = 'SELECT count(*) AS n FROM events';
		expect(runCli(['query', '-c', casePath, '--sql', sql, '--format', 'json']).status).toBe(0);
		const runs = await caseRows<{hunt_id: string | null; row_count: bigint; matches: bigint | null}>(`SELECT hunt_id, row_count, matches FROM hunt_runs WHERE sql = '${sql}'`);
		expect(runs).toEqual([{hunt_id: null, row_count: 1n, matches: null}]);
	});
});
