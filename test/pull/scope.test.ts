import {readFileSync} from 'node:fs';
import path from 'node:path';
import {gzipSync, gunzipSync} from 'node:zlib';
import {CreateBucketCommand, PutObjectCommand} from '@aws-sdk/client-s3';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {CaseStore} from '../../source/case/case-store.js';
import {generateTrail} from '../../source/generator/generate.js';
import {runCli, tempDir} from '../helpers/cli.js';
import {seedTrail, startS3Server, type S3Server} from '../helpers/s3-server.js';
import {onlyJson} from './helpers.js';

// An organization trail under a key prefix: PREFIX/AWSLogs/ORG/ACCOUNT/..., two accounts, two regions,
// about 14 hours that cross midnight (two day folders), plus objects a pull must leave alone.
const BUCKET = 'org-trail';
const PREFIX = 'audit/ct';
const ORG = 'o-abcdefghij';
const HOUR = 3_600_000;
let s3: S3Server;
let trail: string;
let seeded: string[];
const toBucketKey = (local: string) => local.replace(/^AWSLogs\//, `${PREFIX}/AWSLogs/${ORG}/`);
const INSIGHT_IN = `${PREFIX}/AWSLogs/${ORG}/444455556666/CloudTrail-Insight/us-east-1/2026/11/02/444455556666_CloudTrail-Insight_us-east-1_20261102T2310Z_abcdefghijklmnop.json.gz`;
const INSIGHT_OUT = `${PREFIX}/AWSLogs/${ORG}/444455556666/CloudTrail-Insight/us-east-1/2026/11/03/444455556666_CloudTrail-Insight_us-east-1_20261103T0500Z_ponmlkjihgfedcba.json.gz`;
const IGNORED = [
	`${PREFIX}/AWSLogs/${ORG}/444455556666/Config/eu-west-1/2026/11/02/config.json.gz`,
	`${PREFIX}/AWSLogs/${ORG}/444455556666/CloudTrail-NetworkActivity/eu-west-1/2026/11/02/444455556666_CloudTrail-NetworkActivity_eu-west-1_20261102T2300Z_qwertyuiopasdfgh.json.gz`,
	`elsewhere/AWSLogs/444455556666/CloudTrail/eu-west-1/2026/11/02/444455556666_CloudTrail_eu-west-1_20261102T2300Z_zxcvbnmasdfghjkl.json.gz`,
];

const pull = (target: string, args: string[]) => runCli(['pull', target, '--endpoint', s3.endpoint, ...args], {env: s3.env});

/** The file-name stamp (delivery time, or digestEndTime for digests), read independently of source/pull. */
function stamp(key: string): number {
	const match = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})?Z(?:_|\.)/.exec(key)!;
	return Date.UTC(+match[1]!, +match[2]! - 1, +match[3]!, +match[4]!, +match[5]!, +(match[6] ?? 0));
}

/** The objects an incident window needs, by the documented rule: logs delivered from --from to --to + 1 h, digests ending by --to + 2 h. */
function expectedKeys(keys: string[], from: number | undefined, to: number | undefined, folder: RegExp): string[] {
	return keys.filter((key) => {
		if (!folder.test(key)) return false;
		const grace = key.includes('/CloudTrail-Digest/') ? 2 * HOUR : HOUR;
		const t = stamp(key);
		return (from === undefined || t >= from) && (to === undefined || t <= to + grace);
	});
}

beforeAll(async () => {
	const work = tempDir('trailcase-pull-scope-');
	trail = path.join(work, 'trail');
	await generateTrail({
		outDir: trail, events: 2_400, eventsPerFile: 4, seed: 9, start: '2026-11-02T16:00:00Z',
		accounts: ['111122223333', '444455556666'], regions: ['us-east-1', 'eu-west-1'],
	});
	s3 = await startS3Server();
	seeded = await seedTrail(s3.client, BUCKET, trail, {mapKey: toBucketKey});
	const empty = gzipSync('{"Records":[]}');
	for (const key of [INSIGHT_IN, INSIGHT_OUT, ...IGNORED]) await s3.client.send(new PutObjectCommand({Bucket: BUCKET, Key: key, Body: empty}));
	seeded.push(INSIGHT_IN, INSIGHT_OUT);
});
afterAll(async () => {
	await s3?.stop();
});

describe('pull scope: accounts, regions, organization and hours', () => {
	const from = Date.parse('2026-11-02T22:00:00Z');
	const to = Date.parse('2026-11-03T01:00:00Z');
	const stream = new RegExp(`/AWSLogs/${ORG}/444455556666/CloudTrail[^/]*/us-east-1/`);

	it('takes exactly the files that can hold events of the slice, and every event of the slice', async () => {
		const caseFile = path.join(tempDir(), 'slice.duckdb');
		const result = pull(`s3://${BUCKET}/${PREFIX}`, ['-c', caseFile, '--org', ORG, '--accounts', '444455556666', '--regions', 'us-east-1', '--from', '2026-11-02T22Z', '--to', '2026-11-03T01Z', '--json']);
		expect(result.status, result.stderr).toBe(0);
		const expected = expectedKeys(seeded, from, to, stream).sort();
		expect(expected.some((key) => key.includes('/2026/11/02/')) && expected.some((key) => key.includes('/2026/11/03/'))).toBe(true);
		expect(expected).toContain(INSIGHT_IN);
		expect(onlyJson(result.stdout)).toMatchObject({listed: expected.length, downloaded: expected.length, failed: []});

		const store = await CaseStore.open(caseFile, {readOnly: true});
		try {
			const keys = (await store.all<{s3_key: string}>(`SELECT s3_key FROM sources ORDER BY s3_key`)).map((row) => row.s3_key);
			expect(keys).toEqual(expected);
			// Every event of this account and region inside the window is in the case…
			const inWindow: string[] = [];
			for (const local of seeded.filter((key) => stream.test(key) && key.includes('/CloudTrail/'))) {
				const file = path.join(trail, local.replace(`${PREFIX}/AWSLogs/${ORG}/`, 'AWSLogs/'));
				for (const record of JSON.parse(gunzipSync(readFileSync(file)).toString()).Records as {eventID: string; eventTime: string}[]) {
					const t = Date.parse(record.eventTime);
					if (t >= from && t <= to) inWindow.push(record.eventID);
				}
			}
			expect(inWindow.length).toBeGreaterThan(50);
			const ids = new Set((await store.all<{event_id: string}>(`SELECT event_id FROM events`)).map((row) => row.event_id));
			expect(inWindow.filter((id) => !ids.has(id))).toEqual([]);
			// …and files are kept whole, so events just before --from that were delivered after it come along.
			const before = await store.one<{n: bigint}>(`SELECT count(*) AS n FROM events WHERE event_time < $1::TIMESTAMPTZ`, ['2026-11-02T22:00:00Z']);
			expect(Number(before!.n)).toBeGreaterThan(0);
		} finally {
			store.close();
		}
	});

	it('with one end open, lists from --from on or up to --to (+ delivery grace)', async () => {
		const account = /\/AWSLogs\/o-abcdefghij\/111122223333\/CloudTrail(-Digest|-Insight)?\//;
		const fromOnly = pull(`s3://${BUCKET}/${PREFIX}`, ['--plan', '--json', '--accounts', '111122223333', '--from', '2026-11-03T02Z']);
		expect(fromOnly.status, fromOnly.stderr).toBe(0);
		expect(onlyJson(fromOnly.stdout).objects).toBe(expectedKeys(seeded, Date.parse('2026-11-03T02:00:00Z'), undefined, account).length);
		const toOnly = pull(`s3://${BUCKET}/${PREFIX}`, ['--plan', '--json', '--accounts', '111122223333', '--to', '2026-11-02T18Z']);
		expect(toOnly.status, toOnly.stderr).toBe(0);
		const plan = onlyJson(toOnly.stdout);
		expect(plan.objects).toBe(expectedKeys(seeded, undefined, Date.parse('2026-11-02T18:00:00Z'), account).length);
		expect(plan.rows.every((row: any) => row.day === '2026/11/02' && row.org === ORG && row.account === '111122223333')).toBe(true);
	});

	it('without a scope takes every trail object under the prefix and nothing else in the bucket', async () => {
		const result = pull(`s3://${BUCKET}/${PREFIX}/`, ['--plan', '--json']);
		expect(result.status, result.stderr).toBe(0);
		expect(onlyJson(result.stdout).objects).toBe(seeded.length);
	});

	it('reads AWSLogs/ORG/ACCOUNT in the URL as scope', async () => {
		const result = pull(`s3://${BUCKET}/${PREFIX}/AWSLogs/${ORG}/111122223333/`, ['--plan', '--json']);
		expect(result.status, result.stderr).toBe(0);
		const plan = onlyJson(result.stdout);
		expect(plan.objects).toBe(seeded.filter((key) => key.includes('/111122223333/')).length);
		expect(new Set(plan.rows.map((row: any) => row.account))).toEqual(new Set(['111122223333']));
	});

	it('says what is there when nothing matches the scope', async () => {
		const account = pull(`s3://${BUCKET}/${PREFIX}`, ['--plan', '--accounts', '999999999999']);
		expect(account.status).toBe(1);
		expect(account.stderr).toContain('Found accounts: 111122223333, 444455556666');
		expect(account.stderr).toContain(`organizations: ${ORG}`);
		const prefix = pull(`s3://${BUCKET}/wrong-prefix`, ['--plan']);
		expect(prefix.status).toBe(1);
		expect(prefix.stderr).toContain('Is the trail prefix right');
	});

	it('follows pages past 1,000 keys inside one day folder of a bounded window', async () => {
		const bucket = 'busy-day';
		const body = gzipSync('{"Records":[]}');
		const keys = Array.from({length: 1_050}, (_, i) => {
			const minute = String(i % 60).padStart(2, '0');
			const hour = String(10 + Math.floor(i / 60) % 10).padStart(2, '0');
			return `AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/05/111122223333_CloudTrail_us-east-1_20261105T${hour}${minute}Z_${String(i).padStart(16, 'x')}.json.gz`;
		});
		await s3.client.send(new CreateBucketCommand({Bucket: bucket}));
		let next = 0;
		await Promise.all(Array.from({length: 16}, async () => {
			while (next < keys.length) await s3.client.send(new PutObjectCommand({Bucket: bucket, Key: keys[next++]!, Body: body}));
		}));
		const result = pull(`s3://${bucket}`, ['--plan', '--json', '--from', '2026-11-05T00Z', '--to', '2026-11-05T23Z']);
		expect(result.status, result.stderr).toBe(0);
		const plan = onlyJson(result.stdout);
		expect(plan.objects).toBe(1_050);
		expect(plan.rows).toEqual([expect.objectContaining({account: '111122223333', region: 'us-east-1', day: '2026/11/05', logs: 1_050})]);
	});

	it('refuses malformed flags with exit 2 before touching S3 or the case', async () => {
		const cases: [string, string[]][] = [
			[`s3://${BUCKET}`, ['--plan', '--from', '2026-11-02T22:00']],
			[`s3://${BUCKET}`, ['--plan', '--accounts', '12345']],
			[`s3://${BUCKET}`, ['--plan', '--regions', 'US-EAST']],
			[`s3://${BUCKET}`, ['--plan', '--org', 'org-1']],
			[`s3://${BUCKET}`, ['--plan', '--from', '2026-11-03T00Z', '--to', '2026-11-02T00Z']],
			[`s3://${BUCKET}`, ['--plan', '--concurrency', '0']],
			['https://example.com/x', ['--plan']],
			[`s3://${BUCKET}`, []],
		];
		for (const [target, args] of cases) {
			const result = pull(target, args);
			expect(result.status, `${target} ${args.join(' ')}: ${result.stderr}`).toBe(2);
		}
		const withCredentials = runCli(['pull', `s3://${BUCKET}`, '--plan', '--endpoint', 'http://user:pw@127.0.0.1:1'], {env: s3.env});
		expect(withCredentials.status).toBe(2);
		expect(withCredentials.stderr).toContain('must not carry credentials');
		expect(withCredentials.stderr).not.toContain('pw@');
	});
});
