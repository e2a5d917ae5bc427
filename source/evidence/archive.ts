import {rename, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {create} from 'tar';
import {hashFile} from './hashing.js';

export interface ArchiveResult {
	file: string;
	sha256: string;
	size: number;
	/** `<file>.sha256`, one coreutils line: `sha256sum -c` it next to the archive. */
	sumFile: string;
}

export function archivePaths(bundleDir: string): {file: string; sumFile: string} {
	const file = `${bundleDir}.tar.gz`;
	return {file, sumFile: `${file}.sha256`};
}

/**
 * Packs the finished bundle folder as `<dir>.tar.gz` (entries under `<dir-name>/`, no owner names or
 * ids) and writes its SHA-256 next to it. Written under a temporary name and renamed, so a partial
 * archive never carries the final name.
 */
export async function archiveBundle(bundleDir: string): Promise<ArchiveResult> {
	const {file, sumFile} = archivePaths(bundleDir);
	const partial = `${file}.partial`;
	try {
		await create({gzip: true, file: partial, cwd: path.dirname(bundleDir), portable: true}, [path.basename(bundleDir)]);
		await rename(partial, file);
	} finally {
		await rm(partial, {force: true});
	}
	const {sha256, size} = await hashFile(file);
	await writeFile(sumFile, `${sha256}  ${path.basename(file)}\n`);
	return {file, sha256, size, sumFile};
}
