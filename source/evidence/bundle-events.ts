import {open, type FileHandle} from 'node:fs/promises';
import path from 'node:path';
import type {CaseStore} from '../case/case-store.js';
import {compactJson, originalRecords} from '../case/original-records.js';
import {TrailcaseError} from '../errors.js';
import {csvLine} from '../util/csv.js';
import {BUNDLE_FILES} from './bundle-layout.js';
import {columnNames, relationExists} from './case-tables.js';
import {textList} from './sql-list.js';
import {entryFromRow, tagsAndNotes, TIMELINE_ORDER, type EventRow} from './timeline.js';
import {timelineEvent} from './timeline-markdown.js';

/**
 * Rows gathered before their original records are read: a time-ordered slice interleaves many source
 * objects, and a bigger slice reads each object fewer times (originalRecords reads each once per call).
 */
const SLICE_ROWS = 16_384;

export interface EventFilesOptions {
	all: boolean;
	/** Called after each slice with events written so far. */
	onSlice?: (done: number) => void;
	signal?: AbortSignal;
}

/**
 * Writes events.jsonl (original records), events.csv and the events part of the timeline (appended to
 * an open handle the caller owns) in one streamed pass over the selection in timeline order, so line
 * N of events.jsonl, row N of events.csv and entry N of the timeline are the same event. One ordered
 * scan, not one query per batch: DuckDB reads every column of the table for an `IN (list)` filter.
 */
export async function writeEventFiles(snapshot: CaseStore, keys: readonly string[], dir: string, timeline: FileHandle, options: EventFilesOptions): Promise<number> {
	const columns = await columnNames(snapshot, 'events');
	const hasValidation = await relationExists(snapshot, 'event_validation');
	const context = await tagsAndNotes(snapshot, keys, options.all);
	const jsonl = await open(path.join(dir, BUNDLE_FILES.events), 'wx');
	const csv = await open(path.join(dir, BUNDLE_FILES.csv), 'wx');
	const conn = await snapshot.connect();
	let written = 0;
	const flush = async (rows: Record<string, unknown>[]): Promise<void> => {
		const texts = await originalRecords(snapshot, rows.map((r) => ({event_key: r['event_key'] as string, source_id: r['source_id'] as bigint, record_index: r['record_index'] as number})));
		let jsonLines = '';
		let csvLines = '';
		let markdown = '';
		rows.forEach((row, i) => {
			const text = texts[i]!;
			if (!text) throw new TrailcaseError(`the original record of event ${String(row['event_key'])} is missing from its source object; the case is damaged`);
			const entry = entryFromRow(row as unknown as EventRow, context);
			jsonLines += `${compactJson(text)}\n`;
			csvLines += csvLine([...columns.map((c) => row[c]), entry.tags.map((t) => t.tag).join(';'), row['trailcase_validation'] ?? 'not verified']);
			markdown += timelineEvent(entry, written + i + 1);
		});
		await jsonl.write(jsonLines);
		await csv.write(csvLines);
		await timeline.write(markdown);
		written += rows.length;
		options.onSlice?.(written);
	};
	const onAbort = () => conn.interrupt();
	options.signal?.addEventListener('abort', onAbort, {once: true});
	try {
		await csv.write(csvLine([...columns, 'tags', 'validation']));
		const result = await conn.stream(
			`SELECT e.*, ${hasValidation ? 'v.validation' : 'NULL'} AS trailcase_validation FROM events e
			 ${hasValidation ? 'LEFT JOIN event_validation v USING (event_key)' : ''}
			 WHERE $1 OR e.event_key IN (SELECT unnest($2::JSON::VARCHAR[])) ORDER BY ${TIMELINE_ORDER}`,
			[options.all, textList(options.all ? [] : keys)],
		);
		let slice: Record<string, unknown>[] = [];
		for await (const rows of result.yieldRowObjectJs()) {
			if (options.signal?.aborted) break;
			slice.push(...(rows as Record<string, unknown>[]));
			if (slice.length >= SLICE_ROWS) {
				await flush(slice);
				slice = [];
			}
		}
		if (slice.length > 0 && !options.signal?.aborted) await flush(slice);
		if (options.signal?.aborted) throw new TrailcaseError('export interrupted; nothing was written');
		if (written !== keys.length) throw new TrailcaseError(`selected ${keys.length} events but wrote ${written}; the case changed under the export`);
		return written;
	} catch (error) {
		if (options.signal?.aborted) throw new TrailcaseError('export interrupted; nothing was written');
		throw error;
	} finally {
		options.signal?.removeEventListener('abort', onAbort);
		conn.closeSync();
		await jsonl.close();
		await csv.close();
	}
}
