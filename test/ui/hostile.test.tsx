import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {KEYS, startHeadless} from '../../source/app/headless.js';
import {CaseStore} from '../../source/case/case-store.js';
import type {GenerateSummary} from '../../source/generator/generate.js';
import {generatedCase} from '../pivot/fixture.js';
import {KEY, renderApp} from './render-app.js';

// What the generator's attacker put in its user agent: an OSC 8 hyperlink and a clear-screen.
const RAW_SEQUENCES = ['\u001b]', '\u0007', '\u001b[2J', '\u009b', '\u202e'];

let file: string;
let trail: GenerateSummary;

beforeAll(async () => {
	({file, trail} = await generatedCase(800, 3));
	expect(trail.intrusion.escapeUserAgent).toContain('\u001b]8;;');
});

/** Every place the user agent can show: grid column and cell line, pivot chooser, facets, detail. */
async function tour(press: (...keys: string[]) => Promise<unknown>) {
	await press('/');
	await press('evil.example');
	await press(KEY.enter);
	for (let i = 0; i < 9; i++) await press('l'); // to the user agent column
	await press('p');
	await press(KEY.escape);
	await press('f');
	await press(KEY.escape);
	await press('d');
	await press(KEY.pageDown);
	await press(KEY.escape);
}

describe('hostile log data', () => {
	it('never reaches the terminal raw: the escape-carrying user agent is shown escaped everywhere', async () => {
		const app = await renderApp(file, {width: 240, height: 40});
		try {
			await app.ready();
			await tour((...keys) => app.press(...keys));
			const all = app.frames.join('\n');
			for (const sequence of RAW_SEQUENCES) expect(all.includes(sequence), JSON.stringify(sequence)).toBe(false);
			expect(all).toContain('\\x1b]8;;https://evil.example/\\x07aws-cli/2.15.0');
			expect(all).toContain('\\x1b[2J');
		} finally {
			await app.close();
		}
	});

	it('sends no escape sequence from the data through the real rendering path either', async () => {
		process.env['NODE_ENV'] ??= 'production';
		const store = await CaseStore.open(file, {readOnly: true});
		const app = await startHeadless(store, {width: 240, height: 40}, {keepRaw: true});
		try {
			await app.waitFor((f) => f.includes(' events │') && !f.includes('⋯'));
			const press = async (...keys: string[]) => {
				for (const key of keys) await app.press(key, {timeoutMs: 1500}).catch(() => undefined);
			};
			await tour(press);
			await press(KEYS.down);
			const raw = app.raw();
			for (const sequence of RAW_SEQUENCES) expect(raw.includes(sequence), JSON.stringify(sequence)).toBe(false);
			expect(raw).toContain('\\x1b]8;;https://evil.example/');
		} finally {
			await app.close();
			store.close();
		}
	});
});
