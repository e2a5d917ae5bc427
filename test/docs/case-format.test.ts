import {mkdtempSync, readFileSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {CaseStore} from '../../source/case/case-store.js';
import {repoRoot} from '../helpers/cli.js';

const doc = readFileSync(path.join(repoRoot, 'docs', 'case-format.md'), 'utf8');

describe('docs/case-format.md', () => {
	it('documents every table, view and column a new case has', async () => {
		const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'trailcase-format-')), 'case.duckdb');
		const store = await CaseStore.open(file, {create: true, analyst: 'doc-test'});
		try {
			const columns = await store.all<{table_name: string; column_name: string}>(
				`SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main' ORDER BY table_name, ordinal_position`,
			);
			expect(columns.length).toBeGreaterThan(50);
			const undocumented = new Set<string>();
			for (const {table_name: table, column_name: column} of columns) {
				if (!doc.includes(`### \`${table}\``)) undocumented.add(`table ${table}`);
				if (!doc.includes(`\`${column}\``)) undocumented.add(`${table}.${column}`);
			}
			expect([...undocumented]).toEqual([]);
		} finally {
			store.close();
		}
	});
});
