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
		const classified = classifyObject(data, true);
		result.format = classified.format;
		result.kind = classified.kind;
		if (classified.kind !== 'log') {
			result.document = data.toString('utf8');
			return result;
		}
		rows.take();
		occurrenceRows.take();
		let checkedBuf: Buffer | undefined;
		// Identity = content hash, plus the occurrence number when one object repeats a record.
		const seen = new Map<string, number>();
		for (let index = 0; index < classified.records.length; index++) {
			const span = classified.records[index]!;
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
