import {readFile} from 'node:fs/promises';
import path from 'node:path';
import {appendAudit, finishAudit} from '../case/audit.js';
import type {CaseStore} from '../case/case-store.js';
import {TrailcaseError, UsageError} from '../errors.js';
import {gunzipFirstMember, isGzip} from '../integrity/gzip.js';
import {utcNow} from '../util/time.js';
import {loadDigestCopies, loadKeyDocuments, loadLogSources} from './case-inputs.js';
import {readDigests, type DigestObject} from './digest-objects.js';
import {verifyDigests} from './digest-verdicts.js';
import {fetchPublicKeys} from './fetch-keys.js';
import {s3Url} from './layout.js';
import {verifyLogs} from './log-verdicts.js';
import {problemKind, summarise, type Verdict, type VerifyReport} from './outcomes.js';
import {KeyRing, keysFromListOutput, type KeyCandidate} from './public-keys.js';
import {rehashLogSources} from './rehash.js';
import {storeResults} from './store-results.js';

export interface VerifyOptions {
	analyst: string;
	/** list-public-keys output files, on top of those imported into the case. */
	publicKeyFiles?: readonly string[];
	/** Ask CloudTrail ListPublicKeys for the keys of every region the digests cover. */
	fetchKeys?: boolean;
	endpoint?: string;
	profile?: string;
	/** Recompute log hashes from the stored bytes (default) instead of trusting those import recorded. */
	rehash?: boolean;
	signal?: AbortSignal;
	onStage?: (stage: string) => void;
}

export interface VerifyOutcome {
	report: VerifyReport;
	verdicts: Verdict[];
}

function text(bytes: Buffer): string {
	return (isGzip(bytes) ? gunzipFirstMember(bytes).data : bytes).toString('utf8');
}

/** Reads the --public-keys files up front: a bad path or a file without keys is a usage error. */
export async function readKeyFiles(files: readonly string[]): Promise<KeyCandidate[]> {
	const keys: KeyCandidate[] = [];
	for (const file of files) {
		let content: string;
		try {
			content = text(await readFile(file));
		} catch (error) {
			throw new UsageError(`cannot read --public-keys ${file}: ${(error as Error).message}`);
		}
		const found = keysFromListOutput(content, path.resolve(file));
		if (found.length === 0) throw new UsageError(`--public-keys ${file} holds no public key (expected aws cloudtrail list-public-keys output)`);
		keys.push(...found);
	}
	return keys;
}

async function caseKeys(store: CaseStore): Promise<KeyCandidate[]> {
	const keys: KeyCandidate[] = [];
	for (const doc of await loadKeyDocuments(store)) keys.push(...keysFromListOutput(text(doc.bytes), `case source ${doc.sourceId} (${doc.origin})`));
	return keys;
}

/** Regions and time range to ask ListPublicKeys about: source and home region of every digest. */
async function fetchRegionKeys(objects: readonly DigestObject[], options: VerifyOptions): Promise<{keys: KeyCandidate[]; failure?: Verdict}> {
	const regions = new Set<string>();
	let start = Infinity;
	let end = -Infinity;
	for (const object of objects) {
		if (object.name) regions.add(object.name.sourceRegion).add(object.name.homeRegion);
		start = Math.min(start, Date.parse(object.parsed.document.digestStartTime) || Infinity);
		end = Math.max(end, Date.parse(object.parsed.document.digestEndTime) || -Infinity);
	}
	if (regions.size === 0 || !Number.isFinite(start)) return {keys: []};
	try {
		const keys = await fetchPublicKeys({regions: [...regions].sort(), start: new Date(start), end: new Date(end), endpoint: options.endpoint, profile: options.profile, signal: options.signal});
		return {keys};
	} catch (error) {
		const message = (error as Error).message || (error as Error).name;
		return {keys: [], failure: {subject: 'key', outcome: 'fetch-failed', problem: true, key: [...regions].join(','), detail: `ListPublicKeys failed: ${message}`}};
	}
}

const SUBJECT_ORDER = ['key', 'digest', 'log', 'gap'];

/**
 * `trailcase verify`: checks every digest chain and log file in the case offline (spec §3), stores the
 * verdicts (verify_runs, verify_results, sources.validation, public_keys) and audits the run.
 */
export async function verifyCase(store: CaseStore, options: VerifyOptions): Promise<VerifyOutcome> {
	const fileKeys = await readKeyFiles(options.publicKeyFiles ?? []);
	const rehash = options.rehash ?? true;
	const startedAt = utcNow();
	const runId = await appendAudit(store, {
		analyst: options.analyst,
		command: 'verify',
		arguments: {publicKeys: options.publicKeyFiles, fetchKeys: options.fetchKeys, endpoint: options.endpoint, quick: !rehash},
	});
	try {
		const interrupted = () => {
			if (options.signal?.aborted) throw new TrailcaseError('interrupted: nothing was stored');
		};
		options.onStage?.('digests');
		const read = readDigests(await loadDigestCopies(store));
		const ring = new KeyRing();
		const verdicts: Verdict[] = [];
		for (const key of [...(await caseKeys(store)), ...fileKeys]) ring.add(key);
		if (options.fetchKeys) {
			options.onStage?.('fetching keys');
			const fetched = await fetchRegionKeys(read.objects, options);
			for (const key of fetched.keys) ring.add(key);
			if (fetched.failure) verdicts.push(fetched.failure);
		}
		for (const refused of ring.refused) {
			verdicts.push({subject: 'key', outcome: 'refused', problem: true, key: refused.origin, detail: `public key refused: ${refused.reason}`});
		}
		const digests = verifyDigests(read, ring);
		verdicts.push(...digests.verdicts);
		interrupted();
		options.onStage?.(rehash ? 'hashing log files' : 'log files');
		const sources = await loadLogSources(store);
		const notes = rehash ? await rehashLogSources(store, sources, options.signal) : new Map<number, string>();
		interrupted();
		verdicts.push(...verifyLogs(sources, digests.objects, notes));
		const used = [...new Set(digests.objects.filter((o) => o.trusted && o.key).map((o) => o.key!.fingerprint))].sort();
		const problems = verdicts
			.filter((v) => v.problem || v.notable)
			.map((v) => ({kind: problemKind(v), key: v.subject === 'log' || v.subject === 'digest' ? s3Url(v.bucket, v.key) : v.key, detail: v.detail, order: SUBJECT_ORDER.indexOf(v.subject)}))
			.sort((a, b) => a.order - b.order || a.kind.localeCompare(b.kind) || a.key.localeCompare(b.key))
			.map(({order: _order, ...problem}) => problem);
		const report: VerifyReport = {
			...summarise(verdicts),
			problems,
			runId,
			rehashed: rehash,
			range: digests.range,
			keys: {used, refused: ring.refused.length},
			passed: !verdicts.some((v) => v.problem),
		};
		options.onStage?.('storing results');
		await storeResults(store, {runId, startedAt, analyst: options.analyst, rehashed: rehash}, ring.keys(), verdicts, report);
		await finishAudit(store, runId, {passed: report.passed, logFiles: report.logFiles, digests: report.digests, gaps: report.gaps, problems: problems.length});
		return {report, verdicts};
	} catch (error) {
		await finishAudit(store, runId, {error: (error as Error).message}).catch(() => undefined);
		throw error;
	}
}
