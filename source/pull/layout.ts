/**
 * The trail bucket's key grammar (spec §1): `[prefix/]AWSLogs/[o-org/]ACCOUNT/KIND/REGION/YYYY/MM/DD/FILE`.
 * Discovery walks it with delimiter listings; the window filter reads the delivery stamp in FILE.
 */

/** The folders a pull takes. NetworkActivity and Aggregated folders are left out on purpose (issue 3 scope). */
export const TRAIL_KINDS = ['CloudTrail', 'CloudTrail-Digest', 'CloudTrail-Insight'] as const;
export type TrailKind = (typeof TRAIL_KINDS)[number];

const REGION = String.raw`[a-z]{2,4}(?:-[a-z]+)+-\d+`;
export const REGION_PATTERN = new RegExp(`^${REGION}$`);
export const ACCOUNT_PATTERN = /^\d{12}$/;
export const ORG_PATTERN = /^o-[a-z0-9]{10,32}$/;

// Spec §1.5: log and Insights files carry a minute stamp, digests a seconds stamp (their digestEndTime).
const LOG_FILE = new RegExp(String.raw`^\d{12}_CloudTrail(?:-Insight)?_${REGION}_(?<ts>\d{8}T\d{4})Z_?[A-Za-z0-9]+\.json\.gz$`);
const DIGEST_FILE = new RegExp(String.raw`^\d{12}_CloudTrail-Digest_${REGION}_.+_${REGION}_(?<ts>\d{8}T\d{6})Z(?:_backfill)?\.json\.gz$`);

/**
 * The instant in a file name: delivery time for log and Insights files, digestEndTime for digests.
 * Undefined when the name does not follow CloudTrail's pattern (such objects are still pulled when
 * their day folder is in range: an unexpected file in a trail folder is evidence too).
 */
export function fileStamp(kind: TrailKind, fileName: string): Date | undefined {
	const match = (kind === 'CloudTrail-Digest' ? DIGEST_FILE : LOG_FILE).exec(fileName);
	const ts = match?.groups?.['ts'];
	if (!ts) return undefined;
	const iso = `${ts.slice(0, 4)}-${ts.slice(4, 6)}-${ts.slice(6, 8)}T${ts.slice(9, 11)}:${ts.slice(11, 13)}:${ts.length > 13 ? ts.slice(13, 15) : '00'}Z`;
	const date = new Date(iso);
	return Number.isNaN(date.getTime()) ? undefined : date;
}

/** `YYYY/MM/DD` of an instant (UTC), as trail folders spell it. */
export function dayFolder(instant: Date): string {
	return instant.toISOString().slice(0, 10).replaceAll('-', '/');
}

/** Every day folder from `first` to `last` inclusive (UTC days). */
export function dayFolders(first: Date, last: Date): string[] {
	const days: string[] = [];
	const cursor = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate()));
	while (cursor.getTime() <= last.getTime()) {
		days.push(dayFolder(cursor));
		cursor.setUTCDate(cursor.getUTCDate() + 1);
	}
	return days;
}

/** What a key below a `KIND/REGION/` folder says about itself: its day folder and file name. */
export function splitDayKey(keyBelowRegion: string): {day?: string; file: string} {
	const match = /^(\d{4}\/\d{2}\/\d{2})\/(.+)$/.exec(keyBelowRegion);
	if (!match) return {file: keyBelowRegion};
	return {day: match[1], file: match[2]!};
}

/** The last segment of a common prefix (`a/b/c/` gives `c`). */
export function lastSegment(commonPrefix: string): string {
	const trimmed = commonPrefix.endsWith('/') ? commonPrefix.slice(0, -1) : commonPrefix;
	return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}
