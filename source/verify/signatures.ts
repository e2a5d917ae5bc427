import {SIGNATURE_ALGORITHM, verifyDigestSignature} from '../integrity/signing.js';
import type {DigestCopy} from './case-inputs.js';
import {digestUrl, type DigestObject, type Issue} from './digest-objects.js';
import type {KeyRing, PublicKey} from './public-keys.js';

/**
 * aws-cli asks ListPublicKeys for the keys valid during [start, end + 2 h] of the range it validates (a
 * digest is signed when it is delivered, after its end time). Per digest, so does this: a key whose
 * stated validity does not overlap that window cannot have signed the digest, whatever its fingerprint.
 */
const SIGNING_GRACE_MS = 2 * 60 * 60 * 1000;

/** Why `key` cannot have signed a digest for [start, end], or undefined when its validity allows it. */
export function validityGap(key: PublicKey, digestStartTime: string, digestEndTime: string): string | undefined {
	const from = key.validFrom === undefined ? Number.NaN : Date.parse(key.validFrom);
	const to = key.validTo === undefined ? Number.NaN : Date.parse(key.validTo);
	const start = Date.parse(digestStartTime);
	const end = Date.parse(digestEndTime);
	const startsLater = from > end + SIGNING_GRACE_MS;
	const endedBefore = to < start;
	if (!startsLater && !endedBefore) return undefined; // NaN (an unknown bound) compares false: no evidence against it
	return `the public key with fingerprint ${key.fingerprint} is valid from ${key.validFrom ?? 'an unknown time'} to ${key.validTo ?? 'an unknown time'}, which does not cover this digest (${digestStartTime} to ${digestEndTime}, signed within 2 h after)`;
}

/** Checks a signature once per (digest, signature) pair: RSA verification is the costly step. */
function checker(object: DigestObject): (signature: string) => boolean {
	const cache = new Map<string, boolean>();
	return (signature) => {
		let ok = cache.get(signature);
		if (ok === undefined) {
			ok = object.key ? verifyDigestSignature(object.key.key, object.parsed.inflated, object.parsed.document, signature) : false;
			cache.set(signature, ok);
		}
		return ok;
	};
}

/**
 * Finds out whether a signature over each digest's exact bytes verifies. A digest's signature comes
 * from its S3 metadata (pull, or head-object sidecar) or, for plain copies, from the next digest, which
 * records it as previousDigestSignature (spec §3.6): either way the RSA check proves the bytes came from
 * the key holder, so a plain `aws s3 sync` copy still verifies all but the newest digest of each chain.
 */
export function establishTrust(objects: readonly DigestObject[], ring: KeyRing): void {
	for (const object of objects) {
		const doc = object.parsed.document;
		const key = ring.get(doc.digestPublicKeyFingerprint);
		object.keyProblem = key && validityGap(key, doc.digestStartTime, doc.digestEndTime);
		object.key = object.keyProblem ? undefined : key;
		const verifies = checker(object);
		if (doc.digestSignatureAlgorithm !== null && doc.digestSignatureAlgorithm !== SIGNATURE_ALGORITHM) {
			object.issues.push({outcome: 'signature-invalid', detail: `unsupported digestSignatureAlgorithm ${doc.digestSignatureAlgorithm}`});
			continue;
		}
		const fromMetadata = object.copies.find((copy) => copy.metadata?.['signature'] && verifies(copy.metadata['signature']));
		if (fromMetadata) {
			object.trusted = true;
			object.signedBy = 'its S3 metadata';
			continue;
		}
		const fromSuccessor = object.successors.find((next) => next.parsed.document.previousDigestSignature && verifies(next.parsed.document.previousDigestSignature));
		if (fromSuccessor) {
			object.trusted = true;
			object.signedBy = `the signature the next digest ${digestUrl(fromSuccessor)} records for it`;
		}
	}
}

/** The signature finding for one copy (undefined when its signature, or its digest's, verified). */
export function signatureIssue(object: DigestObject, copy: DigestCopy): Issue | undefined {
	const doc = object.parsed.document;
	const metadataSignature = copy.metadata?.['signature'];
	const keyMissing: Issue = {
		outcome: 'key-not-found',
		detail: object.keyProblem ?? `public key not found in region ${object.name?.homeRegion ?? 'unknown'} for fingerprint ${doc.digestPublicKeyFingerprint}`,
	};
	if (metadataSignature) {
		const algorithm = copy.metadata?.['signature-algorithm'];
		if (algorithm !== SIGNATURE_ALGORITHM) {
			return {outcome: 'signature-invalid', detail: `signature verification failed: metadata signature-algorithm is ${algorithm ?? 'missing'}`};
		}
		if (!object.key) return keyMissing;
		if (verifyDigestSignature(object.key.key, object.parsed.inflated, doc, metadataSignature)) return undefined;
		return {
			outcome: 'signature-invalid',
			detail: `signature verification failed${object.trusted ? ` (the digest itself verifies with ${object.signedBy}: the S3 metadata signature was replaced)` : ''}`,
		};
	}
	if (object.trusted) return undefined;
	const recorded = object.successors.filter((next) => next.parsed.document.previousDigestSignature);
	if (recorded.length > 0) {
		if (!object.key) return keyMissing;
		return {
			outcome: 'chain-broken',
			detail: `its bytes do not verify with the signature the next digest ${digestUrl(recorded[0]!)} records for it: it is not the digest that was chained`,
		};
	}
	return {
		outcome: 'signature-unavailable',
		detail:
			'signature unavailable: no S3 metadata (a plain copy; import its head-object sidecar or pull it) and no later digest in the case records its signature' +
			(object.key ? '' : object.keyProblem ? `; ${object.keyProblem}` : `; its key (fingerprint ${doc.digestPublicKeyFingerprint}) is not loaded either`),
	};
}
