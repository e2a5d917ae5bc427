import {spawn, type ChildProcess} from 'node:child_process';
import {once} from 'node:events';
import {CaseStore} from '../../source/case/case-store.js';
import {cliPath, repoRoot} from '../helpers/cli.js';

export interface AsyncCliResult {
	status: number | null;
	signal: NodeJS.Signals | null;
	stdout: string;
	stderr: string;
}

/**
 * Runs the built CLI without blocking this process: the fault proxy lives in the test process and must
 * keep answering while the pull runs (spawnSync would deadlock it).
 */
export function startPull(args: string[], env: Record<string, string>): {child: ChildProcess; done: Promise<AsyncCliResult>} {
	const child = spawn(process.execPath, [cliPath, ...args], {
		cwd: repoRoot,
		env: {...process.env, TRAILCASE_ANALYST: 'test-analyst', ...env},
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let stdout = '';
	let stderr = '';
	child.stdout!.on('data', (chunk) => (stdout += chunk));
	child.stderr!.on('data', (chunk) => (stderr += chunk));
	const done = once(child, 'close').then(([status, signal]) => ({status: status as number | null, signal: signal as NodeJS.Signals | null, stdout, stderr}));
	return {child, done};
}

export function runPull(args: string[], env: Record<string, string>): Promise<AsyncCliResult> {
	return startPull(args, env).done;
}

/** Parses `--json` output, insisting that stdout is exactly one JSON object and nothing else. */
export function onlyJson<T = Record<string, any>>(stdout: string): T {
	const lines = stdout.split('\n').filter((line) => line !== '');
	if (lines.length !== 1) throw new Error(`expected one line of JSON on stdout, got:\n${stdout}`);
	return JSON.parse(lines[0]!) as T;
}

/**
 * What must be identical between two cases holding the same objects, whatever order they arrived in:
 * the events (keys and content), where each was seen, and which bytes came from which key.
 */
export async function caseFingerprint(file: string): Promise<Record<string, unknown>> {
	const store = await CaseStore.open(file, {readOnly: true});
	try {
		const row = await store.one(
			`SELECT (SELECT count(*) FROM events) AS events,
			        (SELECT count(DISTINCT event_key) FROM events) AS distinct_events,
			        (SELECT md5(string_agg(event_key || '|' || coalesce(event_id, '') || '|' || coalesce(CAST(event_time AS VARCHAR), '') || '|' ||
			                    coalesce(event_name, '') || '|' || coalesce(request_parameters, ''), ',' ORDER BY event_key)) FROM events) AS event_content,
			        (SELECT count(*) FROM event_sources) AS occurrences,
			        (SELECT md5(string_agg(e.event_key || '@' || coalesce(s.s3_key, s.object_key, '') || '#' || e.record_index, ',' ORDER BY e.event_key, s.s3_key, e.record_index))
			           FROM event_sources e JOIN sources s USING (source_id)) AS occurrence_places,
			        (SELECT count(*) FROM sources) AS sources,
			        (SELECT count(*) FROM (SELECT s3_key FROM sources WHERE s3_key IS NOT NULL GROUP BY s3_key HAVING count(*) > 1)) AS keys_twice,
			        (SELECT md5(string_agg(s3_key || ':' || sha256, ',' ORDER BY s3_key)) FROM sources) AS key_bytes,
			        (SELECT count(*) FROM blobs) AS blobs`,
		);
		return Object.fromEntries(Object.entries(row ?? {}).map(([k, v]) => [k, typeof v === 'bigint' ? Number(v) : v]));
	} finally {
		store.close();
	}
}

export function sleep(ms: number): Promise<void> {
	return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Waits until `condition` holds (polling), or fails after `timeoutMs`. */
export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!condition()) {
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await sleep(25);
	}
}
