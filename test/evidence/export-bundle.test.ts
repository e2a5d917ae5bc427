import {copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {buildCase, corpus, HOSTILE, ok, parseCsv, readLines, runCli, system, tempDir, trailRecords, type BuiltCase} from './helpers.js';

let built: BuiltCase;
let bundle: string;

beforeAll(async () => {
	built = await buildCase('trailcase-export-');
	const attacker = built.summary.intrusion.attackerIp;
	const query = JSON.parse(ok(runCli(['query', '-c', built.casePath, '--format', 'json', '--sql', `SELECT event_key FROM events WHERE source_ip = '${attacker}' ORDER BY event_time LIMIT 5`])).stdout) as {event_key: string}[];
	ok(runCli(['tag', '-c', built.casePath, ...query.map((r) => r.event_key), '--tag', 'intrusion', '--note', 'attacker IP']));
	ok(runCli(['tag', '-c', built.casePath, ...HOSTILE.map((r) => r['eventID']).filter((id): id is string => typeof id === 'string'), '--tag', 'hostile']));
	// The record without an eventID can only be named by its event_key.
	const noId = JSON.parse(ok(runCli(['query', '-c', built.casePath, '--format', 'json', '--sql', `SELECT event_key FROM events WHERE event_name = 'NoIdHere'`])).stdout) as {event_key: string}[];
	ok(runCli(['tag', '-c', built.casePath, noId[0]!.event_key, '--tag', 'hostile']));
	ok(runCli(['note', '-c', built.casePath, 'Handed to legal on request #42']));
	bundle = path.join(built.dir, 'bundle');
	ok(runCli(['export', '-c', built.casePath, '--out', bundle, '--tag', 'intrusion', '--tag', 'hostile']));
});
afterAll(() => rmSync(built.dir, {recursive: true, force: true}));

describe('trailcase export', () => {
	it('passes the real coreutils `sha256sum -c SHA256SUMS` on a fresh bundle, listing every file', () => {
		const check = system('sha256sum', ['--strict', '-c', 'SHA256SUMS'], bundle);
		expect(check.status, check.stdout + check.stderr).toBe(0);
		const listed = readLines(path.join(bundle, 'SHA256SUMS')).map((line) => line.slice(66));
		expect(listed.sort()).toEqual(readdirSync(bundle).filter((f) => f !== 'SHA256SUMS').sort());
		for (const name of ['events.jsonl', 'events.csv', 'timeline.md', 'provenance.csv', 'provenance.jsonl', 'audit_log.jsonl', 'hunt_runs.jsonl', 'case.duckdb', 'manifest.json', 'README.md']) {
			expect(listed).toContain(name);
		}
	});

	it('writes a manifest with case, analyst, time, version, selection, counts and every file hashed', () => {
		const manifest = JSON.parse(readFileSync(path.join(bundle, 'manifest.json'), 'utf8'));
		expect(manifest).toMatchObject({format: 'trailcase-evidence-bundle/1', analyst: 'test-analyst', selection: {tags: ['intrusion', 'hostile'], all: false}});
		expect(manifest.createdAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
		expect(manifest.counts.events).toBe(5 + HOSTILE.length);
		const info = JSON.parse(ok(runCli(['info', '-c', built.casePath, '--json'])).stdout);
		expect(manifest.caseId).toBe(info.caseId);
		const sums = new Map(readLines(path.join(bundle, 'SHA256SUMS')).map((l) => [l.slice(66), l.slice(0, 64)]));
		for (const file of manifest.files) expect(sums.get(file.path)).toBe(file.sha256);
	});

	it('writes events.jsonl lines deep-equal to the records in the generated trail and the hostile file', () => {
		const trail = trailRecords(built.trailDir);
		const lines = readLines(path.join(bundle, 'events.jsonl')).map((l) => JSON.parse(l) as Record<string, unknown>);
		expect(lines).toHaveLength(5 + HOSTILE.length);
		const fromTrail = lines.filter((r) => trail.has(String(r['eventID'])) && !String(r['eventID']).startsWith('hostile'));
		expect(fromTrail).toHaveLength(5);
		for (const record of fromTrail) expect(record).toEqual(trail.get(String(record['eventID'])));
		const hostile = lines.filter((r) => r['sourceIPAddress'] === '203.0.113.9');
		expect(hostile.sort(byTime)).toEqual([...HOSTILE].sort(byTime));
	});

	it('neutralises CSV cells beginning with = + - @ tab or CR', () => {
		const rows = parseCsv(readFileSync(path.join(bundle, 'events.csv'), 'utf8'));
		const header = rows[0]!;
		const agent = header.indexOf('user_agent');
		const agents = rows.slice(1).map((row) => row[agent]!);
		for (const original of HOSTILE.slice(0, 6).map((r) => String(r['userAgent']))) expect(agents).toContain(`'${original}`);
		for (const row of rows.slice(1)) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
		expect(rows.slice(1).every((row) => row.length === header.length)).toBe(true);
		expect(header.slice(-2)).toEqual(['tags', 'validation']);
	});

	it('keeps log values inert in the timeline and shows tags, notes and case notes', () => {
		const md = readFileSync(path.join(bundle, 'timeline.md'), 'utf8');
		expect(md).toContain('Handed to legal on request #42');
		expect(md).toContain('Tag **intrusion** by test-analyst');
		expect(md).toContain('attacker IP');
		expect(md).not.toContain('\u001b');
		const outsideCode = md.replace(/(`+)[\s\S]*?[^`]\1(?!`)/g, '');
		expect(outsideCode).not.toMatch(/<script>|\]\(http/);
		expect(md).toContain('user agent: ``[click](http://evil.example) <script>alert(1)</script> `tick` \\x1b[31mred``');
	});

	it('records the provenance of every source object behind the events', () => {
		const rows = readLines(path.join(bundle, 'provenance.jsonl')).map((l) => JSON.parse(l));
		expect(rows.some((r) => r.origin === built.hostileFile)).toBe(true);
		expect(rows.some((r) => /AWSLogs\/.+\/CloudTrail\//.test(r.object_key ?? ''))).toBe(true);
		for (const r of rows) {
			expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
			expect(r.validation).toBeTypeOf('string');
		}
		expect(rows.reduce((n, r) => n + r.selected_events, 0)).toBeGreaterThanOrEqual(5 + HOSTILE.length);
	});

	it('includes the audit log with the tags, notes and the export itself', () => {
		const audit = readLines(path.join(bundle, 'audit_log.jsonl')).map((l) => JSON.parse(l));
		expect(audit.map((a) => a.command)).toEqual(expect.arrayContaining(['import', 'tag', 'note', 'export']));
	});

	it('refuses a non-empty folder, and a previous bundle unless --force; --force replaces only a bundle', () => {
		const other = path.join(built.dir, 'not-a-bundle');
		mkdirSync(other);
		writeFileSync(path.join(other, 'keep.txt'), 'mine');
		const refused = runCli(['export', '-c', built.casePath, '--out', other, '--all', '--force']);
		expect(refused.status).toBe(1);
		expect(refused.stderr).toMatch(/not empty and holds no trailcase bundle/);
		expect(readFileSync(path.join(other, 'keep.txt'), 'utf8')).toBe('mine');
		const again = runCli(['export', '-c', built.casePath, '--out', bundle, '--tag', 'hostile']);
		expect(again.status).toBe(1);
		expect(again.stderr).toMatch(/previous bundle; add --force/);
		const replaced = path.join(built.dir, 'replaced');
		ok(runCli(['export', '-c', built.casePath, '--out', replaced, '--tag', 'hostile']));
		ok(runCli(['export', '-c', built.casePath, '--out', replaced, '--tag', 'intrusion', '--force']));
		expect(readLines(path.join(replaced, 'events.jsonl'))).toHaveLength(5);
		expect(system('sha256sum', ['-c', 'SHA256SUMS'], replaced).status).toBe(0);
		writeFileSync(path.join(replaced, 'added-by-hand.txt'), 'x');
		const foreign = runCli(['export', '-c', built.casePath, '--out', replaced, '--all', '--force']);
		expect(foreign.status).toBe(1);
		expect(foreign.stderr).toMatch(/not part of its bundle \(added-by-hand.txt\)/);
		expect(readdirSync(built.dir).filter((f) => f.includes('.partial-') || f.includes('.replaced-'))).toEqual([]);
	});

	it('exports from a case copied to another path (a handoff); the bundle is complete and its case opens', () => {
		const handoff = tempDir('trailcase-handoff-');
		try {
			const moved = path.join(handoff, 'received', 'case.duckdb');
			mkdirSync(path.dirname(moved));
			copyFileSync(built.casePath, moved);
			const out = path.join(handoff, 'bundle');
			const result = JSON.parse(ok(runCli(['export', '-c', moved, '--out', out, '--all', '--json'])).stdout);
			expect(system('sha256sum', ['-c', 'SHA256SUMS'], out).status).toBe(0);
			const info = JSON.parse(ok(runCli(['info', '-c', path.join(out, 'case.duckdb'), '--json'])).stdout);
			expect(info.events).toBe(result.events);
			expect(readLines(path.join(out, 'events.jsonl'))).toHaveLength(info.events);
			expect(existsSync(path.join(out, 'case.duckdb.wal'))).toBe(false);
			const tagged = JSON.parse(ok(runCli(['tag', '-c', path.join(out, 'case.duckdb'), '--list', '--json'])).stdout);
			expect(tagged.length).toBeGreaterThanOrEqual(5 + HOSTILE.length);
			ok(runCli(['verify-bundle', out]));
		} finally {
			rmSync(handoff, {recursive: true, force: true});
		}
	});

	it('writes a tar.gz with its own .sha256 that coreutils and tar accept', () => {
		const out = path.join(built.dir, 'archived');
		ok(runCli(['export', '-c', built.casePath, '--out', out, '--tag', 'hostile', '--archive']));
		expect(system('sha256sum', ['-c', 'archived.tar.gz.sha256'], built.dir).status).toBe(0);
		const unpack = path.join(built.dir, 'unpacked');
		mkdirSync(unpack);
		expect(system('tar', ['-xzf', path.join(built.dir, 'archived.tar.gz'), '-C', unpack], built.dir).status).toBe(0);
		expect(system('sha256sum', ['-c', 'SHA256SUMS'], path.join(unpack, 'archived')).status).toBe(0);
	});

	it('leaves the case copy out with --no-case-copy and refuses an empty default selection', async () => {
		const out = path.join(built.dir, 'no-case');
		ok(runCli(['export', '-c', built.casePath, '--out', out, '--tag', 'hostile', '--no-case-copy']));
		expect(existsSync(path.join(out, 'case.duckdb'))).toBe(false);
		expect(system('sha256sum', ['-c', 'SHA256SUMS'], out).status).toBe(0);
		const empty = path.join(built.dir, 'empty-case.duckdb');
		ok(runCli(['import', '-c', empty, built.hostileFile]));
		const refused = runCli(['export', '-c', empty, '--out', path.join(built.dir, 'nothing')]);
		expect(refused.status).toBe(1);
		expect(refused.stderr).toMatch(/no event is tagged/);
		expect(existsSync(path.join(built.dir, 'nothing'))).toBe(false);
	});
});

describe('trailcase export on real-world records', () => {
	it('writes events.jsonl deep-equal to the corpus records (gzip objects and NDJSON with a repeated eventID)', async () => {
		const flaws = path.join(corpus, 'flaws2-cloud');
		const sekoia = path.join(corpus, 'sekoia-intake-formats');
		if (!existsSync(flaws) || !existsSync(sekoia)) throw new Error(`corpus missing at ${corpus} (tests need ../shared/datasets)`);
		const dir = tempDir('trailcase-corpus-export-');
		try {
			const casePath = path.join(dir, 'c.duckdb');
			ok(runCli(['import', '-c', casePath, flaws, sekoia]));
			const out = path.join(dir, 'b');
			ok(runCli(['export', '-c', casePath, '--out', out, '--all']));
			const { gunzipSync } = await import('node:zlib');
			const expected: unknown[] = [];
			for (const f of readdirSync(flaws)) expected.push(...(JSON.parse(gunzipSync(readFileSync(path.join(flaws, f))).toString('utf8')) as {Records: unknown[]}).Records);
			for (const f of readdirSync(sekoia)) expected.push(...readLines(path.join(sekoia, f)).map((l) => JSON.parse(l)));
			const actual = readLines(path.join(out, 'events.jsonl')).map((l) => JSON.parse(l));
			expect(actual.map(canonical).sort()).toEqual(expected.map(canonical).sort());
			expect(system('sha256sum', ['-c', 'SHA256SUMS'], out).status).toBe(0);
		} finally {
			rmSync(dir, {recursive: true, force: true});
		}
	});
});

function byTime(a: Record<string, unknown>, b: Record<string, unknown>): number {
	return String(a['eventTime']).localeCompare(String(b['eventTime']));
}

/** A key-order-independent spelling of a JSON value, to compare multisets of records. */
function canonical(value: unknown): string {
	if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
	if (value && typeof value === 'object') {
		return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
	}
	return JSON.stringify(value);
}
