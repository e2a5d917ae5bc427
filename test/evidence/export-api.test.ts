import {existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {CaseStore} from '../../source/case/case-store.js';
import {exportBundle, type ExportPhase} from '../../source/evidence/export-bundle.js';
import {resolveEvents} from '../../source/evidence/resolve-events.js';
import {tagEvents} from '../../source/evidence/tags.js';
import {verifyBundle} from '../../source/evidence/verify-bundle.js';
import {buildCase, readLines, type BuiltCase} from './helpers.js';

let built: BuiltCase;
let store: CaseStore;
let huntDir: string;

function hunt(id: string, sql: string): void {
	writeFileSync(path.join(huntDir, `${id}.sql`), [
		`-- id: ${id}`, '-- title: test hunt', '-- severity: high', '-- mitre: T1562.008', '-- description: for the evidence tests',
		'-- references: https://example.com/hunt', '-- false-positives: none', sql, ''].join('\n'));
}

beforeAll(async () => {
	built = await buildCase('trailcase-export-api-');
	huntDir = path.join(built.dir, 'hunts');
	mkdirSync(huntDir);
	hunt('evidence-test-trail-tampering', `SELECT event_key, event_id FROM events WHERE event_name IN ('DeleteTrail', 'StopLogging') AND source_ip = '203.0.113.9'`);
	hunt('evidence-test-reads-files', `SELECT 'k' AS event_key, content AS event_id FROM read_text('/etc/hostname')`);
	store = await CaseStore.open(built.casePath, {analyst: 'tui-user'});
	const {keys} = await resolveEvents(store, ['hostile-eq', 'hostile-plus']);
	await tagEvents(store, keys, ['evidence'], {analyst: 'tui-user'});
});
afterAll(() => {
	store.close();
	rmSync(built.dir, {recursive: true, force: true});
});

describe('exportBundle (the API the TUI export key calls)', () => {
	it('reports progress through every phase and writes a verifiable bundle', async () => {
		const phases: ExportPhase[] = [];
		const out = path.join(built.dir, 'progress');
		const result = await exportBundle(store, {out, analyst: 'tui-user', tags: ['evidence']}, {onProgress: (p) => phases.push(p.phase)});
		expect([...new Set(phases)]).toEqual(['snapshot', 'select', 'events', 'tables', 'seal', 'done']);
		expect(result.events).toBe(2);
		expect((await verifyBundle(out)).ok).toBe(true);
		const audit = await store.one<{command: string; outcome: string}>(`SELECT command, outcome FROM audit_log WHERE seq = $1`, [result.auditSeq]);
		expect(audit!.command).toBe('export');
		expect(JSON.parse(audit!.outcome)).toMatchObject({events: 2, manifestSha256: result.manifestSha256});
	});

	it('stops on abort and leaves neither the bundle nor a partial folder, and audits the interruption', async () => {
		const controller = new AbortController();
		const out = path.join(built.dir, 'aborted');
		const attempt = exportBundle(store, {out, analyst: 'tui-user', all: true}, {
			signal: controller.signal,
			onProgress: (p) => {
				if (p.phase === 'select') controller.abort();
			},
		});
		await expect(attempt).rejects.toThrow(/interrupted/);
		expect(existsSync(out)).toBe(false);
		expect(readdirSync(built.dir).filter((f) => f.startsWith('.aborted'))).toEqual([]);
		const last = await store.one<{outcome: string}>(`SELECT outcome FROM audit_log WHERE command = 'export' ORDER BY seq DESC LIMIT 1`);
		expect(JSON.parse(last!.outcome)).toMatchObject({interrupted: true});
	});

	it('exports a consistent snapshot while another connection holds uncommitted work', async () => {
		const other = await store.connect();
		try {
			const {keys} = await resolveEvents(store, ['hostile-at']);
			await other.run('BEGIN TRANSACTION');
			await other.run(`INSERT INTO tags (tag_id, event_key, tag, analyst, created_at, audit_seq) VALUES (999999, $1, 'evidence', 'x', now(), 0)`, [keys[0]!]);
			const out = path.join(built.dir, 'snapshot');
			const result = await exportBundle(store, {out, analyst: 'tui-user', tags: ['evidence']});
			await other.run('COMMIT');
			expect(result.events).toBe(2);
			expect(readLines(path.join(out, 'tags.jsonl')).map((l) => JSON.parse(l).tag_id)).not.toContain(999999);
			const copy = await CaseStore.open(path.join(out, 'case.duckdb'), {readOnly: true});
			try {
				expect(await copy.one(`SELECT * FROM tags WHERE tag_id = 999999`)).toBeUndefined();
				const audit = await copy.all<{command: string}>(`SELECT command FROM audit_log ORDER BY seq`);
				expect(audit.at(-1)!.command).toBe('export');
			} finally {
				copy.close();
			}
			expect(existsSync(path.join(out, 'case.duckdb.wal'))).toBe(false);
		} finally {
			other.closeSync();
		}
	});

	it('selects the events a saved hunt returns and records the hunt and its SQL in the manifest', async () => {
		const out = path.join(built.dir, 'hunted');
		const result = await exportBundle(store, {out, analyst: 'tui-user', hunts: ['evidence-test-trail-tampering'], huntDirs: [huntDir]});
		expect(result.events).toBe(2);
		const names = readLines(path.join(out, 'events.jsonl')).map((l) => JSON.parse(l).eventName);
		expect(names).toEqual(['DeleteTrail', 'StopLogging']);
		const manifest = JSON.parse(readFileSync(path.join(out, 'manifest.json'), 'utf8'));
		expect(manifest.selection.hunts).toEqual([expect.objectContaining({id: 'evidence-test-trail-tampering', events: 2, sql: expect.stringContaining("IN ('DeleteTrail', 'StopLogging')")})]);
	});

	it('runs hunts without file access: a hunt that reads a file fails and nothing is written', async () => {
		const out = path.join(built.dir, 'file-reading-hunt');
		await expect(exportBundle(store, {out, analyst: 'tui-user', hunts: ['evidence-test-reads-files'], huntDirs: [huntDir]})).rejects.toThrow(/external access|does not run/i);
		expect(existsSync(out)).toBe(false);
	});

	it('refuses an unknown hunt id before writing anything', async () => {
		const before = await store.one<{n: bigint}>(`SELECT count(*) AS n FROM audit_log`);
		await expect(exportBundle(store, {out: path.join(built.dir, 'x'), analyst: 'a', hunts: ['no-such-hunt']})).rejects.toThrow(/no saved hunt with id no-such-hunt/);
		expect((await store.one<{n: bigint}>(`SELECT count(*) AS n FROM audit_log`))!.n).toBe(before!.n);
	});
});
