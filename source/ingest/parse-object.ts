import {createHash} from 'node:crypto';
import {GzipError, gunzipFirstMember, isGzip} from '../integrity/gzip.js';
import {QuarantineError, classifyObject, type ObjectFormat, type ObjectKind} from './containers.js';
import {JsonSyntaxError} from './json-scan.js';
import {extractRecord} from './record-fields.js';
import {stagingLine} from './staging-csv.js';

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
	/** Staging CSV lines for the records (empty when quarantined or not a log). */
	csv: string;
	/** Decompressed JSON of small integrity documents (digests, keys, sidecars) for the main thread. */
	document?: string;
}

/**
 * Turns the bytes of one object into staging rows, or a specific quarantine reason. Pure and
 * synchronous so it can run in a worker thread and be tested directly.
 */
export function parseObject(bytes: Buffer, sourceId: number): ParsedObject {
	let data = bytes;
	let compression: ParsedObject['compression'] = 'none';
	let gzipTrailingBytes = 0;
	const base = {compression, gzipTrailingBytes, recordCount: 0, csv: ''};
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
		const classified = classifyObject(data);
		result.format = classified.format;
		result.kind = classified.kind;
		if (classified.kind !== 'log') {
			result.document = data.toString('utf8');
			return result;
		}
		const lines: string[] = [];
		for (let index = 0; index < classified.records.length; index++) {
			const span = classified.records[index]!;
			const fields = extractRecord(span.buf, span.start, span.end);
			if (span.mustLookLikeRecord && fields.markers === 0) {
				throw new QuarantineError(`record ${index + 1} is not a CloudTrail record (no eventVersion, eventTime, eventName, eventSource or eventID)`);
			}
			lines.push(stagingLine(sourceId, index, fields));
		}
		result.recordCount = lines.length;
		result.csv = lines.join('');
		return result;
	} catch (error) {
		if (error instanceof QuarantineError) return {...result, format: undefined, kind: undefined, quarantine: error.message};
		if (error instanceof JsonSyntaxError) return {...result, quarantine: `invalid JSON: ${error.message}`};
		if (error instanceof SyntaxError) return {...result, quarantine: `invalid JSON string: ${error.message}`};
		throw error;
	}
}
