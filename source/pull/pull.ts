import {appendAudit, finishAudit} from '../case/audit.js';
import type {CaseStore} from '../case/case-store.js';
import {Ingestor} from '../ingest/ingestor.js';
import {followSignal} from './channel.js';
import {findStreams, type Discovery} from './discover.js';
import {discoveryError, nothingMatched, PullError} from './errors.js';
import {Feeder} from './feeder.js';
import {finishRun, objectsInCase, recordFailures, startRun, type PullFailure} from './run-record.js';
import {callerIdentity, openS3Session, type SessionOptions} from './s3-session.js';
import type {PullScope, PullTarget} from './scope.js';
import {transfer, type TransferCounts} from './transfer.js';

export interface PullRequest {
	/** The URL as given (for the audit log). */
	url: string;
	target: PullTarget;
	scope: PullScope;
	session: SessionOptions;
	analyst: string;
}

/** What `pull --json` prints. */
export interface PullReport {
	listed: number;
	downloaded: number;
	skipped: number;
	failed: PullFailure[];
	events: number;
	newEvents: number;
	bytes: number;
	seconds: number;
	quarantined: {key: string; reason: string}[];
	interrupted: boolean;
	acquiredBy: string;
}

export interface PullProgress extends TransferCounts {
	records: number;
	newEvents: number;
}

/**
 * `trailcase pull`: the slice of a trail bucket in scope into the case, through the one ingest path.
 * Resumable by construction: objects already in the case (same key and ETag) are not fetched again,
 * and the Ingestor commits as it goes, so a re-run after any interruption finishes the job.
 */
export async function pullTrail(
	store: CaseStore,
	request: PullRequest,
	options: {signal?: AbortSignal; onProgress?: (progress: PullProgress) => void} = {},
): Promise<PullReport> {
	const started = performance.now();
	const {target, scope} = request;
	const auditSeq = await appendAudit(store, {
		analyst: request.analyst,
		command: 'pull',
		arguments: {
			url: request.url,
			accounts: scope.accounts,
			regions: scope.regions,
			org: scope.org,
			from: scope.window.from?.toISOString(),
			to: scope.window.to?.toISOString(),
			endpoint: request.session.endpoint,
			profile: request.session.profile,
			region: request.session.region,
			concurrency: request.session.concurrency,
		},
	});
	const session = await openS3Session(request.session);
	try {
		let discovery: Discovery;
		let identity: string | undefined;
		try {
			[discovery, identity] = await Promise.all([
				findStreams(session.client, target, scope, followSignal(options.signal).signal),
				callerIdentity(request.session, session.region),
			]);
		} catch (error) {
			const interrupted = Boolean(options.signal?.aborted);
			await finishAudit(store, auditSeq, interrupted ? {interrupted} : {error: String((error as Error).message ?? error)});
			throw interrupted ? new PullError('interrupted while listing; nothing was fetched') : discoveryError(error, target);
		}
		if (discovery.streams.length === 0) {
			await finishAudit(store, auditSeq, {error: 'nothing in scope'});
			throw nothingMatched(target, scope, discovery);
		}
		const acquiredBy = identity ?? request.analyst;
		await startRun(store, {auditSeq, target, endpoint: session.endpoint, scope, callerIdentity: identity});
		const inCase = await objectsInCase(store, target);
		const ingestor = await Ingestor.start(store, {acquiredBy, auditSeq});
		const feeder = new Feeder(ingestor);
		let result: Awaited<ReturnType<typeof transfer>>;
		try {
			result = await transfer({
				client: session.client,
				bucket: target.bucket,
				streams: discovery.streams,
				window: scope.window,
				inCase,
				concurrency: request.session.concurrency,
				signal: options.signal,
				ingest: (object, fetched) =>
					feeder.add({
						origin: `s3://${target.bucket}/${object.key}`,
						originKind: 's3',
						objectKey: object.key,
						s3: {
							bucket: target.bucket,
							key: object.key,
							versionId: fetched.versionId,
							etag: fetched.etag,
							lastModified: fetched.lastModified,
							endpoint: fetched.endpoint,
							metadata: fetched.metadata,
						},
						bytes: fetched.bytes,
					}),
				onChange: (counts) => options.onProgress?.({...counts, records: ingestor.progress.records, newEvents: ingestor.progress.newEvents}),
			});
			await feeder.drain();
		} catch (error) {
			await feeder.drain().catch(() => undefined);
			await ingestor.abort();
			throw error;
		}
		const events = await ingestor.finish();
		const {counts, failures, interrupted} = result;
		const prefix = `s3://${target.bucket}/`;
		const quarantined = ingestor.outcomes
			.filter((o) => o.status === 'quarantined' && o.reason)
			.map((o) => ({key: o.origin.startsWith(prefix) ? o.origin.slice(prefix.length) : o.origin, reason: o.reason!}));
		const report: PullReport = {
			listed: counts.listed,
			downloaded: counts.downloaded,
			skipped: counts.skipped,
			failed: failures.map((f) => ({key: f.key, reason: f.reason})),
			events,
			newEvents: ingestor.progress.newEvents,
			bytes: counts.bytes,
			seconds: Number(((performance.now() - started) / 1000).toFixed(3)),
			quarantined,
			interrupted,
			acquiredBy,
		};
		await recordFailures(store, auditSeq, target.bucket, failures);
		await finishRun(store, auditSeq, {...counts, failed: failures.length, newEvents: report.newEvents, interrupted});
		await finishAudit(store, auditSeq, {
			listed: report.listed,
			downloaded: report.downloaded,
			skipped: report.skipped,
			failed: report.failed.length,
			quarantined: quarantined.length,
			newEvents: report.newEvents,
			bytes: report.bytes,
			retries: counts.retries,
			interrupted,
			acquiredBy,
		});
		return report;
	} finally {
		session.close();
	}
}
