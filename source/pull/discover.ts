import type {S3Client} from '@aws-sdk/client-s3';
import {mapLimit} from './channel.js';
import {ACCOUNT_PATTERN, dayFolders, lastSegment, ORG_PATTERN, REGION_PATTERN, splitDayKey, TRAIL_KINDS, type TrailKind} from './layout.js';
import {listFolders, listKeys, type ListedKey} from './list.js';
import type {PullScope, PullTarget} from './scope.js';
import {inRange, stampRange, type TimeWindow} from './window.js';

/** One `[prefix/]AWSLogs/[org/]ACCOUNT/KIND/REGION/` folder in scope. */
export interface TrailStream {
	folder: string;
	org?: string;
	account: string;
	kind: TrailKind;
	region: string;
}

/** A listed object inside the window, with the stream it belongs to and its day folder. */
export interface TrailObject extends ListedKey {
	stream: TrailStream;
	day?: string;
}

export interface Discovery {
	streams: TrailStream[];
	/** Everything seen on the way (before scoping), so "nothing matched" can say what is there. */
	found: {orgs: string[]; accounts: string[]; regions: string[]};
}

/** Delimiter listings run this many at a time (an organization trail can have hundreds of accounts). */
const LIST_CONCURRENCY = 8;
/** Up to this many days, each day folder is listed on its own; longer windows list from the first day on. */
const MAX_DAY_LISTINGS = 400;

/**
 * Finds the account × kind × region folders in scope with delimiter listings only: no log file is
 * listed at this stage, however large the bucket.
 */
export async function findStreams(client: S3Client, target: PullTarget, scope: PullScope, signal?: AbortSignal): Promise<Discovery> {
	const base = `${target.prefix}AWSLogs/`;
	const top = (await listFolders(client, target.bucket, base, signal)).map(lastSegment);
	const orgs = top.filter((name) => ORG_PATTERN.test(name));
	const roots: {folder: string; org?: string; account: string}[] = [];
	if (!scope.org) {
		for (const account of top.filter((name) => ACCOUNT_PATTERN.test(name))) roots.push({folder: `${base}${account}/`, account});
	}
	const wantedOrgs = orgs.filter((org) => !scope.org || org === scope.org);
	const members = await mapLimit(wantedOrgs, LIST_CONCURRENCY, (org) => listFolders(client, target.bucket, `${base}${org}/`, signal));
	wantedOrgs.forEach((org, i) => {
		for (const account of members[i]!.map(lastSegment).filter((name) => ACCOUNT_PATTERN.test(name))) {
			roots.push({folder: `${base}${org}/${account}/`, org, account});
		}
	});
	const inScope = roots.filter((root) => !scope.accounts || scope.accounts.includes(root.account));
	const regionsSeen = new Set<string>();
	const perRoot = await mapLimit(inScope, LIST_CONCURRENCY, async (root) => {
		const kinds = (await listFolders(client, target.bucket, root.folder, signal))
			.map(lastSegment)
			.filter((name): name is TrailKind => (TRAIL_KINDS as readonly string[]).includes(name));
		const streams: TrailStream[] = [];
		for (const kind of kinds) {
			for (const folder of await listFolders(client, target.bucket, `${root.folder}${kind}/`, signal)) {
				const region = lastSegment(folder);
				if (!REGION_PATTERN.test(region)) continue;
				regionsSeen.add(region);
				if (scope.regions && !scope.regions.includes(region)) continue;
				streams.push({folder, org: root.org, account: root.account, kind, region});
			}
		}
		return streams;
	});
	return {
		streams: perRoot.flat(),
		found: {orgs, accounts: [...new Set(roots.map((root) => root.account))].sort(), regions: [...regionsSeen].sort()},
	};
}

/**
 * One stream's objects that can matter for the window: with both ends set, only the day folders in
 * range are listed; with an open end, one listing starts at the first day (StartAfter) and stops
 * after the last. Pages past 1,000 keys are followed either way.
 */
export async function* listStream(
	client: S3Client,
	bucket: string,
	stream: TrailStream,
	window: TimeWindow,
	signal?: AbortSignal,
): AsyncGenerator<TrailObject> {
	const range = stampRange(stream.kind, window);
	const days = range.from && range.to ? dayFolders(range.from, range.to) : undefined;
	if (days && days.length <= MAX_DAY_LISTINGS) {
		for (const day of days) {
			for await (const item of listKeys(client, bucket, `${stream.folder}${day}/`, {signal})) {
				const file = item.key.slice(stream.folder.length + day.length + 1);
				if (inRange(stream.kind, range, day, file)) yield {...item, stream, day};
			}
		}
		return;
	}
	const startAfter = range.firstDay ? `${stream.folder}${range.firstDay}` : undefined;
	for await (const item of listKeys(client, bucket, stream.folder, {startAfter, signal})) {
		const {day, file} = splitDayKey(item.key.slice(stream.folder.length));
		if (range.lastDay && day && day > range.lastDay) break;
		if (inRange(stream.kind, range, day, file)) yield {...item, stream, day};
	}
}
