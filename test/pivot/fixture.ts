import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {CaseStore} from '../../source/case/case-store.js';
import {generateTrail, type GenerateSummary} from '../../source/generator/generate.js';
import {runCli} from '../helpers/cli.js';

export function tempDir(prefix = 'trailcase-tui-'): string {
	return mkdtempSync(path.join(os.tmpdir(), prefix));
}

/**
 * A real case: a small generated trail (with the embedded intrusion) imported by the built CLI, the
 * one ingest path (its parser runs in worker threads loaded from dist/; build first).
 */
export async function generatedCase(events = 1500, seed = 5): Promise<{file: string; dir: string; trail: GenerateSummary}> {
	const dir = tempDir();
	const trail = await generateTrail({outDir: path.join(dir, 'trail'), events, seed});
	const file = path.join(dir, 'case.duckdb');
	const result = runCli(['import', '-c', file, path.join(dir, 'trail')]);
	if (result.status !== 0) throw new Error(`import failed (${result.status}): ${result.stderr}`);
	return {file, dir, trail};
}

export interface HandmadeEvent {
	key: string;
	time: string | null;
	id?: string | null;
	principal?: string;
	ip?: string;
	ua?: string;
	resources?: string[];
	request?: string;
	error?: string;
}

/**
 * A case with hand-written events that stress keyset paging: many events share one second, some
 * share an eventID, and some have no time at all.
 */
export async function handmadeCase(events: HandmadeEvent[]): Promise<{store: CaseStore; file: string}> {
	const file = path.join(tempDir(), 'handmade.duckdb');
	const store = await CaseStore.open(file, {create: true, analyst: 'test-analyst'});
	for (const [i, e] of events.entries()) {
		await store.run(
			`INSERT INTO events (event_key, event_id, event_time, event_source, event_name, aws_region, source_ip, user_agent,
			 principal_arn, account_id, recipient_account_id, error_code, resources, request_parameters, source_id, record_index)
			 VALUES ($1, $2, $3::TIMESTAMPTZ, 's3.amazonaws.com', 'GetObject', 'us-east-1', $4, $5, $6, '111122223333', '111122223333', $7, from_json($8, '["VARCHAR"]'), $9, 1, $10)`,
			[e.key, e.id ?? null, e.time, e.ip ?? '192.0.2.1', e.ua ?? 'aws-cli/2', e.principal ?? 'arn:aws:iam::111122223333:user/alice', e.error ?? null, JSON.stringify(e.resources ?? []), e.request ?? null, i],
		);
	}
	return {store, file};
}
