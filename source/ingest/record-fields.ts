import {hash} from 'node:crypto';
import {decodeString, forEachElement, forEachMember, isSpace, scalarText, skipString} from './json-scan.js';

/**
 * The typed columns of one CloudTrail record, pulled from its exact bytes. Nested objects are kept as
 * their original JSON text so users can query them with `->>`; nothing is re-serialised.
 */
export interface RecordFields {
	eventKeyHash: string;
	eventId?: string;
	eventTime?: string;
	eventVersion?: string;
	eventSource?: string;
	eventName?: string;
	awsRegion?: string;
	sourceIp?: string;
	userAgent?: string;
	identityType?: string;
	principalArn?: string;
	principalRoleArn?: string;
	principalId?: string;
	userName?: string;
	invokedBy?: string;
	accessKeyId?: string;
	identityAccountId?: string;
	recipientAccountId?: string;
	errorCode?: string;
	errorMessage?: string;
	readOnly?: string;
	eventType?: string;
	eventCategory?: string;
	managementEvent?: string;
	requestId?: string;
	sharedEventId?: string;
	vpcEndpointId?: string;
	resources: string[];
	userIdentityJson?: string;
	requestParametersJson?: string;
	responseElementsJson?: string;
	additionalEventDataJson?: string;
	serviceEventDetailsJson?: string;
	insightDetailsJson?: string;
	/** How many CloudTrail-specific top-level keys the object has (0 = not a CloudTrail record). */
	markers: number;
}

const MARKER_KEYS = new Set(['eventVersion', 'eventTime', 'eventSource', 'eventName', 'eventID', 'eventType', 'userIdentity', 'awsRegion', 'eventCategory', 'insightDetails']);

function jsonText(buf: Buffer, start: number, end: number): string | undefined {
	// A JSON null means "no object": keep the column NULL, the raw record still shows it.
	if (buf[start] === 0x6e) return undefined;
	return buf.toString('utf8', start, end);
}

function readIdentity(buf: Buffer, start: number, end: number, out: RecordFields): void {
	if (buf[start] !== 0x7b) return;
	forEachMember(buf, start, end, ({key, valueStart, valueEnd}) => {
		switch (key) {
			case 'type': out.identityType = scalarText(buf, valueStart, valueEnd); break;
			case 'arn': out.principalArn = scalarText(buf, valueStart, valueEnd); break;
			case 'principalId': out.principalId = scalarText(buf, valueStart, valueEnd); break;
			case 'accountId': out.identityAccountId = scalarText(buf, valueStart, valueEnd); break;
			case 'accessKeyId': out.accessKeyId = scalarText(buf, valueStart, valueEnd) || undefined; break;
			case 'userName': out.userName = scalarText(buf, valueStart, valueEnd); break;
			case 'invokedBy': out.invokedBy = scalarText(buf, valueStart, valueEnd); break;
			case 'sessionContext':
				if (buf[valueStart] !== 0x7b) break;
				forEachMember(buf, valueStart, valueEnd, (context) => {
					if (context.key !== 'sessionIssuer' || buf[context.valueStart] !== 0x7b) return;
					forEachMember(buf, context.valueStart, context.valueEnd, (issuer) => {
						if (issuer.key === 'arn') out.principalRoleArn = scalarText(buf, issuer.valueStart, issuer.valueEnd);
					});
				});
				break;
		}
	});
}

function readResources(buf: Buffer, start: number, end: number, out: string[]): void {
	if (buf[start] !== 0x5b) return;
	forEachElement(buf, start, end, (itemStart, itemEnd) => {
		if (buf[itemStart] !== 0x7b) return;
		let arn: string | undefined;
		let prefix: string | undefined;
		forEachMember(buf, itemStart, itemEnd, ({key, valueStart, valueEnd}) => {
			if (key === 'ARN' || key === 'arn') arn = scalarText(buf, valueStart, valueEnd);
			else if (key === 'ARNPrefix') prefix = scalarText(buf, valueStart, valueEnd);
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
	const escapedSlash = buf.indexOf('\\/', start);
	if (clean && (escapedSlash < 0 || escapedSlash >= end)) return buf.subarray(start, end);
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
	const text = Buffer.concat(parts).toString('utf8').replaceAll('\\/', '/');
	return Buffer.from(text, 'utf8');
}

export function extractRecord(buf: Buffer, start: number, end: number): RecordFields {
	const out: RecordFields = {eventKeyHash: '', resources: [], markers: 0};
	forEachMember(buf, start, end, ({key, valueStart, valueEnd}) => {
		if (MARKER_KEYS.has(key)) out.markers++;
		switch (key) {
			case 'eventID': out.eventId = scalarText(buf, valueStart, valueEnd); break;
			case 'eventTime': out.eventTime = scalarText(buf, valueStart, valueEnd); break;
			case 'eventVersion': out.eventVersion = scalarText(buf, valueStart, valueEnd); break;
			case 'eventSource': out.eventSource = scalarText(buf, valueStart, valueEnd); break;
			case 'eventName': out.eventName = scalarText(buf, valueStart, valueEnd); break;
			case 'awsRegion': out.awsRegion = scalarText(buf, valueStart, valueEnd); break;
			case 'sourceIPAddress': out.sourceIp = scalarText(buf, valueStart, valueEnd); break;
			case 'userAgent': out.userAgent = scalarText(buf, valueStart, valueEnd); break;
			case 'errorCode': out.errorCode = scalarText(buf, valueStart, valueEnd); break;
			case 'errorMessage': out.errorMessage = scalarText(buf, valueStart, valueEnd); break;
			case 'readOnly': out.readOnly = scalarText(buf, valueStart, valueEnd); break;
			case 'eventType': out.eventType = scalarText(buf, valueStart, valueEnd); break;
			case 'eventCategory': out.eventCategory = scalarText(buf, valueStart, valueEnd); break;
			case 'managementEvent': out.managementEvent = scalarText(buf, valueStart, valueEnd); break;
			case 'requestID': out.requestId = scalarText(buf, valueStart, valueEnd); break;
			case 'sharedEventID': out.sharedEventId = scalarText(buf, valueStart, valueEnd); break;
			case 'vpcEndpointId': out.vpcEndpointId = scalarText(buf, valueStart, valueEnd); break;
			case 'recipientAccountId': out.recipientAccountId = scalarText(buf, valueStart, valueEnd); break;
			case 'resources': readResources(buf, valueStart, valueEnd, out.resources); break;
			case 'userIdentity':
				out.userIdentityJson = jsonText(buf, valueStart, valueEnd);
				readIdentity(buf, valueStart, valueEnd, out);
				break;
			case 'requestParameters': out.requestParametersJson = jsonText(buf, valueStart, valueEnd); break;
			case 'responseElements': out.responseElementsJson = jsonText(buf, valueStart, valueEnd); break;
			case 'additionalEventData': out.additionalEventDataJson = jsonText(buf, valueStart, valueEnd); break;
			case 'serviceEventDetails': out.serviceEventDetailsJson = jsonText(buf, valueStart, valueEnd); break;
			case 'insightDetails': out.insightDetailsJson = jsonText(buf, valueStart, valueEnd); break;
		}
	});
	out.eventKeyHash = hash('sha256', canonicalRecordBytes(buf, start, end), 'hex').slice(0, 32);
	return out;
}

/** Decodes a top-level string member (used for `CloudTrailEvent` wrappers). */
export {decodeString};
