import {createHash} from 'node:crypto';
import {GetObjectCommand, type GetObjectCommandOutput, type S3Client} from '@aws-sdk/client-s3';
import {IncompleteBodyError, withRetry} from './retry.js';

/** What one GetObject delivered: the bytes exactly as received and the facts chain of custody needs. */
export interface FetchedObject {
	bytes: Uint8Array;
	versionId?: string;
	etag?: string;
	lastModified?: string;
	/** User metadata (`x-amz-meta-*`): for digests the signature, its algorithm and the backfill stamp. */
	metadata?: Record<string, string>;
	/** The scheme, host and port the bytes came from. */
	endpoint?: string;
}

/**
 * For objects stored plainly or with SSE-S3 in one part, S3's ETag is the MD5 of the bytes: a cheap
 * end-to-end check that what arrived is what S3 holds. SSE-KMS, SSE-C and multipart ETags are not.
 */
function checkBody(bytes: Uint8Array, response: GetObjectCommandOutput): void {
	if (response.ContentLength !== undefined && response.ContentLength !== bytes.byteLength) {
		throw new IncompleteBodyError(`received ${bytes.byteLength} of ${response.ContentLength} bytes`);
	}
	const etag = /^"?([0-9a-f]{32})"?$/.exec(response.ETag ?? '')?.[1];
	const encrypted = response.SSECustomerAlgorithm || /kms/i.test(response.ServerSideEncryption ?? '');
	if (etag && !encrypted && createHash('md5').update(bytes).digest('hex') !== etag) {
		throw new IncompleteBodyError('bytes received do not match the ETag');
	}
}

/** Fetches one object whole, retrying transient faults (including bodies cut mid-transfer). */
export async function fetchObject(
	client: S3Client,
	bucket: string,
	key: string,
	options: {signal?: AbortSignal; onRetry?: (error: unknown) => void} = {},
): Promise<FetchedObject> {
	return withRetry(
		async () => {
			const command = new GetObjectCommand({Bucket: bucket, Key: key});
			let endpoint: string | undefined;
			command.middlewareStack.add(
				(next) => async (args) => {
					const request = args.request as {protocol?: string; hostname?: string; port?: number};
					if (request.hostname) endpoint = `${request.protocol ?? 'https:'}//${request.hostname}${request.port ? `:${request.port}` : ''}`;
					return next(args);
				},
				{step: 'finalizeRequest', name: 'trailcaseRecordEndpoint'},
			);
			const response = await client.send(command, {abortSignal: options.signal});
			if (!response.Body) throw new IncompleteBodyError('empty response body');
			const bytes = await response.Body.transformToByteArray();
			checkBody(bytes, response);
			return {
				bytes,
				versionId: response.VersionId,
				etag: response.ETag,
				lastModified: response.LastModified?.toISOString(),
				metadata: response.Metadata && Object.keys(response.Metadata).length > 0 ? response.Metadata : undefined,
				endpoint,
			};
		},
		{signal: options.signal, onRetry: options.onRetry},
	);
}
