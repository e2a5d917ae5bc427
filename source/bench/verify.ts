import {copyFileSync} from 'node:fs';
import path from 'node:path';
import {CaseStore} from '../case/case-store.js';
import {verifyCase} from '../verify/verify-case.js';
import type {BenchSection} from './context.js';

/**
 * `trailcase verify` over the imported 1M-event trail, in both modes: the default (log hashes
 * recomputed from the stored bytes) and --quick (hashes import recorded). Target: the default run
 * takes at most a third of the import time. Verify writes results, so it runs on a copy of the case.
 */
export const verifyBench: BenchSection = async (context) => {
	const caseFile = path.join(context.workDir, 'verify.duckdb');
	copyFileSync(context.caseFile, caseFile);
	const figures: Record<string, number | string | boolean> = {};
	for (const [label, rehash] of [['seconds', true], ['quickSeconds', false]] as const) {
		const store = await CaseStore.open(caseFile, {analyst: 'bench'});
		try {
			const started = performance.now();
			const {report} = await verifyCase(store, {analyst: 'bench', rehash});
			figures[label] = Number(((performance.now() - started) / 1000).toFixed(2));
			figures['passed'] = report.passed;
			figures['logFiles'] = report.logFiles.valid;
			figures['digests'] = report.digests.valid;
		} finally {
			store.close();
		}
	}
	figures['importSeconds'] = Number(context.importSeconds.toFixed(2));
	figures['fractionOfImport'] = Number(((figures['seconds'] as number) / context.importSeconds).toFixed(3));
	figures['targetMet'] = (figures['seconds'] as number) <= context.importSeconds / 3;
	context.log(`verify: ${figures['seconds']} s (quick ${figures['quickSeconds']} s) vs import ${figures['importSeconds']} s`);
	return figures;
};
