import type {LogSource} from './case-inputs.js';
import {digestUrl, type DigestObject} from './digest-objects.js';
import {layoutTail, looksLikeLogKey, s3Url} from './layout.js';
import type {LogOutcome, Verdict} from './outcomes.js';

/** One `logFiles[]` entry and the digest that lists it. */
interface Entry {
	bucket: string;
	key: string;
	hash: string;
	digest: DigestObject;
	matched: boolean;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
	const list = map.get(key);
	if (list) list.push(value);
	else map.set(key, [value]);
}

/** A log source is at a digest entry's location when the keys agree (and the buckets, when known). */
function sameLocation(source: LogSource, entry: Entry): boolean {
	if (source.key !== undefined) return entry.key === source.key && (source.bucket === undefined || source.bucket === entry.bucket);
	return source.tail !== undefined && (entry.key === source.tail || entry.key.endsWith(`/${source.tail}`));
}

function describe(entry: Entry): string {
	const digest = entry.digest;
	const trust = digest.trusted ? '' : ' (a digest whose signature could not be verified)';
	return `${digestUrl(digest)}${trust}`;
}

function firstSourceId(digest: DigestObject): number | undefined {
	return digest.copies[0]?.sourceId;
}

/** The verdict for a log source checked against the entries that list it. */
function judge(source: LogSource, entries: Entry[], note: string | undefined): {outcome: LogOutcome; detail: string; entry: Entry} {
	const trusted = entries.filter((e) => e.digest.trusted);
	const pool = trusted.length > 0 ? trusted : entries;
	const extra = note ? `; ${note}` : '';
	if (source.contentSha256 === undefined) {
		return {outcome: 'modified', detail: `invalid format: ${source.reason ?? 'unreadable'} (listed by ${describe(pool[0]!)})${extra}`, entry: pool[0]!};
	}
	const match = pool.find((e) => e.hash === source.contentSha256);
	if (!match) {
		const entry = pool[0]!;
		return {outcome: 'modified', detail: `hash value doesn't match: ${describe(entry)} lists ${entry.hash}, the file hashes to ${source.contentSha256}${extra}`, entry};
	}
	if (source.gzipTrailingBytes > 0) {
		return {
			outcome: 'appended',
			detail: `unexpected data after end of compressed stream: ${source.gzipTrailingBytes} bytes follow the first gzip member, whose hash matches ${describe(match)}${extra}`,
			entry: match,
		};
	}
	const decompressed = source.compression === 'none' ? '; received decompressed, so appended data cannot be ruled out' : '';
	if (!match.digest.trusted) return {outcome: 'unverified', detail: `hash matches ${describe(match)}${decompressed}${extra}`, entry: match};
	return {outcome: 'valid', detail: `hash matches ${digestUrl(match.digest)}${decompressed}${extra}`, entry: match};
}

/**
 * Checks each log file against the digests that list it: by location (S3 key, or the `AWSLogs/...`
 * tail for local copies), else — a renamed copy — by content hash, reported as such. Entries of signed
 * digests win over unsigned ones. Entries nothing matches are the missing files.
 */
export function verifyLogs(sources: readonly LogSource[], digests: readonly DigestObject[], notes: Map<number, string>): Verdict[] {
	const byTail = new Map<string, Entry[]>();
	const byHash = new Map<string, Entry[]>();
	const entries: Entry[] = [];
	for (const digest of digests) {
		for (const file of digest.parsed.document.logFiles) {
			const entry: Entry = {bucket: file.s3Bucket, key: file.s3Object, hash: file.hashValue, digest, matched: false};
			entries.push(entry);
			push(byTail, layoutTail(file.s3Object) ?? file.s3Object, entry);
			push(byHash, file.hashValue, entry);
		}
	}
	const verdicts: Verdict[] = [];
	const unmatched: LogSource[] = [];
	for (const source of sources) {
		const tail = source.key !== undefined ? layoutTail(source.key) ?? source.key : source.tail;
		const listed = (tail === undefined ? [] : byTail.get(tail) ?? []).filter((entry) => sameLocation(source, entry));
		if (listed.length === 0) {
			unmatched.push(source);
			continue;
		}
		for (const entry of listed) entry.matched = true;
		verdicts.push(logVerdict(source, judge(source, listed, notes.get(source.sourceId))));
	}
	for (const source of unmatched) {
		const copies = source.contentSha256 === undefined ? [] : byHash.get(source.contentSha256) ?? [];
		if (copies.length > 0) {
			for (const entry of copies) entry.matched = true;
			const listedAs = s3Url(copies[0]!.bucket, copies[0]!.key);
			const judged = judge(source, copies, notes.get(source.sourceId));
			const verdict = logVerdict(source, {...judged, detail: `renamed copy: its content is ${listedAs}; ${judged.detail}`});
			verdict.notable = true;
			verdict.kind = 'log-renamed';
			verdicts.push(verdict);
			continue;
		}
		const where = source.key ?? source.tail ?? source.origin;
		if (source.kind === undefined && !looksLikeLogKey(where)) continue;
		let why = source.contentSha256 === undefined ? `; unreadable: ${source.reason ?? 'invalid format'}` : '';
		// Console downloads, lookup-events output and the like are never in a digest: say so.
		if (source.format && source.format !== 'cloudtrail-records') why += ` (a ${source.format} export: CloudTrail digests only list the log files it delivers)`;
		const appended = source.gzipTrailingBytes > 0;
		verdicts.push({
			subject: 'log',
			outcome: appended ? 'appended' : 'not-covered',
			problem: true,
			sourceId: source.sourceId,
			bucket: source.bucket,
			key: where,
			detail: appended
				? `unexpected data after end of compressed stream: ${source.gzipTrailingBytes} bytes follow the first gzip member (CloudTrail never writes them); no digest lists this file`
				: `no digest in the case lists this file${why}${notes.has(source.sourceId) ? `; ${notes.get(source.sourceId)}` : ''}`,
		});
	}
	const missing = new Map<string, Verdict>();
	for (const entry of entries) {
		const url = s3Url(entry.bucket, entry.key);
		if (entry.matched || missing.has(url)) continue;
		missing.set(url, {
			subject: 'log',
			outcome: 'missing',
			problem: true,
			bucket: entry.bucket,
			key: entry.key,
			digestSourceId: firstSourceId(entry.digest),
			detail: `not found: listed by ${describe(entry)}, absent from the case`,
		});
	}
	return [...verdicts, ...missing.values()];
}

function logVerdict(source: LogSource, judged: {outcome: LogOutcome; detail: string; entry: Entry}): Verdict {
	return {
		subject: 'log',
		outcome: judged.outcome,
		problem: judged.outcome !== 'valid',
		sourceId: source.sourceId,
		bucket: source.bucket ?? judged.entry.bucket,
		key: source.key ?? judged.entry.key,
		detail: judged.detail,
		digestSourceId: firstSourceId(judged.entry.digest),
	};
}
