import {createHash, generateKeyPairSync} from 'node:crypto';
import {appendFileSync, copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {blobValue} from '@duckdb/node-api';
import {beforeAll, describe, expect, it} from 'vitest';
import type {GenerateSummary} from '../../source/generator/generate.js';
import {signDigest} from '../../source/integrity/signing.js';
import type {Verdict, VerifyReport} from '../../source/verify/outcomes.js';
import type {VerifyOptions} from '../../source/verify/verify-case.js';
import {BUCKET, chainKeys, copyTree, editRecord, filesBelow, generateBase, importInto, listedBy, query, tempDir, verify, withStore} from './helpers.js';

let work: string;
let base: string;
let summary: GenerateSummary;
let logKeys: string[];

beforeAll(async () => {
	work = tempDir('trailcase-verify-');
	base = path.join(work, 'base');
	summary = await generateBase(base);
	logKeys = summary.files.filter((key) => key.includes('/CloudTrail/'));
});

interface Scenario {
	trail: string;
	casePath: string;
	report: VerifyReport;
	verdicts: Verdict[];
}

/** Copies the trail, tampers with the copy, imports it into a new case and verifies that case. */
async function scenario(name: string, tamper: (trail: string) => void | Promise<void>, options: Partial<VerifyOptions> = {}, extraPaths: string[] = []): Promise<Scenario> {
	const trail = copyTree(base, path.join(work, name));
	await tamper(trail);
	const casePath = await importInto(path.join(work, `${name}.duckdb`), [trail, ...extraPaths]);
	const {report, verdicts} = await verify(casePath, options);
	return {trail, casePath, report, verdicts};
}

const url = (key: string) => `s3://${BUCKET}/${key}`;
const kinds = (report: VerifyReport) => [...new Set(report.problems.map((p) => p.kind))].sort();
const verdictFor = (verdicts: Verdict[], subject: string, key: string) => verdicts.filter((v) => v.subject === subject && v.key === key);

describe('verify on a trail signed by the project generator', () => {
	it('finds every digest and log file of an untouched trail valid, and stores and audits the run', async () => {
		const {casePath, report} = await scenario('pristine', () => undefined);
		expect(report.passed).toBe(true);
		expect(report.problems).toEqual([]);
		expect(report.digests).toEqual({valid: summary.digestFiles, invalid: 0, unavailable: 0});
		expect(report.logFiles).toEqual({valid: summary.logFiles, modified: 0, appended: 0, missing: 0, notCovered: 0, unverified: 0});
		expect(report.keys.used).toEqual([summary.fingerprint]);

		const byKind = await query(casePath, `SELECT kind, validation, count(*) AS n FROM sources GROUP BY ALL ORDER BY 1, 2`);
		expect(byKind).toEqual([
			{kind: 'digest', validation: 'valid', n: summary.digestFiles},
			{kind: 'log', validation: 'valid', n: summary.logFiles},
			{kind: 'public-keys', validation: null, n: 1},
			{kind: 'sidecar', validation: null, n: summary.digestFiles},
		]);
		const der = Buffer.from((JSON.parse(readFileSync(summary.publicKeysFile, 'utf8')) as {PublicKeyList: {Value: string}[]}).PublicKeyList[0]!.Value, 'base64');
		const [key] = await query(casePath, `SELECT fingerprint, sha256, der, origin, audit_seq FROM public_keys`);
		expect(key).toMatchObject({fingerprint: summary.fingerprint, sha256: createHash('sha256').update(der).digest('hex'), audit_seq: report.runId});
		expect(Buffer.from(key!['der'] as Uint8Array).equals(der)).toBe(true);
		expect(key!['origin']).toContain('public-keys.json');

		const [audit] = await query(casePath, `SELECT command, outcome FROM audit_log WHERE seq = $1`, [report.runId]);
		expect(audit!['command']).toBe('verify');
		expect(JSON.parse(audit!['outcome'] as string)).toMatchObject({passed: true, problems: 0});
		const [run] = await query(casePath, `SELECT passed, rehashed, summary FROM verify_runs WHERE run_id = $1`, [report.runId]);
		expect(run).toMatchObject({passed: true, rehashed: true});
		expect(JSON.parse(run!['summary'] as string).logFiles.valid).toBe(summary.logFiles);
		const [results] = await query(casePath, `SELECT count(*) AS n, count(*) FILTER (WHERE problem) AS problems FROM verify_results WHERE run_id = $1`, [report.runId]);
		expect(results).toEqual({n: summary.logFiles + summary.digestFiles, problems: 0});
		// The signatures came from the head-object sidecars imported next to the digests.
		const details = await query(casePath, `SELECT DISTINCT detail FROM verify_results WHERE subject = 'digest'`);
		expect(details).toEqual([{detail: 'signature verified with its S3 metadata'}]);
		const [events] = await query(casePath, `SELECT count(*) AS n, count(*) FILTER (WHERE validation = 'valid') AS valid FROM event_validation`);
		expect(events).toEqual({n: summary.events, valid: summary.events});
	});

	it('reports a log file whose bytes were changed (bad CRC or deflate data) as modified, though import quarantined it', async () => {
		const [trailer, body] = [logKeys[3]!, logKeys[4]!];
		const {report, verdicts, casePath} = await scenario('changed-byte', (trail) => {
			for (const [key, at] of [[trailer, -6], [body, 0.5]] as const) {
				const file = path.join(trail, key);
				const bytes = readFileSync(file);
				const index = at < 0 ? bytes.length + at : Math.floor(bytes.length * at);
				bytes[index] = bytes[index]! ^ 0x01;
				writeFileSync(file, bytes);
			}
		});
		const quarantined = await query(casePath, `SELECT count(*) AS n FROM sources WHERE status = 'quarantined'`);
		expect(quarantined[0]!['n']).toBe(2);
		expect(verdictFor(verdicts, 'log', trailer)).toMatchObject([{outcome: 'modified', detail: expect.stringContaining('CRC-32')}]);
		expect(verdictFor(verdicts, 'log', body)).toMatchObject([{outcome: 'modified'}]);
		expect(report.logFiles.modified).toBe(2);
		expect(report.passed).toBe(false);
		expect(report.problems.filter((p) => p.kind === 'log-modified').map((p) => p.key).sort()).toEqual([url(body), url(trailer)].sort());
	});

	it('reports a record edited and re-gzipped as modified, and flags its events for the TUI and hunts', async () => {
		const key = logKeys[5]!;
		const {report, verdicts, casePath} = await scenario('edited-record', (trail) =>
			editRecord(path.join(trail, key), (text) => text.replace(/"sourceIPAddress":"[^"]*"/, '"sourceIPAddress":"198.18.77.77"')),
		);
		expect(verdictFor(verdicts, 'log', key)).toMatchObject([{outcome: 'modified', detail: expect.stringContaining("hash value doesn't match")}]);
		expect(report.logFiles).toMatchObject({modified: 1, valid: summary.logFiles - 1});
		const flagged = await query(
			casePath,
			`SELECT s.validation, v.validation AS event_validation FROM events e JOIN sources s ON s.source_id = e.source_id
			 JOIN event_validation v ON v.event_key = e.event_key WHERE e.source_ip = '198.18.77.77'`,
		);
		expect(flagged).toEqual([{validation: 'modified', event_validation: 'modified'}]);
	});

	it('catches a forged gzip member appended to a genuine log file, whose records import never parsed', async () => {
		const key = logKeys[6]!;
		const forged = zlib.gzipSync(JSON.stringify({Records: [{eventVersion: '1.08', eventName: 'ForgedEvent', eventSource: 'iam.amazonaws.com', eventTime: '2026-11-02T01:00:00Z', eventID: 'forged-1'}]}));
		const {report, verdicts, casePath} = await scenario('appended', (trail) => appendFileSync(path.join(trail, key), forged));
		expect(verdictFor(verdicts, 'log', key)).toMatchObject([
			{outcome: 'appended', detail: expect.stringContaining(`unexpected data after end of compressed stream: ${forged.length} bytes`)},
		]);
		expect(report.logFiles.appended).toBe(1);
		expect(report.problems.map((p) => p.kind)).toEqual(['log-appended']);
		expect(await query(casePath, `SELECT event_name FROM events WHERE event_name = 'ForgedEvent'`)).toEqual([]);
	});

	it('reports a deleted log file as missing', async () => {
		const key = logKeys[7]!;
		const {report} = await scenario('deleted-log', (trail) => rmSync(path.join(trail, key)));
		expect(report.logFiles).toMatchObject({missing: 1, valid: summary.logFiles - 1});
		expect(report.problems).toEqual([{kind: 'log-missing', key: url(key), detail: expect.stringContaining('not found: listed by s3://')}]);
	});

	it('reports a deleted digest as missing, the hour without a digest as a gap, and its log files as not covered', async () => {
		const chain = chainKeys(summary, 'us-east-1');
		const deleted = chain[1]!;
		const orphans = listedBy(base, deleted);
		expect(orphans.length).toBeGreaterThan(0);
		const {report, verdicts} = await scenario('deleted-digest', (trail) => {
			rmSync(path.join(trail, deleted));
			rmSync(path.join(trail, `${deleted}.head-object.json`));
		});
		expect(kinds(report)).toEqual(['digest-missing', 'gap', 'log-not-covered']);
		expect(report.problems.find((p) => p.kind === 'digest-missing')).toMatchObject({key: url(deleted), detail: expect.stringContaining(chain[2]!)});
		const gap = verdicts.find((v) => v.subject === 'gap')!;
		expect(gap.detail).toContain(`no readable digest between ${summary.digests.find((d) => d.key === chain[0])!.endTime} and ${summary.digests.find((d) => d.key === chain[2])!.startTime}`);
		expect(report.gaps).toBe(1);
		expect(report.logFiles.notCovered).toBe(orphans.length);
		expect(report.digests).toEqual({valid: summary.digestFiles - 1, invalid: 1, unavailable: 0});
		expect(report.passed).toBe(false);
	});

	it('reports a digest with a changed byte as invalid format (not missing), its successor still valid, its log files not covered', async () => {
		const chain = chainKeys(summary, 'us-east-1');
		const target = chain[1]!;
		const {report, verdicts} = await scenario('corrupt-digest', (trail) => {
			const file = path.join(trail, target);
			const bytes = readFileSync(file);
			bytes[bytes.length - 7] = bytes[bytes.length - 7]! ^ 0x10;
			writeFileSync(file, bytes);
		});
		expect(verdictFor(verdicts, 'digest', target)).toMatchObject([{outcome: 'invalid-format', detail: expect.stringContaining('invalid format: corrupt gzip')}]);
		expect(verdictFor(verdicts, 'digest', chain[2]!)).toMatchObject([{outcome: 'valid'}]);
		expect(kinds(report)).toEqual(['digest-invalid-format', 'gap', 'log-not-covered']);
		expect(report.logFiles.notCovered).toBe(listedBy(base, target).length);
	});

	it('reports digests swapped with each other (sidecars included) as moved, while their chain still links', async () => {
		const chain = chainKeys(summary, 'eu-west-1');
		const [a, b] = [chain[1]!, chain[2]!];
		const {report, verdicts} = await scenario('reordered', (trail) => {
			for (const suffix of ['', '.head-object.json']) {
				renameSync(path.join(trail, a + suffix), path.join(trail, `${a}${suffix}.tmp`));
				renameSync(path.join(trail, b + suffix), path.join(trail, a + suffix));
				renameSync(path.join(trail, `${a}${suffix}.tmp`), path.join(trail, b + suffix));
			}
		});
		const moved = verdicts.filter((v) => v.subject === 'digest' && v.outcome !== 'valid');
		expect(moved.map((v) => v.outcome)).toEqual(['moved', 'moved']);
		expect(moved.every((v) => v.detail.includes('has been moved from its original location'))).toBe(true);
		expect(kinds(report)).toEqual(['digest-moved']);
		expect(report.logFiles.valid).toBe(summary.logFiles);
		expect(report.gaps).toBe(0);
	});

	it('reports a digest whose metadata signature was made with another key as signature-invalid', async () => {
		const chain = chainKeys(summary, 'us-east-1');
		const target = chain[1]!;
		const otherKey = generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey;
		const {report, verdicts} = await scenario('other-key', (trail) => {
			const inflated = zlib.gunzipSync(readFileSync(path.join(trail, target)));
			const sidecar = path.join(trail, `${target}.head-object.json`);
			const head = JSON.parse(readFileSync(sidecar, 'utf8')) as {Metadata: Record<string, string>};
			head.Metadata['signature'] = signDigest(otherKey, inflated, JSON.parse(inflated.toString('utf8')));
			writeFileSync(sidecar, JSON.stringify(head));
		});
		const [verdict] = verdictFor(verdicts, 'digest', target);
		expect(verdict).toMatchObject({outcome: 'signature-invalid', detail: expect.stringContaining('signature verification failed')});
		// The next digest records the genuine signature, so the digest itself is authentic: only its metadata lies.
		expect(verdict!.detail).toContain('the S3 metadata signature was replaced');
		expect(kinds(report)).toEqual(['digest-signature-invalid']);
		expect(report.logFiles.valid).toBe(summary.logFiles);
	});

	it('without the public key reports every digest key-not-found and no log file valid; --public-keys then passes', async () => {
		const {report, casePath} = await scenario('no-key', (trail) => rmSync(path.join(trail, 'public-keys.json')));
		expect(report.digests).toEqual({valid: 0, invalid: summary.digestFiles, unavailable: 0});
		expect(report.logFiles).toMatchObject({valid: 0, unverified: summary.logFiles});
		expect(report.problems.find((p) => p.kind === 'digest-key-not-found')!.detail).toContain(`for fingerprint ${summary.fingerprint}`);
		const again = await verify(casePath, {publicKeyFiles: [summary.publicKeysFile]});
		expect(again.report.passed).toBe(true);
		const states = await query(casePath, `SELECT DISTINCT validation FROM sources WHERE kind IN ('log', 'digest')`);
		expect(states).toEqual([{validation: 'valid'}]);
	});

	it('verifies a plain copy without sidecars from the signatures each next digest records; the newest per chain is unavailable', async () => {
		const {report, verdicts} = await scenario('plain-copy', (trail) => {
			for (const file of filesBelow(trail)) if (file.endsWith('.head-object.json')) rmSync(path.join(trail, file));
		});
		const newest = ['us-east-1', 'eu-west-1'].map((region) => chainKeys(summary, region).at(-1)!);
		const unavailable = verdicts.filter((v) => v.outcome === 'signature-unavailable').map((v) => v.key);
		expect(unavailable.sort()).toEqual(newest.sort());
		expect(report.digests).toEqual({valid: summary.digestFiles - 2, invalid: 0, unavailable: 2});
		const older = verdicts.find((v) => v.subject === 'digest' && v.outcome === 'valid')!;
		expect(older.detail).toContain('the signature the next digest');
		const onlyNewest = newest.flatMap((key) => listedBy(base, key));
		expect(report.logFiles).toMatchObject({unverified: onlyNewest.length, valid: summary.logFiles - onlyNewest.length});
	});

	it('refuses a key whose recomputed fingerprint differs from the stated one', async () => {
		const keys = JSON.parse(readFileSync(summary.publicKeysFile, 'utf8')) as {PublicKeyList: {Fingerprint: string}[]};
		keys.PublicKeyList[0]!.Fingerprint = '0'.repeat(32);
		const liar = path.join(work, 'liar-keys.json');
		writeFileSync(liar, JSON.stringify(keys));
		const {report} = await scenario('refused-key', () => undefined, {publicKeyFiles: [liar]});
		expect(report.problems).toEqual([{kind: 'key-refused', key: liar, detail: expect.stringContaining(`stated fingerprint ${'0'.repeat(32)} but the key's MD5 is ${summary.fingerprint}`)}]);
		expect(report.keys.refused).toBe(1);
		expect(report.digests.valid).toBe(summary.digestFiles);
		expect(report.passed).toBe(false);
	});

	it('does not use a key outside its stated validity period: every digest key-not-found, naming the period', async () => {
		const retired = (trail: string) => {
			const file = path.join(trail, 'public-keys.json');
			const keys = JSON.parse(readFileSync(file, 'utf8')) as {PublicKeyList: {ValidityStartTime: string; ValidityEndTime: string}[]};
			// A key that was retired a month before the trail: the same bytes cannot have signed these digests.
			keys.PublicKeyList[0]!.ValidityStartTime = '2026-01-01T00:00:00Z';
			keys.PublicKeyList[0]!.ValidityEndTime = '2026-10-01T00:00:00Z';
			writeFileSync(file, JSON.stringify(keys));
		};
		const {report} = await scenario('retired-key', retired);
		expect(report.digests).toEqual({valid: 0, invalid: summary.digestFiles, unavailable: 0});
		expect(report.logFiles).toMatchObject({valid: 0, unverified: summary.logFiles});
		const problem = report.problems.find((p) => p.kind === 'digest-key-not-found')!;
		expect(problem.detail).toContain(`fingerprint ${summary.fingerprint} is valid from 2026-01-01T00:00:00.000Z to 2026-10-01T00:00:00.000Z, which does not cover this digest`);
		expect(report.passed).toBe(false);
	});

	it('reports a log file no digest lists as not covered, and matches a renamed copy by content, saying so', async () => {
		const loose = path.join(work, 'loose');
		mkdirSync(loose, {recursive: true});
		copyFileSync(path.join(base, logKeys[8]!), path.join(loose, 'renamed-copy.json.gz'));
		const stray = 'audit/ct/AWSLogs/111122223333/CloudTrail/us-east-1/2026/11/09/111122223333_CloudTrail_us-east-1_20261109T0105Z_StrayFileNoDigest.json.gz';
		const {report, verdicts} = await scenario(
			'uncovered',
			(trail) => {
				mkdirSync(path.dirname(path.join(trail, stray)), {recursive: true});
				writeFileSync(path.join(trail, stray), zlib.gzipSync(JSON.stringify({Records: [{eventVersion: '1.08', eventName: 'Stray', eventSource: 's3.amazonaws.com', eventTime: '2026-11-09T01:00:00Z', eventID: 'stray-1'}]})));
			},
			{},
			[loose],
		);
		expect(report.problems.find((p) => p.kind === 'log-not-covered')).toMatchObject({key: stray.replace(/^audit\/ct\//, ''), detail: expect.stringContaining('no digest in the case lists this file')});
		const renamed = verdicts.find((v) => v.kind === 'log-renamed')!;
		expect(renamed).toMatchObject({outcome: 'valid', problem: false, detail: expect.stringContaining(`renamed copy: its content is ${url(logKeys[8]!)}`)});
		expect(report.logFiles).toMatchObject({valid: summary.logFiles + 1, notCovered: 1});
	});

	it('recomputes log hashes from the stored bytes by default (catching a case edited after import); --quick trusts import', async () => {
		const key = logKeys[9]!;
		const casePath = await importInto(path.join(work, 'edited-case.duckdb'), [base]);
		const forged = zlib.gzipSync(zlib.gunzipSync(readFileSync(path.join(base, key))).toString('utf8').replace(/"eventName":"[^"]*"/, '"eventName":"Doctored"'));
		await withStore(casePath, async (store) => {
			const [row] = await store.all<{sha256: string}>(`SELECT sha256 FROM sources WHERE object_key = $1`, [key.replace(/^audit\/ct\//, '')]);
			await store.run(`UPDATE blobs SET bytes = $1 WHERE sha256 = $2`, [blobValue(forged), row!.sha256]);
		});
		const quick = await verify(casePath, {rehash: false});
		expect(quick.report.passed).toBe(true);
		expect(quick.report.rehashed).toBe(false);
		const deep = await verify(casePath);
		expect(verdictFor(deep.verdicts, 'log', key)).toMatchObject([{outcome: 'modified', detail: expect.stringContaining('the case file was altered')}]);
	});
});
