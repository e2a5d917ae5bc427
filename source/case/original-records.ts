import {gunzipFirstMember, isGzip} from '../integrity/gzip.js';
import {recordTexts} from '../ingest/containers.js';
import {isSpace, skipString} from '../ingest/json-scan.js';
import type {CaseStore} from './case-store.js';

export interface RecordRef {
	event_key: string;
	source_id: number | bigint;
	record_index: number;
}

/**
 * The record's original JSON on one line: only whitespace between tokens is dropped, so key order,
 * number spelling and string escapes stay exactly as delivered.
 */
export function compactJson(text: string): string {
	if (!/[\n\r\t]|[{[,:]\s|\s[}\],:]/.test(text)) return text;
	const buf = Buffer.from(text, 'utf8');
	const parts: Buffer[] = [];
	let runStart = 0;
	for (let i = 0; i < buf.length; ) {
		if (buf[i] === 0x22) {
			i = skipString(buf, i, buf.length);
			continue;
		}
		if (isSpace(buf[i]!)) {
			parts.push(buf.subarray(runStart, i));
			while (i < buf.length && isSpace(buf[i]!)) i++;
			runStart = i;
			continue;
		}
		i++;
	}
	parts.push(buf.subarray(runStart));
	return Buffer.concat(parts).toString('utf8');
}

/** Decompresses a stored object the way import parsed it (first gzip member only). */
export function objectContent(bytes: Uint8Array): Buffer {
	const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
	return isGzip(buf) ? gunzipFirstMember(buf).data : buf;
}

/**
 * Original record texts for many events, reading each source object once. Returns them in the order
 * of `refs`. This is how `show`, the detail view and the evidence bundle reach full fidelity.
 */
export async function originalRecords(store: CaseStore, refs: readonly RecordRef[]): Promise<string[]> {
	const bySource = new Map<number, RecordRef[]>();
	for (const ref of refs) {
		const id = Number(ref.source_id);
		bySource.set(id, [...(bySource.get(id) ?? []), ref]);
	}
	const texts = new Map<RecordRef, string>();
	for (const [sourceId, group] of bySource) {
		const row = await store.one<{bytes: Uint8Array}>(
			`SELECT b.bytes FROM sources s JOIN blobs b ON b.sha256 = s.sha256 WHERE s.source_id = $1`,
			[sourceId],
		);
		if (!row) throw new Error(`source ${sourceId} has no stored bytes`);
		const all = recordTexts(objectContent(row.bytes));
		for (const ref of group) texts.set(ref, all[ref.record_index] ?? '');
	}
	return refs.map((ref) => texts.get(ref)!);
}

/** Events whose eventID (or trailcase event_key) is `id`, oldest first. */
export async function findEvents(store: CaseStore, id: string): Promise<RecordRef[]> {
	return store.all<RecordRef>(
		`SELECT event_key, source_id, record_index FROM events WHERE event_id = $1 OR event_key = $1
		 ORDER BY event_time NULLS LAST, source_id, record_index`,
		[id],
	);
}
