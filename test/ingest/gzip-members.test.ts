import {createHash} from 'node:crypto';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {runCli} from '../helpers/cli.js';
import {gzip, importPaths, originalTexts, put, record, requireBuild, rows, tempDir, trailJson, trailKey} from './helpers.js';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** A genuine delivery object, then a forged second member that `zcat` and Node's gunzip would both read. */
function forged() {
	const genuine = trailJson([record('genuine-1'), record('genuine-2')]);
	const injected = gzip(trailJson([record('injected-1', {eventName: 'DeleteTrail', sourceIPAddress: '203.0.113.66'})]));
	return {genuine, injected, bytes: Buffer.concat([gzip(genuine), injected])};
}

describe('an appended gzip member', () => {
	it('imports only the first member, records the trailing bytes, warns, and exits 3', async () => {
		const dir = tempDir('trailcase-append-');
		const casePath = path.join(dir, 'case.duckdb');
		const {genuine, injected, bytes} = forged();
		const file = put(dir, `in/${trailKey('FORGEDFORGED0001')}`, bytes);
		put(dir, 'in/clean.json.gz', gzip(trailJson([record('clean-1')])));
		const {code, report} = await importPaths(casePath, [path.join(dir, 'in')]);

		expect(code).toBe(3);
		expect(report.quarantined).toEqual([]);
		expect(report.warnings).toHaveLength(1);
		expect(report.warnings[0]!.path).toBe(file);
		expect(report.warnings[0]!.warning).toMatch(new RegExp(`^${injected.length} bytes after the end of the first gzip member`));
		expect(report).toMatchObject({imported: 2, newEvents: 3});

		const [source] = await rows(casePath, `SELECT * FROM sources WHERE origin = $1`, [file]);
		expect(source).toMatchObject({
			status: 'imported',
			compression: 'gzip',
			gzip_trailing_bytes: injected.length,
			record_count: 2,
			content_sha256: sha256(genuine),
			sha256: sha256(bytes),
			size: bytes.length,
		});
		expect(source!['reason']).toMatch(/appended-data forgery/);
		const ids = (await rows(casePath, `SELECT event_id FROM events ORDER BY event_id`)).map((r) => r['event_id']);
		expect(ids).toEqual(['clean-1', 'genuine-1', 'genuine-2']);
		expect(await rows(casePath, `SELECT count(*) AS n FROM events WHERE source_ip = '203.0.113.66'`)).toEqual([{n: 0}]);
		// The whole received object (forged member included) is kept as evidence.
		const [blob] = await rows(casePath, `SELECT bytes FROM blobs WHERE sha256 = $1`, [sha256(bytes)]);
		expect(Buffer.from(blob!['bytes']).equals(bytes)).toBe(true);
		// show reads the first member only, exactly as import did.
		const refs = await rows(casePath, `SELECT event_key, source_id, record_index FROM events WHERE source_id = $1 ORDER BY record_index`, [source!['source_id']]);
		const texts = await originalTexts(casePath, refs as any);
		expect(texts.map((t) => JSON.parse(t)['eventID'])).toEqual(['genuine-1', 'genuine-2']);
	});

	it('warns as well when the bytes after the first member are not gzip at all', async () => {
		const dir = tempDir('trailcase-append-junk-');
		const casePath = path.join(dir, 'case.duckdb');
		const junk = Buffer.from('{"Records":[{"eventID":"junk-1","eventTime":"2024-01-01T00:00:00Z"}]}');
		put(dir, 'x.json.gz', Buffer.concat([gzip(trailJson([record('first-1')])), junk]));
		const {code, report} = await importPaths(casePath, [path.join(dir, 'x.json.gz')]);
		expect(code).toBe(3);
		expect(report.warnings[0]!.warning).toMatch(new RegExp(`^${junk.length} bytes after`));
		expect((await rows(casePath, `SELECT event_id FROM events`)).map((r) => r['event_id'])).toEqual(['first-1']);
	});

	it('quarantines the object when the first member fails its CRC, whatever follows', async () => {
		const dir = tempDir('trailcase-append-crc-');
		const casePath = path.join(dir, 'case.duckdb');
		const first = gzip(trailJson([record('crc-a')]));
		first[first.length - 6] = first[first.length - 6]! ^ 0xff;
		const file = put(dir, 'x.json.gz', Buffer.concat([first, forged().injected]));
		const {code, report} = await importPaths(casePath, [file]);
		expect(code).toBe(3);
		expect(report.quarantined).toEqual([{path: file, reason: expect.stringMatching(/corrupt gzip: CRC-32/)}]);
		expect(report.newEvents).toBe(0);
		expect(await rows(casePath, `SELECT status, gzip_trailing_bytes FROM sources`)).toEqual([{status: 'quarantined', gzip_trailing_bytes: 0}]);
	});

	it('through the CLI: exit 3, a warning line naming the file, and the warning in --json', () => {
		requireBuild();
		const dir = tempDir('trailcase-append-cli-');
		const file = put(dir, 'in/forged.json.gz', forged().bytes);
		const text = runCli(['import', '-c', path.join(dir, 'a.duckdb'), path.join(dir, 'in')]);
		expect(text.status, text.stderr).toBe(3);
		expect(text.stdout).toMatch(new RegExp(`warning: ${file.replaceAll('.', '\\.')}: \\d+ bytes after the end of the first gzip member`));
		const json = runCli(['import', '-c', path.join(dir, 'b.duckdb'), path.join(dir, 'in'), '--json']);
		expect(json.status).toBe(3);
		const report = JSON.parse(json.stdout);
		expect(report.quarantined).toEqual([]);
		expect(report.warnings).toEqual([{path: file, warning: expect.stringMatching(/first gzip member/)}]);
	});
});
