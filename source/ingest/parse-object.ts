import {isUtf8} from 'node:buffer';
import {createHash} from 'node:crypto';
import {GzipError, gunzipFirstMember, isGzip} from '../integrity/gzip.js';
import {QuarantineError, classifyObject, type ObjectFormat, type ObjectKind} from './containers.js';
import {JsonSyntaxError} from './json-scan.js';
import {extractRecord} from './record-fields.js';
import {StagingWriter, writeOccurrenceRow, writeStagingRow} from './staging-csv.js';

export interface ParsedObject {
	/** SHA-256 of the decompressed bytes: what CloudTrail digests list as `hashValue`. */
	contentSha256: string;
	compression: 'gzip' | 'none';
	gzipTrailingBytes: number;
	format?: ObjectFormat;
	kind?: ObjectKind;
	recordCount: number;
	/** Set when the object cannot be imported whole: the quarantine reason. */
	quarantine?: string;
	/** Not a failure, but worth an analyst's attention (for example bytes after the first gzip member). */
	warning?: string;
	/** Staging CSV rows for the records (empty when quarantined or not a log). */
	csv: Buffer;
	/** Occurrence CSV rows (event_key, source_id, record_index), one per record. */
	occurrences: Buffer;
	/** Decompressed JSON of small integrity documents (digests, keys, sidecars) for the main thread. */
	document?: string;
}

/**
 * Turns the bytes of one object into staging rows, or a specific quarantine reason. Pure and
 * synchronous so it can run in a worker thread and be tested directly.
 */
const EMPTY = Buffer.alloc(0);

/**
 * No CloudTrail record comes near this (AWS caps events at 256 KB). Bigger ones are refused because their
 * staging row would pass DuckDB's CSV line limit and fail the whole batch, not only this object.
 */
export const MAX_RECORD_BYTES = 16 * 1024 * 1024;

/** Offset of the first byte that does not start a valid UTF-8 sequence (RFC 3629), or -1. */
function invalidUtf8At(buf: Buffer): number {
	for (let i = 0; i < buf.length; ) {
		const b = buf[i]!;
		const more = b < 0x80 ? 0 : b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : -1;
		if (more < 0) return i;
		for (let k = 1; k <= more; k++) if (((buf[i + k] ?? 0) & 0xc0) !== 0x80) return i;
		const next = buf[i + 1] ?? 0;
		if ((b === 0xe0 && next < 0xa0) || (b === 0xed && next > 0x9f) || (b === 0xf0 && next < 0x90) || (b === 0xf4 && next > 0x8f)) return i;
		i += more + 1;
	}
	return -1;
}

/**
 * JSON text must be UTF-8. Invalid bytes inside a string would reach the staging CSV, which DuckDB
 * rejects for the whole batch, so such an object is quarantined here with the offset of the bad bytes.
 * Objects that do not even start like JSON are left to classifyObject, which names what they are.
 */
function checkUtf8(data: Buffer): void {
	if (isUtf8(data)) return;
	let start = 0;
	while (start < data.length && (data[start] === 0x20 || data[start] === 0x0a || data[start] === 0x0d || data[start] === 0x09)) start++;
	if (data[start] === 0xef && data[start + 1] === 0xbb && data[start + 2] === 0xbf) start += 3;
	if (data[start] !== 0x7b && data[start] !== 0x5b) return;
	const at = Math.max(0, invalidUtf8At(data));
	let line = 1;
	for (let i = data.indexOf(0x0a); i >= 0 && i < at; i = data.indexOf(0x0a, i + 1)) line++;
	throw new QuarantineError(`not valid UTF-8: invalid byte sequence at byte ${at} (line ${line}); CloudTrail JSON is always UTF-8`);
}
const rows = new StagingWriter();
const occurrenceRows = new StagingWriter();

export function parseObject(bytes: Buffer, sourceId: number): ParsedObject {
	let data = bytes;
	let compression: ParsedObject['compression'] = 'none';
	let gzipTrailingBytes = 0;
	const base = {compression, gzipTrailingBytes, recordCount: 0, csv: EMPTY, occurrences: EMPTY};
	if (isGzip(bytes)) {
		compression = 'gzip';
		try {
			const inflated = gunzipFirstMember(bytes);
			data = inflated.data;
			gzipTrailingBytes = inflated.trailingBytes;
		} catch (error) {
			if (error instanceof GzipError) return {...base, compression, contentSha256: '', quarantine: error.message};
			throw error;
		}
	}
	const contentSha256 = createHash('sha256').update(data).digest('hex');
	const result: ParsedObject = {...base, compression, gzipTrailingBytes, contentSha256};
	if (gzipTrailingBytes > 0) {
		result.warning = `${gzipTrailingBytes} bytes after the end of the first gzip member (possible appended-data forgery); only the first member was parsed`;
	}
	try {
		checkUtf8(data);
		const classified = classifyObject(data, true);
		result.format = classified.format;
		result.kind = classified.kind;
		if (classified.kind !== 'log') {
			// JSON.parse rejects a BOM (Windows PowerShell writes one); the main thread parses this text.
			result.document = data.toString('utf8').replace(/^[\s\uFEFF]+/, '');
			return result;
		}
		rows.take();
		occurrenceRows.take();
		let checkedBuf: Buffer | undefined;
		// Identity = content hash, plus the occurrence number when one object repeats a record.
		const seen = new Map<string, number>();
		for (let index = 0; index < classified.records.length; index++) {
			const span = classified.records[index]!;
			if (span.end - span.start > MAX_RECORD_BYTES) {
				throw new QuarantineError(`record ${index + 1} is ${span.end - span.start} bytes, more than any CloudTrail record (limit ${MAX_RECORD_BYTES})`);
			}
			const fields = span.fields ?? extractRecord(span.buf, span.start, span.end);
			if (span.buf !== checkedBuf) {
				checkedBuf = span.buf;
				rows.cleanSource = span.buf.indexOf(2) < 0 && span.buf.indexOf(3) < 0;
			}
			if (span.mustLookLikeRecord && fields.markers === 0) {
				throw new QuarantineError(`record ${index + 1} is not a CloudTrail record (no eventVersion, eventTime, eventName, eventSource or eventID)`);
			}
			const occurrence = (seen.get(fields.eventKeyHash) ?? 0) + 1;
			seen.set(fields.eventKeyHash, occurrence);
			const eventKey = occurrence === 1 ? fields.eventKeyHash : `${fields.eventKeyHash}#${occurrence}`;
			writeStagingRow(rows, sourceId, index, eventKey, fields);
			writeOccurrenceRow(occurrenceRows, eventKey, sourceId, index);
		}
		result.recordCount = classified.records.length;
		result.csv = rows.take();
		result.occurrences = occurrenceRows.take();
		return result;
	} catch (error) {
		if (error instanceof QuarantineError) return {...result, format: undefined, kind: undefined, quarantine: error.message};
		if (error instanceof JsonSyntaxError) return {...result, quarantine: `invalid JSON: ${error.message}`};
		if (error instanceof SyntaxError) return {...result, quarantine: `invalid JSON string: ${error.message}`};
		throw error;
	}
}
