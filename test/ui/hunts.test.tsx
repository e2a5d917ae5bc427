import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {timeText} from '../../source/app/columns.js';
import {huntMatchKeysSql, loadHunts, type Hunt} from '../../source/hunts/index.js';
import {Params, whereFor, type Step} from '../../source/pivot/index.js';
import {generatedCase} from '../pivot/fixture.js';
import {cursorLine, KEY, renderApp, statusLine} from './render-app.js';

let app: Awaited<ReturnType<typeof renderApp>>;
let hunts: Hunt[];
let total: number;

const inView = (frame: string) => Number(/│ ([\d,]+) \/ [\d,]+ events/.exec(statusLine(frame))![1]!.replaceAll(',', ''));
const breadcrumb = (frame: string) => frame.split('\n')[0]!;

beforeAll(async () => {
	const {file, dir} = await generatedCase(1200, 13);
	// A folder with one malformed hunt file: it must show as a problem, not stop the screen.
	const extra = path.join(dir, 'more-hunts');
	mkdirSync(extra);
	writeFileSync(path.join(extra, 'broken-hunt.sql'), '-- id: broken-hunt\n-- title: no severity, no SQL\n');
	hunts = loadHunts({userDir: false}).hunts;
	app = await renderApp(file, {width: 140, height: 40}, {hunts: {extraDirs: [extra]}});
	total = inView(await app.ready());
});
afterAll(async () => {
	await app?.close();
});

/** Distinct matched events per hunt, straight from SQL. */
async function matchesBySql(hunt: Hunt): Promise<{event_key: string; event_time: string; event_name: string}[]> {
	return app.store.all(
		`SELECT event_key, strftime(event_time, '%Y-%m-%dT%H:%M:%SZ') AS event_time, event_name FROM events
		 WHERE event_key IN (${huntMatchKeysSql(hunt)}) ORDER BY event_time NULLS LAST, event_key`,
	);
}

describe('the hunts screen', () => {
	it('lists every hunt worst severity first with its match count, and a malformed file as a problem', async () => {
		const frame = await app.press('H');
		expect(frame).toMatch(/hunts {2}\d+ loaded, \d+ with matches, 1 problem/);
		const lines = frame.split('\n');
		const rows = lines.filter((l) => /^[▶ ] (critical|high|medium|low|info|-)\s/.test(l));
		const severities = rows.map((l) => /^[▶ ] (\S+)/.exec(l)![1]!);
		const rank = ['critical', 'high', 'medium', 'low', 'info', '-'];
		expect(severities.map((s) => rank.indexOf(s))).toEqual([...severities.map((s) => rank.indexOf(s))].sort((a, b) => a - b));
		// Counts on screen equal the SQL counts (hunts visible in the first screenful).
		let checked = 0;
		for (const hunt of hunts) {
			const line = rows.find((l) => l.includes(` ${hunt.id} `));
			if (!line) continue;
			const shown = /^[▶ ] \S+\s+([\d,]+)\s/.exec(line)?.[1];
			expect(shown, hunt.id).toBeDefined();
			expect(Number(shown!.replaceAll(',', '')), hunt.id).toBe((await matchesBySql(hunt)).length);
			checked++;
		}
		expect(checked).toBeGreaterThan(10);
		expect(frame).not.toMatch(/^[▶ ] \S+\s+…\s/m); // no hunt left uncounted
		// The problem row is at the end of the list; its reason shows under the list.
		await app.press('G');
		expect(cursorLine(app.frame())).toContain('broken-hunt.sql');
		expect(app.frame()).toMatch(/cannot be used: .*(severity|header|SQL)/);
		await app.press('g');
	});

	it('Enter filters the grid to exactly the hunt’s matched events; facets compose with it; Backspace pops it', async () => {
		// The first hunt with a few matches that fit on one screen.
		let chosen: Hunt | undefined;
		let expected: Awaited<ReturnType<typeof matchesBySql>> = [];
		for (const line of app.frame().split('\n')) {
			const m = /^[▶ ] \S+\s+(\d+)\s.*?\s([a-z0-9-]+) /.exec(line);
			if (!m || Number(m[1]) < 2 || Number(m[1]) > 20) continue;
			chosen = hunts.find((h) => line.includes(` ${h.id} `));
			if (chosen) break;
		}
		expect(chosen).toBeDefined();
		expected = await matchesBySql(chosen!);
		for (let i = 0; i < 60 && !cursorLine(app.frame()).includes(` ${chosen!.id} `); i++) await app.press('j');
		expect(cursorLine(app.frame())).toContain(chosen!.id);

		const filtered = await app.press(KEY.enter);
		expect(breadcrumb(filtered)).toContain(`hunt=${chosen!.id}`);
		expect(inView(filtered)).toBe(expected.length);
		const times = filtered.split('\n').map((l) => /^[▶ *#][ !*#](\d{4}-\d{2}-\d{2}T[\d:]{8}Z)/.exec(l)?.[1]).filter(Boolean);
		expect(times).toEqual(expected.map((e) => timeText(e.event_time)));

		// The view's SQL (as the grid builds it) selects the same keys as the hunt.
		const p = new Params();
		const steps: Step[] = [{kind: 'hunt', id: chosen!.id, keysSql: huntMatchKeysSql(chosen!)}];
		const viewKeys = await app.store.all<{event_key: string}>(`SELECT event_key FROM events WHERE ${whereFor(steps, p)} ORDER BY event_key`, p.values as never[]);
		expect(viewKeys.map((r) => r.event_key)).toEqual(expected.map((e) => e.event_key).sort());

		// Top values count within the hunt's matches.
		const facets = await app.press('f', KEY.tab, KEY.tab, KEY.tab, KEY.tab);
		expect(facets).toContain('[event]');
		const counts = facets.split('\n').filter((l) => /^[▶ ]\S.*\s[\d,]+\s+[\d.]+%/.test(l)).map((l) => Number(/\s([\d,]+)\s+[\d.]+%/.exec(l)![1]!.replaceAll(',', '')));
		expect(counts.reduce((a, b) => a + b, 0)).toBe(expected.length);
		await app.press(KEY.escape);

		const back = await app.press(KEY.backspace);
		expect(breadcrumb(back)).not.toContain('hunt=');
		expect(inView(back)).toBe(total);
	});

	it('keeps the counts for the session: reopening the screen runs nothing again', async () => {
		const again = await app.press('H');
		expect(again).toMatch(/\d+ loaded, \d+ with matches/);
		expect(again).not.toContain('counting');
		await app.press(KEY.escape);
		expect(app.frame()).toContain('time (UTC)');
	});

	it('a tag while hunts are counting reopens the case for writing, and the counting still completes', async () => {
		const before = /(\d+) with matches/.exec(await app.press('H'))![1];
		// R recounts everything; Esc leaves the screen while counting goes on; the tag reopens the case.
		await app.send('R', KEY.escape, 'a', ...'while-counting', KEY.enter, KEY.enter);
		await app.waitFor((f) => statusLine(f).includes('tagged 1 event'), 'the tag');
		expect(app.session.writable).toBe(true);
		const after = await app.press('H');
		expect(after).toMatch(new RegExp(`\\d+ loaded, ${before} with matches, 1 problem`));
		expect(after).not.toMatch(/^[▶ ] \S+\s+(error|…)\s/m);
		await app.press(KEY.escape);
	});
});
