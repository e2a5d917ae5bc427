import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {describe, expect, it} from 'vitest';
import {DigestFormatError, parseDigest} from '../../source/verify/digest-document.js';
import {layoutTail, parseDigestName} from '../../source/verify/layout.js';
import {repoRoot} from '../helpers/cli.js';

const DATASET = path.resolve(repoRoot, '..', 'shared', 'datasets', 'elastic-integrations-aws-cloudtrail', 'test-cloudtrail-digest-json.log');

const minimal = {
	awsAccountId: '111122223333',
	digestStartTime: '2026-11-02T00:01:13Z',
	digestEndTime: '2026-11-02T01:01:13Z',
	digestS3Bucket: 'b',
	digestS3Object: 'AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2026/11/02/111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20261102T010113Z.json.gz',
	digestPublicKeyFingerprint: 'ABCDEF0123456789abcdef0123456789',
	digestSignatureAlgorithm: 'SHA256withRSA',
	previousDigestSignature: null,
	logFiles: [],
};

describe('digest documents', () => {
	it('parses the real digest document in the shared corpus (elastic integrations fixture)', () => {
		if (!existsSync(DATASET)) throw new Error(`shared corpus missing: ${DATASET} (expected ../shared/datasets next to the repo)`);
		const bytes = readFileSync(DATASET);
		const parsed = parseDigest(bytes);
		expect(parsed.compressed).toBe(false);
		expect(parsed.document).toMatchObject({
			awsAccountId: '123456789123',
			digestS3Bucket: 'alice-bucket',
			digestPublicKeyFingerprint: '47aaa19f7eec22e9bd0b5e58cfade8cb',
			previousDigestHashAlgorithm: 'SHA-256',
		});
		expect(parsed.document.logFiles).toHaveLength(3);
		expect(parsed.document.logFiles[0]).toMatchObject({s3Bucket: 'alice-bucket', hashAlgorithm: 'SHA-256', hashValue: '420784a5bbc12e9ac442451e8ec1356744fdeabf4fee0d2222508db6d448139c'});
		expect(parseDigestName(parsed.document.digestS3Object)).toEqual({
			account: '123456789123', sourceRegion: 'us-west-2', trail: 'leh-ct-test', homeRegion: 'us-west-2', stamp: '20200911T193649Z', backfill: false,
		});
		// The same document gzipped, as CloudTrail delivers it, gives the same fields and inflated hash.
		const gz = parseDigest(zlib.gzipSync(bytes));
		expect(gz.compressed).toBe(true);
		expect(gz.inflatedSha256).toBe(parsed.inflatedSha256);
	});

	it('takes values after JSON decoding (\\/ escapes) and lower-cases the fingerprint', () => {
		const text = JSON.stringify(minimal).replace(/\//g, '\\/');
		const parsed = parseDigest(zlib.gzipSync(text));
		expect(parsed.document.digestS3Object).toBe(minimal.digestS3Object);
		expect(parsed.document.digestPublicKeyFingerprint).toBe('abcdef0123456789abcdef0123456789');
		expect(parsed.inflated.toString('utf8')).toBe(text);
	});

	it('rejects data after the first gzip member, bad CRC, missing required fields and non-JSON as invalid format', () => {
		const good = zlib.gzipSync(JSON.stringify(minimal));
		expect(() => parseDigest(Buffer.concat([good, zlib.gzipSync('{}')]))).toThrow(/unexpected data after end of compressed stream/);
		const badCrc = Buffer.from(good);
		badCrc[badCrc.length - 6] ^= 0xff;
		expect(() => parseDigest(badCrc)).toThrow(DigestFormatError);
		const {digestEndTime: _, ...noEnd} = minimal;
		expect(() => parseDigest(Buffer.from(JSON.stringify(noEnd)))).toThrow('digestEndTime is missing');
		const {previousDigestSignature: __, ...noPrevious} = minimal;
		expect(() => parseDigest(Buffer.from(JSON.stringify(noPrevious)))).toThrow('previousDigestSignature is missing');
		expect(() => parseDigest(Buffer.from(JSON.stringify({...minimal, logFiles: [{s3Bucket: 'b'}]})))).toThrow('logFiles[0].s3Object is missing');
		expect(() => parseDigest(Buffer.from('{"Records": ['))).toThrow(/not JSON/);
	});
});

describe('key grammar', () => {
	it('reads trail names with underscores and dots, and backfill digests', () => {
		expect(parseDigestName('p/AWSLogs/o-abcdefghij/123456789012/CloudTrail-Digest/us-gov-west-1/2026/01/02/123456789012_CloudTrail-Digest_us-gov-west-1_my_trail.v2_us-gov-east-1_20260102T030405Z_backfill.json.gz')).toEqual({
			account: '123456789012', sourceRegion: 'us-gov-west-1', trail: 'my_trail.v2', homeRegion: 'us-gov-east-1', stamp: '20260102T030405Z', backfill: true,
		});
		expect(parseDigestName('AWSLogs/123456789012/CloudTrail/us-east-1/2026/01/02/123456789012_CloudTrail_us-east-1_20260102T0305Z_abc.json.gz')).toBeUndefined();
	});

	it('anchors the AWSLogs tail on the last AWSLogs/ folder', () => {
		expect(layoutTail('o-x/AWSLogs/o-x/1/CloudTrail/f.json.gz')).toBe('AWSLogs/o-x/1/CloudTrail/f.json.gz');
		expect(layoutTail('a/AWSLogs/b/AWSLogs/c')).toBe('AWSLogs/c');
		expect(layoutTail('AWSLogs/1/x')).toBe('AWSLogs/1/x');
		expect(layoutTail('loose/file.json.gz')).toBeUndefined();
	});
});
