import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {CaseStore} from '../../source/case/case-store.js';
import {HuntError, type Hunt} from '../../source/hunts/hunt.js';
import {checkHunt, huntMatchKeysSql, runHunt, summariseHunt} from '../../source/hunts/run-hunt.js';
import {runHunts} from '../../source/hunts/run-hunts.js';
import {tempDir} from '../helpers/cli.js';

const hunt = (id: string, sql: string): Hunt => ({
	id,
	title: id,
	severity: 'medium',
	mitre: ['T1078'],
	description: 'test',
	references: ['https://example.com'],
	falsePositives: 'none',
	sql,
	file: `/hunts/${id}.sql`,
});

let store: CaseStore;

beforeAll(async () => {
	const file = path.join(tempDir('run-hunt-'), 'case.duckdb');
	const writer = await CaseStore.open(file, {create: true, analyst: 'test'});
	// Four events: two by alice (one of them twice-matched below), one by bob, one by an AWS service.
	await writer.run(`INSERT INTO events (event_key, event_id, event_time, event_source, event_name, principal_arn, invoked_by, identity_type, source_id, record_index) VALUES
		('k1', 'e1', '2026-01-01T10:00:00Z', 'iam.amazonaws.com', 'CreateUser', 'arn:alice', NULL, 'IAMUser', 1, 0),
		('k2', 'e2', '2026-01-01T11:00:00Z', 'iam.amazonaws.com', 'CreateUser', 'arn:alice', NULL, 'IAMUser', 1, 1),
		('k3', NULL, '2026-01-01T09:00:00Z', 'iam.amazonaws.com', 'CreateUser', 'arn:bob', NULL, 'IAMUser', 1, 2),
		('k4', 'e1', '2026-01-01T12:00:00Z', 'kms.amazonaws.com', 'Decrypt', NULL, 'ec2.amazonaws.com', 'AWSService', 1, 3)`);
	writer.close();
	store = await CaseStore.open(file, {readOnly: true, sandbox: true});
});

afterAll(() => store?.close());

const reason = async (promise: Promise<unknown>): Promise<string> => {
	try {
		await promise;
	} catch (error) {
		expect(error).toBeInstanceOf(HuntError);
		expect((error as Error).message.startsWith('/hunts/')).toBe(true);
		return (error as HuntError).reason;
	}
	throw new Error('expected a HuntError');
};

describe('checkHunt', () => {
	it('accepts one SELECT returning event_key and event_id, even with a trailing comment', async () => {
		const columns = await checkHunt(store.conn, hunt('ok', 'SELECT event_key, event_id FROM events -- all of them'));
		expect(columns).toEqual(['event_key', 'event_id']);
	});

	it('refuses statements that are not a single SELECT', async () => {
		expect(await reason(checkHunt(store.conn, hunt('del', 'DELETE FROM events')))).toMatch(/not a single SELECT statement/);
		expect(await reason(checkHunt(store.conn, hunt('two', 'SELECT event_key, event_id FROM events; SELECT 1')))).toMatch(/exactly one SELECT/);
	});

	it('names the missing columns and SQL that does not bind', async () => {
		expect(await reason(checkHunt(store.conn, hunt('cols', 'SELECT event_id FROM events')))).toBe('SQL must return event_key column');
		expect(await reason(checkHunt(store.conn, hunt('cols2', 'SELECT 1 AS x')))).toBe('SQL must return event_key and event_id columns');
		expect(await reason(checkHunt(store.conn, hunt('bind', 'SELECT event_key, event_id FROM events WHERE no_such_column = 1')))).toMatch(/does not run against this case.*no_such_column/);
	});
});

describe('running hunts', () => {
	const creates = hunt('creates', `SELECT event_key, event_id, event_time FROM events WHERE event_source = 'iam.amazonaws.com' AND event_name = 'CreateUser' ORDER BY event_time`);

	it('returns the rows in the hunt\'s order', async () => {
		const result = await runHunt(store.conn, creates);
		expect(result.rows.map((row) => row['event_key'])).toEqual(['k3', 'k1', 'k2']);
		expect(result.columns).toEqual(['event_key', 'event_id', 'event_time']);
	});

	it('summarises distinct events, first and last time and the top principals', async () => {
		const doubled = hunt('doubled', `SELECT event_key, event_id FROM events WHERE event_name = 'CreateUser' UNION ALL SELECT event_key, event_id FROM events WHERE event_key = 'k1'`);
		const summary = await summariseHunt(store.conn, doubled);
		expect(summary).toMatchObject({
			matches: 3,
			rows: 4,
			firstSeen: '2026-01-01T09:00:00.000Z',
			lastSeen: '2026-01-01T11:00:00.000Z',
			topPrincipals: [{principal: 'arn:alice', events: 2}, {principal: 'arn:bob', events: 1}],
		});
	});

	it('gives SQL that selects exactly the matched events by event_key, though eventIDs repeat', async () => {
		const byId = hunt('by-id', `SELECT event_key, event_id FROM events WHERE event_key = 'k1'`);
		const rows = await store.all<{event_key: string}>(`SELECT event_key FROM events WHERE event_key IN (${huntMatchKeysSql(byId)})`);
		expect(rows.map((row) => row.event_key)).toEqual(['k1']);
	});

	it('summarises from the hunt\'s own columns the same way as through the events table', async () => {
		const where = `WHERE event_name = 'CreateUser' UNION ALL SELECT * FROM events WHERE event_key = 'k1'`;
		const own = await summariseHunt(store.conn, hunt('own', `SELECT event_key, event_id, event_time, principal_arn FROM events ${where.replace('SELECT *', 'SELECT event_key, event_id, event_time, principal_arn')}`));
		const joined = await summariseHunt(store.conn, hunt('joined', `SELECT event_key, event_id FROM events ${where.replace('SELECT *', 'SELECT event_key, event_id')}`));
		expect({...own, milliseconds: 0}).toEqual({...joined, milliseconds: 0});
	});

	it('summarises a hunt with no matches', async () => {
		const none = await summariseHunt(store.conn, hunt('none', `SELECT event_key, event_id FROM events WHERE false`));
		expect(none).toMatchObject({matches: 0, rows: 0, firstSeen: null, lastSeen: null, topPrincipals: []});
	});

	it('runs the other hunts when one fails, and reports why it failed', async () => {
		const outcomes = await runHunts(store.conn, [creates, hunt('broken', 'SELECT event_key, event_id FROM nowhere'), hunt('files', `SELECT event_key, event_id FROM events, read_text('/etc/hostname')`)]);
		expect(outcomes[0]!.summary?.matches).toBe(3);
		expect(outcomes[1]!.error).toMatch(/does not run against this case.*nowhere/);
		// The connection is sandboxed: a hunt cannot read files outside the case.
		expect(outcomes[2]!.error).toMatch(/does not run against this case.*(external|disabled|Permission)/i);
	});

	it('stops when aborted and marks the hunts it did not start', async () => {
		const controller = new AbortController();
		const outcomes = await runHunts(store.conn, [creates, creates, creates], {
			signal: controller.signal,
			onProgress: (done) => {
				if (done === 1) controller.abort();
			},
		});
		expect(outcomes[0]!.summary?.matches).toBe(3);
		expect(outcomes.slice(1).map((outcome) => outcome.skipped)).toEqual([true, true]);
	});

	it('interrupts a running hunt when aborted, and the connection keeps working', async () => {
		const slow = hunt('slow', `SELECT e.event_key, e.event_id FROM events AS e, range(400000000) AS r WHERE hash(r.range) % 1000003 = 7 AND e.event_key = 'k1'`);
		const controller = new AbortController();
		setTimeout(() => controller.abort(), 200);
		const started = performance.now();
		const [outcome] = await runHunts(store.conn, [slow], {signal: controller.signal});
		expect(outcome!.error).toBe('interrupted');
		expect(performance.now() - started).toBeLessThan(5000);
		expect((await summariseHunt(store.conn, creates)).matches).toBe(3);
	});
});

