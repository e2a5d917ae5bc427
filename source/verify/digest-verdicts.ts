import type {DigestCopy} from './case-inputs.js';
import {atLocation, checkLinks, findGaps} from './chain.js';
import {digestUrl, type DigestObject, type Issue, type ReadDigests} from './digest-objects.js';
import {s3Url} from './layout.js';
import type {DigestOutcome, Verdict} from './outcomes.js';
import type {KeyRing} from './public-keys.js';
import {establishTrust, signatureIssue} from './signatures.js';

/** Which finding a copy is labelled with when it has several (aws-cli's order of checks, then ours). */
const PRECEDENCE: Issue['outcome'][] = ['invalid-format', 'moved', 'signature-invalid', 'key-not-found', 'chain-broken', 'signature-unavailable'];

/**
 * Compares where a copy was found with where the digest says it was written (aws-cli: "has been moved
 * from its original location"). Pulled copies have the full S3 location; local ones only the
 * `AWSLogs/...` tail of their path, which must end the recorded key.
 */
function locationIssue(object: DigestObject, copy: DigestCopy): Issue | undefined {
	const doc = object.parsed.document;
	if ((copy.key === undefined && copy.tail === undefined) || atLocation(copy, doc.digestS3Bucket, doc.digestS3Object)) return undefined;
	const where = copy.key !== undefined ? s3Url(copy.bucket, copy.key) : copy.origin;
	return {outcome: 'moved', detail: `has been moved from its original location: found at ${where}, written to ${digestUrl(object)}`};
}

function copyVerdict(object: DigestObject, copy: DigestCopy): Verdict {
	const issues = [...object.issues];
	const location = locationIssue(object, copy);
	if (location) issues.push(location);
	const signature = signatureIssue(object, copy);
	if (signature) issues.push(signature);
	if (object.name?.backfill && copy.metadata && !copy.metadata['backfill-generation-timestamp']) {
		issues.push({outcome: 'invalid-format', detail: 'invalid format: backfill digest without backfill-generation-timestamp metadata'});
	}
	issues.sort((a, b) => PRECEDENCE.indexOf(a.outcome) - PRECEDENCE.indexOf(b.outcome));
	const outcome = (issues.length > 0 ? issues[0]!.outcome : 'valid') as DigestOutcome;
	const notes: string[] = issues.map((issue) => issue.detail);
	if (object.trusted && outcome !== 'signature-invalid') notes.push(`signature verified with ${object.signedBy}`);
	if (copy.key === undefined && copy.tail === undefined) notes.push(`location not checked: ${copy.origin} is not in an AWSLogs/ folder layout`);
	return {
		subject: 'digest',
		outcome,
		problem: outcome !== 'valid',
		sourceId: copy.sourceId,
		bucket: object.parsed.document.digestS3Bucket,
		key: location ? copy.key ?? copy.origin : object.parsed.document.digestS3Object,
		detail: notes.join('; '),
	};
}

export interface DigestResults {
	objects: DigestObject[];
	/** One per digest copy, per digest named but absent, and per gap. */
	verdicts: Verdict[];
	range: {from: string; to: string} | null;
}

/** Every digest check: format, location, signature, chain links, gaps. */
export function verifyDigests({objects, unreadable}: ReadDigests, ring: KeyRing): DigestResults {
	establishTrust(objects, ring);
	const missing = checkLinks(objects, unreadable.map((u) => u.copy));
	const verdicts: Verdict[] = unreadable.map(({copy, reason}) => {
		// Name it by its full S3 location when the next digest names it (a local path lacks bucket and prefix).
		const named = objects.map((o) => o.parsed.document).find((d) => d.previousDigestS3Object && atLocation(copy, d.previousDigestS3Bucket ?? d.digestS3Bucket, d.previousDigestS3Object));
		return {
			subject: 'digest',
			outcome: 'invalid-format',
			problem: true,
			sourceId: copy.sourceId,
			bucket: named ? named.previousDigestS3Bucket ?? named.digestS3Bucket : copy.bucket,
			key: named?.previousDigestS3Object ?? copy.key ?? copy.tail ?? copy.origin,
			detail: `invalid format: ${reason}`,
		};
	});
	for (const object of objects) for (const copy of object.copies) verdicts.push(copyVerdict(object, copy));
	verdicts.push(...missing, ...findGaps(objects));
	const starts = objects.map((o) => o.parsed.document.digestStartTime).sort();
	const ends = objects.map((o) => o.parsed.document.digestEndTime).sort();
	return {objects, verdicts, range: starts.length > 0 ? {from: starts[0]!, to: ends[ends.length - 1]!} : null};
}
