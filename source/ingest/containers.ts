import {JsonSyntaxError, forEachElement, forEachMember, skipSpace, skipValue} from './json-scan.js';

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
	return new QuarantineError(`invalid JSON: ${error.message.replace(/ at byte \d+$/, '')} (line ${lineOf(buf, error.offset)}, byte ${error.offset})`);
}

function topLevelKeys(buf: Buffer, start: number, end: number): Map<string, [number, number]> {
	const keys = new Map<string, [number, number]>();
	forEachMember(buf, start, end, ({key, valueStart, valueEnd}) => keys.set(key, [valueStart, valueEnd]));
	return keys;
}

const RECORD_MARKERS = ['eventVersion', 'eventTime', 'eventSource', 'eventName', 'eventID', 'eventType', 'userIdentity'];

/** Records held by one top-level or per-line JSON object; `where` names it in error messages. */
function recordsOfObject(buf: Buffer, start: number, end: number, where: string, out: RecordSpan[]): ObjectFormat {
	const keys = topLevelKeys(buf, start, end);
	const records = keys.get('Records');
	if (records) {
		if (buf[records[0]] !== 0x5b) throw new QuarantineError(`${where}"Records" is not an array`);
		forEachElement(buf, records[0], records[1], (s, e, index) => {
			if (buf[s] !== 0x7b) throw new QuarantineError(`${where}Records[${index}] is not an object`);
			out.push({buf, start: s, end: e, mustLookLikeRecord: false});
		});
		return 'cloudtrail-records';
	}
	const events = keys.get('Events');
	if (events && buf[events[0]] === 0x5b) {
		forEachElement(buf, events[0], events[1], (s, e, index) => {
			if (buf[s] !== 0x7b) throw new QuarantineError(`${where}Events[${index}] is not an object`);
			pushWrapped(buf, s, e, `${where}Events[${index}]`, out);
		});
		return 'lookup-events';
	}
	if (keys.has('CloudTrailEvent')) {
		pushWrapped(buf, start, end, where, out);
		return 'ndjson';
	}
	if (RECORD_MARKERS.some((key) => keys.has(key))) {
		out.push({buf, start, end, mustLookLikeRecord: true});
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

function describeNonJson(buf: Buffer, start: number): string {
	const head = buf.subarray(start, Math.min(buf.length, start + 512));
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
export function classifyObject(data: Buffer): Classified {
	let start = skipSpace(data, 0, data.length);
	if (data[start] === 0xef && data[start + 1] === 0xbb && data[start + 2] === 0xbf) start = skipSpace(data, start + 3, data.length);
	if (start >= data.length) throw new QuarantineError(data.length === 0 ? 'empty file' : 'empty file (only whitespace)');
	const first = data[start];
	if (first !== 0x7b && first !== 0x5b) throw new QuarantineError(describeNonJson(data, start));
	const records: RecordSpan[] = [];
	try {
		const firstEnd = skipValue(data, start, data.length);
		const after = skipSpace(data, firstEnd, data.length);
		if (after >= data.length) return classifySingle(data, start, firstEnd, records);
		// More than one top-level value: NDJSON (or concatenated JSON), each value holding records.
		let lineStart = start;
		for (let line = 1; lineStart < data.length; line++) {
			if (data[lineStart] !== 0x7b) throw new QuarantineError(`NDJSON value ${line} is not a JSON object`);
			const lineEnd = skipValue(data, lineStart, data.length);
			recordsOfObject(data, lineStart, lineEnd, `line ${lineOf(data, lineStart)}: `, records);
			lineStart = skipSpace(data, lineEnd, data.length);
		}
		return {format: 'ndjson', kind: 'log', records};
	} catch (error) {
		if (error instanceof JsonSyntaxError) throw invalidJson(data, error);
		throw error;
	}
}

function classifySingle(data: Buffer, start: number, end: number, records: RecordSpan[]): Classified {
	if (data[start] === 0x5b) {
		forEachElement(data, start, end, (s, e, index) => {
			if (data[s] !== 0x7b) throw new QuarantineError(`array element ${index} is not an object`);
			const before = records.length;
			recordsOfObject(data, s, e, `array element ${index}: `, records);
			if (records.length === before) throw new QuarantineError(`array element ${index} holds no record`);
		});
		if (records.length === 0) throw new QuarantineError('JSON array holds no records');
		return {format: 'json-array', kind: 'log', records};
	}
	const keys = topLevelKeys(data, start, end);
	if (keys.has('digestS3Object') && keys.has('logFiles')) return {format: 'digest', kind: 'digest', records};
	if (keys.has('PublicKeyList')) return {format: 'public-keys', kind: 'public-keys', records};
	if (keys.has('Metadata') && (keys.has('ETag') || keys.has('ContentLength') || keys.has('LastModified'))) {
		return {format: 's3-head-object', kind: 'sidecar', records};
	}
	const format = recordsOfObject(data, start, end, '', records);
	return {format, kind: KIND_OF[format], records};
}

/** The original text of every record of an object, in record_index order (for show and export). */
export function recordTexts(data: Buffer): string[] {
	return classifyObject(data).records.map((span) => span.buf.toString('utf8', span.start, span.end));
}
