import {CloudTrailClient, ListPublicKeysCommand} from '@aws-sdk/client-cloudtrail';
import type {KeyCandidate} from './public-keys.js';

/** The SDK must never write to our stdout (`--json` prints exactly one object). */
const silentLogger = {trace() {}, debug() {}, info() {}, warn() {}, error() {}};

export interface FetchKeysOptions {
	/** Regions whose keys to list: keys are per region (spec §3.5). */
	regions: string[];
	/** The time range the digests cover; widened as aws-cli does ([start, end + 2 h]). */
	start: Date;
	end: Date;
	/** A CloudTrail-compatible endpoint (tests, VPC endpoints). */
	endpoint?: string;
	profile?: string;
	signal?: AbortSignal;
}

const HOUR = 3_600_000;

/**
 * Calls CloudTrail ListPublicKeys in each region, following NextToken (aws-cli reads one page only).
 * Credentials come from the SDK's default chain; trailcase never reads, prints or stores them.
 */
export async function fetchPublicKeys(options: FetchKeysOptions): Promise<KeyCandidate[]> {
	const keys: KeyCandidate[] = [];
	for (const region of options.regions) {
		const client = new CloudTrailClient({region, endpoint: options.endpoint, profile: options.profile, logger: silentLogger, maxAttempts: 3});
		try {
			let nextToken: string | undefined;
			do {
				const page = await client.send(
					new ListPublicKeysCommand({
						StartTime: new Date(options.start.getTime() - HOUR),
						EndTime: new Date(options.end.getTime() + 2 * HOUR),
						NextToken: nextToken,
					}),
					{abortSignal: options.signal},
				);
				for (const item of page.PublicKeyList ?? []) {
					if (!item.Value) continue;
					keys.push({
						der: Buffer.from(item.Value),
						statedFingerprint: item.Fingerprint,
						validFrom: item.ValidityStartTime?.toISOString(),
						validTo: item.ValidityEndTime?.toISOString(),
						region,
						origin: `ListPublicKeys ${region}${options.endpoint ? ` at ${options.endpoint}` : ''}`,
					});
				}
				nextToken = page.NextToken || undefined;
			} while (nextToken);
		} finally {
			client.destroy();
		}
	}
	return keys;
}
