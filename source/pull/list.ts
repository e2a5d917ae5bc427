import {ListObjectsV2Command, type S3Client} from '@aws-sdk/client-s3';
import {withRetry} from './retry.js';

/** One object as a listing shows it. */
export interface ListedKey {
	key: string;
	size: number;
	etag?: string;
	lastModified?: string;
}

/**
 * The common prefixes one level below `prefix` (a delimiter listing), all pages. Used to find orgs,
 * accounts, kinds and regions without listing a single log file.
 */
export async function listFolders(client: S3Client, bucket: string, prefix: string, signal?: AbortSignal): Promise<string[]> {
	const folders: string[] = [];
	let token: string | undefined;
	do {
		const page = await withRetry(
			() => client.send(new ListObjectsV2Command({Bucket: bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token}), {abortSignal: signal}),
			{signal},
		);
		for (const common of page.CommonPrefixes ?? []) if (common.Prefix) folders.push(common.Prefix);
		token = page.IsTruncated ? page.NextContinuationToken : undefined;
	} while (token);
	return folders;
}

/**
 * Every key below `prefix`, page by page (S3 returns at most 1,000 per page), in key order. Starts after
 * `startAfter` when given; the caller stops early by breaking out of the loop (no further page is asked for).
 */
export async function* listKeys(
	client: S3Client,
	bucket: string,
	prefix: string,
	options: {startAfter?: string; signal?: AbortSignal} = {},
): AsyncGenerator<ListedKey> {
	let token: string | undefined;
	let first = true;
	do {
		const request = {Bucket: bucket, Prefix: prefix, ContinuationToken: token, StartAfter: first ? options.startAfter : undefined};
		const page = await withRetry(() => client.send(new ListObjectsV2Command(request), {abortSignal: options.signal}), {signal: options.signal});
		first = false;
		for (const item of page.Contents ?? []) {
			if (!item.Key || item.Key.endsWith('/')) continue;
			yield {key: item.Key, size: Number(item.Size ?? 0), etag: item.ETag, lastModified: item.LastModified?.toISOString()};
		}
		token = page.IsTruncated ? page.NextContinuationToken : undefined;
	} while (token);
}
