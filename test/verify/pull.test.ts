import {spawn} from 'node:child_process';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {GenerateSummary} from '../../source/generator/generate.js';
import {cliPath, repoRoot} from '../helpers/cli.js';
import {seedTrail, startS3Server, type S3Server} from '../helpers/s3-server.js';
import {BUCKET, PREFIX, chainKeys, generateBase, query, tempDir} from './helpers.js';

let s3: S3Server;
let work: string;
let summary: GenerateSummary;
let moved: {from: string; to: string};

function run(args: string[]): Promise<{status: number; stdout: string; stderr: string}> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, [cliPath, ...args], {cwd: repoRoot, env: {...process.env, TRAILCASE_ANALYST: 'test-analyst', ...s3.env}});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (chunk) => (stdout += chunk));
		child.stderr.on('data', (chunk) => (stderr += chunk));
		child.on('error', reject);
		child.on('close', (code) => resolve({status: code ?? -1, stdout, stderr}));
	});
}

beforeAll(async () => {
	work = tempDir('trailcase-verify-pull-');
	const trail = path.join(work, 'trail');
	summary = await generateBase(trail);
	const from = chainKeys(summary, 'us-east-1')[1]!;
	moved = {from, to: from.replace('/2026/11/02/', '/2026/11/03/')};
	s3 = await startS3Server();
	// Every object keeps its head-object metadata (the digest signatures); one digest is put at another key.
	await seedTrail(s3.client, BUCKET, trail, {mapKey: (key) => (key === moved.from ? moved.to : key)});
});
afterAll(async () => {
	await s3?.stop();
});

describe('verify after a pull from a loopback S3 server', () => {
	it('checks signatures from the metadata captured at pull, matches full S3 keys, and sees a digest at the wrong key as moved', async () => {
		const casePath = path.join(work, 'pulled.duckdb');
		const pulled = await run(['pull', `s3://${BUCKET}/${PREFIX}`, '--endpoint', s3.endpoint, '-c', casePath, '--json']);
		expect(pulled.status, pulled.stderr).toBe(0);
		const digests = await query(casePath, `SELECT s3_key, s3_metadata FROM sources WHERE kind = 'digest' ORDER BY s3_key`);
		expect(digests).toHaveLength(summary.digestFiles);
		expect(digests.every((d) => JSON.parse(d['s3_metadata'] as string).signature)).toBe(true);

		// A bucket holds no public keys: the analyst brings list-public-keys output.
		const result = await run(['verify', '-c', casePath, '--public-keys', summary.publicKeysFile, '--json']);
		expect(result.status).toBe(3);
		const report = JSON.parse(result.stdout) as {problems: {kind: string; key: string; detail: string}[]; logFiles: Record<string, number>; digests: Record<string, number>};
		expect(report.problems).toEqual([
			{kind: 'digest-moved', key: `s3://${BUCKET}/${moved.to}`, detail: expect.stringContaining(`written to s3://${BUCKET}/${moved.from}`)},
		]);
		expect(report.logFiles).toMatchObject({valid: summary.logFiles, missing: 0, notCovered: 0});
		expect(report.digests).toEqual({valid: summary.digestFiles - 1, invalid: 1, unavailable: 0});
		const details = await query(casePath, `SELECT DISTINCT detail FROM verify_results WHERE subject = 'digest' AND outcome = 'valid'`);
		expect(details.every((d) => String(d['detail']).includes('signature verified with its S3 metadata'))).toBe(true);
	});
});
