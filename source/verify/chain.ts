import {verifyDigestSignature} from '../integrity/signing.js';
import type {DigestCopy} from './case-inputs.js';
import {digestUrl, indexByIdentity, type DigestObject} from './digest-objects.js';
import type {Verdict} from './outcomes.js';

/**
 * Checks every `previousDigest*` link (stricter than aws-cli, which skips them): the previous digest
 * must be in the case, its inflated bytes must hash to previousDigestHashValue, and the recorded
 * previousDigestSignature must verify over them. A broken link is blamed on the side that is not
 * signed: a signed digest's record of its predecessor is authentic, so a predecessor that disagrees
 * with it is the altered one. Returns verdicts for digests named but absent from the case.
 */
export function checkLinks(objects: readonly DigestObject[], unreadable: readonly DigestCopy[] = []): Verdict[] {
	const byIdentity = indexByIdentity(objects);
	const missing = new Map<string, Verdict>();
	for (const object of objects) {
		const doc = object.parsed.document;
		if (!object.previousIdentity) continue;
		const candidates = byIdentity.get(object.previousIdentity) ?? [];
		if (candidates.length === 0) {
			// An unreadable copy at that location is already reported (invalid format): it is not missing.
			const present = unreadable.some((copy) => atLocation(copy, doc.previousDigestS3Bucket ?? doc.digestS3Bucket, doc.previousDigestS3Object!));
			if (!present && !missing.has(object.previousIdentity)) {
				missing.set(object.previousIdentity, {
					subject: 'digest',
					outcome: 'missing',
					problem: true,
					bucket: doc.previousDigestS3Bucket ?? doc.digestS3Bucket,
					key: doc.previousDigestS3Object!,
					detail: `not found: named as the previous digest by ${digestUrl(object)}`,
				});
			}
			continue;
		}
		if (doc.previousDigestHashAlgorithm !== null && doc.previousDigestHashAlgorithm !== 'SHA-256') {
			object.issues.push({outcome: 'chain-broken', detail: `unsupported previousDigestHashAlgorithm ${doc.previousDigestHashAlgorithm}`});
			continue;
		}
		const wanted = doc.previousDigestHashValue?.toLowerCase();
		const match = candidates.find((candidate) => candidate.parsed.inflatedSha256 === wanted);
		if (!match) {
			const detail = `previousDigestHashValue ${wanted ?? 'null'} in ${digestUrl(object)} does not match the digest at s3://${object.previousIdentity}`;
			if (object.trusted) for (const candidate of candidates) candidate.issues.push({outcome: 'chain-broken', detail: `its bytes are not what the next digest chained: ${detail}`});
			else object.issues.push({outcome: 'chain-broken', detail});
			continue;
		}
		const recorded = doc.previousDigestSignature;
		if (match.key && (recorded === null || !verifyDigestSignature(match.key.key, match.parsed.inflated, match.parsed.document, recorded))) {
			object.issues.push({outcome: 'chain-broken', detail: `the previousDigestSignature it records does not verify over ${digestUrl(match)}`});
		}
	}
	return [...missing.values()];
}

/** Whether a copy was found at `bucket/key` (pulled: same bucket and key; local: its AWSLogs tail ends the key). */
export function atLocation(copy: DigestCopy, bucket: string, key: string): boolean {
	if (copy.key !== undefined) return copy.key === key && (copy.bucket === undefined || copy.bucket === bucket);
	return copy.tail !== undefined && (key === copy.tail || key.endsWith(`/${copy.tail}`));
}

/** The chain a digest belongs to (spec §3.6: per trail, account and source region; backfills apart). */
export function chainLabel(object: DigestObject): string {
	const doc = object.parsed.document;
	const name = object.name;
	const account = name?.account ?? doc.awsAccountId ?? 'unknown-account';
	return `${doc.digestS3Bucket} ${account} ${name?.sourceRegion ?? 'unknown-region'} ${name?.trail ?? 'unknown-trail'}${name?.backfill ? ' (backfill)' : ''}`;
}

const MINUTE = 60_000;

/**
 * Hours of a chain that no digest covers. CloudTrail writes a digest every hour even when nothing was
 * delivered, and each window starts where the previous one ended, so a hole between windows means
 * logging or validation was off, or digests were removed. aws-cli reports these without counting them
 * invalid; so do we (they are listed, the exit code does not change for them alone).
 */
export function findGaps(objects: readonly DigestObject[]): Verdict[] {
	const chains = new Map<string, DigestObject[]>();
	for (const object of objects) {
		if (object.name?.backfill) continue;
		const label = chainLabel(object);
		chains.set(label, [...(chains.get(label) ?? []), object]);
	}
	const gaps: Verdict[] = [];
	for (const [label, members] of chains) {
		const windows = [...new Map(members.map((m) => [m.identity, m.parsed.document])).values()]
			.map((doc) => ({start: Date.parse(doc.digestStartTime), end: Date.parse(doc.digestEndTime), doc}))
			.filter((w) => Number.isFinite(w.start) && Number.isFinite(w.end))
			.sort((a, b) => a.start - b.start);
		let coveredTo = windows[0]?.end ?? 0;
		let coveredBy = windows[0]?.doc;
		for (const window of windows.slice(1)) {
			if (window.start - coveredTo >= MINUTE) {
				const hours = ((window.start - coveredTo) / 3_600_000).toFixed(1);
				gaps.push({
					subject: 'gap',
					outcome: 'gap',
					problem: false,
					notable: true,
					bucket: window.doc.digestS3Bucket,
					key: label,
					detail: `no readable digest between ${coveredBy!.digestEndTime} and ${window.doc.digestStartTime} (${hours} h): no log files were delivered (logging or validation off), or digests were removed`,
				});
			}
			if (window.end > coveredTo) {
				coveredTo = window.end;
				coveredBy = window.doc;
			}
		}
	}
	return gaps;
}
