/**
 * The test's own reading of the shared corpus, with JSON.parse only (none of trailcase's scanner), so the
 * import is checked against an independent oracle: which records each file holds, in order.
 */
import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import {repoRoot} from '../helpers/cli.js';

export const CORPUS = path.resolve(repoRoot, '..', 'shared', 'datasets');

/** The corpus is required: a missing folder must fail the run, never skip it silently. */
export function requireCorpus(): void {
	if (!existsSync(path.join(CORPUS, 'README.md'))) {
		throw new Error(
			`The shared CloudTrail corpus is missing: expected ${CORPUS} (with README.md). ` +
				'These tests check import against real-world files and cannot pass without them.',
		);
	}
}

/**
 * Ground truth from the corpus README, counted record by record. `quarantined` are the files the README
 * says are broken or not CloudTrail; `digests` the integrity documents that hold no events.
 */
export const FOLDERS: Record<string, {files: number; records: number; quarantined: string[]; digests?: number}> = {
	'flaws2-cloud': {files: 8, records: 37, quarantined: []},
	'stratus-red-team-detonation-logs': {files: 35, records: 310, quarantined: []},
	'zmallen-cloudtrail2sightings': {files: 5, records: 12, quarantined: ['aws.execution.ec2-user-data.json', 'cloudtrail.zip']},
	'cloudgrep-test-data': {files: 3, records: 2, quarantined: ['bad_cloudtrail.json']},
	'plaso-test-data': {files: 1, records: 6, quarantined: []},
	'otrf-security-datasets': {files: 2, records: 103, quarantined: ['AWS_S3_HoneyBucketLogs.csv']},
	'sekoia-intake-formats': {files: 1, records: 15, quarantined: []},
	'elastic-integrations-aws-cloudtrail': {files: 12, records: 15, quarantined: [], digests: 1},
	'panther-analysis': {files: 2, records: 464, quarantined: ['panther-test-expectations.ndjson']},
};

export type Json = null | boolean | number | string | Json[] | {[key: string]: Json};

export interface FileRecords {
	kind: 'log' | 'digest';
	/** Parsed records in file order (the CloudTrailEvent string decoded for Event-history items). */
	records: Record<string, Json>[];
}

export function listFiles(dir: string): string[] {
	const out: string[] = [];
	for (const entry of readdirSync(dir)) {
		const full = path.join(dir, entry);
		if (statSync(full).isDirectory()) out.push(...listFiles(full));
		else out.push(full);
	}
	return out.sort();
}

function unwrap(value: Json): Record<string, Json>[] {
	if (value && typeof value === 'object' && !Array.isArray(value)) {
		if (Array.isArray(value['Records'])) return value['Records'] as Record<string, Json>[];
		if (Array.isArray(value['Events'])) return (value['Events'] as Record<string, Json>[]).flatMap(unwrap);
		if (typeof value['CloudTrailEvent'] === 'string') return [JSON.parse(value['CloudTrailEvent'])];
		return [value];
	}
	throw new Error('not a record container');
}

/** Records of one corpus file, or undefined when JSON.parse cannot read it as CloudTrail. */
export function readCorpusFile(file: string): FileRecords | undefined {
	let bytes = readFileSync(file);
	if (bytes[0] === 0x1f && bytes[1] === 0x8b) bytes = zlib.gunzipSync(bytes);
	const text = bytes.toString('utf8').replace(/^\uFEFF/, '');
	try {
		const whole = JSON.parse(text) as Json;
		if (whole && typeof whole === 'object' && !Array.isArray(whole) && 'digestS3Object' in whole) return {kind: 'digest', records: []};
		return {kind: 'log', records: Array.isArray(whole) ? whole.flatMap(unwrap) : unwrap(whole)};
	} catch {
		// Not one JSON document: try one document per line (NDJSON).
	}
	try {
		const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
		const records = lines.flatMap((line) => unwrap(JSON.parse(line) as Json));
		const looksLikeRecords = records.every((r) => ['eventVersion', 'eventTime', 'eventName', 'eventSource', 'eventID'].some((k) => k in r));
		return looksLikeRecords && records.length > 0 ? {kind: 'log', records} : undefined;
	} catch {
		return undefined;
	}
}

/**
 * The identities import should produce for a set of files: a record's canonical text (JSON.stringify of
 * its parse: whitespace and escape spelling gone) plus `#n` for its n-th repeat inside one file.
 */
export function expectedIdentities(files: Iterable<FileRecords>): Set<string> {
	const identities = new Set<string>();
	for (const file of files) {
		const seen = new Map<string, number>();
		for (const record of file.records) {
			const canonical = JSON.stringify(record);
			const n = (seen.get(canonical) ?? 0) + 1;
			seen.set(canonical, n);
			identities.add(n === 1 ? canonical : `${canonical}#${n}`);
		}
	}
	return identities;
}
