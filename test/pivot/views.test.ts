import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {CaseStore} from '../../source/case/case-store.js';
import type {GenerateSummary} from '../../source/generator/generate.js';
import {fetchDetail} from '../../source/pivot/detail.js';
import {
	bucketWidth,
	eventValue,
	fetchFacet,
	fetchHistogram,
	fetchStats,
	loadWindow,
	statsQuery,
	whereFor,
	Params,
	type Connection,
	type Step,
} from '../../source/pivot/index.js';
import {generatedCase} from './fixture.js';

let store: CaseStore;
let conn: Connection;
let trail: GenerateSummary;

beforeAll(async () => {
	const made = await generatedCase(1500);
	trail = made.trail;
	store = await CaseStore.open(made.file, {readOnly: true});
	conn = await store.connect();
});
afterAll(() => {
	conn.closeSync();
	store.close();
});

const count = async (where: string, params: unknown[] = []) => Number((await store.one<{n: bigint}>(`SELECT count(*) AS n FROM events WHERE ${where}`, params as any))!.n);
const viewCount = async (steps: Step[]) => (await fetchStats(conn, steps)).value.count;

describe('pivot filters', () => {
	it('filters on each pivot field exactly like the equivalent SQL', async () => {
		const {attackerIp, compromisedAccessKey, bucket, account, region} = trail.intrusion;
		expect(await viewCount([{kind: 'field', field: 'ip', value: attackerIp}])).toBe(await count('source_ip = $1', [attackerIp]));
		expect(await viewCount([{kind: 'field', field: 'access-key', value: compromisedAccessKey}])).toBe(await count('access_key_id = $1', [compromisedAccessKey]));
		expect(await viewCount([{kind: 'field', field: 'resource', value: `arn:aws:s3:::${bucket}`}])).toBe(await count('list_contains(resources, $1)', [`arn:aws:s3:::${bucket}`]));
		expect(await viewCount([{kind: 'field', field: 'account', value: account}])).toBe(await count('coalesce(recipient_account_id, account_id) = $1', [account]));
		expect(await viewCount([{kind: 'field', field: 'region', value: region}])).toBe(await count('aws_region = $1', [region]));
		expect(await viewCount([{kind: 'field', field: 'error', value: null}])).toBe(await count('error_code IS NULL'));
		const stop = eventValue('cloudtrail.amazonaws.com', 'StopLogging');
		expect(await viewCount([{kind: 'field', field: 'event', value: stop}])).toBe(await count(`event_source = 'cloudtrail.amazonaws.com' AND event_name = 'StopLogging'`));
		expect(await viewCount([{kind: 'field', field: 'user-agent', value: trail.intrusion.escapeUserAgent}])).toBeGreaterThan(0);
	});

	it('stacks filters as a conjunction', async () => {
		const {attackerIp} = trail.intrusion;
		const steps: Step[] = [
			{kind: 'field', field: 'ip', value: attackerIp},
			{kind: 'field', field: 'error', value: 'AccessDenied'},
		];
		expect(await viewCount(steps)).toBe(await count(`source_ip = $1 AND error_code = 'AccessDenied'`, [attackerIp]));
		expect(await viewCount(steps)).toBeGreaterThan(0);
	});

	it('binds values and never splices them into the SQL text', async () => {
		const hostile = `x' OR '1'='1`;
		const p = new Params();
		const sql = whereFor([{kind: 'field', field: 'principal', value: hostile}, {kind: 'search', text: `'; DROP TABLE events; --`}], p);
		expect(sql).not.toContain(hostile);
		expect(sql).not.toContain('DROP');
		expect(p.values).toContain(hostile);
		expect(await viewCount([{kind: 'field', field: 'principal', value: hostile}])).toBe(0);
		expect(await viewCount([{kind: 'search', text: `'; DROP TABLE events; --`}])).toBe(0);
		expect(await count('TRUE')).toBeGreaterThan(1500);
	});

	it('searches principal, IP, event, user agent, resources and request parameters, in smart case', async () => {
		const {attackerIp, bucket, victimUser} = trail.intrusion;
		expect(await viewCount([{kind: 'search', text: attackerIp}])).toBe(await count('source_ip = $1 OR contains(request_parameters, $1)', [attackerIp]));
		// Lower case ignores case; a capital makes the search exact.
		expect(await viewCount([{kind: 'search', text: 'stoplogging'}])).toBe(await count(`event_name = 'StopLogging'`));
		expect(await viewCount([{kind: 'search', text: 'StopLogging'}])).toBe(await count(`event_name = 'StopLogging'`));
		expect(await viewCount([{kind: 'search', text: 'STOPLOGGING'}])).toBe(0);
		expect(await viewCount([{kind: 'search', text: 'kali'}])).toBe(await count(`contains(lower(user_agent), 'kali')`));
		const inResources = await count(`contains(array_to_string(resources, ' '), $1) OR contains(request_parameters, $1) OR contains(principal_arn, $1)`, [bucket]);
		expect(await viewCount([{kind: 'search', text: bucket}])).toBe(inResources);
		expect(inResources).toBeGreaterThan(0);
		expect(await viewCount([{kind: 'search', text: `"userName":"${victimUser}"`}])).toBeGreaterThan(0);
	});

	it('a context window around an event looks past the steps below it', async () => {
		const {attackerIp, start} = trail.intrusion;
		const from = new Date(Date.parse(start) - 15 * 60_000).toISOString();
		const to = new Date(Date.parse(start) + 15 * 60_000).toISOString();
		const steps: Step[] = [{kind: 'field', field: 'ip', value: attackerIp}, {kind: 'time', from, to, context: true}];
		expect(await viewCount(steps)).toBe(await count('event_time >= $1::TIMESTAMPTZ AND event_time < $2::TIMESTAMPTZ', [from, to]));
		expect(statsQuery(steps).params).not.toContain(attackerIp);
	});
});

describe('facets', () => {
	it('lists top values with counts and first/last seen, like GROUP BY', async () => {
		const result = (await fetchFacet(conn, [], 'ip', 5)).value;
		const expected = await store.all<{v: string; n: bigint}>(`SELECT source_ip AS v, count(*) AS n FROM events GROUP BY 1 ORDER BY 2 DESC, 1 NULLS LAST LIMIT 5`);
		expect(result.rows.map((r) => [r.value, r.count])).toEqual(expected.map((r) => [r.v, Number(r.n)]));
		expect(result.distinctValues).toBe(await store.one<{n: bigint}>(`SELECT count(DISTINCT coalesce(source_ip, '<null>')) AS n FROM events`).then((r) => Number(r!.n)));
		for (const row of result.rows) expect(row.first! <= row.last!).toBe(true);
	});

	it('counts each resource of an event, and events (not rows) for the rest', async () => {
		const steps: Step[] = [{kind: 'field', field: 'ip', value: trail.intrusion.attackerIp}];
		const resources = (await fetchFacet(conn, steps, 'resource', 50)).value;
		const bucketArn = `arn:aws:s3:::${trail.intrusion.bucket}`;
		const bucketRow = resources.rows.find((r) => r.value === bucketArn)!;
		expect(bucketRow.count).toBe(await count('source_ip = $1 AND list_contains(resources, $2)', [trail.intrusion.attackerIp, bucketArn]));
		const events = (await fetchFacet(conn, steps, 'event', 100)).value;
		expect(events.rows.reduce((n, r) => n + r.count, 0)).toBe(await viewCount(steps));
		// A pivot on a facet row selects exactly the events it counted.
		const top = events.rows[0]!;
		expect(await viewCount([...steps, {kind: 'field', field: 'event', value: top.pivotValue}])).toBe(top.count);
	});
});

describe('histogram', () => {
	it('picks a bucket that fits the range and sums to the view count', async () => {
		expect(bucketWidth('2026-11-02T00:00:00Z', '2026-11-02T00:59:59Z', 70)).toBe(60_000);
		expect(bucketWidth('2026-11-02T00:00:00Z', '2026-11-04T00:00:00Z', 70)).toBe(3_600_000);
		const stats = (await fetchStats(conn, [])).value;
		const h = (await fetchHistogram(conn, [], {first: stats.first!, last: stats.last!}, 60)).value;
		expect(h.buckets.length).toBeLessThanOrEqual(60);
		expect(h.buckets.reduce((n, b) => n + b.count, 0)).toBe(stats.count);
		for (let i = 1; i < h.buckets.length; i++) expect(h.buckets[i]!.start - h.buckets[i - 1]!.start).toBe(h.widthMs);
	});
});

describe('detail', () => {
	it('returns the original record, where it came from, and says when the case was never verified', async () => {
		const page = await loadWindow(conn, [{kind: 'field', field: 'user-agent', value: trail.intrusion.escapeUserAgent}], {mode: 'reset', anchor: 'first'}, 3);
		const row = page.rows[0]!;
		const detail = await fetchDetail(store, conn, row);
		expect(detail.record).toContain('"eventID"');
		expect(detail.record).toContain(JSON.stringify(trail.intrusion.escapeUserAgent).slice(1, -1));
		expect(detail.sources[0]!.objectKey).toMatch(/^AWSLogs\//);
		const hasColumn = await store.one<{n: bigint}>(`SELECT count(*) AS n FROM duckdb_columns() WHERE table_name = 'sources' AND column_name = 'validation'`);
		expect(detail.validationColumn).toBe(Number(hasColumn!.n) > 0);
		if (!detail.validationColumn) expect(detail.sources[0]!.validation).toBeNull();
	});
});
