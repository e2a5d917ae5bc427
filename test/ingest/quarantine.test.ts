import {createHash} from 'node:crypto';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {caseCounts, gzip, importPaths, ndjson, put, record, requireBuild, rows, tempDir, trailJson} from './helpers.js';

interface BadFixture {
	name: string;
	file: string;
	content: Buffer | string;
	/** The reason must name the cause. */
	reason: RegExp;
	/** eventIDs of well-formed records inside the bad file: none of them may reach the case. */
	innocent?: string[];
}

/** A deterministic stream of bytes that is neither gzip, JSON nor text. */
function noise(length: number): Buffer {
	const bytes = Buffer.alloc(length);
	let state = 0x2545f491;
	for (let i = 0; i < length; i++) {
		state ^= state << 13;
		state ^= state >>> 17;
		state ^= state << 5;
		bytes[i] = state & 0xff;
	}
	bytes[0] = 0x9c;
	bytes[1] = 0x00;
	return bytes;
}

function badFixtures(): BadFixture[] {
	const good = trailJson([record('crc-1'), record('crc-2')]);
	const compressed = gzip(good);
	const badCrc = Buffer.from(compressed);
	badCrc.writeUInt32LE((badCrc.readUInt32LE(badCrc.length - 8) ^ 0x5a5a5a5a) >>> 0, badCrc.length - 8);
	const pretty = JSON.stringify({Records: [record('comma-1'), record('comma-2'), record('comma-3')]}, null, 2);
	// Drop the comma between the second and third record (the zmallen corpus file is broken this way).
	const cut = pretty.lastIndexOf('},\n    {');
	const missingComma = `${pretty.slice(0, cut + 1)}\n    {${pretty.slice(cut + '},\n    {'.length)}`;
	const trail = trailJson([record('trunc-1'), record('trunc-2')]);
	return [
		{name: 'corrupt gzip (bad CRC)', file: 'bad-crc.json.gz', content: badCrc, reason: /corrupt gzip: CRC-32/, innocent: ['crc-1', 'crc-2']},
		{name: 'truncated gzip', file: 'truncated.json.gz', content: gzip(trailJson([record('tgz-1'), record('tgz-2')])).subarray(0, 60), reason: /^truncated gzip/},
		{name: 'gzip without its trailer', file: 'no-trailer.json.gz', content: compressed.subarray(0, compressed.length - 5), reason: /^truncated gzip: .*trailer/},
		{name: 'truncated JSON', file: 'truncated.json', content: trail.slice(0, trail.length - 40), reason: /^invalid JSON: .*truncated/, innocent: ['trunc-1']},
		{name: 'invalid JSON (missing comma)', file: 'missing-comma.json', content: missingComma, reason: /^invalid JSON: expected ',' or '\]' \(line \d+/, innocent: ['comma-1', 'comma-2']},
		{name: 'JSON that is not CloudTrail', file: 'package.json', content: JSON.stringify({name: 'x', version: '1.0.0', dependencies: {}}), reason: /JSON but not CloudTrail.*keys: name, version, dependencies/},
		{name: 'an empty file', file: 'empty.json', content: '', reason: /^empty file$/},
		{name: 'a whitespace-only file', file: 'blank.json', content: ' \n\t\r\n  ', reason: /^empty file \(only whitespace\)$/},
		{
			name: 'a console CSV download',
			file: 'event-history.csv',
			content: 'User name,AWS access key,Event time,Event source,Event name\nalice,AKIA1,2024-08-18T11:48:43Z,s3.amazonaws.com,ListBuckets\n',
			reason: /CSV is not a supported CloudTrail format/,
		},
		{name: 'random bytes', file: 'random.bin', content: noise(4096), reason: /^binary data, not JSON/},
		{name: 'a ZIP archive', file: 'logs.zip', content: Buffer.concat([Buffer.from('504b0304', 'hex'), noise(200)]), reason: /ZIP archive.*extract/},
		{name: '"Records" that is not an array', file: 'records-object.json', content: JSON.stringify({Records: record('obj-1')}), reason: /"Records" is not an array/, innocent: ['obj-1']},
		{
			name: 'a Records element that is not an object',
			file: 'records-element.json',
			content: JSON.stringify({Records: [record('elem-1'), 'oops', record('elem-3')]}),
			reason: /Records\[1\] is not an object/,
			innocent: ['elem-1', 'elem-3'],
		},
		{
			name: 'an NDJSON line that is not a record',
			file: 'mixed.ndjson',
			content: `${JSON.stringify(record('line-1'))}\n{"hello":"world","n":1}\n${JSON.stringify(record('line-3'))}\n`,
			reason: /^line 2: JSON but not CloudTrail/,
			innocent: ['line-1', 'line-3'],
		},
		{
			name: 'an NDJSON value that is not an object',
			file: 'numbers.ndjson',
			content: `${ndjson([record('num-1')])}42\n`,
			reason: /NDJSON value 2 is not a JSON object/,
			innocent: ['num-1'],
		},
		{
			name: 'an array element that is not a record',
			file: 'array.json',
			content: JSON.stringify([record('arr-1'), {Name: 'not a record'}], null, 2),
			reason: /array element 1: JSON but not CloudTrail/,
			innocent: ['arr-1'],
		},
		{
			name: 'a lookup-events item whose CloudTrailEvent is not JSON',
			file: 'lookup.json',
			content: JSON.stringify({Events: [{EventId: 'ok', CloudTrailEvent: JSON.stringify(record('lk-1'))}, {EventId: 'bad', CloudTrailEvent: '{"eventID":'}]}),
			reason: /Events\[1\] CloudTrailEvent is not valid JSON/,
			innocent: ['lk-1'],
		},
		{
			name: 'nesting deep enough to overflow a recursive parser',
			file: 'deep.json',
			content: trailJson([record('deep-1'), record('deep-2', {requestParameters: 'PLACEHOLDER'})]).replace('"PLACEHOLDER"', `${'['.repeat(100_000)}${']'.repeat(100_000)}`),
			reason: /nested deeper than \d+ levels/,
			innocent: ['deep-1'],
		},
		{
			// Raw invalid bytes inside a string used to reach the staging CSV and fail the whole batch.
			name: 'invalid UTF-8 inside a string',
			file: 'latin1.json',
			content: Buffer.concat([Buffer.from(`{"Records":[\n${JSON.stringify(record('utf-1'))},\n{"eventID":"utf-2","userAgent":"caf`), Buffer.from([0xe9, 0xff]), Buffer.from('"}]}')]),
			reason: /^not valid UTF-8: invalid byte sequence at byte \d+ \(line 3\)/,
			innocent: ['utf-1'],
		},
		{name: 'UTF-16 JSON with a BOM', file: 'utf16.json', content: Buffer.from(`\ufeff${trailJson([record('u16-1')])}`, 'utf16le'), reason: /^UTF-16 text/, innocent: ['u16-1']},
		{name: 'UTF-16 JSON without a BOM', file: 'utf16-nobom.json', content: Buffer.from(trailJson([record('u16-2')]), 'utf16le'), reason: /^UTF-16 text/},
		{
			name: 'a record larger than any CloudTrail record could be',
			file: 'huge.json.gz',
			content: gzip(trailJson([record('huge-1'), record('huge-2', {userAgent: 'A'.repeat(17 * 1024 * 1024)})])),
			reason: /^record 2 is \d+ bytes, more than any CloudTrail record/,
			innocent: ['huge-1'],
		},
		{
			name: 'CloudTrail Lake query results',
			file: 'lake.json',
			content: JSON.stringify({QueryStatus: 'FINISHED', QueryResultRows: [[{eventName: 'ListBuckets'}]]}),
			reason: /CloudTrail Lake query results are not supported/,
		},
	];
}

const companion = () => trailJson([record('companion-1'), record('companion-2', {eventName: 'GetObject'})]);

describe('a file that cannot be imported whole is quarantined with a specific reason', () => {
	it.each(badFixtures().map((f) => [f.name, f] as const))('%s', async (_name, fixture) => {
		const dir = tempDir('trailcase-quarantine-');
		const casePath = path.join(dir, 'case.duckdb');
		const bad = put(dir, `in/${fixture.file}`, fixture.content);
		const good = put(dir, 'in/good.json', companion());
		const {code, report} = await importPaths(casePath, [path.join(dir, 'in')]);

		expect(report.quarantined).toHaveLength(1);
		expect(report.quarantined[0]!.path).toBe(bad);
		expect(report.quarantined[0]!.reason).toMatch(fixture.reason);
		expect(code).toBe(3);
		expect(report).toMatchObject({files: 2, imported: 1, newEvents: 2, events: 2});

		const sources = await rows(casePath, `SELECT origin, status, reason, record_count, new_events, sha256, size FROM sources ORDER BY origin`);
		const bytes = Buffer.from(fixture.content);
		expect(sources.find((s) => s['origin'] === bad)).toMatchObject({
			status: 'quarantined',
			reason: report.quarantined[0]!.reason,
			record_count: 0,
			new_events: 0,
			size: bytes.length,
			sha256: createHash('sha256').update(bytes).digest('hex'),
		});
		expect(sources.find((s) => s['origin'] === good)).toMatchObject({status: 'imported', record_count: 2});
		// The quarantined bytes are kept as evidence, untouched.
		const [blob] = await rows(casePath, `SELECT b.bytes FROM blobs b JOIN sources s USING (sha256) WHERE s.origin = $1`, [bad]);
		expect(Buffer.from(blob!['bytes']).equals(bytes)).toBe(true);
		// Whole or nothing: not one record of the bad file is in the case.
		const ids = await rows(casePath, `SELECT event_id FROM events ORDER BY event_id`);
		expect(ids.map((r) => r['event_id'])).toEqual(['companion-1', 'companion-2']);
		for (const id of fixture.innocent ?? []) expect(ids.map((r) => r['event_id'])).not.toContain(id);
		expect(await rows(casePath, `SELECT * FROM event_sources es JOIN sources s USING (source_id) WHERE s.origin = $1`, [bad])).toEqual([]);
	});

	it('quarantines a second copy of quarantined bytes too, pointing at the first, and keeps one blob', async () => {
		const dir = tempDir('trailcase-quarantine-copy-');
		const casePath = path.join(dir, 'case.duckdb');
		put(dir, 'in/a/broken.json', '{"Records":[');
		put(dir, 'in/b/broken-copy.json', '{"Records":[');
		const {code, report} = await importPaths(casePath, [path.join(dir, 'in')]);
		expect(code).toBe(3);
		expect(report.quarantined.map((q) => path.basename(q.path))).toEqual(['broken.json', 'broken-copy.json']);
		const sources = await rows(casePath, `SELECT source_id, status, reason, duplicate_of FROM sources ORDER BY source_id`);
		expect(sources.map((s) => s['status'])).toEqual(['quarantined', 'quarantined']);
		expect(sources[1]!['duplicate_of']).toBe(sources[0]!['source_id']);
		expect(sources[1]!['reason']).toMatch(/^same bytes as source \d+: invalid JSON/);
		expect((await caseCounts(casePath)).blobs).toBe(1);
		// Re-running reports them again (still quarantined) but adds nothing.
		const again = await importPaths(casePath, [path.join(dir, 'in')]);
		expect(again.code).toBe(3);
		expect(again.report.quarantined).toHaveLength(2);
		expect((await caseCounts(casePath)).sources).toBe(2);
	});

	it('through the CLI: one import of every bad file and two good ones exits 3 and lists each in --json', () => {
		requireBuild();
		const dir = tempDir('trailcase-quarantine-cli-');
		const fixtures = badFixtures();
		for (const fixture of fixtures) put(dir, `in/${fixture.file}`, fixture.content);
		put(dir, 'in/good.json', companion());
		put(dir, 'in/good.ndjson.gz', gzip(ndjson([record('companion-3')])));
		const result = runCli(['import', '-c', path.join(dir, 'case.duckdb'), path.join(dir, 'in'), '--json']);
		expect(result.status, result.stderr).toBe(3);
		const report = JSON.parse(result.stdout);
		expect(report.imported).toBe(2);
		expect(report.newEvents).toBe(3);
		expect(report.quarantined).toHaveLength(fixtures.length);
		for (const fixture of fixtures) {
			const entry = report.quarantined.find((q: {path: string}) => q.path === path.join(dir, 'in', fixture.file));
			expect(entry, fixture.file).toBeDefined();
			expect(entry.reason).toMatch(fixture.reason);
		}
	});

	it('through the CLI without --json: each quarantined file is named with its reason and exit is 3', () => {
		const dir = tempDir('trailcase-quarantine-text-');
		put(dir, 'in/good.json', companion());
		const bad = put(dir, 'in/zz-broken.json', '{"Records":[{"eventID":"a"} {"eventID":"b"}]}');
		const result = runCli(['import', '-c', path.join(dir, 'case.duckdb'), path.join(dir, 'in')]);
		expect(result.status).toBe(3);
		expect(result.stdout).toContain(`quarantined: ${bad}: invalid JSON: expected ',' or ']'`);
		expect(result.stdout).toMatch(/2 files: 1 imported, 0 already present, 1 quarantined/);
	});
});
