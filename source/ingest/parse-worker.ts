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
			let fd = openFiles.get(message.csvPath);
			if (fd === undefined) {
				fd = openSync(message.csvPath, 'a');
				openFiles.set(message.csvPath, fd);
			}
			writeSync(fd, parsed.csv);
		}
		parsed.csv = '';
		parentPort!.postMessage({jobId: message.jobId, parsed, bytes: message.bytes}, [message.bytes.buffer as ArrayBuffer]);
	} catch (error) {
		parentPort!.postMessage({jobId: message.jobId, error: (error as Error).stack ?? String(error), bytes: message.bytes}, [
			message.bytes.buffer as ArrayBuffer,
		]);
	}
});
