import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {GenerateSummary} from '../../source/generator/generate.js';
import {generatedCase} from '../pivot/fixture.js';
import {cursorLine, KEY, renderApp, statusLine} from './render-app.js';

let file: string;
let trail: GenerateSummary;
let app: Awaited<ReturnType<typeof renderApp>>;

beforeAll(async () => {
	({file, trail} = await generatedCase(1200, 9));
	app = await renderApp(file);
	await app.ready();
});
afterAll(async () => {
	await app?.close();
});

const inView = (frame: string) => Number(/│ ([\d,]+) \/ [\d,]+ events/.exec(statusLine(frame))![1]!.replaceAll(',', ''));
const breadcrumb = (frame: string) => frame.split('\n')[0]!;

describe('the events grid', () => {
	it('shows the columns, the case name, events in view / total, and no filters', () => {
		const frame = app.frame();
		for (const title of ['time (UTC)', 'account', 'principal', 'event', 'source IP', 'region', 'error', 'resource']) expect(frame).toContain(title);
		expect(statusLine(frame)).toMatch(/^ case │ ([\d,]+) \/ \1 events │ no filters │ query \d+ ms/);
		expect(breadcrumb(frame)).toContain('all events');
	});

	it('moves the cursor down, a page down, to the end and back to the start', async () => {
		const first = cursorLine(app.frame());
		expect(first).not.toBe('');
		const second = cursorLine(await app.press('j'));
		expect(second).not.toBe(first);
		expect(cursorLine(await app.press('k'))).toBe(first);
		const end = await app.press('G');
		const lastTime = /\d{4}-\d{2}-\d{2}T[\d:]{8}Z/.exec(cursorLine(end))![0];
		expect(lastTime >= /\d{4}-\d{2}-\d{2}T[\d:]{8}Z/.exec(first)![0]).toBe(true);
		expect(cursorLine(await app.press('g'))).toBe(first);
	});

	it('pivots on the principal under the cursor and pops back', async () => {
		const total = inView(app.frame());
		await app.press('l', 'l'); // account, principal
		expect(app.frame()).toMatch(/principal: arn:aws/);
		const pivoted = await app.press(KEY.enter);
		expect(breadcrumb(pivoted)).toMatch(/all events › principal=/);
		expect(inView(pivoted)).toBeLessThan(total);
		expect(statusLine(pivoted)).toContain('1 filter');
		const back = await app.press(KEY.backspace);
		expect(breadcrumb(back)).not.toContain('principal=');
		expect(inView(back)).toBe(total);
		await app.press('h', 'h');
	});

	it('searches, shows how many events match, and applies the search as a filter', async () => {
		await app.press('/');
		for (const ch of trail.intrusion.attackerIp) await app.press(ch);
		const typed = await app.waitFor((f) => /matching events/.test(f), 'the match count');
		const matches = Number(/([\d,]+) matching events/.exec(typed)![1]!.replaceAll(',', ''));
		expect(matches).toBeGreaterThan(30);
		const applied = await app.press(KEY.enter);
		expect(breadcrumb(applied)).toContain(`/${trail.intrusion.attackerIp}`);
		expect(inView(applied)).toBe(matches);
		expect(cursorLine(applied)).toContain(trail.intrusion.attackerIp);
	});

	it('opens a facet pane, switches facets, and pivots on a row', async () => {
		const facets = await app.press('f');
		expect(facets).toContain('[principal]');
		expect(facets).toMatch(/top \d+ of \d+ values/);
		const events = await app.press(KEY.tab, KEY.tab, KEY.tab, KEY.tab);
		expect(events).toContain('[event]');
		const firstValue = events.split('\n').find((l) => l.startsWith('▶'))!;
		const count = Number(/\s([\d,]+)\s+[\d.]+%/.exec(firstValue)![1]!.replaceAll(',', ''));
		const pivoted = await app.press(KEY.enter);
		expect(breadcrumb(pivoted)).toMatch(/› event=/);
		expect(inView(pivoted)).toBe(count);
		await app.press(KEY.backspace);
	});

	it('shows a histogram, zooms into a bucket and back out', async () => {
		const before = inView(app.frame());
		const h = await app.press('t');
		expect(h).toMatch(/(\d+ (s|min|h|d)) buckets, peak/);
		const zoomed = await app.press(KEY.enter);
		expect(breadcrumb(zoomed)).toMatch(/› \d{4}-\d{2}-\d{2}T[\d:]+Z\.\.\d{4}/);
		expect(inView(zoomed)).toBeLessThanOrEqual(before);
		const out = await app.press('-');
		expect(inView(out)).toBe(before);
		await app.press(KEY.escape);
	});

	it('opens the detail view with the original record and its validation status', async () => {
		const detail = await app.press('d');
		expect(detail).toContain('"eventVersion"');
		expect(detail).toMatch(/validation: (not verified|valid|unverified|modified|appended|not covered)/);
		expect(detail).toContain('AWSLogs/');
		const scrolled = await app.press(KEY.pageDown);
		expect(scrolled).not.toBe(detail);
		await app.press(KEY.escape);
		expect(app.frame()).toContain('time (UTC)');
	});

	it('goes ±15 minutes around an event, over all events, and back', async () => {
		const filtered = inView(app.frame());
		const around = await app.press('z');
		expect(breadcrumb(around)).toContain('±15m');
		expect(inView(around)).toBeGreaterThan(filtered);
		expect(await app.press(KEY.backspace).then(inView)).toBe(filtered);
	});

	it('shows help generated from the key registry; q closes it, then clears nothing else', async () => {
		const help = await app.press('?');
		expect(help).toContain('Pivot');
		expect(help).toContain('filter on the value under the cursor');
		await app.press('q');
		expect(app.frame()).toContain('time (UTC)');
		expect(app.exited()).toBe(false);
	});

	it('x clears every filter; q quits', async () => {
		const cleared = await app.press('x');
		expect(statusLine(cleared)).toContain('no filters');
		// Quitting unmounts the app: wait for the exit itself, not for a settled frame.
		await app.send('q');
		await app.waitFor(() => app.exited(), 'the workbench to exit');
		expect(app.exited()).toBe(true);
	});
});
