import {createHash} from 'node:crypto';
import {readFileSync} from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {beforeAll, describe, expect, it} from 'vitest';
import {generateTrail, type GenerateSummary} from '../../source/generator/generate.js';
import {gzip, importPaths, ndjson, originalTexts, put, record, rows, tempDir, trailJson, trailKey, type CloudTrailRecord, type ImportRun} from './helpers.js';

const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

interface LogFixture {
	file: string;
	content: Buffer | string;
	format: string;
	compression: 'gzip' | 'none';
	records: CloudTrailRecord[];
}

/** Three distinct records per fixture, so every record in the case can be traced to one fixture. */
function trio(prefix: string, extra: CloudTrailRecord = {}): CloudTrailRecord[] {
	return [1, 2, 3].map((n) => record(`${prefix}-${n}`, {eventName: `Call${n}`, ...extra}));
}

/** A lookup-events / Event-history item: the record travels as a JSON *string* in CloudTrailEvent. */
function historyItem(r: CloudTrailRecord): Record<string, unknown> {
	return {
		EventId: r['eventID'],
		EventName: r['eventName'],
		ReadOnly: 'true',
		AccessKeyId: 'AKIAEXAMPLEKEY000001',
		EventTime: '2024-05-01T05:00:00-07:00',
		EventSource: r['eventSource'],
		Username: 'alice',
		Resources: [],
		CloudTrailEvent: JSON.stringify(r),
	};
}

const insightRecord: CloudTrailRecord = {
	eventVersion: '1.07',
	eventTime: '2024-05-01T13:00:00Z',
	awsRegion: 'us-east-1',
	eventID: 'insight-1',
	eventType: 'AwsCloudTrailInsight',
	recipientAccountId: '111122223333',
	sharedEventID: 'shared-insight-1',
	insightDetails: {
		state: 'Start',
		eventSource: 'ec2.amazonaws.com',
		eventName: 'RunInstances',
		insightType: 'ApiCallRateInsight',
		insightContext: {statistics: {baseline: {average: 0.01}, insight: {average: 4}, insightDuration: 1, baselineDuration: 10080}},
	},
	eventCategory: 'Insight',
};

function logFixtures(): LogFixture[] {
	const bom = '\uFEFF';
	const list: LogFixture[] = [];
	const add = (file: string, format: string, compression: 'gzip' | 'none', records: CloudTrailRecord[], make: (r: CloudTrailRecord[]) => Buffer | string) =>
		list.push({file, format, compression, records, content: make(records)});
	add(trailKey('GzRecords0000001'), 'cloudtrail-records', 'gzip', trio('gz'), (r) => gzip(trailJson(r)));
	add('plain-records.json', 'cloudtrail-records', 'none', trio('plain'), (r) => trailJson(r));
	add('gzip-bytes-named.json', 'cloudtrail-records', 'gzip', trio('gzname'), (r) => gzip(trailJson(r)));
	add('plain-bytes-named.json.gz', 'cloudtrail-records', 'none', trio('plainname'), (r) => trailJson(r));
	add('pretty-records.json', 'cloudtrail-records', 'none', trio('pretty'), (r) => JSON.stringify({Records: r}, null, 2));
	add('top-level-array.json', 'json-array', 'none', trio('array'), (r) => JSON.stringify(r, null, 3));
	add('array-of-history-items.json', 'json-array', 'none', trio('arrayhist'), (r) => JSON.stringify(r.map(historyItem), null, 2));
	add('records.ndjson', 'ndjson', 'none', trio('nd'), (r) => ndjson(r));
	add('no-trailing-newline.ndjson', 'ndjson', 'none', trio('ndnotrail'), (r) => ndjson(r, '\n', false));
	add('blank-lines.jsonl', 'ndjson', 'none', trio('ndblank'), (r) => `\n\n${r.map((x) => JSON.stringify(x)).join('\n\n\n')}\n\n`);
	add('crlf.jsonl', 'ndjson', 'none', trio('ndcrlf'), (r) => ndjson(r, '\r\n'));
	add('gzipped.ndjson.gz', 'ndjson', 'gzip', trio('ndgz'), (r) => gzip(ndjson(r)));
	add('lookup-events.json', 'lookup-events', 'none', trio('lookup'), (r) => JSON.stringify({Events: r.map(historyItem)}, null, 4));
	add('event-history.ndjson', 'ndjson', 'none', trio('history'), (r) => r.map((x) => JSON.stringify(historyItem(x))).join('\n'));
	add('bom-records.json', 'cloudtrail-records', 'none', trio('bom'), (r) => bom + trailJson(r));
	add('bom-lines.ndjson', 'ndjson', 'none', trio('bomnd'), (r) => bom + ndjson(r));
	add('single-pretty-record.json', 'ndjson', 'none', [record('single-1')], (r) => JSON.stringify(r[0], null, 2));
	add(
		'AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2024/05/01/111122223333_CloudTrail-Insight_us-east-1_20240501T1305Z_Insight000000001.json.gz',
		'cloudtrail-records',
		'gzip',
		[insightRecord],
		(r) => gzip(trailJson(r)),
	);
	return list;
}

const digestPath =
	'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/05/01/111122223333_CloudTrail-Digest_us-east-1_trail_us-east-1_20240501T130000Z.json.gz';

function digestBody(): string {
	return JSON.stringify({
		awsAccountId: '111122223333',
		digestStartTime: '2024-05-01T12:00:00Z',
		digestEndTime: '2024-05-01T13:00:00Z',
		digestS3Bucket: 'trail-bucket',
		digestS3Object: digestPath,
		digestPublicKeyFingerprint: '7f3f401420072e50a65a141430817ab3',
		digestSignatureAlgorithm: 'SHA256withRSA',
		newestEventTime: '2024-05-01T12:00:00Z',
		oldestEventTime: '2024-05-01T12:00:00Z',
		previousDigestS3Bucket: null,
		previousDigestS3Object: null,
		previousDigestHashValue: null,
		previousDigestHashAlgorithm: null,
		previousDigestSignature: null,
		logFiles: [{s3Bucket: 'trail-bucket', s3Object: trailKey('GzRecords0000001'), hashValue: 'ab'.repeat(32), hashAlgorithm: 'SHA-256', newestEventTime: '2024-05-01T12:00:00Z', oldestEventTime: '2024-05-01T12:00:00Z'}],
	});
}

const sidecarMetadata = {signature: 'c0ffee'.repeat(20), 'signature-algorithm': 'SHA256withRSA'};
const sidecar = JSON.stringify(
	{AcceptRanges: 'bytes', LastModified: '2024-05-01T13:04:04+00:00', ContentLength: 612, ETag: '"0123abcd"', ContentType: 'application/json', Metadata: sidecarMetadata},
	null,
	4,
);
const publicKeys = JSON.stringify(
	{
		PublicKeyList: [
			{
				Value: 'MIIBCgKCAQEAlSS3cl92HDycr/MTj0moOhas8habjrraXw+KzlWF0axSI2tcF+3iJ9BKQAVSKxGwxwu3m0wG3J+kUl1xboEcEPHYoIYMbgfSw7KGnuDKwkLzsQWhUJ0cIbOHASox1vv/5fNXkrHhGbDCHeVXm804c83nvHUEFYThr1PfyP/8HwrCtR3FX5OANtQCP61C1nJtSSkC8JSQUOrIP4CuwJjc+4WGDk+BGH5m9iuiAKkipEHWmUl8/P7XpfpWQuk4h8g3pXZOrNXr08lbh4d39svj7UqdhvOXoBISp9t/EXYuePGEtBdrKD9Dz+VHwyUPtBQvYr9BnkF88qBnaPNhS44rzwIDAQAB',
				ValidityStartTime: '2024-01-01T00:00:00+00:00',
				ValidityEndTime: '2025-01-01T00:00:00+00:00',
				Fingerprint: '7f3f401420072e50a65a141430817ab3',
			},
		],
	},
	null,
	4,
);

describe('every container format imports, sniffed by content', () => {
	const dir = tempDir('trailcase-containers-');
	const input = path.join(dir, 'input');
	const casePath = path.join(dir, 'case.duckdb');
	const fixtures = logFixtures();
	let run: ImportRun;
	let sourceByFile: Map<string, Record<string, any>>;

	beforeAll(async () => {
		for (const fixture of fixtures) put(input, fixture.file, fixture.content);
		put(input, digestPath, gzip(digestBody()));
		put(input, `${digestPath}.head-object.json`, sidecar);
		put(input, 'public-keys.json', publicKeys);
		run = await importPaths(casePath, [input]);
		const sources = await rows(casePath, `SELECT * FROM sources ORDER BY source_id`);
		sourceByFile = new Map(sources.map((s) => [path.relative(input, s['origin']), s]));
	});

	it('imports every file with no quarantine and no warning (exit 0)', () => {
		expect(run.report.quarantined).toEqual([]);
		expect(run.report.warnings).toEqual([]);
		expect(run.code).toBe(0);
		expect(run.report.files).toBe(fixtures.length + 3);
		expect(run.report.imported).toBe(fixtures.length + 3);
		const total = fixtures.reduce((sum, f) => sum + f.records.length, 0);
		expect(run.report.newEvents).toBe(total);
		expect(run.report.events).toBe(total);
	});

	it.each(logFixtures().map((f) => [f.file, f] as const))('%s: format, compression, counts and hashes of the source row', (file, fixture) => {
		const source = sourceByFile.get(file)!;
		expect(source, `no sources row for ${file}`).toBeDefined();
		const bytes = readFileSync(path.join(input, file));
		const content = fixture.compression === 'gzip' ? zlib.gunzipSync(bytes) : bytes;
		expect(source).toMatchObject({
			status: 'imported',
			kind: 'log',
			format: fixture.format,
			compression: fixture.compression,
			record_count: fixture.records.length,
			new_events: fixture.records.length,
			size: bytes.length,
			sha256: sha256(bytes),
			content_sha256: sha256(content),
			gzip_trailing_bytes: 0,
			reason: null,
			origin_kind: 'file',
			acquired_by: 'test-analyst',
		});
		expect(source['object_key']).toBe(file.startsWith('AWSLogs/') ? file : null);
	});

	it.each(logFixtures().map((f) => [f.file, f] as const))('%s: every record is an event, in order, with its original text', async (file, fixture) => {
		const source = sourceByFile.get(file)!;
		const events = await rows(casePath, `SELECT event_id, event_key, source_id, record_index FROM events WHERE source_id = $1 ORDER BY record_index`, [
			source['source_id'],
		]);
		expect(events.map((e) => e['event_id'])).toEqual(fixture.records.map((r) => r['eventID']));
		expect(events.map((e) => e['record_index'])).toEqual(fixture.records.map((_r, i) => i));
		const texts = await originalTexts(casePath, events as any);
		texts.forEach((text, i) => {
			expect(JSON.parse(text)).toEqual(fixture.records[i]);
			// Same key order as delivered, not merely the same members.
			expect(JSON.stringify(JSON.parse(text))).toBe(JSON.stringify(fixture.records[i]));
		});
	});

	it('keeps the exact bytes of every object in blobs', async () => {
		const blobs = await rows(casePath, `SELECT s.origin, b.bytes, b.size FROM sources s JOIN blobs b USING (sha256)`);
		expect(blobs).toHaveLength(fixtures.length + 3);
		for (const blob of blobs) {
			const onDisk = readFileSync(blob['origin']);
			expect(Buffer.from(blob['bytes']).equals(onDisk), blob['origin']).toBe(true);
			expect(blob['size']).toBe(onDisk.length);
		}
	});

	it('reads an Insight record: event type, insight details as JSON, no identity', async () => {
		const [insight] = await rows(casePath, `SELECT * FROM events WHERE event_id = 'insight-1'`);
		expect(insight).toMatchObject({
			event_type: 'AwsCloudTrailInsight',
			event_category: 'Insight',
			event_name: null,
			user_identity: null,
			shared_event_id: 'shared-insight-1',
			account_id: '111122223333',
		});
		expect(JSON.parse(insight!['insight_details'])).toEqual(insightRecord['insightDetails']);
		const [detail] = await rows(casePath, `SELECT insight_details->>'$.insightType' AS t FROM events WHERE event_id = 'insight-1'`);
		expect(detail!['t']).toBe('ApiCallRateInsight');
	});

	it('records a digest as kind digest with no events, and gives it the sidecar metadata', async () => {
		const digest = sourceByFile.get(digestPath)!;
		expect(digest).toMatchObject({kind: 'digest', format: 'digest', status: 'imported', record_count: 0, compression: 'gzip'});
		expect(digest['content_sha256']).toBe(sha256(digestBody()));
		expect(JSON.parse(digest['s3_metadata'])).toEqual(sidecarMetadata);
		expect(await rows(casePath, `SELECT 1 FROM event_sources WHERE source_id = $1`, [digest['source_id']])).toEqual([]);
		const side = sourceByFile.get(`${digestPath}.head-object.json`)!;
		expect(side).toMatchObject({kind: 'sidecar', format: 's3-head-object', status: 'imported', record_count: 0});
	});

	it('records list-public-keys output as kind public-keys with no events', async () => {
		expect(sourceByFile.get('public-keys.json')).toMatchObject({kind: 'public-keys', format: 'public-keys', status: 'imported', record_count: 0});
	});
});

describe('digest sidecars', () => {
	it('attach to a digest imported in an earlier run', async () => {
		const dir = tempDir('trailcase-sidecar-');
		const casePath = path.join(dir, 'case.duckdb');
		const digest = put(dir, `in/${digestPath}`, gzip(digestBody()));
		expect((await importPaths(casePath, [digest])).code).toBe(0);
		expect(await rows(casePath, `SELECT s3_metadata FROM sources`)).toEqual([{s3_metadata: null}]);
		const side = put(dir, `in/${digestPath}.head-object.json`, sidecar);
		expect((await importPaths(casePath, [side])).code).toBe(0);
		const [row] = await rows(casePath, `SELECT s3_metadata FROM sources WHERE kind = 'digest'`);
		expect(JSON.parse(row!['s3_metadata'])).toEqual(sidecarMetadata);
	});
});

describe('integrity documents saved with a UTF-8 BOM (Windows PowerShell writes one)', () => {
	it('import as their kinds, and the sidecar metadata still reaches the digest', async () => {
		const dir = tempDir('trailcase-bom-docs-');
		const casePath = path.join(dir, 'case.duckdb');
		const bom = '\uFEFF';
		put(dir, `in/${digestPath}`, gzip(bom + digestBody()));
		put(dir, `in/${digestPath}.head-object.json`, bom + sidecar);
		put(dir, 'in/public-keys.json', `${bom}\r\n${publicKeys}`);
		const {code, report} = await importPaths(casePath, [path.join(dir, 'in')]);
		expect(report.quarantined).toEqual([]);
		expect(code).toBe(0);
		const kinds = await rows(casePath, `SELECT kind, status, s3_metadata FROM sources ORDER BY kind`);
		expect(kinds.map((k) => [k['kind'], k['status']])).toEqual([
			['digest', 'imported'],
			['public-keys', 'imported'],
			['sidecar', 'imported'],
		]);
		expect(JSON.parse(kinds[0]!['s3_metadata'])).toEqual(sidecarMetadata);
	});
});

describe('a generated S3-layout trail', () => {
	let summary: GenerateSummary;
	let run: ImportRun;
	const dir = tempDir('trailcase-gen-import-');
	const casePath = path.join(dir, 'case.duckdb');

	beforeAll(async () => {
		summary = await generateTrail({outDir: path.join(dir, 'trail'), events: 600, eventsPerFile: 40, seed: 3});
		run = await importPaths(casePath, [path.join(dir, 'trail')]);
	});

	it('imports every record, digest, sidecar and key list the generator wrote', async () => {
		expect(run.code).toBe(0);
		expect(run.report.newEvents).toBe(summary.events);
		const kinds = await rows(casePath, `SELECT kind, count(*) AS n, sum(record_count) AS records FROM sources GROUP BY kind ORDER BY kind`);
		expect(kinds).toEqual([
			{kind: 'digest', n: summary.digestFiles, records: 0},
			{kind: 'log', n: summary.logFiles, records: summary.events},
			{kind: 'public-keys', n: 1, records: 0},
			{kind: 'sidecar', n: summary.digestFiles, records: 0},
		]);
	});

	it('gives every digest the signature from its head-object sidecar', async () => {
		const digests = await rows(casePath, `SELECT object_key, s3_metadata FROM sources WHERE kind = 'digest' ORDER BY object_key`);
		expect(digests).toHaveLength(summary.digests.length);
		const signatures = new Map(summary.digests.map((d) => [d.key, d.signature]));
		for (const digest of digests) {
			const metadata = JSON.parse(digest['s3_metadata']);
			expect(metadata['signature-algorithm']).toBe('SHA256withRSA');
			expect(metadata.signature).toBe(signatures.get(digest['object_key']));
		}
	});
});
