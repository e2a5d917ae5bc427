import {createHash} from 'node:crypto';
import path from 'node:path';
import {DeleteObjectCommand} from '@aws-sdk/client-s3';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {CaseStore} from '../../source/case/case-store.js';
import {generateTrail} from '../../source/generator/generate.js';
import {runCli, tempDir} from '../helpers/cli.js';
import {seedTrail, startS3Server, type S3Server} from '../helpers/s3-server.js';
import {accessDenied, FaultProxy, internalError, slowDown} from './fault-proxy.js';
import {caseFingerprint, onlyJson, runPull} from './helpers.js';

const BUCKET = 'faulty-trail';
let s3: S3Server;
let proxy: FaultProxy;
let work: string;
let keys: string[];
let reference: string;

/** A stable spread of keys over fault kinds. */
const bucketOf = (key: string) => createHash('md5').update(key).digest()[0]! % 5;
const pullVia = (caseFile: string) => runPull(['pull', `s3://${BUCKET}`, '--endpoint', proxy.endpoint, '-c', caseFile, '--json', '--concurrency', '8'], s3.env);
const eventsOnly = ({events, event_content, occurrences, occurrence_places}: Record<string, unknown>) => ({events, event_content, occurrences, occurrence_places});

beforeAll(async () => {
	work = tempDir('trailcase-pull-faults-');
	const trail = path.join(work, 'trail');
	await generateTrail({outDir: trail, events: 1_500, eventsPerFile: 10, seed: 3, accounts: ['111122223333'], regions: ['us-east-1', 'eu-west-1']});
	s3 = await startS3Server();
	keys = await seedTrail(s3.client, BUCKET, trail);
	proxy = await FaultProxy.start(s3.endpoint);
	reference = path.join(work, 'reference.duckdb');
	expect(runCli(['import', '-c', reference, trail]).status).toBe(0);
});
afterAll(async () => {
	await proxy?.close();
	await s3?.stop();
});

describe('pull through faults', () => {
	beforeEach(() => proxy.reset());

	it('retries 503 SlowDown, 500 and bodies cut mid-transfer, and ends complete', async () => {
		proxy.decide = ({key, prefix, attempt}) => {
			if (key === undefined) return prefix?.endsWith('/CloudTrail/') && attempt === 1 ? slowDown : undefined;
			const kind = bucketOf(key);
			if (kind === 0 && attempt <= 2) return slowDown;
			if (kind === 1 && attempt === 1) return internalError;
			if (kind === 2 && attempt <= 2) return {kind: 'cut'};
			return undefined;
		};
		const caseFile = path.join(work, 'through-faults.duckdb');
		const result = await pullVia(caseFile);
		proxy.decide = () => undefined;
		expect(result.status, result.stderr).toBe(0);
		const report = onlyJson(result.stdout);
		expect(report).toMatchObject({listed: keys.length, downloaded: keys.length, failed: []});
		expect(proxy.stats.injected['SlowDown']).toBeGreaterThan(10);
		expect(proxy.stats.injected['InternalError']).toBeGreaterThan(5);
		expect(proxy.stats.injected['cut']).toBeGreaterThan(10);
		expect(eventsOnly(await caseFingerprint(caseFile))).toEqual(eventsOnly(await caseFingerprint(reference)));

		const store = await CaseStore.open(caseFile, {readOnly: true});
		try {
			const audit = await store.one<{outcome: string}>(`SELECT outcome FROM audit_log WHERE command = 'pull'`);
			const objectFaults = keys.filter((key) => bucketOf(key) === 0 || bucketOf(key) === 2).length * 2 + keys.filter((key) => bucketOf(key) === 1).length;
			expect(JSON.parse(audit!.outcome).retries).toBe(objectFaults);
			// A cut body never lands in the case: every blob is whole (its ETag is the MD5 of what was kept).
			const rows = await store.all<{s3_etag: string; md5: string}>(`SELECT s.s3_etag, md5(b.bytes) AS md5 FROM sources s JOIN blobs b USING (sha256)`);
			expect(rows).toHaveLength(keys.length);
			for (const row of rows) expect(row.s3_etag).toBe(`"${row.md5}"`);
		} finally {
			store.close();
		}
	});

	it('records AccessDenied and NoSuchKey per object, goes on, exits 3 with the list, and a re-run fetches what is left', async () => {
		const logs = keys.filter((key) => key.includes('/CloudTrail/'));
		const denied = [logs[3]!, logs[40]!];
		const vanishing = keys.find((key) => key.includes('/CloudTrail-Digest/'))!;
		proxy.decide = ({key, attempt}) => {
			if (key && denied.includes(key)) return accessDenied;
			// Deleted between the listing and the GET: S3 answers NoSuchKey.
			if (key === vanishing && attempt === 1) return {kind: 'before', run: async () => void (await s3.client.send(new DeleteObjectCommand({Bucket: BUCKET, Key: key})))};
			return undefined;
		};
		const caseFile = path.join(work, 'denied.duckdb');
		const result = await pullVia(caseFile);
		expect(result.status, result.stderr).toBe(3);
		const report = onlyJson(result.stdout);
		expect(report.listed).toBe(keys.length);
		expect(report.downloaded).toBe(keys.length - 3);
		const failed = [...report.failed].sort((a: any, b: any) => a.key.localeCompare(b.key));
		expect(failed).toEqual(
			[
				{key: denied[0], reason: 'AccessDenied: Access Denied (HTTP 403)'},
				{key: denied[1], reason: 'AccessDenied: Access Denied (HTTP 403)'},
				{key: vanishing, reason: expect.stringMatching(/^NoSuchKey: .*\(HTTP 404\)$/)},
			].sort((a, b) => a.key.localeCompare(b.key)),
		);
		const store = await CaseStore.open(caseFile, {readOnly: true});
		try {
			const rows = await store.all<{s3_key: string; reason: string}>(`SELECT s3_key, reason FROM pull_failures ORDER BY s3_key`);
			expect(rows.map((row) => row.s3_key)).toEqual(failed.map((f: any) => f.key));
			const run = await store.one<{failed: bigint}>(`SELECT failed FROM pull_runs`);
			expect(Number(run!.failed)).toBe(3);
		} finally {
			store.close();
		}

		proxy.decide = () => undefined;
		const again = await pullVia(caseFile);
		expect(again.status, again.stderr).toBe(0);
		expect(onlyJson(again.stdout)).toMatchObject({listed: keys.length - 1, downloaded: 2, skipped: keys.length - 3, failed: []});
	});

	it('records the STS caller identity as the acquirer where the endpoint offers GetCallerIdentity', async () => {
		const arn = 'arn:aws:sts::111122223333:assumed-role/IncidentResponder/jdoe';
		proxy.callerArn = arn;
		const caseFile = path.join(work, 'identity.duckdb');
		const result = await runPull(['pull', `s3://${BUCKET}`, '--endpoint', proxy.endpoint, '-c', caseFile, '--json', '--from', '2026-11-02T01Z', '--to', '2026-11-02T02Z'], s3.env);
		expect(result.status, result.stderr).toBe(0);
		const report = onlyJson(result.stdout);
		expect(report.acquiredBy).toBe(arn);
		expect(report.downloaded).toBeGreaterThan(0);
		const store = await CaseStore.open(caseFile, {readOnly: true});
		try {
			expect(await store.all(`SELECT DISTINCT acquired_by FROM sources`)).toEqual([{acquired_by: arn}]);
			expect(await store.one(`SELECT caller_identity FROM pull_runs`)).toEqual({caller_identity: arn});
			// The analyst who ran the command is still the one the audit log names.
			expect(await store.one(`SELECT analyst FROM audit_log WHERE command = 'pull'`)).toEqual({analyst: 'test-analyst'});
		} finally {
			store.close();
		}
	});

	it('records a folder whose listing is denied and pulls the rest', async () => {
		proxy.decide = ({key, prefix}) => (key === undefined && prefix?.includes('/eu-west-1/') ? accessDenied : undefined);
		const caseFile = path.join(work, 'list-denied.duckdb');
		const result = await runPull(['pull', `s3://${BUCKET}`, '--endpoint', proxy.endpoint, '-c', caseFile, '--from', '2026-11-02T00Z', '--to', '2026-11-02T04Z'], s3.env);
		proxy.decide = () => undefined;
		expect(result.status, result.stderr).toBe(3);
		expect(result.stdout).toMatch(/failed: AWSLogs\/111122223333\/CloudTrail\/eu-west-1\/: listing failed: AccessDenied/);
		expect(result.stdout).toMatch(/failed: AWSLogs\/111122223333\/CloudTrail-Digest\/eu-west-1\/: listing failed: AccessDenied/);
		expect(result.stdout).toContain('run the same command again to retry what failed');
		const store = await CaseStore.open(caseFile, {readOnly: true});
		try {
			const regions = await store.all<{region: string}>(`SELECT DISTINCT split_part(s3_key, '/', 4) AS region FROM sources`);
			expect(regions).toEqual([{region: 'us-east-1'}]);
		} finally {
			store.close();
		}
	});
});
