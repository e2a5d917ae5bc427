import {existsSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {Worker} from 'node:worker_threads';
import type {ParsedObject} from './parse-object.js';

interface Pending {
	resolve: (value: any) => void;
	reject: (error: Error) => void;
}

interface Slot {
	worker: Worker;
	busy: number;
	index: number;
}

/**
 * A fixed pool of parse workers (one per core). Each worker writes staging CSV files named after the
 * batch and itself, so DuckDB can load a whole batch with one `read_csv` over the list.
 */
export class ParsePool {
	private readonly slots: Slot[] = [];
	private readonly pending = new Map<number, Pending>();
	/** Staging files per batch, known here: a worker's own list is emptied by every close. */
	private readonly batchFiles = new Map<number, Set<string>>();
	private nextJob = 1;

	constructor(
		private readonly stagingDir: string,
		size = Math.max(1, Math.min(os.availableParallelism(), 4)),
	) {
		const file = new URL('./parse-worker.js', import.meta.url);
		for (let index = 0; index < size; index++) {
			const worker = new Worker(file);
			worker.on('message', (message: {jobId: number; error?: string}) => {
				const waiting = this.pending.get(message.jobId);
				if (!waiting) return;
				this.pending.delete(message.jobId);
				if (message.error) waiting.reject(new Error(`parse worker failed: ${message.error}`));
				else waiting.resolve(message);
			});
			worker.on('error', (error) => {
				for (const waiting of this.pending.values()) waiting.reject(error);
				this.pending.clear();
			});
			this.slots.push({worker, busy: 0, index});
		}
	}

	private call<T>(slot: Slot, message: Record<string, unknown>, transfer: ArrayBuffer[] = []): Promise<T> {
		const jobId = this.nextJob++;
		return new Promise<T>((resolve, reject) => {
			this.pending.set(jobId, {resolve, reject});
			slot.worker.postMessage({...message, jobId}, transfer);
		});
	}

	/** Parses one object; resolves with the result and the (returned) bytes. */
	async parse(sourceId: number, bytes: Uint8Array, batch: number): Promise<{parsed: ParsedObject; bytes: Uint8Array}> {
		const slot = this.slots.reduce((best, candidate) => (candidate.busy < best.busy ? candidate : best));
		slot.busy++;
		try {
			const csvPath = path.join(this.stagingDir, `batch-${batch}-worker-${slot.index}.csv`);
			if (!this.batchFiles.has(batch)) this.batchFiles.set(batch, new Set());
			this.batchFiles.get(batch)!.add(csvPath);
			const transfer = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? [bytes.buffer as ArrayBuffer] : [];
			return await this.call(slot, {type: 'parse', sourceId, bytes, csvPath}, transfer);
		} finally {
			slot.busy--;
		}
	}

	/**
	 * Closes every staging file the workers have open (later writes reopen in append mode) and returns
	 * the staging files of `batch` that exist: records and their occurrences.
	 */
	async closeFiles(batch: number): Promise<{records: string[]; occurrences: string[]}> {
		await Promise.all(this.slots.map((slot) => this.call(slot, {type: 'close'})));
		const records = [...(this.batchFiles.get(batch) ?? [])].filter((file) => existsSync(file));
		this.batchFiles.delete(batch);
		return {records, occurrences: records.map((file) => file.replace(/\.csv$/, '.occ.csv'))};
	}

	async destroy(): Promise<void> {
		await Promise.all(this.slots.map((slot) => slot.worker.terminate()));
	}
}
