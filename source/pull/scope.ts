import {UsageError} from '../errors.js';
import {ACCOUNT_PATTERN, ORG_PATTERN, REGION_PATTERN} from './layout.js';
import {parseWindowFlag, type TimeWindow} from './window.js';

/** Where the trail lives: a bucket and the trail's key prefix (`''` or ending in `/`, before `AWSLogs/`). */
export interface PullTarget {
	bucket: string;
	prefix: string;
}

/** The slice of the incident: which accounts, regions and hours to take (absent = all). */
export interface PullScope {
	accounts?: string[];
	regions?: string[];
	org?: string;
	window: TimeWindow;
}

const BUCKET = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/**
 * Reads `s3://BUCKET[/PREFIX]`. The prefix is the trail's S3 key prefix; a path that goes on into
 * `AWSLogs/[o-org/][ACCOUNT/]` is accepted too and narrows the scope the same way --org/--accounts do.
 */
export function parseTargetUrl(url: string): {target: PullTarget; org?: string; account?: string} {
	const match = /^s3:\/\/([^/]+)(?:\/(.*))?$/.exec(url.trim());
	if (!match || !BUCKET.test(match[1]!)) throw new UsageError(`expected s3://BUCKET[/PREFIX], got ${url}`);
	const bucket = match[1]!;
	const segments = (match[2] ?? '').split('/').filter(Boolean);
	const at = segments.indexOf('AWSLogs');
	const joined = (parts: string[]) => (parts.length > 0 ? `${parts.join('/')}/` : '');
	if (at < 0) return {target: {bucket, prefix: joined(segments)}};
	const prefix = joined(segments.slice(0, at));
	const rest = segments.slice(at + 1);
	let org: string | undefined;
	let account: string | undefined;
	if (rest[0] && ORG_PATTERN.test(rest[0])) org = rest.shift();
	if (rest[0] && ACCOUNT_PATTERN.test(rest[0])) account = rest.shift();
	if (rest.length > 0) {
		throw new UsageError(`give the trail prefix (the part before AWSLogs/) and scope with --accounts/--regions/--from/--to; cannot start at ${url}`);
	}
	return {target: {bucket, prefix}, org, account};
}

function list(name: string, text: string | undefined, pattern: RegExp, example: string): string[] | undefined {
	if (text === undefined || text.trim() === '') return undefined;
	const items = [...new Set(text.split(',').map((item) => item.trim()).filter(Boolean))];
	const bad = items.filter((item) => !pattern.test(item));
	if (bad.length > 0) throw new UsageError(`--${name}: ${bad.join(', ')} ${bad.length === 1 ? 'is' : 'are'} not valid (expected like ${example})`);
	return items;
}

/** Builds the scope from the command's flags and what the URL already said. */
export function parseScope(
	flags: {accounts?: string; regions?: string; org?: string; from?: string; to?: string},
	fromUrl: {org?: string; account?: string},
): PullScope {
	let accounts = list('accounts', flags.accounts, ACCOUNT_PATTERN, '111122223333');
	const regions = list('regions', flags.regions, REGION_PATTERN, 'us-east-1');
	let org = flags.org?.trim() || undefined;
	if (org && !ORG_PATTERN.test(org)) throw new UsageError(`--org must look like o-abc123def4, got ${org}`);
	if (fromUrl.org) {
		if (org && org !== fromUrl.org) throw new UsageError(`--org ${org} contradicts ${fromUrl.org} in the S3 URL`);
		org = fromUrl.org;
	}
	if (fromUrl.account) {
		if (accounts && !accounts.includes(fromUrl.account)) throw new UsageError(`--accounts does not include ${fromUrl.account} from the S3 URL`);
		accounts = [fromUrl.account];
	}
	const from = parseWindowFlag('from', flags.from);
	const to = parseWindowFlag('to', flags.to);
	if (from && to && from > to) throw new UsageError('--from is after --to');
	return {accounts, regions, org, window: {from, to}};
}
