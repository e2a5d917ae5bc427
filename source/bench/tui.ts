import {CaseStore} from '../case/case-store.js';
import type {Headless} from '../app/headless.js';
import type {BenchFigures, BenchSection} from './context.js';

/** Targets from issue 5: key-to-frame p95 for scrolling and for pivots/facets/histograms, and RSS. */
export const TUI_TARGETS = {scrollP95Ms: 100, pivotP95Ms: 300, facetP95Ms: 300, histogramP95Ms: 300, rssMb: 500};

const SIZE = {width: 120, height: 40};

function percentile(values: number[], p: number): number {
	if (values.length === 0) return Number.NaN;
	const sorted = [...values].sort((a, b) => a - b);
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const round = (n: number) => Math.round(n * 10) / 10;

function summarise(name: string, samples: number[]): BenchFigures {
	return {
		[`${name}_n`]: samples.length,
		[`${name}_p50_ms`]: round(percentile(samples, 50)),
		[`${name}_p95_ms`]: round(percentile(samples, 95)),
		[`${name}_max_ms`]: round(Math.max(...samples)),
	};
}

async function repeat(app: Headless, key: string, times: number, into: number[]): Promise<void> {
	for (let i = 0; i < times; i++) into.push(await app.press(key));
}

/** An unmeasured key that may change nothing on screen (a cursor already at the edge). */
async function tap(app: Headless, key: string): Promise<void> {
	await app.press(key, {timeoutMs: 1500}).catch(() => undefined);
}

/**
 * Drives the real app (Ink rendering included) on the benchmark case at 120x40 and measures
 * key-to-frame latency: from writing the key to stdin until a frame shows its result with nothing
 * on screen still waiting for a query.
 */
export const tuiBench: BenchSection = async ({caseFile, events, log}) => {
	// As in `trailcase open`: React's production build, loaded only now.
	process.env['NODE_ENV'] ??= 'production';
	const {KEYS, startHeadless} = await import('../app/headless.js');
	const store = await CaseStore.open(caseFile, {readOnly: true});
	let rssMax = process.memoryUsage().rss;
	const sampler = setInterval(() => {
		rssMax = Math.max(rssMax, process.memoryUsage().rss);
	}, 25);
	const scroll: number[] = [];
	const pivot: number[] = [];
	const facet: number[] = [];
	const histogram: number[] = [];
	const search: number[] = [];
	const detail: number[] = [];
	try {
		const opened = performance.now();
		const app = await startHeadless(store, SIZE);
		await app.waitFor((frame) => /[\d,]+ \/ [\d,]+ events/.test(frame) && !frame.includes('⋯'));
		const openMs = performance.now() - opened;
		log(`tui: first frame with data after ${Math.round(openMs)} ms`);

		// Scrolling: rows, pages, both ends, and back up (crossing page loads each way).
		await repeat(app, 'j', 150, scroll);
		await repeat(app, KEYS.pageDown, 40, scroll);
		await repeat(app, KEYS.pageUp, 20, scroll);
		scroll.push(await app.press('G'));
		await repeat(app, 'k', 60, scroll);
		await repeat(app, KEYS.pageUp, 20, scroll);
		scroll.push(await app.press('g'));
		log(`tui: scrolling p95 ${round(percentile(scroll, 95))} ms over ${scroll.length} keys`);

		// Pivots from the grid: principal, IP, event and role on several rows, and back each time.
		for (let i = 0; i < 4; i++) {
			await repeat(app, KEYS.pageDown, 3, scroll);
			await tap(app, 'l'); // account
			await tap(app, 'l'); // principal
			pivot.push(await app.press(KEYS.enter));
			pivot.push(await app.press(KEYS.backspace));
			await tap(app, 'l'); // event
			pivot.push(await app.press(KEYS.enter));
			await tap(app, 'l'); // source IP
			pivot.push(await app.press(KEYS.enter));
			pivot.push(await app.press(KEYS.backspace));
			pivot.push(await app.press(KEYS.backspace));
			for (let i = 0; i < 4; i++) await tap(app, 'h');
			pivot.push(await app.press('z')); // ±15 minutes around the event
			pivot.push(await app.press(KEYS.backspace));
		}
		log(`tui: pivots p95 ${round(percentile(pivot, 95))} ms`);

		// Facet panes over the whole case and over a pivot, every facet.
		for (const filtered of [false, true]) {
			if (filtered) {
				await tap(app, 'l');
				await tap(app, 'l');
				await tap(app, KEYS.enter);
				await tap(app, 'h');
				await tap(app, 'h');
			}
			facet.push(await app.press('f'));
			await repeat(app, KEYS.tab, 5, facet);
			facet.push(await app.press(KEYS.enter)); // pivot on the top value of the last facet
			facet.push(await app.press(KEYS.backspace));
			if (filtered) await tap(app, KEYS.backspace);
		}
		log(`tui: facets p95 ${round(percentile(facet, 95))} ms`);

		// Histogram: open, zoom twice (bucket, then a marked range), zoom out, close.
		for (let i = 0; i < 3; i++) {
			histogram.push(await app.press('t'));
			await tap(app, 'l');
			histogram.push(await app.press(KEYS.enter));
			await tap(app, 'v');
			await tap(app, 'l');
			await tap(app, 'l');
			histogram.push(await app.press(KEYS.enter));
			histogram.push(await app.press('-'));
			histogram.push(await app.press('-'));
			await tap(app, KEYS.escape);
		}
		log(`tui: histogram p95 ${round(percentile(histogram, 95))} ms`);

		// Search: type a query (as a paste), apply it, back out.
		for (const text of ['GetObject', 'assumed-role', '203.0.113']) {
			await tap(app, '/');
			await tap(app, text);
			search.push(await app.press(KEYS.enter));
			await tap(app, KEYS.backspace);
		}
		// Detail: the original record of a few events.
		for (let i = 0; i < 5; i++) {
			await repeat(app, KEYS.pageDown, 2, scroll);
			detail.push(await app.press('d'));
			await tap(app, KEYS.escape);
		}
		await app.close();
		return {
			tui_events: events,
			tui_open_ms: Math.round(openMs),
			...summarise('tui_scroll', scroll),
			...summarise('tui_pivot', pivot),
			...summarise('tui_facet', facet),
			...summarise('tui_histogram', histogram),
			...summarise('tui_search', search),
			...summarise('tui_detail', detail),
			tui_rss_max_mb: Math.round(rssMax / 1e6),
			tui_scroll_ok: percentile(scroll, 95) <= TUI_TARGETS.scrollP95Ms,
			tui_pivot_ok: percentile(pivot, 95) <= TUI_TARGETS.pivotP95Ms,
			tui_facet_ok: percentile(facet, 95) <= TUI_TARGETS.facetP95Ms,
			tui_histogram_ok: percentile(histogram, 95) <= TUI_TARGETS.histogramP95Ms,
			tui_rss_ok: rssMax / 1e6 <= TUI_TARGETS.rssMb,
		};
	} finally {
		clearInterval(sampler);
		store.close();
	}
};
