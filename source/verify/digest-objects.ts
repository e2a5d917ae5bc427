import type {DigestCopy} from './case-inputs.js';
import {DigestFormatError, parseDigest, type ParsedDigest} from './digest-document.js';
import {parseDigestName, type DigestName} from './layout.js';
import type {DigestOutcome} from './outcomes.js';
import type {PublicKey} from './public-keys.js';

export interface Issue {
	outcome: Exclude<DigestOutcome, 'valid' | 'missing'>;
	detail: string;
}

/**
 * One distinct digest (by the SHA-256 of its inflated bytes) and the copies of it the case holds: a
 * pulled copy and a local copy of the same digest are one digest with two locations to check.
 */
export interface DigestObject {
	parsed: ParsedDigest;
	copies: DigestCopy[];
	/** `bucket/key` the digest says it was written to (digestS3Bucket/digestS3Object). */
	identity: string;
	/** `bucket/key` of the previous digest it names, or undefined at the start of a chain. */
	previousIdentity?: string;
	name?: DigestName;
	key?: PublicKey;
	/** Why the loaded key with the digest's fingerprint was not used (its validity does not cover the digest). */
	keyProblem?: string;
	/** Digests in the case that name this one as their previous digest. */
	successors: DigestObject[];
	/** A signature over its exact bytes verified: its logFiles hashes can be trusted. */
	trusted: boolean;
	/** How the verifying signature was found (for the verdict detail). */
	signedBy?: string;
	/** Findings that hold for every copy (chain links, algorithm). */
	issues: Issue[];
}

export interface ReadDigests {
	objects: DigestObject[];
	/** Copies that could not be read at all, with the reason (aws-cli: invalid format). */
	unreadable: {copy: DigestCopy; reason: string}[];
}

/** Parses every copy and groups identical digests; a copy that does not parse is reported, not dropped. */
export function readDigests(copies: readonly DigestCopy[]): ReadDigests {
	const bySha = new Map<string, DigestObject>();
	const unreadable: ReadDigests['unreadable'] = [];
	for (const copy of copies) {
		let parsed: ParsedDigest;
		try {
			if (copy.bytes.length === 0) throw new DigestFormatError('its bytes are missing from the case');
			parsed = parseDigest(copy.bytes);
		} catch (error) {
			if (!(error instanceof DigestFormatError)) throw error;
			unreadable.push({copy, reason: error.message});
			continue;
		}
		const existing = bySha.get(parsed.inflatedSha256);
		if (existing) {
			existing.copies.push(copy);
			continue;
		}
		const doc = parsed.document;
		bySha.set(parsed.inflatedSha256, {
			parsed,
			copies: [copy],
			identity: `${doc.digestS3Bucket}/${doc.digestS3Object}`,
			previousIdentity: doc.previousDigestS3Object ? `${doc.previousDigestS3Bucket ?? doc.digestS3Bucket}/${doc.previousDigestS3Object}` : undefined,
			name: parseDigestName(doc.digestS3Object),
			successors: [],
			trusted: false,
			issues: [],
		});
	}
	const objects = [...bySha.values()];
	const byIdentity = indexByIdentity(objects);
	for (const object of objects) {
		if (!object.previousIdentity) continue;
		for (const previous of byIdentity.get(object.previousIdentity) ?? []) previous.successors.push(object);
	}
	return {objects, unreadable};
}

export function indexByIdentity(objects: readonly DigestObject[]): Map<string, DigestObject[]> {
	const index = new Map<string, DigestObject[]>();
	for (const object of objects) {
		const list = index.get(object.identity) ?? [];
		list.push(object);
		index.set(object.identity, list);
	}
	return index;
}

/** A human name for a digest: its S3 URL as it states it. */
export function digestUrl(object: DigestObject): string {
	return `s3://${object.identity}`;
}
