import {hash} from 'node:crypto';
import {KeyTable} from './key-table.js';
import {forEachElement, forEachKnownMember, isSpace, scalarText, scanState, skipString} from './json-scan.js';

/** Columns that keep a nested object as its exact original JSON text (a byte span of the record). */
export const JSON_COLUMNS = [
	'userIdentity',
	'requestParameters',
	'responseElements',
	'additionalEventData',
	'serviceEventDetails',
	'insightDetails',
] as const;

/** Scalar columns, in staging order; each is decoded text or undefined (never a guess). */
export const SCALAR_COLUMNS = [
	'eventID',
	'eventTime',
	'eventVersion',
	'eventSource',
	'eventName',
	'awsRegion',
	'sourceIPAddress',
	'userAgent',
	'identityType',
	'principalArn',
	'principalRoleArn',
	'principalId',
	'userName',
	'invokedBy',
	'accessKeyId',
	'identityAccountId',
	'recipientAccountId',
	'errorCode',
	'errorMessage',
	'readOnly',
	'eventType',
	'eventCategory',
	'managementEvent',
	'requestID',
	'sharedEventID',
	'vpcEndpointId',
] as const;

// Top-level record keys: the scalar keys that exist at top level, then the JSON columns, then resources.
const TOP_LEVEL = new KeyTable([
	'eventID', 'eventTime', 'eventVersion', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent',
	'recipientAccountId', 'errorCode', 'errorMessage', 'readOnly', 'eventType', 'eventCategory', 'managementEvent',
	'requestID', 'sharedEventID', 'vpcEndpointId',
	...JSON_COLUMNS, 'resources',
]);
const TOP_SCALAR_SLOT = ['eventID', 'eventTime', 'eventVersion', 'eventSource', 'eventName', 'awsRegion', 'sourceIPAddress', 'userAgent',
	'recipientAccountId', 'errorCode', 'errorMessage', 'readOnly', 'eventType', 'eventCategory', 'managementEvent',
	'requestID', 'sharedEventID', 'vpcEndpointId'].map((name) => SCALAR_COLUMNS.indexOf(name as (typeof SCALAR_COLUMNS)[number]));
const FIRST_JSON_ID = TOP_SCALAR_SLOT.length;
const RESOURCES_ID = FIRST_JSON_ID + JSON_COLUMNS.length;
/** eventVersion .. insightDetails: having any of these is what makes an object a CloudTrail record. */
const MARKER_IDS = new Set([0, 1, 2, 3, 4, 5, 12, 13, FIRST_JSON_ID, FIRST_JSON_ID + 5]);

const IDENTITY = new KeyTable(['type', 'arn', 'principalId', 'accountId', 'accessKeyId', 'userName', 'invokedBy', 'sessionContext']);
const IDENTITY_SLOT = ['identityType', 'principalArn', 'principalId', 'identityAccountId', 'accessKeyId', 'userName', 'invokedBy']
	.map((name) => SCALAR_COLUMNS.indexOf(name as (typeof SCALAR_COLUMNS)[number]));
const SESSION_CONTEXT = new KeyTable(['sessionIssuer']);
const ARN_ONLY = new KeyTable(['arn']);
const RESOURCE = new KeyTable(['ARN', 'arn', 'ARNPrefix']);
const PRINCIPAL_ROLE_SLOT = SCALAR_COLUMNS.indexOf('principalRoleArn');
const ACCESS_KEY_SLOT = SCALAR_COLUMNS.indexOf('accessKeyId');

/**
 * The typed columns of one CloudTrail record, read from its exact bytes. A scalar is either a byte span
 * of `buf` (a string without escapes, or a number/boolean literal: copied to staging as is), or decoded
 * text when it holds escapes; nested objects stay byte spans (their original JSON). Nothing is
 * re-serialised, and most values are never turned into JS strings at all.
 */
export interface RecordFields {
	buf: Buffer;
	/** Per SCALAR_COLUMNS entry: [start, end) of the value's bytes, or -1 when absent. */
	scalarStart: Int32Array;
	scalarEnd: Int32Array;
	/** Per SCALAR_COLUMNS entry: the decoded value when the string held escapes. */
	scalarDecoded: (string | undefined)[];
	/** [start, end) per JSON_COLUMNS entry, or -1/-1 when absent or null. */
	jsonSpans: Int32Array;
	resources: string[];
	eventKeyHash: string;
	/** How many CloudTrail-specific top-level keys the object has (0 = not a CloudTrail record). */
	markers: number;
	/** Index just past the record's closing brace. */
	end: number;
}

function setScalar(f: RecordFields, slot: number, start: number, end: number): void {
	const buf = f.buf;
	const first = buf[start];
	if (first === 0x22) {
		for (let i = start + 1; i < end - 1; i++) {
			if (buf[i] === 0x5c) {
				f.scalarDecoded[slot] = JSON.parse(buf.toString('utf8', start, end)) as string;
				return;
			}
		}
		f.scalarStart[slot] = start + 1;
		f.scalarEnd[slot] = end - 1;
		return;
	}
	// null, objects and arrays have no scalar value: the column stays NULL (never a guess).
	if (first === 0x6e || first === 0x7b || first === 0x5b) return;
	f.scalarStart[slot] = start;
	f.scalarEnd[slot] = end;
}

/** A scalar's value as a JS string (tests, and the few places that need one). */
export function scalarValue(f: RecordFields, column: (typeof SCALAR_COLUMNS)[number]): string | undefined {
	const slot = SCALAR_COLUMNS.indexOf(column);
	if (f.scalarDecoded[slot] !== undefined) return f.scalarDecoded[slot];
	return f.scalarStart[slot]! < 0 ? undefined : f.buf.toString('utf8', f.scalarStart[slot], f.scalarEnd[slot]);
}

function readIdentity(f: RecordFields, start: number, end: number): void {
	const buf = f.buf;
	if (buf[start] !== 0x7b) return;
	forEachKnownMember(buf, start, end, IDENTITY, (id, valueStart, valueEnd) => {
		if (id < 0) return;
		if (id < IDENTITY_SLOT.length) {
			setScalar(f, IDENTITY_SLOT[id]!, valueStart, valueEnd);
			return;
		}
		if (buf[valueStart] !== 0x7b) return;
		forEachKnownMember(buf, valueStart, valueEnd, SESSION_CONTEXT, (contextId, issuerStart, issuerEnd) => {
			if (contextId !== 0 || buf[issuerStart] !== 0x7b) return;
			forEachKnownMember(buf, issuerStart, issuerEnd, ARN_ONLY, (arnId, arnStart, arnEnd) => {
				if (arnId === 0) setScalar(f, PRINCIPAL_ROLE_SLOT, arnStart, arnEnd);
			});
		});
	});
	// An empty accessKeyId means "none": keep the column NULL rather than an empty pivot value.
	if (f.scalarStart[ACCESS_KEY_SLOT] === f.scalarEnd[ACCESS_KEY_SLOT] || f.scalarDecoded[ACCESS_KEY_SLOT] === '') {
		f.scalarStart[ACCESS_KEY_SLOT] = -1;
		f.scalarDecoded[ACCESS_KEY_SLOT] = undefined;
	}
}

function readResources(buf: Buffer, start: number, end: number, out: string[]): void {
	if (buf[start] !== 0x5b) return;
	forEachElement(buf, start, end, (itemStart, itemEnd) => {
		if (buf[itemStart] !== 0x7b) return;
		let arn: string | undefined;
		let prefix: string | undefined;
		forEachKnownMember(buf, itemStart, itemEnd, RESOURCE, (id, valueStart, valueEnd) => {
			if (id === 0 || id === 1) arn = scalarText(buf, valueStart, valueEnd);
			else if (id === 2) prefix = scalarText(buf, valueStart, valueEnd);
		});
		const value = arn ?? prefix;
		if (value) out.push(value);
	});
}

/**
 * The bytes that decide record identity: the record without insignificant whitespace and with `\/`
 * written as `/`, so a pretty-printed console export and a compact trail file of the same record agree.
 */
export function canonicalRecordBytes(buf: Buffer, start: number, end: number): Buffer {
	const record = buf.subarray(start, end);
	let clean = true;
	for (let i = start; i < end; ) {
		const c = buf[i]!;
		if (c === 0x22) {
			i = skipString(buf, i, end);
			continue;
		}
		if (isSpace(c)) {
			clean = false;
			break;
		}
		i++;
	}
	if (clean && record.indexOf('\\/') < 0) return record;
	const parts: Buffer[] = [];
	let runStart = start;
	for (let i = start; i < end; ) {
		const c = buf[i]!;
		if (c === 0x22) {
			i = skipString(buf, i, end);
			continue;
		}
		if (isSpace(c)) {
			parts.push(buf.subarray(runStart, i));
			while (i < end && isSpace(buf[i]!)) i++;
			runStart = i;
			continue;
		}
		i++;
	}
	parts.push(buf.subarray(runStart, end));
	return Buffer.from(Buffer.concat(parts).toString('utf8').replaceAll('\\/', '/'), 'utf8');
}

/**
 * Reads one record starting at `start` (an object; `limit` bounds the scan) and returns its fields and
 * where it ends. Validates the record's JSON as it goes.
 */
export function extractRecord(buf: Buffer, start: number, limit: number): RecordFields {
	const slots = SCALAR_COLUMNS.length;
	const f: RecordFields = {
		buf,
		scalarStart: new Int32Array(slots).fill(-1),
		scalarEnd: new Int32Array(slots).fill(-1),
		scalarDecoded: new Array(slots),
		jsonSpans: new Int32Array(JSON_COLUMNS.length * 2).fill(-1),
		resources: [],
		eventKeyHash: '',
		markers: 0,
		end: start,
	};
	scanState.spaceSeen = false;
	f.end = forEachKnownMember(buf, start, limit, TOP_LEVEL, (id, valueStart, valueEnd) => {
		if (id < 0) return;
		if (MARKER_IDS.has(id)) f.markers++;
		if (id < FIRST_JSON_ID) {
			setScalar(f, TOP_SCALAR_SLOT[id]!, valueStart, valueEnd);
		} else if (id < RESOURCES_ID) {
			const column = id - FIRST_JSON_ID;
			// A JSON null means "no object": the column stays NULL, the raw record still shows it.
			if (buf[valueStart] !== 0x6e) {
				f.jsonSpans[column * 2] = valueStart;
				f.jsonSpans[column * 2 + 1] = valueEnd;
			}
			if (column === 0) readIdentity(f, valueStart, valueEnd);
		} else {
			readResources(buf, valueStart, valueEnd, f.resources);
		}
	});
	const compact = !scanState.spaceSeen;
	const record = buf.subarray(start, f.end);
	const canonical = compact && record.indexOf('\\/') < 0 ? record : canonicalRecordBytes(buf, start, f.end);
	f.eventKeyHash = hash('sha256', canonical, 'hex').slice(0, 32);
	return f;
}
