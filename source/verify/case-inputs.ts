import type {CaseStore} from '../case/case-store.js';

/** Where a source says it lives: an S3 location (pulls) and/or the `AWSLogs/...` tail (local files). */
export interface SourceLocation {
	sourceId: number;
	origin: string;
	bucket?: string;
	/** Full S3 key (prefix included), known for pulled objects. */
	key?: string;
	/** The `AWSLogs/...` tail of the local path (sources.object_key). */
	tail?: string;
	status: string;
	reason?: string;
}

export interface DigestCopy extends SourceLocation {
	bytes: Buffer;
	sha256: string;
	/** S3 user metadata captured at pull or from a head-object sidecar. */
	metadata?: Record<string, string>;
}

export interface LogSource extends SourceLocation {
	sha256: string;
	/** SHA-256 of the first gzip member's decompressed bytes; undefined when the bytes are unreadable. */
	contentSha256?: string;
	gzipTrailingBytes: number;
	compression?: string;
	duplicateOf?: number;
	/** NULL kind = import could not read it; then it counts as a log only when its key or a digest says so. */
	kind?: string;
	/** Container format import recognised (cloudtrail-records, lookup-events, ...). */
	format?: string;
}

interface LocationRow {
	source_id: bigint;
	origin: string;
	object_key: string | null;
	s3_bucket: string | null;
	s3_key: string | null;
	status: string;
	reason: string | null;
}

function location(row: LocationRow): SourceLocation {
	return {
		sourceId: Number(row.source_id),
		origin: row.origin,
		bucket: row.s3_bucket ?? undefined,
		key: row.s3_key ?? undefined,
		tail: row.object_key ?? undefined,
		status: row.status,
		reason: row.reason ?? undefined,
	};
}

// Objects import could not read have kind NULL; their key still says what they were meant to be.
const DIGEST_KEY = `regexp_matches(coalesce(s.s3_key, s.object_key, s.origin), '(^|/)CloudTrail-Digest/|_CloudTrail-Digest_')`;

function parseMetadata(text: string | null): Record<string, string> | undefined {
	if (!text) return undefined;
	try {
		const value = JSON.parse(text) as unknown;
		return typeof value === 'object' && value !== null ? (value as Record<string, string>) : undefined;
	} catch {
		return undefined;
	}
}

/** Every digest object in the case with its bytes, including digests import quarantined. */
export async function loadDigestCopies(store: CaseStore): Promise<DigestCopy[]> {
	const rows = await store.all<LocationRow & {s3_metadata: string | null; sha256: string; bytes: Buffer | null}>(
		`SELECT s.source_id, s.origin, s.object_key, s.s3_bucket, s.s3_key, s.status, s.reason, s.s3_metadata, s.sha256, b.bytes
		 FROM sources s LEFT JOIN blobs b ON b.sha256 = s.sha256
		 WHERE s.kind = 'digest' OR (s.kind IS NULL AND ${DIGEST_KEY})
		 ORDER BY s.source_id`,
	);
	return rows.map((row) => ({
		...location(row),
		bytes: row.bytes ?? Buffer.alloc(0),
		sha256: row.sha256,
		metadata: parseMetadata(row.s3_metadata),
	}));
}

/** Log objects, plus unreadable objects (kind NULL) that are not digests: a corrupt log must be reported. */
export async function loadLogSources(store: CaseStore): Promise<LogSource[]> {
	const rows = await store.all<
		LocationRow & {sha256: string; content_sha256: string | null; gzip_trailing_bytes: bigint | null; compression: string | null; duplicate_of: bigint | null; kind: string | null; format: string | null}
	>(
		`SELECT s.source_id, s.origin, s.object_key, s.s3_bucket, s.s3_key, s.status, s.reason, s.sha256,
		        s.content_sha256, s.gzip_trailing_bytes, s.compression, s.duplicate_of, s.kind, s.format
		 FROM sources s
		 WHERE s.kind = 'log' OR (s.kind IS NULL AND NOT ${DIGEST_KEY})
		 ORDER BY s.source_id`,
	);
	return rows.map((row) => ({
		...location(row),
		sha256: row.sha256,
		contentSha256: row.content_sha256 || undefined,
		gzipTrailingBytes: Number(row.gzip_trailing_bytes ?? 0),
		compression: row.compression ?? undefined,
		duplicateOf: row.duplicate_of == null ? undefined : Number(row.duplicate_of),
		kind: row.kind ?? undefined,
		format: row.format ?? undefined,
	}));
}

/** list-public-keys documents imported into the case (distinct bytes). */
export async function loadKeyDocuments(store: CaseStore): Promise<{sourceId: number; origin: string; bytes: Buffer}[]> {
	const rows = await store.all<{source_id: bigint; origin: string; bytes: Buffer}>(
		`SELECT min(s.source_id) AS source_id, first(s.origin ORDER BY s.source_id) AS origin, any_value(b.bytes) AS bytes
		 FROM sources s JOIN blobs b ON b.sha256 = s.sha256
		 WHERE s.kind = 'public-keys' GROUP BY s.sha256 ORDER BY 1`,
	);
	return rows.map((row) => ({sourceId: Number(row.source_id), origin: row.origin, bytes: row.bytes}));
}
