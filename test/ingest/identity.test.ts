import {copyFileSync, mkdirSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {caseCounts, gzip, importPaths, ndjson, originalTexts, put, record, requireBuild, rows, tempDir, trailJson, trailKey} from './helpers.js';

/** Everything an import decides about identity, in a form two cases can be compared by. */
async function fingerprint(casePath: string) {
	return {
		events: await rows(casePath, `SELECT event_key, event_id, source_id, record_index FROM events ORDER BY event_key`),
		occurrences: await rows(casePath, `SELECT event_key, source_id, record_index FROM event_sources ORDER BY source_id, record_index`),
		sources: await rows(
			casePath,
			`SELECT source_id, origin, sha256, status, duplicate_of, record_count, new_events, reason FROM sources ORDER BY source_id`,
		),
		blobs: await rows(casePath, `SELECT sha256, size FROM blobs ORDER BY sha256`),
	};
}

/** A small trail-like folder: compact gzip objects, an NDJSON export, and a pretty array download. */
function writeFolder(dir: string): string {
	const root = path.join(dir, 'trail');
	put(root, trailKey('AAAAAAAAAAAAAAA1'), gzip(trailJson([record('f-1'), record('f-2'), record('f-3')])));
	put(root, trailKey('AAAAAAAAAAAAAAA2'), gzip(trailJson([record('f-4'), record('f-5')])));
	put(root, 'exports/history.ndjson', ndjson([record('f-6'), record('f-7')]));
	put(root, 'exports/download.json', JSON.stringify([record('f-8')], null, 2));
	return root;
}

describe('re-importing is a no-op', () => {
	it('the same folder again adds no source, event, occurrence or blob, exits 0 and counts every file as skipped', async () => {
		const dir = tempDir('trailcase-reimport-');
		const casePath = path.join(dir, 'case.duckdb');
		const root = writeFolder(dir);
		const first = await importPaths(casePath, [root]);
		expect(first.code).toBe(0);
		expect(first.report).toMatchObject({files: 4, imported: 4, skipped: 0, newEvents: 8, events: 8});
		const before = await fingerprint(casePath);

		const again = await importPaths(casePath, [root]);
		expect(again.code).toBe(0);
		expect(again.report).toMatchObject({files: 4, imported: 0, skipped: 4, quarantined: [], newEvents: 0, events: 8});
		expect(await fingerprint(casePath)).toEqual(before);
		// Only the audit log grows: one row per import run.
		expect(await rows(casePath, `SELECT command, json_extract(outcome, '$.newEvents')::INTEGER AS n FROM audit_log ORDER BY seq`)).toEqual([
			{command: 'import', n: 8},
			{command: 'import', n: 0},
		]);
	});
});

describe('the same bytes at another origin', () => {
	it('a copy under another path becomes one already-present source with no new events or blob', async () => {
		const dir = tempDir('trailcase-copy-');
		const casePath = path.join(dir, 'case.duckdb');
		const original = put(dir, 'a/object.json.gz', gzip(trailJson([record('c-1'), record('c-2')])));
		await importPaths(casePath, [original]);
		const before = await caseCounts(casePath);

		mkdirSync(path.join(dir, 'b'));
		const copy = path.join(dir, 'b', 'renamed.json.gz');
		copyFileSync(original, copy);
		const {code, report} = await importPaths(casePath, [copy]);
		expect(code).toBe(0);
		expect(report).toMatchObject({files: 1, imported: 0, skipped: 1, newEvents: 0, quarantined: []});
		expect(await caseCounts(casePath)).toEqual({...before, sources: before.sources + 1});
		const sources = await rows(casePath, `SELECT source_id, origin, status, duplicate_of, new_events, reason, sha256 FROM sources ORDER BY source_id`);
		expect(sources[1]).toMatchObject({origin: copy, status: 'already-present', duplicate_of: sources[0]!['source_id'], new_events: 0, sha256: sources[0]!['sha256']});
		expect(sources[1]!['reason']).toBe(`same bytes as source ${sources[0]!['source_id']}`);

		// And importing both again is a pure no-op.
		const third = await importPaths(casePath, [original, copy]);
		expect(third.report).toMatchObject({skipped: 2, newEvents: 0});
		expect((await caseCounts(casePath)).sources).toBe(before.sources + 1);
	});

	it('two copies in one run: the first imports, the second is already-present', async () => {
		const dir = tempDir('trailcase-copy-run-');
		const casePath = path.join(dir, 'case.duckdb');
		const bytes = trailJson([record('d-1')]);
		put(dir, 'in/1.json', bytes);
		put(dir, 'in/2.json', bytes);
		const {code, report} = await importPaths(casePath, [path.join(dir, 'in')]);
		expect(code).toBe(0);
		expect(report).toMatchObject({imported: 1, skipped: 1, newEvents: 1});
		expect((await rows(casePath, `SELECT status FROM sources ORDER BY source_id`)).map((r) => r['status'])).toEqual(['imported', 'already-present']);
		expect(await caseCounts(casePath)).toEqual({events: 1, sources: 2, occurrences: 1, blobs: 1});
	});
});

describe('record identity across containers', () => {
	// CloudTrail writes `/` as `\/` in compact objects; console downloads do not, and pretty-print.
	const shared = record('shared-1', {userAgent: 'aws-cli/2.15.0 Python/3.11 Linux/6.1', requestParameters: {key: 'a/b/c', bucketName: 'logs'}});
	const compact = trailJson([shared, record('only-compact')]).replaceAll('/', '\\/');
	const pretty = JSON.stringify([record('only-pretty'), shared], null, 4);

	it('the same record in a compact trail object and a pretty array download is one event seen twice', async () => {
		const dir = tempDir('trailcase-same-record-');
		const casePath = path.join(dir, 'case.duckdb');
		put(dir, `in/${trailKey('BBBBBBBBBBBBBBB1')}`, gzip(compact));
		put(dir, 'in/download.json', pretty);
		const {report} = await importPaths(casePath, [path.join(dir, 'in')]);
		expect(report.newEvents).toBe(3);
		const events = await rows(casePath, `SELECT event_id, event_key FROM events ORDER BY event_id`);
		expect(events.map((e) => e['event_id'])).toEqual(['only-compact', 'only-pretty', 'shared-1']);
		const seen = await rows(
			casePath,
			`SELECT s.origin, es.record_index FROM event_sources es JOIN sources s USING (source_id) WHERE es.event_key = $1 ORDER BY s.origin`,
			[events[2]!['event_key']],
		);
		expect(seen.map((r) => [path.basename(r['origin']), r['record_index']])).toEqual([
			[path.basename(trailKey('BBBBBBBBBBBBBBB1')), 0],
			['download.json', 1],
		]);
		// Both occurrences show the same record, each in its own original spelling.
		const texts = await originalTexts(
			casePath,
			(await rows(casePath, `SELECT event_key, source_id, record_index FROM event_sources WHERE event_key = $1 ORDER BY source_id`, [events[2]!['event_key']])) as any,
		);
		expect(texts[0]).toContain('aws-cli\\/2.15.0');
		expect(texts[1]).toContain('\n');
		expect(JSON.parse(texts[0]!)).toEqual(shared);
		expect(JSON.parse(texts[1]!)).toEqual(shared);
	});

	it('the second container imported in a later run adds an occurrence, not an event', async () => {
		const dir = tempDir('trailcase-same-record-later-');
		const casePath = path.join(dir, 'case.duckdb');
		await importPaths(casePath, [put(dir, 'download.json', pretty)]);
		const later = await importPaths(casePath, [put(dir, 'object.json.gz', gzip(compact))]);
		expect(later.report.newEvents).toBe(1);
		expect(await caseCounts(casePath)).toEqual({events: 3, sources: 2, occurrences: 4, blobs: 2});
		expect(await rows(casePath, `SELECT new_events FROM sources ORDER BY source_id`)).toEqual([{new_events: 2}, {new_events: 1}]);
	});

	it('a record repeated twice inside one file is two events; a third copy elsewhere joins the first', async () => {
		const dir = tempDir('trailcase-repeat-');
		const casePath = path.join(dir, 'case.duckdb');
		const twice = record('twice');
		put(dir, 'in/a.ndjson', ndjson([twice, record('other'), twice]));
		put(dir, 'in/b.json', trailJson([twice]));
		const {report} = await importPaths(casePath, [path.join(dir, 'in')]);
		expect(report.newEvents).toBe(3);
		const events = await rows(casePath, `SELECT event_key, source_id, record_index FROM events WHERE event_id = 'twice' ORDER BY event_key`);
		expect(events).toHaveLength(2);
		expect(events[1]!['event_key']).toBe(`${events[0]!['event_key']}#2`);
		expect(events.map((e) => e['record_index'])).toEqual([0, 2]);
		const fromB = await rows(
			casePath,
			`SELECT es.event_key FROM event_sources es JOIN sources s USING (source_id) WHERE s.origin LIKE '%b.json'`,
		);
		expect(fromB).toEqual([{event_key: events[0]!['event_key']}]);
	});

	it('records that share an eventID but differ in any byte of content are separate events', async () => {
		const dir = tempDir('trailcase-same-id-');
		const casePath = path.join(dir, 'case.duckdb');
		put(dir, 'in/a.ndjson', ndjson([record('dup-id'), record('dup-id', {sourceIPAddress: '198.51.100.8'}), record('dup-id', {userAgent: 'aws-cli/2.15.0  Python/3.11'})]));
		await importPaths(casePath, [path.join(dir, 'in')]);
		expect(await rows(casePath, `SELECT count(*) AS n, count(DISTINCT event_key) AS k FROM events WHERE event_id = 'dup-id'`)).toEqual([{n: 3, k: 3}]);
	});
});

describe('batch boundaries', () => {
	it('an import committed one object per batch ends in exactly the case a single batch gives', async () => {
		requireBuild();
		const dir = tempDir('trailcase-batches-');
		const root = writeFolder(dir);
		const twice = record('twice');
		put(root, 'exports/repeat-a.ndjson', ndjson([twice, twice, record('f-1')]));
		put(root, 'exports/repeat-b.json', JSON.stringify({Records: [twice, record('f-4')]}, null, 2));
		put(root, 'exports/reordered.json.gz', gzip(trailJson([record('f-3'), record('f-1'), record('f-2')])));
		put(root, 'exports/exact-copy.json.gz', gzip(trailJson([record('f-1'), record('f-2'), record('f-3')])));
		const single = path.join(dir, 'single.duckdb');
		await importPaths(single, [root]);
		const batched = path.join(dir, 'batched.duckdb');
		const result = runCli(['import', '-c', batched, root, '--json'], {env: {TRAILCASE_BATCH_RECORDS: '1'}});
		expect(result.status, result.stderr).toBe(0);
		const a = await fingerprint(single);
		const b = await fingerprint(batched);
		expect(b.events).toEqual(a.events);
		expect(b.occurrences).toEqual(a.occurrences);
		expect(b.sources).toEqual(a.sources);
		expect(a.sources.filter((s) => s['status'] === 'already-present')).toHaveLength(1);
		// f-1..f-8 plus `twice` and `twice#2`; occurrences: 8 + 3 + 2 + 3 (the exact copy adds none).
		expect(a.events).toHaveLength(10);
		expect(a.occurrences).toHaveLength(16);
	});
});
