/**
 * Worker thread: parses objects off the main thread and appends their staging rows to its own CSV file
 * per batch, so record text never crosses threads (copying ~1 GB of strings would cost seconds).
 */
import {closeSync, openSync, writeSync} from 'node:fs';
import {parentPort} from 'node:worker_threads';
import {parseObject} from './parse-object.js';

export interface ParseJob {
	type: 'parse';
	jobId: number;
	sourceId: number;
	bytes: Uint8Array;
	csvPath: string;
}

export interface CloseJob {
	type: 'close';
	jobId: number;
}

const openFiles = new Map<string, number>();
/** TRAILCASE_PROFILE=1: busy time per batch, printed at each close. */
const PROFILE = process.env['TRAILCASE_PROFILE'] === '1';
let parseMs = 0;
let writeMs = 0;

function append(file: string, bytes: Buffer): void {
	let fd = openFiles.get(file);
	if (fd === undefined) {
		fd = openSync(file, 'a');
		openFiles.set(file, fd);
	}
	writeSync(fd, bytes);
}

parentPort!.on('message', (message: ParseJob | CloseJob) => {
	if (message.type === 'close') {
		for (const fd of openFiles.values()) closeSync(fd);
		const paths = [...openFiles.keys()];
		if (PROFILE) process.stderr.write(`[profile] worker parse ${parseMs.toFixed(0)} ms, write ${writeMs.toFixed(0)} ms\n`);
		parseMs = 0;
		writeMs = 0;
		openFiles.clear();
		parentPort!.postMessage({jobId: message.jobId, paths});
		return;
	}
	try {
		const bytes = Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength);
		const t0 = performance.now();
		const parsed = parseObject(bytes, message.sourceId);
		const t1 = performance.now();
		if (parsed.csv.length > 0) {
			append(message.csvPath, parsed.csv);
			append(message.csvPath.replace(/\.csv$/, '.occ.csv'), parsed.occurrences);
		}
		parseMs += t1 - t0;
		writeMs += performance.now() - t1;
		parsed.csv = Buffer.alloc(0);
		parsed.occurrences = Buffer.alloc(0);
		parentPort!.postMessage({jobId: message.jobId, parsed, bytes: message.bytes}, [message.bytes.buffer as ArrayBuffer]);
	} catch (error) {
		parentPort!.postMessage({jobId: message.jobId, error: (error as Error).stack ?? String(error), bytes: message.bytes}, [
			message.bytes.buffer as ArrayBuffer,
		]);
	}
});
