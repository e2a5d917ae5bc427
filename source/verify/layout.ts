/**
 * CloudTrail key grammar the verifier needs (spec §1.3, §1.5): digest file names carry the chain
 * identity (account, source region, trail, home region), and every key is matched on its
 * `AWSLogs/...` tail because local copies lose the bucket and any prefix.
 */
const REGION = String.raw`[a-z]{2,4}(?:-[a-z]+)+-\d+`;

const DIGEST_FILE = new RegExp(
	String.raw`^(?<account>\d{12})_CloudTrail-Digest_(?<sourceRegion>${REGION})_(?<trail>.+)_(?<homeRegion>${REGION})_` +
		String.raw`(?<stamp>\d{8}T\d{6}Z)(?<backfill>_backfill)?\.json(?:\.gz)?$`,
);

export interface DigestName {
	account: string;
	sourceRegion: string;
	trail: string;
	homeRegion: string;
	/** `YYYYMMDDTHHMMSSZ`: the digest's end time as written in its name. */
	stamp: string;
	backfill: boolean;
}

export function fileName(key: string): string {
	return key.slice(key.lastIndexOf('/') + 1);
}

/** The chain identity written in a digest's file name, or undefined when it does not follow the grammar. */
export function parseDigestName(key: string): DigestName | undefined {
	const groups = DIGEST_FILE.exec(fileName(key))?.groups;
	if (!groups) return undefined;
	return {
		account: groups['account']!,
		sourceRegion: groups['sourceRegion']!,
		trail: groups['trail']!,
		homeRegion: groups['homeRegion']!,
		stamp: groups['stamp']!,
		backfill: Boolean(groups['backfill']),
	};
}

/**
 * The `AWSLogs/...` tail of an object key (what `sources.object_key` holds for local files), anchored
 * on the last `AWSLogs/` that starts the key or follows a `/`, like the importer's layoutKey.
 */
export function layoutTail(key: string): string | undefined {
	const at = key.lastIndexOf('/AWSLogs/');
	if (at >= 0) return key.slice(at + 1);
	return key.startsWith('AWSLogs/') ? key : undefined;
}

/** True for keys under a `CloudTrail-Digest/` folder (used to recognise digests import could not read). */
export function looksLikeDigestKey(key: string): boolean {
	return /(?:^|\/)CloudTrail-Digest\//.test(key) || /_CloudTrail-Digest_/.test(fileName(key));
}

/** True for keys of CloudTrail log deliveries (used to recognise log files import could not read). */
export function looksLikeLogKey(key: string): boolean {
	return /(?:^|\/)AWSLogs\/.*\/CloudTrail(?:-Insight|-NetworkActivity|-Aggregated)?\//.test(key) && !looksLikeDigestKey(key);
}

export function s3Url(bucket: string | undefined, key: string): string {
	return bucket ? `s3://${bucket}/${key}` : key;
}
