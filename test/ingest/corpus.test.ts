import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {CORPUS, expectedIdentities, FOLDERS, listFiles, readCorpusFile, requireCorpus, type FileRecords} from './corpus-reader.js';
import {importPaths, originalTexts, rows, tempDir, type ImportRun} from './helpers.js';

/** Why each broken corpus file must be quarantined: the reason has to name that cause. */
const REASONS: Record<string, RegExp> = {
	'aws.execution.ec2-user-data.json': /^invalid JSON: expected ',' or '\]' \(line 112/,
	'cloudtrail.zip': /ZIP archive/,
	'bad_cloudtrail.json': /^invalid JSON: .*truncated/,
	'AWS_S3_HoneyBucketLogs.csv': /CSV is not a supported CloudTrail format/,
	'panther-test-expectations.ndjson': /^line 1: JSON but not CloudTrail/,
	'README.md': /^not JSON \(starts with "# Real-world/,
};

const work = tempDir('trailcase-corpus-');
const runs = new Map<string, {casePath: string; run: ImportRun}>();
const oracle = new Map<string, FileRecords | undefined>();

beforeAll(async () => {
	requireCorpus();
	for (const file of listFiles(CORPUS)) oracle.set(file, readCorpusFile(file));
	for (const folder of [...Object.keys(FOLDERS), '(whole corpus)']) {
		const casePath = path.join(work, `${folder.replace(/\W/g, '_')}.duckdb`);
		const input = folder === '(whole corpus)' ? CORPUS : path.join(CORPUS, folder);
		runs.set(folder, {casePath, run: await importPaths(casePath, [input])});
	}
});

function readable(files: string[]): FileRecords[] {
	return files.map((file) => oracle.get(file)).filter((f): f is FileRecords => f !== undefined);
}

describe.each(Object.entries(FOLDERS))('corpus folder %s', (folder, truth) => {
	const files = () => listFiles(path.join(CORPUS, folder));

	it('the test oracle (JSON.parse) agrees with the README counts', () => {
		expect(files()).toHaveLength(truth.files);
		const unreadable = files().filter((file) => oracle.get(file) === undefined).map((file) => path.basename(file));
		expect(unreadable.sort()).toEqual([...truth.quarantined].sort());
		expect(readable(files()).reduce((sum, f) => sum + f.records.length, 0)).toBe(truth.records);
		expect(readable(files()).filter((f) => f.kind === 'digest')).toHaveLength(truth.digests ?? 0);
	});

	it('imports every record and quarantines exactly the broken files, each with its cause', async () => {
		const {casePath, run} = runs.get(folder)!;
		expect(run.code).toBe(truth.quarantined.length > 0 ? 3 : 0);
		expect(run.report.files).toBe(truth.files);
		expect(run.report.quarantined.map((q) => path.basename(q.path)).sort()).toEqual([...truth.quarantined].sort());
		for (const q of run.report.quarantined) expect(q.reason).toMatch(REASONS[path.basename(q.path)]!);
		const [counts] = await rows(
			casePath,
			`SELECT (SELECT count(*) FROM sources) AS sources,
			        (SELECT count(*) FROM sources WHERE status = 'quarantined') AS quarantined,
			        (SELECT count(*) FROM sources WHERE kind = 'digest') AS digests,
			        (SELECT sum(record_count) FROM sources) AS records,
			        (SELECT count(*) FROM event_sources) AS occurrences,
			        (SELECT count(*) FROM events) AS events,
			        (SELECT count(DISTINCT event_key) FROM events) AS keys`,
		);
		expect(counts).toEqual({
			sources: truth.files,
			quarantined: truth.quarantined.length,
			digests: truth.digests ?? 0,
			records: truth.records,
			occurrences: truth.records,
			events: expectedIdentities(readable(files())).size,
			keys: expectedIdentities(readable(files())).size,
		});
	});
});

describe('corpus identities', () => {
	// Counted with `sort | uniq -c`: 43 lines fall in 20 groups of identical lines, i.e. 23 repeats.
	it('Panther repeats 23 records byte for byte in its one file: they stay 464 separate events (occurrence rule)', async () => {
		const panther = readable(listFiles(path.join(CORPUS, 'panther-analysis')));
		const texts = panther[0]!.records.map((r) => JSON.stringify(r));
		expect(texts.length - new Set(texts).size).toBe(23);
		const {casePath} = runs.get('panther-analysis')!;
		expect(await rows(casePath, `SELECT count(*) AS n FROM events WHERE event_key LIKE '%#%'`)).toEqual([{n: 23}]);
		expect(await rows(casePath, `SELECT count(*) AS n FROM events`)).toEqual([{n: 464}]);
	});

	it('cloudgrep: the pretty and the single-line file hold different records, so two events seen once each', async () => {
		const {casePath} = runs.get('cloudgrep-test-data')!;
		const seen = await rows(
			casePath,
			`SELECT e.event_id, count(*) AS n FROM events e JOIN event_sources es USING (event_key) GROUP BY ALL ORDER BY 1`,
		);
		expect(seen).toEqual([
			{event_id: '25d2f1da-c4ac-4201-9c97-e50869d6a636', n: 1},
			{event_id: '9357a8cc-a0eb-46a1-b67e-EXAMPLE19b14', n: 1},
		]);
	});
});

describe('the whole corpus in one case', () => {
	it('counts add up across folders, with README.md and the broken files quarantined', async () => {
		const {casePath, run} = runs.get('(whole corpus)')!;
		const all = listFiles(CORPUS);
		const expectedQuarantine = ['README.md', ...Object.values(FOLDERS).flatMap((f) => f.quarantined)].sort();
		expect(run.code).toBe(3);
		expect(run.report.quarantined.map((q) => path.basename(q.path)).sort()).toEqual(expectedQuarantine);
		for (const q of run.report.quarantined) expect(q.reason).toMatch(REASONS[path.basename(q.path)]!);
		const records = Object.values(FOLDERS).reduce((sum, f) => sum + f.records, 0);
		expect(records).toBe(964);
		const [counts] = await rows(
			casePath,
			`SELECT (SELECT count(*) FROM sources) AS sources, (SELECT sum(record_count) FROM sources) AS records,
			        (SELECT count(*) FROM event_sources) AS occurrences, (SELECT count(*) FROM events) AS events`,
		);
		expect(counts).toEqual({sources: all.length, records, occurrences: records, events: expectedIdentities(readable(all)).size});
		expect(run.report.newEvents).toBe(counts!['events']);
	});

	it('a record Panther copied from Stratus and one it copied from cloudgrep are each one event seen twice (962 events)', async () => {
		const {casePath} = runs.get('(whole corpus)')!;
		const shared = await rows(
			casePath,
			`SELECT any_value(e.event_id) AS event_id, list(split_part(s.origin, '/', -2) ORDER BY s.origin) AS folders
			 FROM event_sources es JOIN sources s USING (source_id) JOIN events e USING (event_key)
			 GROUP BY es.event_key HAVING count(*) > 1 ORDER BY 1`,
		);
		// Pretty (Stratus, cloudgrep) versus compact (Panther NDJSON) spellings of the same records.
		expect(shared).toEqual([
			{event_id: '1a4debbb-12e9-4bde-b8c7-ea29002bb2a7', folders: ['panther-analysis', 'stratus-red-team-detonation-logs']},
			{event_id: '9357a8cc-a0eb-46a1-b67e-EXAMPLE19b14', folders: ['cloudgrep-test-data', 'panther-analysis']},
		]);
		expect(await rows(casePath, `SELECT count(*) AS n FROM events`)).toEqual([{n: 962}]);
	});

	it('show returns every record occurrence exactly as the file holds it (deep-equal, same key order)', async () => {
		const {casePath} = runs.get('(whole corpus)')!;
		const refs = await rows(
			casePath,
			`SELECT es.event_key, es.source_id, es.record_index, s.origin FROM event_sources es JOIN sources s USING (source_id)
			 ORDER BY s.origin, es.record_index`,
		);
		expect(refs).toHaveLength(964);
		const texts = await originalTexts(casePath, refs as any);
		refs.forEach((ref, i) => {
			const expected = oracle.get(ref['origin'])!.records[ref['record_index']];
			expect(expected, `${ref['origin']} #${ref['record_index']}`).toBeDefined();
			const actual = JSON.parse(texts[i]!);
			expect(actual).toEqual(expected);
			expect(JSON.stringify(actual)).toBe(JSON.stringify(expected));
		});
		// Every record of every readable file is covered by exactly one occurrence row.
		const perFile = new Map<string, number>();
		for (const ref of refs) perFile.set(ref['origin'], (perFile.get(ref['origin']) ?? 0) + 1);
		for (const [file, parsed] of oracle) if (parsed?.kind === 'log') expect(perFile.get(file) ?? 0, file).toBe(parsed.records.length);
	});

	it('the event row points at its first occurrence and carries the same identity', async () => {
		const {casePath} = runs.get('(whole corpus)')!;
		const orphans = await rows(
			casePath,
			`SELECT e.event_key FROM events e ANTI JOIN event_sources es
			   ON es.event_key = e.event_key AND es.source_id = e.source_id AND es.record_index = e.record_index`,
		);
		expect(orphans).toEqual([]);
		const dangling = await rows(casePath, `SELECT es.event_key FROM event_sources es ANTI JOIN events e USING (event_key)`);
		expect(dangling).toEqual([]);
	});

	it('show through the CLI prints the original record of a sample from every folder', async () => {
		const {casePath} = runs.get('(whole corpus)')!;
		// One event per folder that has an eventID shared by no other event, so `show ID` prints one line.
		const samples = await rows(
			casePath,
			`SELECT DISTINCT ON (split_part(s.origin, '/', -2)) e.event_id, s.origin, e.record_index
			 FROM events e JOIN sources s USING (source_id)
			 WHERE e.event_id IS NOT NULL AND e.event_id IN (SELECT event_id FROM events GROUP BY 1 HAVING count(*) = 1)
			 ORDER BY split_part(s.origin, '/', -2), e.event_id`,
		);
		expect(samples.length).toBeGreaterThanOrEqual(8);
		for (const sample of samples.slice(0, 5)) {
			const result = runCli(['show', '-c', casePath, sample['event_id']]);
			expect(result.status, result.stderr).toBe(0);
			const lines = result.stdout.split('\n').filter(Boolean);
			expect(lines).toHaveLength(1);
			const expected = oracle.get(sample['origin'])!.records[sample['record_index']];
			expect(JSON.stringify(JSON.parse(lines[0]!))).toBe(JSON.stringify(expected));
		}
	});

	it('show EVENTID prints one document per line when several records share the eventID', async () => {
		const {casePath} = runs.get('(whole corpus)')!;
		const [shared] = await rows(
			casePath,
			`SELECT event_id, count(*) AS n FROM events WHERE event_id IS NOT NULL GROUP BY 1 HAVING count(*) > 1 ORDER BY n DESC, 1 LIMIT 1`,
		);
		expect(shared, 'the corpus has eventIDs shared by several records (sekoia, panther)').toBeDefined();
		const refs = await rows(
			casePath,
			`SELECT e.source_id, e.record_index, s.origin FROM events e JOIN sources s USING (source_id) WHERE event_id = $1
			 ORDER BY event_time NULLS LAST, source_id, record_index`,
			[shared!['event_id']],
		);
		const result = runCli(['show', '-c', casePath, shared!['event_id']]);
		expect(result.status, result.stderr).toBe(0);
		const lines = result.stdout.split('\n').filter(Boolean);
		expect(lines).toHaveLength(shared!['n']);
		lines.forEach((line, i) => {
			expect(line).not.toMatch(/\n/);
			const expected = oracle.get(refs[i]!['origin'])!.records[refs[i]!['record_index']];
			expect(JSON.parse(line)).toEqual(expected);
		});
	});
});
