import type {S3Client} from '@aws-sdk/client-s3';
import {Channel, followSignal, mapLimit} from './channel.js';
import {listStream, type TrailObject, type TrailStream} from './discover.js';
import {fetchObject, type FetchedObject} from './fetch-object.js';
import {failureReason} from './retry.js';
import {inCaseKey, type PullFailure} from './run-record.js';
import type {TimeWindow} from './window.js';

export interface TransferCounts {
	listed: number;
	listingDone: boolean;
	downloaded: number;
	skipped: number;
	failed: number;
	bytes: number;
	retries: number;
}

export interface TransferOptions {
	client: S3Client;
	bucket: string;
	streams: readonly TrailStream[];
	window: TimeWindow;
	/** `key\netag` of objects the case already holds. */
	inCase: ReadonlySet<string>;
	concurrency: number;
	/** Takes one fetched object into the case; a rejection here stops the pull (the case is at stake). */
	ingest: (object: TrailObject, fetched: FetchedObject) => Promise<unknown>;
	signal?: AbortSignal;
	onChange?: (counts: TransferCounts) => void;
}

/** Listings run this many streams at a time, ahead of the downloads. */
const LIST_CONCURRENCY = 4;
/** Listed entries waiting for a downloader, at most (the memory bound of listing). */
const LISTED_AHEAD = 5_000;

/**
 * Lists the streams and downloads what the case lacks, `concurrency` objects at a time. Objects that
 * cannot be had (AccessDenied, NoSuchKey, retries exhausted) become failures and the rest goes on.
 * On abort, listing and in-flight downloads stop; what was handed to `ingest` is kept.
 */
export async function transfer(options: TransferOptions): Promise<{counts: TransferCounts; failures: PullFailure[]; interrupted: boolean}> {
	const counts: TransferCounts = {listed: 0, listingDone: false, downloaded: 0, skipped: 0, failed: 0, bytes: 0, retries: 0};
	const failures: PullFailure[] = [];
	const stop = followSignal(options.signal);
	const changed = () => options.onChange?.(counts);
	const fail = (failure: PullFailure) => {
		failures.push(failure);
		counts.failed++;
		changed();
	};

	const queue = new Channel<TrailObject>(LISTED_AHEAD);
	const listing = mapLimit(options.streams, LIST_CONCURRENCY, async (stream) => {
		try {
			for await (const object of listStream(options.client, options.bucket, stream, options.window, stop.signal)) {
				if (stop.signal.aborted) return;
				counts.listed++;
				await queue.push(object);
			}
		} catch (error) {
			// A folder that cannot be listed is a gap in the acquisition: record it and go on with the rest.
			if (!stop.signal.aborted) fail({key: stream.folder, reason: `listing failed: ${failureReason(error)}`});
		}
	}).finally(() => {
		counts.listingDone = true;
		queue.close();
		changed();
	});

	let fatal: unknown;
	const download = async () => {
		for (;;) {
			if (stop.signal.aborted) return;
			const next = await queue.take();
			if (next.done || stop.signal.aborted) return;
			const object = next.value;
			if (options.inCase.has(inCaseKey(object.key, object.etag))) {
				counts.skipped++;
				changed();
				continue;
			}
			let fetched: FetchedObject;
			try {
				fetched = await fetchObject(options.client, options.bucket, object.key, {
					signal: stop.signal,
					onRetry: () => counts.retries++,
				});
			} catch (error) {
				if (stop.signal.aborted) return;
				fail({key: object.key, etag: object.etag, size: object.size, reason: failureReason(error)});
				continue;
			}
			counts.downloaded++;
			counts.bytes += fetched.bytes.byteLength;
			try {
				await options.ingest(object, fetched);
			} catch (error) {
				fatal ??= error;
				stop.abort();
				return;
			}
			changed();
		}
	};
	await Promise.all(Array.from({length: Math.max(1, options.concurrency)}, download));
	if (stop.signal.aborted) queue.drain();
	await listing;
	if (fatal) throw fatal;
	return {counts, failures, interrupted: Boolean(options.signal?.aborted)};
}
