/**
 * Bench section: pull the benchmark trail from a real S3 API server on loopback (s3rver) into a fresh
 * case, against the local import of the same files (target: within 1.5x of context.importSeconds).
 * This module exports only the section: the runner takes the first function a section module exports.
 */
import path from 'node:path';
import {CaseStore} from '../case/case-store.js';
import {pullTrail} from '../pull/pull.js';
import type {BenchSection} from './context.js';
import {loopbackClient, seedTrail, startLoopbackS3} from './loopback-s3.js';

export const pullBench: BenchSection = async (context) => {
	const saved = {AWS_ACCESS_KEY_ID: process.env['AWS_ACCESS_KEY_ID'], AWS_SECRET_ACCESS_KEY: process.env['AWS_SECRET_ACCESS_KEY']};
	const server = await startLoopbackS3();
	const client = loopbackClient(server.endpoint);
	try {
		const seedStarted = performance.now();
		const keys = await seedTrail(client, 'bench-trail', context.trailDir);
		context.log(`pull: seeded ${keys.length} objects into s3rver in ${((performance.now() - seedStarted) / 1000).toFixed(1)}s`);
		// s3rver accepts any secret for its access key; the SDK's default chain reads these (restored below).
		Object.assign(process.env, {AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER'});
		const store = await CaseStore.open(path.join(context.workDir, 'pull.duckdb'), {create: true, analyst: 'bench'});
		try {
			const report = await pullTrail(store, {
				url: 's3://bench-trail',
				target: {bucket: 'bench-trail', prefix: ''},
				scope: {window: {}},
				session: {endpoint: server.endpoint, concurrency: 24},
				analyst: 'bench',
			});
			const ratio = report.seconds / context.importSeconds;
			context.log(`pull: ${report.downloaded} objects, ${report.events} events in ${report.seconds}s (${ratio.toFixed(2)}x the local import)`);
			return {
				pullObjects: report.downloaded,
				pullEvents: report.events,
				pullSeconds: report.seconds,
				pullMBps: Number((report.bytes / 1048576 / report.seconds).toFixed(1)),
				pullVsImport: Number(ratio.toFixed(2)),
				pullWithin1_5x: ratio <= 1.5,
				pullComplete: report.events === context.events && report.failed.length === 0,
			};
		} finally {
			store.close();
		}
	} finally {
		for (const [name, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
		client.destroy();
		await server.stop();
	}
};
