import {CaseStore} from '../case/case-store.js';
import {loadHunts} from '../hunts/load-hunts.js';
import {runHunts} from '../hunts/run-hunts.js';
import type {BenchFigures, BenchSection} from './context.js';

/** Target: every shipped hunt over the 1M-event case in at most 10 s in total. */
const TARGET_SECONDS = 10;

/**
 * Bench section: all shipped hunts (queries/*.sql) over the imported 1M-event case, as `trailcase hunt`
 * runs them (read-only, sandboxed, one connection, one hunt after another). The first pass runs on a
 * freshly opened case (cold); a second pass shows the warm figure. Reports per-hunt milliseconds of the
 * cold pass and the totals.
 */
export const huntsBench: BenchSection = async (context) => {
	const {hunts, problems} = loadHunts({userDir: false});
	const store = await CaseStore.open(context.caseFile, {readOnly: true, sandbox: true});
	const figures: BenchFigures = {hunts: hunts.length, malformed: problems.length};
	try {
		const passes: number[] = [];
		for (const pass of ['cold', 'warm'] as const) {
			const started = performance.now();
			const outcomes = await runHunts(store.conn, hunts);
			passes.push((performance.now() - started) / 1000);
			if (pass === 'warm') continue;
			for (const outcome of outcomes) {
				figures[`ms.${outcome.hunt.id}`] = outcome.summary?.milliseconds ?? `error: ${outcome.error}`;
			}
			const timed = outcomes.filter((outcome) => outcome.summary);
			const slowest = timed.reduce((a, b) => (b.summary!.milliseconds > a.summary!.milliseconds ? b : a), timed[0]!);
			figures['failed'] = outcomes.length - timed.length;
			figures['withMatches'] = timed.filter((outcome) => outcome.summary!.matches > 0).length;
			figures['slowest'] = `${slowest.hunt.id} (${slowest.summary!.milliseconds} ms)`;
		}
		figures['events'] = context.events;
		figures['totalSeconds'] = Number(passes[0]!.toFixed(2));
		figures['warmTotalSeconds'] = Number(passes[1]!.toFixed(2));
		figures['targetSeconds'] = TARGET_SECONDS;
		figures['targetMet'] = passes[0]! <= TARGET_SECONDS;
		context.log(`hunts: ${hunts.length} hunts in ${figures['totalSeconds']} s (warm ${figures['warmTotalSeconds']} s), slowest ${figures['slowest']}`);
	} finally {
		store.close();
	}
	return figures;
};
