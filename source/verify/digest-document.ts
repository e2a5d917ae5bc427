import {createHash} from 'node:crypto';
import {GzipError, gunzipFirstMember, isGzip} from '../integrity/gzip.js';

/** One `logFiles[]` entry of a digest (spec §3.1). */
export interface DigestLogEntry {
	s3Bucket: string;
	s3Object: string;
	/** Lower-case hex SHA-256 of the log file's decompressed bytes. */
	hashValue: string;
	hashAlgorithm: string | null;
}

/** The digest fields verification reads; values exactly as JSON-parsed (so `\/` is already `/`). */
export interface DigestDocument {
	awsAccountId: string | null;
	digestStartTime: string;
	digestEndTime: string;
	digestS3Bucket: string;
	digestS3Object: string;
	digestPublicKeyFingerprint: string;
	digestSignatureAlgorithm: string | null;
	previousDigestS3Bucket: string | null;
	previousDigestS3Object: string | null;
	previousDigestHashValue: string | null;
	previousDigestHashAlgorithm: string | null;
	previousDigestSignature: string | null;
	logFiles: DigestLogEntry[];
}

export interface ParsedDigest {
	/** The decompressed bytes exactly as inflated: what the signature and the chain hash cover. */
	inflated: Buffer;
	/** Hex SHA-256 of `inflated` (what the next digest records as previousDigestHashValue). */
	inflatedSha256: string;
	document: DigestDocument;
	/** False when the copy arrived already decompressed (a plain JSON file). */
	compressed: boolean;
}

/** Why a digest cannot be used at all: aws-cli's "invalid format". */
export class DigestFormatError extends Error {}

const REQUIRED = ['digestPublicKeyFingerprint', 'digestS3Bucket', 'digestS3Object', 'digestEndTime', 'digestStartTime'] as const;
const NULLABLE = [
	'awsAccountId',
	'digestSignatureAlgorithm',
	'previousDigestS3Bucket',
	'previousDigestS3Object',
	'previousDigestHashValue',
	'previousDigestHashAlgorithm',
	'previousDigestSignature',
] as const;

function nullableString(object: Record<string, unknown>, field: string): string | null {
	const value = object[field];
	if (value === undefined || value === null) return null;
	if (typeof value !== 'string') throw new DigestFormatError(`${field} is not a string`);
	return value;
}

function logEntry(value: unknown, index: number): DigestLogEntry {
	const entry = value as Record<string, unknown> | null;
	if (typeof entry !== 'object' || entry === null) throw new DigestFormatError(`logFiles[${index}] is not an object`);
	for (const field of ['s3Bucket', 's3Object', 'hashValue']) {
		if (typeof entry[field] !== 'string') throw new DigestFormatError(`logFiles[${index}].${field} is missing`);
	}
	return {
		s3Bucket: entry['s3Bucket'] as string,
		s3Object: entry['s3Object'] as string,
		hashValue: (entry['hashValue'] as string).toLowerCase(),
		hashAlgorithm: nullableString(entry, 'hashAlgorithm'),
	};
}

/**
 * Reads one digest object: the first gzip member strictly (CRC, ISIZE, and no bytes after it — aws-cli
 * tolerates trailing data in digests, we do not), then the fields aws-cli requires (spec §3.3 pre-checks).
 * A plain JSON copy (already decompressed) is accepted: signature and hashes cover the inflated bytes.
 */
export function parseDigest(bytes: Buffer): ParsedDigest {
	let inflated = bytes;
	const compressed = isGzip(bytes);
	if (compressed) {
		try {
			const member = gunzipFirstMember(bytes);
			if (member.trailingBytes > 0) {
				throw new DigestFormatError(`unexpected data after end of compressed stream (${member.trailingBytes} bytes)`);
			}
			inflated = member.data;
		} catch (error) {
			if (error instanceof GzipError) throw new DigestFormatError(error.message);
			throw error;
		}
	}
	let json: unknown;
	try {
		json = JSON.parse(inflated.toString('utf8'));
	} catch (error) {
		throw new DigestFormatError(`not JSON: ${(error as Error).message}`);
	}
	if (typeof json !== 'object' || json === null || Array.isArray(json)) throw new DigestFormatError('not a JSON object');
	const object = json as Record<string, unknown>;
	for (const field of REQUIRED) {
		if (typeof object[field] !== 'string') throw new DigestFormatError(`${field} is missing`);
	}
	if (!('previousDigestSignature' in object)) throw new DigestFormatError('previousDigestSignature is missing');
	if (!Array.isArray(object['logFiles'])) throw new DigestFormatError('logFiles is missing');
	const nullable = Object.fromEntries(NULLABLE.map((field) => [field, nullableString(object, field)])) as Record<(typeof NULLABLE)[number], string | null>;
	const document: DigestDocument = {
		digestStartTime: object['digestStartTime'] as string,
		digestEndTime: object['digestEndTime'] as string,
		digestS3Bucket: object['digestS3Bucket'] as string,
		digestS3Object: object['digestS3Object'] as string,
		digestPublicKeyFingerprint: (object['digestPublicKeyFingerprint'] as string).toLowerCase(),
		...nullable,
		logFiles: (object['logFiles'] as unknown[]).map(logEntry),
	};
	return {inflated, inflatedSha256: createHash('sha256').update(inflated).digest('hex'), document, compressed};
}
