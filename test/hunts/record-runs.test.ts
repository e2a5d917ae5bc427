import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {CaseStore} from '../../source/case/case-store.js';
import {recordRuns, recordRunsIn, sha256Hex, type RunRecord} from '../../source/hunts/record-runs.js';
import {repoRoot, tempDir} from '../helpers/cli.js';

const run: RunRecord = {
	huntId: 'cloudtrail-stop-logging', title: 'CloudTrail logging stopped', severity: 'critical', sourceFile: '/q/cloudtrail-stop-logging.sql',
	sql: 'SELECT event_key, event_id FROM events', command: 'hunt', startedAt: '2026-11-02T10:00:00.000Z', matches: 1, rowCount: 1, milliseconds: 12.5, error: null,
};
const audit = {analyst: 'alice', command: 'hunt', arguments: {only: 'cloudtrail-stop-logging'}, outcome: {hunts: 1}};

async function newCase(): Promise<string> {
	const file = path.join(tempDir('record-runs-'), 'case.duckdb');
	(await CaseStore.open(file, {create: true, analyst: 'test'})).close();
	return file;
}

describe('recording hunt runs', () => {
	it('writes each run with its SQL hash and one audit row that links them', async () => {
		const file = await newCase();
		const outcome = await recordRuns(file, [run, {...run, huntId: null, title: null, severity: null, sourceFile: null, command: 'query', matches: null, error: 'boom'}], audit);
		expect(outcome).toEqual({recorded: true, auditSeq: 1});
		const store = await CaseStore.open(file, {readOnly: true});
		try {
			const rows = await store.all(`SELECT hunt_id, sql_sha256, command, analyst, matches, milliseconds, error, audit_seq, started_at FROM hunt_runs ORDER BY command`);
			expect(rows).toEqual([
				{hunt_id: 'cloudtrail-stop-logging', sql_sha256: sha256Hex(run.sql), command: 'hunt', analyst: 'alice', matches: 1n, milliseconds: 12.5, error: null, audit_seq: 1n, started_at: expect.any(Object)},
				{hunt_id: null, sql_sha256: sha256Hex(run.sql), command: 'query', analyst: 'alice', matches: null, milliseconds: 12.5, error: 'boom', audit_seq: 1n, started_at: expect.any(Object)},
			]);
			expect(await store.all(`SELECT command, arguments FROM audit_log`)).toEqual([{command: 'hunt', arguments: '{"only":"cloudtrail-stop-logging"}'}]);
			const time = await store.one<{t: string}>(`SELECT strftime(started_at, '%Y-%m-%dT%H:%M:%S.%gZ') AS t FROM hunt_runs LIMIT 1`);
			expect(time!.t).toBe('2026-11-02T10:00:00.000Z');
		} finally {
			store.close();
		}
	});

	it('writes through a store the caller already holds, and refuses a read-only one', async () => {
		const file = await newCase();
		const writable = await CaseStore.open(file, {analyst: 'alice'});
		try {
			expect((await recordRunsIn(writable, [run], audit)).recorded).toBe(true);
		} finally {
			writable.close();
		}
		const readOnly = await CaseStore.open(file, {readOnly: true});
		try {
			expect(await recordRunsIn(readOnly, [run], audit)).toEqual({recorded: false, reason: 'the case is open read-only'});
		} finally {
			readOnly.close();
		}
	});

	it('reports a case it cannot open instead of throwing', async () => {
		const outcome = await recordRuns(path.join(tempDir(), 'missing.duckdb'), [run], audit);
		expect(outcome.recorded).toBe(false);
	});
});

describe('the hunts domain', () => {
	it('never imports ink or react (the TUI builds on it, not the other way round)', () => {
		const dir = path.join(repoRoot, 'source', 'hunts');
		for (const name of readdirSync(dir)) {
			const text = readFileSync(path.join(dir, name), 'utf8');
			expect(text, name).not.toMatch(/from ['"](ink|react)(\/[^'"]*)?['"]/);
			expect(text, name).not.toMatch(/from ['"]\.\.\/(ui|app|commands)\//);
		}
	});
});
