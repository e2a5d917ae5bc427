import {existsSync} from 'node:fs';
import {CaseStore, resolveCasePath} from '../case/case-store.js';
import {UsageError} from '../errors.js';
import {planPull, type PullPlan} from '../pull/plan.js';
import {pullTrail, type PullProgress, type PullReport, type PullRequest} from '../pull/pull.js';
import {objectsInCase} from '../pull/run-record.js';
import {checkEndpoint} from '../pull/s3-session.js';
import {parseScope, parseTargetUrl} from '../pull/scope.js';
import {resolveAnalyst} from '../util/analyst.js';
import {escapeControls} from '../util/sanitize.js';
import {renderTable} from '../util/table.js';
import {analystFlag, caseFlag, jsonFlag, print, type Command, type CommandContext} from './command.js';
import {progressLine} from './progress.js';

/** Enough parallel GETs to hide real S3 latency (~20-60 ms first byte) without hammering a prefix. */
const DEFAULT_CONCURRENCY = 24;

export function humanBytes(bytes: number): string {
	const units = ['B', 'KB', 'MB', 'GB', 'TB'];
	let value = bytes;
	let unit = 0;
	while (value >= 1024 && unit < units.length - 1) {
		value /= 1024;
		unit++;
	}
	return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

function buildRequest(flags: CommandContext['flags'], input: string[], analyst: string): PullRequest {
	if (input.length !== 1) throw new UsageError('pull needs exactly one s3://BUCKET[/PREFIX]');
	const url = input[0]!;
	const parsed = parseTargetUrl(url);
	const scope = parseScope(flags, parsed);
	const concurrency = flags.concurrency ?? DEFAULT_CONCURRENCY;
	if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new UsageError('--concurrency must be a whole number from 1 to 256');
	const session = {endpoint: checkEndpoint(flags.endpoint), profile: flags.profile || undefined, region: flags.region || undefined, concurrency};
	return {url, target: parsed.target, scope, session, analyst};
}

async function runPlan(context: CommandContext, request: PullRequest): Promise<number> {
	const {flags, stdout, signal} = context;
	let inCase: Set<string> | undefined;
	// A plan changes nothing: it reads an existing case to subtract what is there, and never creates one.
	if (flags.case && existsSync(resolveCasePath(flags.case))) {
		const store = await CaseStore.open(flags.case, {readOnly: true});
		try {
			inCase = await objectsInCase(store, request.target);
		} finally {
			store.close();
		}
	}
	const plan = await planPull(request, {inCase, signal});
	if (flags.json) print(stdout, JSON.stringify(plan));
	else printPlan(stdout, plan, Boolean(inCase));
	return plan.failed.length > 0 ? 3 : 0;
}

function printPlan(stdout: CommandContext['stdout'], plan: PullPlan, withCase: boolean): void {
	const rows = plan.rows.map((row) => ({...row, org: row.org ?? '', size: humanBytes(row.bytes)}));
	const columns = [
		...(rows.some((row) => row.org) ? ['org'] : []),
		'account', 'region', 'day', 'logs', 'digests', 'insights', 'size', ...(withCase ? ['inCase'] : []),
	];
	if (rows.length > 0) print(stdout, renderTable(rows, columns, stdout.columns ?? 160));
	print(stdout, `${plan.objects} objects (${humanBytes(plan.bytes)}) in scope; ${plan.inCase} already in the case; a pull would fetch ${plan.toFetch} (${humanBytes(plan.bytesToFetch)}). Nothing was downloaded.`);
	for (const failure of plan.failed) print(stdout, `failed: ${escapeControls(failure.key)}: ${escapeControls(failure.reason)}`);
}

function printReport(stdout: CommandContext['stdout'], report: PullReport): void {
	print(stdout, `${report.listed} objects listed: ${report.downloaded} downloaded (${humanBytes(report.bytes)}), ${report.skipped} already in the case, ${report.failed.length} failed`);
	print(stdout, `${report.newEvents} new events, ${report.events} events in the case (${report.seconds}s); acquired by ${escapeControls(report.acquiredBy)}`);
	for (const f of report.failed) print(stdout, `failed: ${escapeControls(f.key)}: ${escapeControls(f.reason)}`);
	for (const q of report.quarantined) print(stdout, `quarantined: ${escapeControls(q.key)}: ${escapeControls(q.reason)}`);
	if (report.failed.length > 0) print(stdout, 'run the same command again to retry what failed; objects already in the case are not fetched again');
	if (report.interrupted) print(stdout, 'interrupted: committed work is kept; run the same command again to finish');
}

export const pullCommand: Command = {
	name: 'pull',
	summary: 'Pull a slice of a CloudTrail bucket (accounts, regions, hours) into a case, resumably',
	help: `
  Usage: trailcase pull s3://BUCKET[/PREFIX] -c CASE [options]

  Finds [PREFIX/]AWSLogs/[o-ORG/]ACCOUNT/CloudTrail{,-Digest,-Insight}/REGION/YYYY/MM/DD/ with delimiter
  listings, lists only the day folders the window needs, and downloads concurrently into the case through
  the same parsing path as import. Every object keeps its bucket, key, version, ETag, LastModified,
  SHA-256, endpoint, the caller identity (STS) and, for digests, the signature metadata.
  File names carry the delivery time: files delivered from --from to one hour after --to are taken
  (whole, so events just outside the window come along); digests ending up to two hours after --to too.
  Re-running the same command fetches only what is missing (after a failure, Ctrl-C or kill -9).
  Credentials come from the AWS SDK default chain and are never written anywhere.

  Options
    -c, --case FILE       case file (a bare name means cases/NAME.duckdb); created if missing
    --accounts A,B        only these 12-digit accounts
    --regions R,S         only these regions
    --org o-...           only this organization's folder (organization trails)
    --from ISO            window start, e.g. 2026-11-02T13Z (hour precision is enough; a bare day is UTC midnight)
    --to ISO              window end
    --endpoint URL        S3-compatible server (path-style), e.g. http://127.0.0.1:9000
    --profile NAME        AWS profile (default: AWS_PROFILE or the default chain)
    --region REGION       region for the S3 client (default: environment or profile, else us-east-1)
    --concurrency N       parallel downloads (default ${DEFAULT_CONCURRENCY})
    --plan                print objects and bytes per account/region/day that would be fetched; download nothing
    --json                print one JSON object: {listed, downloaded, skipped, failed: [{key, reason}], events,
                          newEvents, bytes, seconds, quarantined, interrupted, acquiredBy} (with --plan: the plan)
    --analyst NAME        who is acting (default: $TRAILCASE_ANALYST or user@host)

  Exit: 0 complete, 3 some objects failed or were quarantined or the pull was interrupted, 1 failure, 2 usage error.`,
	flags: {
		...caseFlag,
		...jsonFlag,
		...analystFlag,
		accounts: {type: 'string'},
		regions: {type: 'string'},
		org: {type: 'string'},
		from: {type: 'string'},
		to: {type: 'string'},
		endpoint: {type: 'string'},
		profile: {type: 'string'},
		region: {type: 'string'},
		concurrency: {type: 'number'},
		plan: {type: 'boolean', default: false},
	},
	async run(context) {
		const {flags, input, stdout, stderr, signal} = context;
		const analyst = resolveAnalyst(flags.analyst);
		const request = buildRequest(flags, input, analyst);
		if (flags.plan) return runPlan(context, request);
		if (!flags.case) throw new UsageError('pull needs -c CASE (or --plan to only look)');
		const store = await CaseStore.open(flags.case, {create: true, analyst});
		try {
			const bar = flags.json ? undefined : progressLine(stderr, 'pull');
			const started = performance.now();
			let latest: PullProgress | undefined;
			const draw = () => {
				if (!latest || !bar) return;
				const p = latest;
				const seconds = Math.max(0.001, (performance.now() - started) / 1000);
				const total = p.listingDone ? p.listed : Math.max(p.listed, 1);
				bar.update(p.downloaded + p.skipped + p.failed, total, `objects${p.listingDone ? '' : ' (listing)'}, ${humanBytes(p.bytes)}, ${p.records} events, ${humanBytes(p.bytes / seconds)}/s`);
			};
			// Redraw every second even when nothing arrives: a stalled transfer shows its true count and a falling rate.
			const ticker = bar && stderr.isTTY ? setInterval(draw, 1_000) : undefined;
			let report: PullReport;
			try {
				report = await pullTrail(store, request, {
					signal,
					onProgress: (p) => {
						latest = p;
						draw();
					},
				});
			} finally {
				clearInterval(ticker);
			}
			bar?.done();
			if (flags.json) print(stdout, JSON.stringify(report));
			else printReport(stdout, report);
			return report.failed.length > 0 || report.quarantined.length > 0 || report.interrupted ? 3 : 0;
		} finally {
			store.close();
		}
	},
};
