import {createHash} from 'node:crypto';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {CaseStore} from '../../source/case/case-store.js';
import {generateTrail, type GenerateSummary} from '../../source/generator/generate.js';
import {runCli, tempDir} from '../helpers/cli.js';
import {CANARY_SECRET, CANARY_SESSION_TOKEN, seedTrail, startS3Server, type S3Server} from '../helpers/s3-server.js';
import {caseFingerprint, onlyJson} from './helpers.js';

// One account and region over ~4 days at a few events per file: 1,200 log files in one region folder,
// so a full pull has to follow ListObjectsV2 pages past 1,000 keys.
const BUCKET = 'incident-trail';
let s3: S3Server;
let work: string;
let trail: string;
let summary: GenerateSummary;
let keys: string[];

const pull = (args: string[]) => runCli(['pull', `s3://${BUCKET}`, '--endpoint', s3.endpoint, ...args], {env: s3.env});
const eventsOnly = ({events, distinct_events, event_content, occurrences, occurrence_places}: Record<string, unknown>) => ({
	events, distinct_events, event_content, occurrences, occurrence_places,
});

beforeAll(async () => {
	work = tempDir('trailcase-pull-');
	trail = path.join(work, 'trail');
	summary = await generateTrail({outDir: trail, bucket: BUCKET, events: 3_600, eventsPerFile: 3, seed: 5, accounts: ['111122223333'], regions: ['us-east-1']});
	s3 = await startS3Server();
	keys = await seedTrail(s3.client, BUCKET, trail);
});
afterAll(async () => {
	await s3?.stop();
});

describe('pull from a loopback S3 server', () => {
	const caseFile = () => path.join(work, 'pulled.duckdb');

	it('pulls every object, paging past 1,000 keys, into exactly the events a local import of the same files gives', async () => {
		expect(keys.length).toBeGreaterThan(1_000);
		expect(keys.filter((key) => key.includes('/CloudTrail/us-east-1/')).length).toBeGreaterThan(1_000);
		const result = pull(['-c', caseFile(), '--json']);
		expect(result.status, result.stderr).toBe(0);
		const report = onlyJson(result.stdout);
		expect(report).toMatchObject({listed: keys.length, downloaded: keys.length, skipped: 0, failed: [], events: summary.events, newEvents: summary.events});
		expect(report.bytes).toBe(keys.reduce((sum, key) => sum + readFileSync(path.join(trail, key)).byteLength, 0));
		expect(typeof report.seconds).toBe('number');

		const imported = path.join(work, 'imported.duckdb');
		expect(runCli(['import', '-c', imported, trail]).status).toBe(0);
		expect(eventsOnly(await caseFingerprint(caseFile()))).toEqual(eventsOnly(await caseFingerprint(imported)));
	});

	it('keeps bucket, key, version, ETag, size, LastModified, SHA-256, endpoint, acquirer and digest signatures per object', async () => {
		const store = await CaseStore.open(caseFile(), {readOnly: true});
		try {
			const rows = await store.all<Record<string, any>>(
				`SELECT origin, origin_kind, object_key, s3_bucket, s3_key, s3_version_id, s3_etag, s3_last_modified, s3_endpoint,
				        s3_metadata, size, sha256, kind, status, acquired_by, acquired_at, audit_seq
				 FROM sources ORDER BY s3_key`,
			);
			expect(rows.map((row) => row.s3_key)).toEqual(keys);
			for (const row of rows) {
				const bytes = readFileSync(path.join(trail, row.s3_key));
				expect(row).toMatchObject({
					origin: `s3://${BUCKET}/${row.s3_key}`,
					origin_kind: 's3',
					object_key: row.s3_key,
					s3_bucket: BUCKET,
					s3_etag: `"${createHash('md5').update(bytes).digest('hex')}"`,
					s3_endpoint: s3.endpoint,
					size: BigInt(bytes.byteLength),
					sha256: createHash('sha256').update(bytes).digest('hex'),
					status: 'imported',
					// s3rver offers no STS: the analyst stands in for the caller identity.
					acquired_by: 'test-analyst',
				});
				expect(row.s3_last_modified).toBeInstanceOf(Date);
				expect(row.acquired_at).toBeInstanceOf(Date);
			}
			const digests = rows.filter((row) => row.kind === 'digest');
			expect(digests).toHaveLength(summary.digests.length);
			for (const digest of summary.digests) {
				const row = digests.find((candidate) => candidate.s3_key === digest.key);
				expect(JSON.parse(row!.s3_metadata)).toMatchObject({signature: digest.signature, 'signature-algorithm': 'SHA256withRSA'});
			}
			const run = await store.one<Record<string, any>>(`SELECT * FROM pull_runs`);
			expect(run).toMatchObject({bucket: BUCKET, prefix: '', endpoint: s3.endpoint, caller_identity: null, listed: BigInt(keys.length), failed: 0n, interrupted: false});
			expect(run!.finished_at).toBeInstanceOf(Date);
			const audit = await store.one<Record<string, any>>(`SELECT * FROM audit_log WHERE seq = $1`, [Number(run!.audit_seq)]);
			expect(audit).toMatchObject({command: 'pull', analyst: 'test-analyst'});
			expect(JSON.parse(audit!.arguments)).toMatchObject({url: `s3://${BUCKET}`, endpoint: s3.endpoint});
			expect(JSON.parse(audit!.outcome)).toMatchObject({downloaded: keys.length, failed: 0});
			expect(new Set(rows.map((row) => Number(row.audit_seq)))).toEqual(new Set([Number(run!.audit_seq)]));
		} finally {
			store.close();
		}
	});

	it('verifies offline afterwards: every digest, the newest of each chain included (its signature is the pulled S3 metadata)', async () => {
		const result = runCli(['verify', '-c', caseFile(), '--public-keys', summary.publicKeysFile, '--json']);
		expect(result.status, result.stderr).toBe(0);
		expect(JSON.parse(result.stdout)).toMatchObject({passed: true, digests: {valid: summary.digests.length, invalid: 0}, logFiles: {valid: summary.logFiles}});
	});

	it('downloads nothing on a second run and leaves the events as they were', async () => {
		const before = await caseFingerprint(caseFile());
		const again = pull(['-c', caseFile(), '--json']);
		expect(again.status, again.stderr).toBe(0);
		expect(onlyJson(again.stdout)).toMatchObject({listed: keys.length, downloaded: 0, skipped: keys.length, failed: [], newEvents: 0, bytes: 0});
		expect(await caseFingerprint(caseFile())).toEqual(before);
	});

	it('never writes the credentials into the case, the audit log or the output', async () => {
		const again = pull(['-c', caseFile()]);
		expect(again.status, again.stderr).toBe(0);
		for (const text of [again.stdout, again.stderr]) {
			expect(text).not.toContain(CANARY_SECRET);
			expect(text).not.toContain(CANARY_SESSION_TOKEN);
		}
		const store = await CaseStore.open(caseFile(), {readOnly: true});
		try {
			const tables = await store.all<{table_name: string}>(`SELECT table_name FROM duckdb_tables() WHERE table_name <> 'blobs'`);
			// The search itself works: it finds what is there.
			const control = await store.one<{n: bigint}>(`SELECT count(*) AS n FROM audit_log AS t WHERE contains(CAST(t AS VARCHAR), $1)`, ['test-analyst']);
			expect(Number(control!.n)).toBeGreaterThan(0);
			for (const {table_name} of tables) {
				for (const canary of [CANARY_SECRET, CANARY_SESSION_TOKEN, 'S3RVER']) {
					const hit = await store.one<{n: bigint}>(`SELECT count(*) AS n FROM "${table_name}" AS t WHERE contains(CAST(t AS VARCHAR), $1)`, [canary]);
					expect(Number(hit!.n), `${canary} in ${table_name}`).toBe(0);
				}
			}
		} finally {
			store.close();
		}
		const raw = readFileSync(caseFile());
		expect(raw.includes(CANARY_SECRET)).toBe(false);
		expect(raw.includes(CANARY_SESSION_TOKEN)).toBe(false);
	});

	it('--plan prints objects and bytes per account/region/day, downloads nothing and creates no case', async () => {
		const fresh = path.join(work, 'never-created.duckdb');
		const result = pull(['-c', fresh, '--plan', '--json']);
		expect(result.status, result.stderr).toBe(0);
		const plan = onlyJson(result.stdout);
		expect(existsSync(fresh)).toBe(false);
		const total = keys.reduce((sum, key) => sum + readFileSync(path.join(trail, key)).byteLength, 0);
		expect(plan).toMatchObject({objects: keys.length, bytes: total, inCase: 0, toFetch: keys.length, bytesToFetch: total, failed: []});
		const days = new Set(keys.map((key) => key.split('/').slice(4, 7).join('/')));
		expect(plan.rows.map((row: any) => row.day)).toEqual([...days].sort());
		for (const row of plan.rows) {
			expect(row).toMatchObject({account: '111122223333', region: 'us-east-1'});
			const onDay = keys.filter((key) => key.split('/').slice(4, 7).join('/') === row.day);
			expect(row.logs + row.digests).toBe(onDay.length);
			expect(row.bytes).toBe(onDay.reduce((sum, key) => sum + readFileSync(path.join(trail, key)).byteLength, 0));
		}

		const againstCase = pull(['-c', caseFile(), '--plan']);
		expect(againstCase.status, againstCase.stderr).toBe(0);
		expect(againstCase.stdout).toMatch(/account\s+region\s+day\s+logs\s+digests\s+insights\s+size\s+inCase/);
		expect(againstCase.stdout).toContain(`${keys.length} already in the case; a pull would fetch 0`);
	});

	it('prints a readable summary without --json', async () => {
		const result = pull(['-c', caseFile()]);
		expect(result.status).toBe(0);
		expect(result.stdout).toContain(`${keys.length} objects listed: 0 downloaded (0 B), ${keys.length} already in the case, 0 failed`);
		expect(result.stdout).toContain('acquired by test-analyst');
	});
});
