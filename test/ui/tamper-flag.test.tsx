import {describe, expect, it} from 'vitest';
import {CaseStore} from '../../source/case/case-store.js';
import {generatedCase} from '../pivot/fixture.js';
import {renderApp} from './render-app.js';

describe('events from files that failed verification', () => {
	it('are flagged with ! in the grid, and the cell line says why', async () => {
		const {file} = await generatedCase(300, 4);
		const store = await CaseStore.open(file);
		const first = await store.one<{source_id: bigint}>(`SELECT source_id FROM events ORDER BY event_time, event_key LIMIT 1`);
		await store.run(`UPDATE sources SET validation = 'modified' WHERE source_id = $1`, [first!.source_id]);
		const flaggedCount = Number((await store.one<{n: bigint}>(`SELECT count(*) AS n FROM events WHERE source_id = $1`, [first!.source_id]))!.n);
		store.close();

		const app = await renderApp(file);
		try {
			const frame = await app.ready();
			expect(frame).toMatch(/^▶!/m);
			expect(frame).toContain('! source file MODIFIED (trailcase verify)');
			const flaggedRows = frame.split('\n').filter((line) => /^[▶ ]!\d{4}-/.test(line)).length;
			expect(flaggedRows).toBeGreaterThan(0);
			expect(flaggedRows).toBeLessThanOrEqual(flaggedCount);
			const unflagged = await app.press('G');
			expect(unflagged).not.toMatch(/^▶!/m);
		} finally {
			await app.close();
		}
	});
});
