import {describe, expect, it} from 'vitest';
import {dayFolders, fileStamp} from '../../source/pull/layout.js';
import {failureReason, isTransient} from '../../source/pull/retry.js';
import {parseScope, parseTargetUrl} from '../../source/pull/scope.js';
import {inRange, parseWindowFlag, stampRange} from '../../source/pull/window.js';

describe('key grammar and the delivery-time window', () => {
	it('reads the delivery stamp of log, Insights and (backfill) digest names, with or without the underscore', () => {
		expect(fileStamp('CloudTrail', '327878933619_CloudTrail_ap-northeast-1_20231015T2205Z_iRIoDMA9l9Q4kmFy.json.gz')?.toISOString()).toBe('2023-10-15T22:05:00.000Z');
		expect(fileStamp('CloudTrail', '111122223333_CloudTrail_us-east-2_20140617T1255ZHdkvFTXOA3Vnhbc.json.gz')?.toISOString()).toBe('2014-06-17T12:55:00.000Z');
		expect(fileStamp('CloudTrail-Insight', '123456789015_CloudTrail-Insight_ca-central-1_20200923T0516Z_KL5e9VCV2SS7IqzB.json.gz')?.toISOString()).toBe('2020-09-23T05:16:00.000Z');
		expect(fileStamp('CloudTrail-Digest', '123456789016_CloudTrail-Digest_ca-central-1_PBMMAccel-Org-Trail_ca-central-1_20200830T190938Z.json.gz')?.toISOString()).toBe('2020-08-30T19:09:38.000Z');
		expect(fileStamp('CloudTrail-Digest', '111122223333_CloudTrail-Digest_us-gov-west-1_my_trail.v2_us-gov-east-1_20240101T000102Z_backfill.json.gz')?.toISOString()).toBe('2024-01-01T00:01:02.000Z');
		expect(fileStamp('CloudTrail', 'notes.txt')).toBeUndefined();
	});

	it('takes log files delivered from --from to an hour after --to, and digests ending up to two hours after', () => {
		const window = {from: new Date('2026-11-02T22:00:00Z'), to: new Date('2026-11-03T01:00:00Z')};
		const logs = stampRange('CloudTrail', window);
		const log = (stamp: string) => inRange('CloudTrail', logs, stamp.slice(0, 10).replaceAll('-', '/'), `111122223333_CloudTrail_us-east-1_${stamp.replace(/[-:]/g, '').slice(0, 13)}Z_abcdefghijklmnop.json.gz`);
		expect(log('2026-11-02T21:59')).toBe(false);
		expect(log('2026-11-02T22:00')).toBe(true);
		expect(log('2026-11-03T02:00')).toBe(true);
		expect(log('2026-11-03T02:01')).toBe(false);
		expect([logs.firstDay, logs.lastDay]).toEqual(['2026/11/02', '2026/11/03']);
		const digests = stampRange('CloudTrail-Digest', window);
		const digest = (stamp: string) => inRange('CloudTrail-Digest', digests, undefined, `111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_${stamp}Z.json.gz`);
		expect(digest('20261103T030000')).toBe(true);
		expect(digest('20261103T030001')).toBe(false);
		expect(digest('20261102T215959')).toBe(false);
		// A file without a readable stamp is judged by its day folder.
		expect(inRange('CloudTrail', logs, '2026/11/03', 'planted.json')).toBe(true);
		expect(inRange('CloudTrail', logs, '2026/11/04', 'planted.json')).toBe(false);
	});

	it('lists every UTC day folder across month and year ends', () => {
		expect(dayFolders(new Date('2026-12-30T23:00:00Z'), new Date('2027-01-02T00:00:00Z'))).toEqual(['2026/12/30', '2026/12/31', '2027/01/01', '2027/01/02']);
	});

	it('parses window instants with a zone or a bare UTC day, and refuses guessing a zone', () => {
		expect(parseWindowFlag('from', '2026-11-02T13Z')?.toISOString()).toBe('2026-11-02T13:00:00.000Z');
		expect(parseWindowFlag('from', '2026-11-02T13:30:00+02:00')?.toISOString()).toBe('2026-11-02T11:30:00.000Z');
		expect(parseWindowFlag('from', '2026-11-02')?.toISOString()).toBe('2026-11-02T00:00:00.000Z');
		expect(() => parseWindowFlag('from', '2026-11-02T13:00')).toThrow(/with a zone/);
		expect(() => parseWindowFlag('to', 'yesterday')).toThrow(/--to/);
	});
});

describe('target and scope', () => {
	it('splits s3://BUCKET/PREFIX and reads AWSLogs/[org/][account] in it as scope', () => {
		expect(parseTargetUrl('s3://trail')).toEqual({target: {bucket: 'trail', prefix: ''}});
		expect(parseTargetUrl('s3://trail/audit/ct')).toEqual({target: {bucket: 'trail', prefix: 'audit/ct/'}});
		expect(parseTargetUrl('s3://trail/audit/AWSLogs/o-abcdefghij/111122223333/')).toEqual({
			target: {bucket: 'trail', prefix: 'audit/'},
			org: 'o-abcdefghij',
			account: '111122223333',
		});
		expect(() => parseTargetUrl('s3://trail/AWSLogs/111122223333/CloudTrail/us-east-1')).toThrow(/--regions/);
		expect(() => parseTargetUrl('s3://Not_A_Bucket')).toThrow(/s3:\/\/BUCKET/);
	});

	it('refuses a URL and flags that contradict each other', () => {
		expect(() => parseScope({org: 'o-zzzzzzzzzz'}, {org: 'o-abcdefghij'})).toThrow(/contradicts/);
		expect(() => parseScope({accounts: '444455556666'}, {account: '111122223333'})).toThrow(/does not include/);
		expect(parseScope({accounts: '111122223333, 111122223333', regions: 'us-east-1,eu-west-1'}, {})).toMatchObject({
			accounts: ['111122223333'],
			regions: ['us-east-1', 'eu-west-1'],
		});
	});
});

describe('which S3 answers are worth retrying', () => {
	const s3Error = (name: string, status: number) => Object.assign(new Error(name), {name, $metadata: {httpStatusCode: status}});
	it('retries throttling, server errors and broken connections; not denials or missing keys', () => {
		for (const error of [s3Error('SlowDown', 503), s3Error('InternalError', 500), s3Error('ThrottlingException', 400), Object.assign(new Error('socket hang up'), {code: 'ECONNRESET'})]) {
			expect(isTransient(error), String(error)).toBe(true);
		}
		for (const error of [s3Error('AccessDenied', 403), s3Error('NoSuchKey', 404), s3Error('InvalidObjectState', 403), Object.assign(new Error('aborted'), {name: 'AbortError'})]) {
			expect(isTransient(error), String(error)).toBe(false);
		}
		expect(failureReason(Object.assign(s3Error('AccessDenied', 403), {message: 'Access Denied'}))).toBe('AccessDenied: Access Denied (HTTP 403)');
	});
});
