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
		openFiles.clear();
		parentPort!.postMessage({jobId: message.jobId, paths});
		return;
	}
	try {
		const bytes = Buffer.from(message.bytes.buffer, message.bytes.byteOffset, message.bytes.byteLength);
		const parsed = parseObject(bytes, message.sourceId);
		if (parsed.csv.length > 0) {
			append(message.csvPath, parsed.csv);
			append(message.csvPath.replace(/\.csv$/, '.occ.csv'), parsed.occurrences);
		}
		parsed.csv = Buffer.alloc(0);
		parsed.occurrences = Buffer.alloc(0);
		parentPort!.postMessage({jobId: message.jobId, parsed, bytes: message.bytes}, [message.bytes.buffer as ArrayBuffer]);
	} catch (error) {
		parentPort!.postMessage({jobId: message.jobId, error: (error as Error).stack ?? String(error), bytes: message.bytes}, [
			message.bytes.buffer as ArrayBuffer,
		]);
	}
});
