import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {CaseStore} from '../../source/case/case-store.js';
import {fetchPage, fetchStats, loadWindow, type Connection, type GridRow, type Step} from '../../source/pivot/index.js';
import {handmadeCase, type HandmadeEvent} from './fixture.js';

// 60 events: bursts of ten in the same second (ties broken by event_key), repeated and missing
// eventIDs, and four events without a time (they sort last).
const events: HandmadeEvent[] = [];
for (let i = 0; i < 56; i++) {
	const second = Math.floor(i / 10);
	events.push({key: `k${String(99 - i).padStart(3, '0')}`, time: `2026-11-02T10:00:0${second}Z`, id: i % 7 === 0 ? 'same-id' : i % 5 === 0 ? null : `id-${i}`, ip: i % 3 === 0 ? '203.0.113.66' : '192.0.2.1'});
}
for (let i = 0; i < 4; i++) events.push({key: `n${i}`, time: null, id: null, ip: '203.0.113.66'});

let store: CaseStore;
let conn: Connection;

beforeAll(async () => {
	({store} = await handmadeCase(events));
	conn = await store.connect();
});
afterAll(() => {
	conn.closeSync();
	store.close();
});

async function expectedOrder(steps: Step[]): Promise<string[]> {
	const ip = steps.length ? `WHERE source_ip = '203.0.113.66'` : '';
	const rows = await store.all<{event_key: string}>(`SELECT event_key FROM events ${ip} ORDER BY event_time NULLS LAST, event_key`);
	return rows.map((r) => r.event_key);
}

async function pageThrough(steps: Step[], direction: 'forward' | 'backward', size: number, hint?: Parameters<typeof fetchPage>[4]): Promise<string[]> {
	const seen: GridRow[] = [];
	for (let guard = 0; guard < 100; guard++) {
		const edge = direction === 'forward' ? seen[seen.length - 1] : seen[0];
		const cursor = edge ? {time: edge.event_time, key: edge.event_key} : undefined;
		const page = (await fetchPage(conn, steps, {direction, cursor, limit: size}, undefined, hint)).value;
		if (page.length === 0) break;
		if (direction === 'forward') seen.push(...page);
		else seen.unshift(...page);
	}
	return seen.map((r) => r.event_key);
}

describe('keyset paging on (event_time, event_key)', () => {
	for (const steps of [[], [{kind: 'field', field: 'ip', value: '203.0.113.66'}]] as Step[][]) {
		const label = steps.length ? 'a filtered view' : 'all events';
		it(`visits every event of ${label} exactly once, in order, forward and backward`, async () => {
			const expected = await expectedOrder(steps);
			for (const size of [1, 3, 7, 25]) {
				expect(await pageThrough(steps, 'forward', size)).toEqual(expected);
				expect(await pageThrough(steps, 'backward', size)).toEqual(expected);
			}
		});

		it(`gives the same pages of ${label} when it reads in time windows`, async () => {
			const expected = await expectedOrder(steps);
			const hint = (await fetchStats(conn, steps)).value;
			expect(await pageThrough(steps, 'forward', 4, hint)).toEqual(expected);
			expect(await pageThrough(steps, 'backward', 4, hint)).toEqual(expected);
		});
	}

	it('opens a window around an event with that event under the cursor', async () => {
		const expected = await expectedOrder([]);
		const anchorKey = expected[23]!;
		const anchor = (await store.one<{t: string}>(`SELECT strftime(event_time, '%Y-%m-%dT%H:%M:%S.%fZ') AS t FROM events WHERE event_key = $1`, [anchorKey]))!.t;
		const page = await loadWindow(conn, [], {mode: 'reset', anchor: {time: anchor, key: anchorKey}}, 5);
		expect(page.rows[page.cursor]!.event_key).toBe(anchorKey);
		expect(page.rows.map((r) => r.event_key)).toEqual(expected.slice(18, 28));
		expect(page.atStart).toBe(false);
		expect(page.atEnd).toBe(false);
	});

	it('opens at the last event with G, untimed events included', async () => {
		const expected = await expectedOrder([]);
		const page = await loadWindow(conn, [], {mode: 'reset', anchor: 'last'}, 6);
		expect(page.rows.map((r) => r.event_key)).toEqual(expected.slice(-6));
		expect(page.atEnd).toBe(true);
		expect(page.rows[page.cursor]!.event_key).toBe('n3');
	});

	it('reports the view count and time range', async () => {
		const stats = (await fetchStats(conn, [{kind: 'field', field: 'ip', value: '203.0.113.66'}])).value;
		expect(stats.count).toBe(events.filter((e) => e.ip === '203.0.113.66').length);
		expect(stats.first).toBe('2026-11-02T10:00:00.000000Z');
		expect(stats.last).toBe('2026-11-02T10:00:05.000000Z');
	});
});
