import {readdirSync, statSync} from 'node:fs';
import path from 'node:path';
import {UsageError} from '../errors.js';

/**
 * Every regular file under the given paths (folders recursively), sorted so that runs are
 * deterministic. Symbolic links to folders are not followed (a loop would never end).
 */
export function listInputFiles(inputs: readonly string[]): string[] {
	const files = new Set<string>();
	const visit = (entry: string): void => {
		const stats = statSync(entry, {throwIfNoEntry: false});
		if (!stats) throw new UsageError(`No such file or folder: ${entry}`);
		if (stats.isFile()) {
			files.add(path.resolve(entry));
			return;
		}
		if (!stats.isDirectory()) return;
		for (const child of readdirSync(entry, {withFileTypes: true})) {
			const full = path.join(entry, child.name);
			if (child.isDirectory()) visit(full);
			else if (child.isFile() || child.isSymbolicLink()) {
				const target = statSync(full, {throwIfNoEntry: false});
				if (target?.isFile()) files.add(path.resolve(full));
			}
		}
	};
	for (const input of inputs) visit(input);
	return [...files].sort();
}

/** The part of a path that follows CloudTrail's layout (`AWSLogs/...`), used to match digest entries. */
export function layoutKey(file: string): string | undefined {
	const normalized = file.split(path.sep).join('/');
	const at = normalized.lastIndexOf('/AWSLogs/');
	if (at >= 0) return normalized.slice(at + 1);
	return normalized.startsWith('AWSLogs/') ? normalized : undefined;
}
