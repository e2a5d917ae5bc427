import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {CaseStore} from '../../source/case/case-store.js';
import {labelled} from './fixtures/builder.js';
import {allFixtures} from './fixtures/index.js';
import {importRecords, matchedEventIds, openCase, shippedHunts} from './helpers.js';

// Every hunt is judged on records written for it: the ones it must return ("fires") and near misses it
// must not ("quiet"). All fixtures share one case; each set has its own principals, addresses and
// time slot, so a burst in one set cannot leak into another.
const hunts = shippedHunts();
let store: CaseStore;
let eventCount = 0;

beforeAll(async () => {
	store = await openCase(importRecords(labelled(allFixtures), 'fixtures.json'));
	eventCount = Number((await store.one<{n: bigint}>('SELECT count(*) AS n FROM events'))!.n);
});

afterAll(() => store?.close());

describe('hunt fixtures', () => {
	it('cover every shipped hunt with records that fire and records that stay quiet', () => {
		for (const hunt of hunts) {
			const sets = allFixtures.filter((set) => set.hunt === hunt.id);
			expect(sets.length, `${hunt.id} has no fixtures`).toBeGreaterThan(0);
			expect(sets.flatMap((set) => set.fires).length, `${hunt.id} has no positive fixture`).toBeGreaterThan(0);
			expect(sets.flatMap((set) => set.quiet).length, `${hunt.id} has no negative fixture`).toBeGreaterThan(0);
		}
		const unknown = allFixtures.filter((set) => !hunts.some((hunt) => hunt.id === set.hunt)).map((set) => set.hunt);
		expect(unknown).toEqual([]);
	});

	it('are all imported as events', () => {
		expect(eventCount).toBe(labelled(allFixtures).length);
	});

	it.each(hunts.map((hunt) => [hunt.id, hunt] as const))('%s returns its positives and none of its negatives', async (id, hunt) => {
		const matched = await matchedEventIds(store, hunt);
		const mine = [...matched].filter((eventId) => eventId.startsWith(`fx:${id}:`));
		const sets = allFixtures.filter((set) => set.hunt === id);
		const fires = sets.flatMap((set) => set.fires.map((_, i) => `fx:${id}:fires:${i}`));
		const quiet = sets.flatMap((set) => set.quiet.map((_, i) => `fx:${id}:quiet:${i}`));
		expect(fires.filter((eventId) => !matched.has(eventId)), 'positives not returned').toEqual([]);
		expect(quiet.filter((eventId) => matched.has(eventId)), 'negatives returned').toEqual([]);
		expect(mine.length).toBeGreaterThanOrEqual(fires.length);
	});

	it('has no hunt that fires on every event or on none', async () => {
		for (const hunt of hunts) {
			const matched = await matchedEventIds(store, hunt);
			expect(matched.size, `${hunt.id} matches nothing`).toBeGreaterThan(0);
			expect(matched.size, `${hunt.id} matches everything`).toBeLessThan(eventCount / 2);
		}
	});
});
