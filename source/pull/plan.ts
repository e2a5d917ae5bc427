import {followSignal, mapLimit} from './channel.js';
import {findStreams, listStream} from './discover.js';
import {discoveryError, nothingMatched} from './errors.js';
import type {PullRequest} from './pull.js';
import {failureReason} from './retry.js';
import {inCaseKey, type PullFailure} from './run-record.js';
import {openS3Session} from './s3-session.js';

/** Objects and bytes of one account × region × day folder (delivery day). */
export interface PlanRow {
	org?: string;
	account: string;
	region: string;
	day: string;
	logs: number;
	digests: number;
	insights: number;
	objects: number;
	bytes: number;
	/** Of those, already in the case (a pull would skip them). */
	inCase: number;
}

export interface PullPlan {
	rows: PlanRow[];
	objects: number;
	bytes: number;
	inCase: number;
	toFetch: number;
	bytesToFetch: number;
	failed: PullFailure[];
}

/** `pull --plan`: the same discovery and listings as a pull, counted per account/region/day; nothing is fetched. */
export async function planPull(request: PullRequest, options: {inCase?: ReadonlySet<string>; signal?: AbortSignal} = {}): Promise<PullPlan> {
	const session = await openS3Session(request.session);
	const signal = followSignal(options.signal).signal;
	try {
		const discovery = await findStreams(session.client, request.target, request.scope, signal).catch((error: unknown) => {
			throw discoveryError(error, request.target);
		});
		if (discovery.streams.length === 0) throw nothingMatched(request.target, request.scope, discovery);
		const rows = new Map<string, PlanRow>();
		const failed: PullFailure[] = [];
		let bytesInCase = 0;
		await mapLimit(discovery.streams, 4, async (stream) => {
			try {
				for await (const object of listStream(session.client, request.target.bucket, stream, request.scope.window, signal)) {
					const day = object.day ?? '-';
					const id = `${stream.org ?? ''}|${stream.account}|${stream.region}|${day}`;
					let row = rows.get(id);
					if (!row) {
						row = {org: stream.org, account: stream.account, region: stream.region, day, logs: 0, digests: 0, insights: 0, objects: 0, bytes: 0, inCase: 0};
						rows.set(id, row);
					}
					if (stream.kind === 'CloudTrail') row.logs++;
					else if (stream.kind === 'CloudTrail-Digest') row.digests++;
					else row.insights++;
					row.objects++;
					row.bytes += object.size;
					if (options.inCase?.has(inCaseKey(object.key, object.etag))) {
						row.inCase++;
						bytesInCase += object.size;
					}
				}
			} catch (error) {
				if (!options.signal?.aborted) failed.push({key: stream.folder, reason: `listing failed: ${failureReason(error)}`});
			}
		});
		const sorted = [...rows.values()].sort((a, b) =>
			(a.org ?? '').localeCompare(b.org ?? '') || a.account.localeCompare(b.account) || a.region.localeCompare(b.region) || a.day.localeCompare(b.day),
		);
		const sum = (pick: (row: PlanRow) => number) => sorted.reduce((total, row) => total + pick(row), 0);
		const objects = sum((r) => r.objects);
		const bytes = sum((r) => r.bytes);
		const inCase = sum((r) => r.inCase);
		return {rows: sorted, objects, bytes, inCase, toFetch: objects - inCase, bytesToFetch: bytes - bytesInCase, failed};
	} finally {
		session.close();
	}
}
