import {existsSync, readdirSync, readFileSync, statSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import {HuntError, type Hunt, type HuntProblem} from './hunt.js';
import {parseHunt} from './parse-hunt.js';

/** The hunts shipped with trailcase: `queries/` at the package root (same depth from source/ and dist/). */
export function builtInQueriesDir(): string {
	return fileURLToPath(new URL('../../queries/', import.meta.url));
}

/** The analyst's own hunts: `$XDG_CONFIG_HOME/trailcase/queries`, else `~/.config/trailcase/queries`. */
export function userQueriesDir(env: NodeJS.ProcessEnv = process.env): string {
	const config = env['XDG_CONFIG_HOME']?.trim() ? env['XDG_CONFIG_HOME'] : path.join(os.homedir(), '.config');
	return path.join(config, 'trailcase', 'queries');
}

export interface LoadHuntsOptions {
	/** Extra folders (`--queries DIR`), read after the built-in and user folders. */
	extraDirs?: readonly string[];
	/** Default: the built-in folder. Tests point this elsewhere. */
	builtInDir?: string;
	/** Default: `userQueriesDir()`; `false` skips it. */
	userDir?: string | false;
}

export interface LoadedHunts {
	hunts: Hunt[];
	/** Files that could not be used, each with a message naming what is wrong. */
	problems: HuntProblem[];
	/** Folders that were read, in order. */
	directories: string[];
}

/**
 * Reads every `*.sql` file of the built-in folder, the user folder and any extra folders. A file that
 * cannot be parsed becomes a problem and the rest still load; an id used twice keeps the first file
 * and reports the second (copy a hunt under a new id to change it).
 */
export function loadHunts(options: LoadHuntsOptions = {}): LoadedHunts {
	const folders = [options.builtInDir ?? builtInQueriesDir()];
	const user = options.userDir === undefined ? userQueriesDir() : options.userDir;
	if (user) folders.push(user);
	folders.push(...(options.extraDirs ?? []));
	const result: LoadedHunts = {hunts: [], problems: [], directories: []};
	const byId = new Map<string, Hunt>();
	const seen = new Set<string>();
	for (const folder of folders) {
		const dir = path.resolve(folder);
		if (seen.has(dir) || !isDirectory(dir)) continue;
		seen.add(dir);
		result.directories.push(dir);
		const files = readdirSync(dir).filter((name) => name.toLowerCase().endsWith('.sql')).sort();
		for (const name of files) {
			const file = path.join(dir, name);
			try {
				const hunt = parseHunt(readFileSync(file, 'utf8'), file);
				const earlier = byId.get(hunt.id);
				if (earlier) throw new HuntError(file, `id "${hunt.id}" is already used by ${earlier.file}`, hunt.id);
				byId.set(hunt.id, hunt);
				result.hunts.push(hunt);
			} catch (error) {
				if (error instanceof HuntError) result.problems.push({file, id: error.id, message: error.reason});
				else result.problems.push({file, id: name.replace(/\.sql$/i, ''), message: `cannot be read: ${(error as Error).message}`});
			}
		}
	}
	return result;
}

function isDirectory(dir: string): boolean {
	return existsSync(dir) && statSync(dir).isDirectory();
}
