import {S3Client} from '@aws-sdk/client-s3';
import {GetCallerIdentityCommand, STSClient} from '@aws-sdk/client-sts';
import {UsageError} from '../errors.js';

/** The SDK must never write to stdout (`--json` prints exactly one object) nor log anything of ours. */
const silentLogger = {trace() {}, debug() {}, info() {}, warn() {}, error() {}};

export interface SessionOptions {
	/** An S3-compatible server (MinIO, s3rver, a VPC endpoint URL); path-style addressing is used then. */
	endpoint?: string;
	profile?: string;
	region?: string;
	/** Parallel requests the client must carry (sockets are sized for it). */
	concurrency: number;
}

export interface S3Session {
	client: S3Client;
	region: string;
	endpoint?: string;
	close(): void;
}

/** Refuses endpoints that are not plain http(s) URLs or that carry credentials (they would end up in the audit log). */
export function checkEndpoint(endpoint: string | undefined): string | undefined {
	if (endpoint === undefined || endpoint === '') return undefined;
	let url: URL;
	try {
		url = new URL(endpoint);
	} catch {
		throw new UsageError(`--endpoint must be a URL like http://127.0.0.1:9000, got ${endpoint}`);
	}
	if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError('--endpoint must be an http:// or https:// URL');
	if (url.username || url.password || url.search) {
		throw new UsageError('--endpoint must not carry credentials or a query; credentials come from the environment or a profile');
	}
	return url.toString().replace(/\/$/, '');
}

function makeClient(options: SessionOptions, region: string | undefined): S3Client {
	const sockets = Math.max(8, options.concurrency + 4);
	return new S3Client({
		// Credentials: the SDK's default provider chain (environment, profiles, SSO, instance roles).
		// trailcase never reads, prints or stores them.
		profile: options.profile,
		region,
		endpoint: options.endpoint,
		forcePathStyle: Boolean(options.endpoint),
		followRegionRedirects: true,
		// One retry policy for the whole pull (retry.ts): it also covers bodies cut mid-transfer,
		// which the SDK cannot see because it returns as soon as headers arrive.
		maxAttempts: 1,
		logger: silentLogger,
		requestHandler: {
			connectionTimeout: 10_000,
			// A stalled body (no bytes for this long) fails and is retried.
			socketTimeout: 30_000,
			httpAgent: {keepAlive: true, maxSockets: sockets},
			httpsAgent: {keepAlive: true, maxSockets: sockets},
			logger: silentLogger,
		},
	});
}

/** Opens an S3 client; the region comes from --region, the environment or the profile, else us-east-1. */
export async function openS3Session(options: SessionOptions): Promise<S3Session> {
	let client = makeClient(options, options.region);
	let region: string;
	try {
		region = await client.config.region();
	} catch {
		// No region configured anywhere: us-east-1 answers for every bucket (followRegionRedirects does the rest).
		client.destroy();
		region = 'us-east-1';
		client = makeClient(options, region);
	}
	return {client, region, endpoint: options.endpoint, close: () => client.destroy()};
}

/**
 * The ARN the credentials belong to (STS GetCallerIdentity), or undefined when the endpoint offers no
 * STS (S3-compatible servers) or it does not answer quickly: acquisition must not wait on it.
 */
export async function callerIdentity(options: SessionOptions, region: string): Promise<string | undefined> {
	const sts = new STSClient({
		profile: options.profile,
		region,
		endpoint: options.endpoint,
		maxAttempts: 1,
		logger: silentLogger,
		requestHandler: {connectionTimeout: 2_000, socketTimeout: 3_000, logger: silentLogger},
	});
	try {
		const answer = await sts.send(new GetCallerIdentityCommand({}), {abortSignal: AbortSignal.timeout(4_000)});
		return answer.Arn && /^arn:[\w-]+:(iam|sts)::\d{12}:/.test(answer.Arn) ? answer.Arn : undefined;
	} catch {
		return undefined;
	} finally {
		sts.destroy();
	}
}
