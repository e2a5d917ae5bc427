import {createHash} from 'node:crypto';
import type {CaseStore} from '../case/case-store.js';
import {TrailcaseError} from '../errors.js';
import {GzipError, gunzipFirstMember, isGzip} from '../integrity/gzip.js';
import type {LogSource} from './case-inputs.js';

interface Recomputed {
	bytesSha256: string;
	contentSha256?: string;
	gzipTrailingBytes: number;
	compression: string;
	unreadable?: string;
}

function recompute(bytes: Buffer): Recomputed {
	const bytesSha256 = createHash('sha256').update(bytes).digest('hex');
	if (!isGzip(bytes)) {
		return {bytesSha256, contentSha256: bytesSha256, gzipTrailingBytes: 0, compression: 'none'};
	}
	try {
		const member = gunzipFirstMember(bytes);
		return {
			bytesSha256,
			contentSha256: createHash('sha256').update(member.data).digest('hex'),
			gzipTrailingBytes: member.trailingBytes,
			compression: 'gzip',
		};
	} catch (error) {
		if (!(error instanceof GzipError)) throw error;
		return {bytesSha256, gzipTrailingBytes: 0, compression: 'gzip', unreadable: error.message};
	}
}

/**
 * Re-derives every log file's facts from the bytes stored in the case instead of trusting what import
 * wrote in `sources`: the blob's own SHA-256 (catches a case file edited after import), the first gzip
 * member's content hash, CRC/ISIZE and trailing bytes. Each distinct blob is read and hashed once.
 * Returns notes per source id for blobs that no longer match what import recorded.
 */
export async function rehashLogSources(store: CaseStore, sources: LogSource[], signal?: AbortSignal): Promise<Map<number, string>> {
	const notes = new Map<number, string>();
	const bySha = new Map<string, LogSource[]>();
	for (const source of sources) {
		const list = bySha.get(source.sha256) ?? [];
		list.push(source);
		bySha.set(source.sha256, list);
	}
	const seen = new Set<string>();
	const result = await store.conn.stream(
		`SELECT DISTINCT ON (b.sha256) b.sha256, b.bytes FROM sources s JOIN blobs b ON b.sha256 = s.sha256
		 WHERE s.kind = 'log' OR s.kind IS NULL`,
	);
	for (;;) {
		if (signal?.aborted) throw new TrailcaseError('interrupted: nothing was stored');
		const chunk = await result.fetchChunk();
		if (!chunk || chunk.rowCount === 0) break;
		for (const [sha, blob] of chunk.getRows()) {
			const list = bySha.get(String(sha));
			if (!list) continue;
			seen.add(String(sha));
			const facts = recompute(Buffer.from((blob as {bytes: Uint8Array}).bytes));
			for (const source of list) {
				if (facts.bytesSha256 !== source.sha256) {
					notes.set(source.sourceId, `the stored bytes hash to ${facts.bytesSha256}, not the ${source.sha256} recorded at import: the case file was altered`);
				}
				source.contentSha256 = facts.contentSha256;
				source.gzipTrailingBytes = facts.gzipTrailingBytes;
				source.compression = facts.compression;
				if (facts.unreadable) source.reason = facts.unreadable;
			}
		}
	}
	for (const [sha, list] of bySha) {
		if (seen.has(sha)) continue;
		for (const source of list) {
			source.contentSha256 = undefined;
			notes.set(source.sourceId, 'its bytes are missing from the case (no blob)');
		}
	}
	return notes;
}
