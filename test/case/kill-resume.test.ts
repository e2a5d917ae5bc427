import {once} from 'node:events';
import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {CaseStore} from '../../source/case/case-store.js';
import {generateTrail} from '../../source/generator/generate.js';
import {runCli, startCli, tempDir} from '../helpers/cli.js';

/** Everything that must be identical between an interrupted-then-resumed import and a clean one. */
async function fingerprint(file: string) {
	const store = await CaseStore.open(file, {readOnly: true});
	try {
		return await store.one(
			`SELECT (SELECT count(*) FROM events) AS events,
			        (SELECT count(DISTINCT event_key) FROM events) AS distinct_events,
			        (SELECT md5(string_agg(event_key, ',' ORDER BY event_key)) FROM events) AS event_keys,
			        (SELECT count(*) FROM event_sources) AS occurrences,
			        (SELECT md5(string_agg(event_key || ':' || source_id || ':' || record_index, ',' ORDER BY event_key, source_id, record_index))
			           FROM event_sources JOIN sources USING (source_id)) AS occurrence_rows,
			        (SELECT md5(string_agg(origin || ':' || sha256 || ':' || status, ',' ORDER BY origin)) FROM sources) AS sources,
			        (SELECT count(*) FROM sources) AS source_rows,
			        (SELECT count(*) FROM blobs) AS blobs`,
		);
	} finally {
		store.close();
	}
}

describe('crash safety', () => {
	let trail: string;
	let work: string;
	// Small batches so an import commits many times and a kill can land between, or inside, any of them.
	const env = {TRAILCASE_BATCH_RECORDS: '4000'};

	beforeAll(async () => {
		work = tempDir();
		trail = path.join(work, 'trail');
		await generateTrail({outDir: trail, events: 40_000, seed: 11});
	});

	it('kill -9 at several moments, then the same command, ends in exactly the case a clean run gives', async () => {
		const reference = path.join(work, 'reference.duckdb');
		expect(runCli(['import', '-c', reference, trail, '--json'], {env}).status).toBe(0);

		const resumed = path.join(work, 'resumed.duckdb');
		const delays = [150, 600, 1100, 1700];
		for (const delay of delays) {
			const child = startCli(['import', '-c', resumed, trail, '--json'], env);
			await new Promise((resolve) => setTimeout(resolve, delay));
			child.kill('SIGKILL');
			await once(child, 'exit');
		}
		const final = runCli(['import', '-c', resumed, trail, '--json'], {env});
		expect(final.status, final.stderr).toBe(0);
		expect(JSON.parse(final.stdout).quarantined).toEqual([]);

		const expected = await fingerprint(reference);
		const actual = await fingerprint(resumed);
		expect(actual).toEqual(expected);
		expect(Number(actual!['events'])).toBe(Number(actual!['distinct_events']));
	});

	it('a re-run of a completed import changes nothing but the audit log', async () => {
		const file = path.join(work, 'again.duckdb');
		expect(runCli(['import', '-c', file, trail], {env}).status).toBe(0);
		const before = await fingerprint(file);
		const again = runCli(['import', '-c', file, trail, '--json'], {env});
		expect(again.status).toBe(0);
		const report = JSON.parse(again.stdout);
		expect(report.newEvents).toBe(0);
		expect(report.imported).toBe(0);
		expect(report.skipped).toBe(report.files);
		expect(await fingerprint(file)).toEqual(before);
	});
});
