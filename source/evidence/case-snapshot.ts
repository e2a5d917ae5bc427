import {randomBytes} from 'node:crypto';
import {rmSync} from 'node:fs';
import {copyFile} from 'node:fs/promises';
import type {CaseStore} from '../case/case-store.js';
import {TrailcaseError} from '../errors.js';

/** ATTACH takes no bound parameters, so the path goes in as a string literal with quotes doubled. */
function sqlString(text: string): string {
	return `'${text.replaceAll("'", "''")}'`;
}

function sqlIdentifier(name: string): string {
	return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Writes a consistent, self-contained copy of the open case to `file` (a new DuckDB file).
 *
 * A plain copy of the case file is only consistent when nothing can write while it is taken and the
 * write-ahead log has been folded in. `exclusive` asserts the first (the CLI: DuckDB's file lock keeps
 * every other process out, and this process runs nothing else); CHECKPOINT then does the second, and
 * the copy is a fast byte copy.
 *
 * Otherwise (the TUI, where other connections of the same instance may commit at any moment),
 * `COPY FROM DATABASE` reads the case in one transaction — a snapshot: work committed meanwhile is not
 * in it — through the instance that already holds the case, and DETACH checkpoints the copy into one
 * file with no WAL. It rewrites every row, so it is slower (about 10 s per 200k events on 2 cores).
 */
export async function snapshotCase(store: CaseStore, file: string, options: {exclusive?: boolean; signal?: AbortSignal} = {}): Promise<void> {
	const {signal} = options;
	if (options.exclusive) {
		await store.run('CHECKPOINT');
		await copyFile(store.path, file);
		return;
	}
	const conn = await store.connect();
	const alias = `trailcase_snapshot_${randomBytes(6).toString('hex')}`;
	const onAbort = () => conn.interrupt();
	signal?.addEventListener('abort', onAbort, {once: true});
	let attached = false;
	try {
		const current = await conn.runAndReadAll('SELECT current_database() AS db');
		const db = String(current.getRowObjectsJS()[0]?.['db']);
		await conn.run(`ATTACH ${sqlString(file)} AS ${sqlIdentifier(alias)}`);
		attached = true;
		await conn.run(`COPY FROM DATABASE ${sqlIdentifier(db)} TO ${sqlIdentifier(alias)}`);
		await conn.run(`DETACH ${sqlIdentifier(alias)}`);
		attached = false;
	} catch (error) {
		if (attached) await conn.run(`DETACH ${sqlIdentifier(alias)}`).catch(() => undefined);
		rmSync(file, {force: true});
		rmSync(`${file}.wal`, {force: true});
		if (signal?.aborted) throw new TrailcaseError('export interrupted while copying the case; nothing was written');
		const message = (error as Error).message;
		if (/external access|disabled by configuration/i.test(message)) {
			throw new TrailcaseError(`cannot copy the case: this case was opened without file access (sandbox); export needs a normally opened case (${message.split('\n')[0]})`);
		}
		throw error;
	} finally {
		signal?.removeEventListener('abort', onAbort);
		conn.closeSync();
	}
}
