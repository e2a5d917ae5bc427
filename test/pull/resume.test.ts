import path from 'node:path';
import {afterAll, beforeAll, beforeEach, describe, expect, it} from 'vitest';
import {CaseStore} from '../../source/case/case-store.js';
import {generateTrail} from '../../source/generator/generate.js';
import {tempDir} from '../helpers/cli.js';
import {seedTrail, startS3Server, type S3Server} from '../helpers/s3-server.js';
import {FaultProxy} from './fault-proxy.js';
import {caseFingerprint, onlyJson, runPull, sleep, startPull, waitFor} from './helpers.js';

const BUCKET = 'resumable-trail';
let s3: S3Server;
let proxy: FaultProxy;
let work: string;
let keys: string[];
let reference: Record<string, unknown>;

const args = (caseFile: string, endpoint = proxy.endpoint) => ['pull', `s3://${BUCKET}`, '--endpoint', endpoint, '-c', caseFile, '--json', '--concurrency', '8'];
/** From the n-th completed GET on, every GET waits forever: the pull is stuck at a known point. */
const holdAfter = (n: number) => {
	proxy.decide = ({key}) => (key !== undefined && proxy.stats.served >= n ? {kind: 'hold'} : undefined);
};

beforeAll(async () => {
	work = tempDir('trailcase-pull-resume-');
	const trail = path.join(work, 'trail');
	await generateTrail({outDir: trail, events: 1_500, eventsPerFile: 10, seed: 4, accounts: ['111122223333'], regions: ['us-east-1', 'eu-west-1']});
	s3 = await startS3Server();
	keys = await seedTrail(s3.client, BUCKET, trail);
	proxy = await FaultProxy.start(s3.endpoint);
	const referenceFile = path.join(work, 'reference.duckdb');
	const clean = await runPull(args(referenceFile, s3.endpoint), s3.env);
	expect(clean.status, clean.stderr).toBe(0);
	reference = await caseFingerprint(referenceFile);
	expect(reference['keys_twice']).toBe(0);
});
afterAll(async () => {
	await proxy?.close();
	await s3?.stop();
});

describe('resumable pull', () => {
	beforeEach(() => proxy.reset());

	it('after kill -9 mid-pull (and at other moments), the same command ends with exactly the case of an uninterrupted pull', async () => {
		const caseFile = path.join(work, 'killed.duckdb');
		holdAfter(60);
		const stuck = startPull(args(caseFile), s3.env);
		await waitFor(() => proxy.stats.held >= 8, 30_000, 'all downloads to hang');
		// The pull commits once arrivals pause, so what already arrived survives the kill.
		await sleep(3_000);
		stuck.child.kill('SIGKILL');
		expect((await stuck.done).signal).toBe('SIGKILL');
		proxy.reset();
		proxy.releaseHeld();

		const resumed = await runPull(args(caseFile), s3.env);
		expect(resumed.status, resumed.stderr).toBe(0);
		const report = onlyJson(resumed.stdout);
		expect(report.listed).toBe(keys.length);
		expect(report.skipped).toBeGreaterThanOrEqual(60);
		expect(report.downloaded).toBe(keys.length - report.skipped);
		expect(report.failed).toEqual([]);
		expect(await caseFingerprint(caseFile)).toEqual(reference);

		// Kills at arbitrary moments (inside a commit, between commits) change nothing either.
		const again = path.join(work, 'killed-often.duckdb');
		for (const delay of [400, 900, 1_500]) {
			const run = startPull(args(again, s3.endpoint), s3.env);
			await sleep(delay);
			run.child.kill('SIGKILL');
			await run.done;
		}
		const final = await runPull(args(again, s3.endpoint), s3.env);
		expect(final.status, final.stderr).toBe(0);
		expect(await caseFingerprint(again)).toEqual(reference);

		const store = await CaseStore.open(caseFile, {readOnly: true});
		try {
			const runs = await store.all<{finished_at: Date | null}>(`SELECT finished_at FROM pull_runs ORDER BY audit_seq`);
			expect(runs.map((run) => run.finished_at === null)).toEqual([true, false]);
		} finally {
			store.close();
		}
	});

	it('Ctrl-C stops cleanly, keeps what is complete and says so; the same command then finishes', async () => {
		const caseFile = path.join(work, 'interrupted.duckdb');
		holdAfter(40);
		const run = startPull(args(caseFile), s3.env);
		await waitFor(() => proxy.stats.held >= 8, 30_000, 'all downloads to hang');
		run.child.kill('SIGINT');
		const result = await run.done;
		expect(result.status, result.stderr).toBe(3);
		const report = onlyJson(result.stdout);
		expect(report).toMatchObject({interrupted: true, failed: []});
		expect(report.downloaded).toBeGreaterThanOrEqual(40);
		expect(report.downloaded).toBeLessThan(keys.length);
		proxy.reset();
		proxy.releaseHeld();

		const store = await CaseStore.open(caseFile, {readOnly: true});
		try {
			const kept = await store.one<{n: bigint}>(`SELECT count(*) AS n FROM sources`);
			expect(Number(kept!.n)).toBe(report.downloaded);
			const run = await store.one<Record<string, unknown>>(`SELECT interrupted, finished_at FROM pull_runs`);
			expect(run!['interrupted']).toBe(true);
			expect(run!['finished_at']).toBeInstanceOf(Date);
		} finally {
			store.close();
		}

		const finished = await runPull(args(caseFile), s3.env);
		expect(finished.status, finished.stderr).toBe(0);
		expect(onlyJson(finished.stdout)).toMatchObject({skipped: report.downloaded, downloaded: keys.length - report.downloaded, interrupted: false});
		expect(await caseFingerprint(caseFile)).toEqual(reference);
	});
});
