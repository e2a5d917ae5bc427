import {extractRecord, type RecordFields} from './record-fields.js';
import {JsonSyntaxError, decodeString, forEachElement, forEachMember, skipSpace, skipString, skipValue} from './json-scan.js';

/** Container formats trailcase recognises by content (never by file name). */
export type ObjectFormat =
	| 'cloudtrail-records' // {"Records":[...]}: trail delivery objects, console Event-history JSON, Insights
	| 'json-array' // a top-level array of records (older console JSON downloads, Stratus logs)
	| 'ndjson' // one record (or one lookup-events item) per line
	| 'lookup-events' // `aws cloudtrail lookup-events` output: records as JSON strings in CloudTrailEvent
	| 'digest' // CloudTrail-Digest file: integrity material, not events
	| 'public-keys' // `aws cloudtrail list-public-keys` output
	| 's3-head-object'; // `aws s3api head-object` sidecar carrying a digest's signature metadata

export type ObjectKind = 'log' | 'digest' | 'public-keys' | 'sidecar';

export const KIND_OF: Record<ObjectFormat, ObjectKind> = {
	'cloudtrail-records': 'log',
	'json-array': 'log',
	ndjson: 'log',
	'lookup-events': 'log',
	digest: 'digest',
	'public-keys': 'public-keys',
	's3-head-object': 'sidecar',
};

/** One record's exact original text: a span of `buf` (for CloudTrailEvent wrappers, of the decoded string). */
export interface RecordSpan {
	buf: Buffer;
	start: number;
	end: number;
	/** Bare arrays and NDJSON carry no CloudTrail envelope, so each element must look like a record. */
	mustLookLikeRecord: boolean;
	/** Fields read during the container scan itself (the hot path: `Records` of trail files). */
	fields?: RecordFields;
}

export interface Classified {
	format: ObjectFormat;
	kind: ObjectKind;
	records: RecordSpan[];
}

/** Why an object cannot be imported; becomes the quarantine reason. */
export class QuarantineError extends Error {}

function lineOf(buf: Buffer, offset: number): number {
	let line = 1;
	for (let i = buf.indexOf(0x0a); i >= 0 && i < offset; i = buf.indexOf(0x0a, i + 1)) line++;
	return line;
}

function invalidJson(buf: Buffer, error: JsonSyntaxError): QuarantineError {
	const what = error.message.replace(/ at byte \d+$/, '');
	// Running out of data mid-value is what a cut-short copy looks like: say so, it is the likely cause.
	const endsEarly = error.offset >= buf.length || what.startsWith('unterminated') || what === 'unexpected end of data';
	const hint = endsEarly ? '; the data ends before the JSON is complete (truncated file?)' : '';
	return new QuarantineError(`invalid JSON: ${what} (line ${lineOf(buf, error.offset)}, byte ${error.offset})${hint}`);
}

interface ScannedObject {
	end: number;
	keys: Map<string, [number, number]>;
	/** Element spans of a `Records` or `Events` array, collected during the same pass. */
	elements: Map<string, [number, number][]>;
	/** With `extract`, the fields of each `Records` element that is an object, by element index. */
	fields: (RecordFields | undefined)[];
}

const ARRAY_KEYS = new Set(['Records', 'Events']);

/**
 * Walks one top-level object once: validates it, notes each member's span, and collects the element
 * spans of `Records` / `Events` as it goes (walking them twice cost as much as the rest of import).
 */
function scanObject(buf: Buffer, start: number, end: number, extract: boolean): ScannedObject {
	const keys = new Map<string, [number, number]>();
	const elements = new Map<string, [number, number][]>();
	const fields: (RecordFields | undefined)[] = [];
	let i = skipSpace(buf, start + 1, end);
	if (buf[start] !== 0x7b) throw new JsonSyntaxError(start, 'expected an object');
	if (buf[i] === 0x7d) return {end: i + 1, keys, elements, fields};
	for (;;) {
		if (buf[i] !== 0x22) throw new JsonSyntaxError(i, 'expected a property name');
		const keyEnd = skipString(buf, i, end);
		const key = decodeString(buf, i, keyEnd);
		i = skipSpace(buf, keyEnd, end);
		if (buf[i] !== 0x3a) throw new JsonSyntaxError(i, "expected ':'");
		const valueStart = skipSpace(buf, i + 1, end);
		let valueEnd: number;
		if (extract && key === 'Records' && buf[valueStart] === 0x5b) {
			const spans: [number, number][] = [];
			valueEnd = scanRecords(buf, valueStart, end, spans, fields);
			elements.set(key, spans);
		} else if (ARRAY_KEYS.has(key) && buf[valueStart] === 0x5b) {
			const spans: [number, number][] = [];
			valueEnd = forEachElement(buf, valueStart, end, (s, e) => spans.push([s, e]));
			elements.set(key, spans);
		} else {
			valueEnd = skipValue(buf, valueStart, end);
		}
		keys.set(key, [valueStart, valueEnd]);
		i = skipSpace(buf, valueEnd, end);
		if (buf[i] === 0x2c) {
			i = skipSpace(buf, i + 1, end);
			continue;
		}
		if (buf[i] === 0x7d) return {end: i + 1, keys, elements, fields};
		throw new JsonSyntaxError(i, "expected ',' or '}'");
	}
}

/** Like forEachElement over `Records`, but each object element is read into fields in the same pass. */
function scanRecords(buf: Buffer, i: number, end: number, spans: [number, number][], fields: (RecordFields | undefined)[]): number {
	i = skipSpace(buf, i + 1, end);
	if (buf[i] === 0x5d) return i + 1;
	for (;;) {
		let elementEnd: number;
		if (buf[i] === 0x7b) {
			const record = extractRecord(buf, i, end);
			fields[spans.length] = record;
			elementEnd = record.end;
		} else {
			elementEnd = skipValue(buf, i, end);
		}
		spans.push([i, elementEnd]);
		i = skipSpace(buf, elementEnd, end);
		if (buf[i] === 0x2c) {
			i = skipSpace(buf, i + 1, end);
			continue;
		}
		if (buf[i] === 0x5d) return i + 1;
		throw new JsonSyntaxError(i, "expected ',' or ']'");
	}
}

function topLevelKeys(buf: Buffer, start: number, end: number): Map<string, [number, number]> {
	const keys = new Map<string, [number, number]>();
	forEachMember(buf, start, end, ({key, valueStart, valueEnd}) => keys.set(key, [valueStart, valueEnd]));
	return keys;
}

const RECORD_MARKERS = ['eventVersion', 'eventTime', 'eventSource', 'eventName', 'eventID', 'eventType', 'userIdentity'];

/** Records held by one top-level or per-line JSON object; `where` names it in error messages. */
function recordsOfObject(buf: Buffer, scanned: ScannedObject, start: number, where: string, out: RecordSpan[]): ObjectFormat {
	const {keys, elements} = scanned;
	if (keys.has('Records')) {
		const records = elements.get('Records');
		if (!records) throw new QuarantineError(`${where}"Records" is not an array`);
		records.forEach(([s, e], index) => {
			if (buf[s] !== 0x7b) throw new QuarantineError(`${where}Records[${index}] is not an object`);
			out.push({buf, start: s, end: e, mustLookLikeRecord: false, fields: scanned.fields[index]});
		});
		return 'cloudtrail-records';
	}
	const events = elements.get('Events');
	if (events) {
		events.forEach(([s, e], index) => {
			if (buf[s] !== 0x7b) throw new QuarantineError(`${where}Events[${index}] is not an object`);
			pushWrapped(buf, s, e, `${where}Events[${index}]`, out);
		});
		return 'lookup-events';
	}
	if (keys.has('CloudTrailEvent')) {
		pushWrapped(buf, start, scanned.end, where, out);
		return 'ndjson';
	}
	if (RECORD_MARKERS.some((key) => keys.has(key))) {
		out.push({buf, start, end: scanned.end, mustLookLikeRecord: true});
		return 'ndjson';
	}
	if (keys.has('QueryResultRows')) {
		throw new QuarantineError(`${where}CloudTrail Lake query results are not supported: select eventJson in the query and import the records`);
	}
	const names = [...keys.keys()].slice(0, 6).join(', ');
	throw new QuarantineError(`${where}JSON but not CloudTrail (no Records, Events or record fields; keys: ${names || 'none'})`);
}

/** Event-history / lookup-events items hold the real record as a JSON string in CloudTrailEvent. */
function pushWrapped(buf: Buffer, start: number, end: number, where: string, out: RecordSpan[]): void {
	const member = topLevelKeys(buf, start, end).get('CloudTrailEvent');
	if (!member || buf[member[0]] !== 0x22) throw new QuarantineError(`${where} has no CloudTrailEvent string`);
	const text = JSON.parse(buf.toString('utf8', member[0], member[1])) as string;
	const inner = Buffer.from(text, 'utf8');
	const innerStart = skipSpace(inner, 0, inner.length);
	let innerEnd: number;
	try {
		innerEnd = skipValue(inner, innerStart, inner.length);
	} catch (error) {
		if (error instanceof JsonSyntaxError) throw new QuarantineError(`${where} CloudTrailEvent is not valid JSON: ${error.message}`);
		throw error;
	}
	if (inner[innerStart] !== 0x7b || skipSpace(inner, innerEnd, inner.length) !== inner.length) {
		throw new QuarantineError(`${where} CloudTrailEvent is not one JSON object`);
	}
	out.push({buf: inner, start: innerStart, end: innerEnd, mustLookLikeRecord: true});
}

/** Archives analysts download trails in: naming them tells the analyst to unpack first. */
const ARCHIVES: [magic: string, name: string][] = [
	['504b0304', 'a ZIP archive'],
	['425a68', 'a bzip2 file'],
	['fd377a585a00', 'an xz file'],
	['28b52ffd', 'a zstd file'],
	['377abcaf271c', 'a 7-Zip archive'],
];

function describeNonJson(buf: Buffer, start: number): string {
	const head = buf.subarray(start, Math.min(buf.length, start + 512));
	const [b0, b1] = [head[0], head[1]];
	// Windows tools (PowerShell's Out-File, for one) write UTF-16: with a BOM, or as `{` `\0` without one.
	if ((b0 === 0xff && b1 === 0xfe) || (b0 === 0xfe && b1 === 0xff) || (b1 === 0 && (b0 === 0x7b || b0 === 0x5b)) || (b0 === 0 && (b1 === 0x7b || b1 === 0x5b))) {
		return 'UTF-16 text, not UTF-8 JSON: convert it to UTF-8 (for example iconv -f UTF-16 -t UTF-8) and import it again';
	}
	const archive = ARCHIVES.find(([magic]) => head.subarray(0, magic.length / 2).toString('hex') === magic);
	if (archive) return `${archive[1]}, not JSON: extract it and import the files inside`;
	if (head.includes(0) || !isLikelyText(head)) {
		return `binary data, not JSON (first bytes ${head.subarray(0, 4).toString('hex')})`;
	}
	const firstLine = head.toString('utf8').split(/\r?\n/)[0] ?? '';
	if (firstLine.includes(',') && /event/i.test(firstLine)) {
		return 'CSV is not a supported CloudTrail format (the console CSV download lacks userIdentity and requestParameters: download JSON instead)';
	}
	return `not JSON (starts with ${JSON.stringify(firstLine.slice(0, 24))})`;
}

function isLikelyText(bytes: Buffer): boolean {
	let control = 0;
	for (const byte of bytes) if (byte < 0x09 || (byte > 0x0d && byte < 0x20)) control++;
	return control === 0 && Buffer.from(bytes.toString('utf8'), 'utf8').length <= bytes.length + 8;
}

/**
 * Decides what a decompressed object is and where its records are. Throws QuarantineError with a
 * specific reason for anything that cannot be imported whole.
 */
export function classifyObject(data: Buffer, extract = false): Classified {
	let start = skipSpace(data, 0, data.length);
	if (data[start] === 0xef && data[start + 1] === 0xbb && data[start + 2] === 0xbf) start = skipSpace(data, start + 3, data.length);
	if (start >= data.length) throw new QuarantineError(data.length === 0 ? 'empty file' : 'empty file (only whitespace)');
	const first = data[start];
	// A NUL right after the opening brace is UTF-16 JSON, never UTF-8: let describeNonJson name it.
	if ((first !== 0x7b && first !== 0x5b) || data[start + 1] === 0) throw new QuarantineError(describeNonJson(data, start));
	const records: RecordSpan[] = [];
	try {
		if (first === 0x5b) {
			const end = skipValue(data, start, data.length);
			if (skipSpace(data, end, data.length) < data.length) throw new QuarantineError('unexpected data after the top-level JSON array');
			return classifyArray(data, start, end, records);
		}
		const scanned = scanObject(data, start, data.length, extract);
		if (skipSpace(data, scanned.end, data.length) >= data.length) return classifySingle(data, scanned, start, records);
		// More than one top-level value: NDJSON (or concatenated JSON), each value holding records.
		let lineStart = start;
		let lineScan = scanned;
		for (let line = 1; ; line++) {
			recordsOfObject(data, lineScan, lineStart, `line ${lineOf(data, lineStart)}: `, records);
			lineStart = skipSpace(data, lineScan.end, data.length);
			if (lineStart >= data.length) break;
			if (data[lineStart] !== 0x7b) throw new QuarantineError(`NDJSON value ${line + 1} is not a JSON object`);
			lineScan = scanObject(data, lineStart, data.length, extract);
		}
		return {format: 'ndjson', kind: 'log', records};
	} catch (error) {
		if (error instanceof JsonSyntaxError) throw invalidJson(data, error);
		throw error;
	}
}

function classifyArray(data: Buffer, start: number, end: number, records: RecordSpan[]): Classified {
	forEachElement(data, start, end, (s, _e, index) => {
		if (data[s] !== 0x7b) throw new QuarantineError(`array element ${index} is not an object`);
		const before = records.length;
		recordsOfObject(data, scanObject(data, s, end, false), s, `array element ${index}: `, records);
		if (records.length === before) throw new QuarantineError(`array element ${index} holds no record`);
	});
	if (records.length === 0) throw new QuarantineError('JSON array holds no records');
	return {format: 'json-array', kind: 'log', records};
}

function classifySingle(data: Buffer, scanned: ScannedObject, start: number, records: RecordSpan[]): Classified {
	const keys = scanned.keys;
	if (keys.has('digestS3Object') && keys.has('logFiles')) return {format: 'digest', kind: 'digest', records};
	if (keys.has('PublicKeyList')) return {format: 'public-keys', kind: 'public-keys', records};
	if (keys.has('Metadata') && (keys.has('ETag') || keys.has('ContentLength') || keys.has('LastModified'))) {
		return {format: 's3-head-object', kind: 'sidecar', records};
	}
	const format = recordsOfObject(data, scanned, start, '', records);
	return {format, kind: KIND_OF[format], records};
}

/** The original text of every record of an object, in record_index order (for show and export). */
export function recordTexts(data: Buffer): string[] {
	return classifyObject(data).records.map((span) => span.buf.toString('utf8', span.start, span.end));
}
