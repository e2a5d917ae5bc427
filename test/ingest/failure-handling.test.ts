/**
 * How import behaves when things go wrong around it: a commit that fails, a repeat copy found in a later
 * run, a path that does not exist.
 */
import {spawn} from 'node:child_process';
import {copyFileSync, existsSync} from 'node:fs';
import path from 'node:path';
import {DuckDBInstance} from '@duckdb/node-api';
import {describe, expect, it} from 'vitest';
import {cliPath, repoRoot} from '../helpers/cli.js';
import {cli, gzip, importPaths, put, record, requireBuild, rows, tempDir, trailJson} from './helpers.js';

describe('import failure handling', () => {
	it('an already-present copy found in a later run keeps the facts of its bytes (kind, format, compression, content hash)', async () => {
		const dir = tempDir('trailcase-issue-facts-');
		const casePath = path.join(dir, 'case.duckdb');
		const original = put(dir, 'a/object.json.gz', gzip(trailJson([record('facts-1')])));
		await importPaths(casePath, [original]);
		const copy = path.join(dir, 'copy.json.gz');
		copyFileSync(original, copy);
		await importPaths(casePath, [copy]);
		const facts = `SELECT status, kind, format, compression, content_sha256, gzip_trailing_bytes FROM sources ORDER BY source_id`;
		const [first, later] = await rows(casePath, facts);
		// A copy found in the same run borrows the in-run original's parse; one found in a later run
		// must get the same facts from the original's sources row.
		expect(later).toEqual({...first, status: 'already-present'});
	});

	it('when a batch fails to commit, import exits 1 instead of hanging on its parse workers', async () => {
		requireBuild();
		const dir = tempDir('trailcase-issue-hang-');
		const casePath = path.join(dir, 'case.duckdb');
		expect((await cli(['import', '-c', casePath, put(dir, 'a.json', trailJson([record('hang-1')]))])).status).toBe(0);
		// Any commit failure will do (a full disk, an I/O error); a constraint the insert breaks is a
		// deterministic stand-in.
		const instance = await DuckDBInstance.create(casePath);
		const conn = await instance.connect();
		await conn.run(`DROP TABLE event_sources; CREATE TABLE event_sources (event_key VARCHAR CHECK (event_key = 'never'), source_id BIGINT, record_index INTEGER)`);
		conn.closeSync();
		instance.closeSync();
		const child = spawn(process.execPath, [cliPath, 'import', '-c', casePath, put(dir, 'b.json', trailJson([record('hang-2')]))], {cwd: repoRoot, stdio: 'ignore'});
		const outcome = await new Promise<number | string>((resolve) => {
			const timer = setTimeout(() => {
				child.kill('SIGKILL');
				resolve('still running after 8 s');
			}, 8000);
			child.on('exit', (code) => {
				clearTimeout(timer);
				resolve(code ?? -1);
			});
		});
		expect(outcome).toBe(1);
	});

	it('a usage error for a missing PATH does not leave a new empty case file behind', async () => {
		const dir = tempDir('trailcase-issue-usage-');
		const casePath = path.join(dir, 'never-created.duckdb');
		const result = await cli(['import', '-c', casePath, path.join(dir, 'no-such-folder')]);
		expect(result.status).toBe(2);
		expect(existsSync(casePath)).toBe(false);
	});
});
