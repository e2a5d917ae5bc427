import {existsSync, lstatSync, readdirSync, readFileSync} from 'node:fs';
import {mkdir, mkdtemp, rename, rm} from 'node:fs/promises';
import path from 'node:path';
import {TrailcaseError} from '../errors.js';
import {escapeControls} from '../util/sanitize.js';
import {BUNDLE_FILES, BUNDLE_FORMAT} from './bundle-layout.js';

export interface BundleTarget {
	/** Absolute path of the final bundle folder. */
	out: string;
	/** Hidden sibling folder the bundle is written into; renamed to `out` only when complete. */
	staging: string;
	/** Moves the finished bundle into place (replacing a previous bundle when allowed). */
	commit(): Promise<void>;
	/** Removes the staging folder (after a failure or interruption). */
	discard(): Promise<void>;
}

/** Files (and folders) under `dir`, relative, `/`-separated; symlinks are listed, never followed. */
export function listEntries(dir: string, base = ''): string[] {
	const out: string[] = [];
	for (const name of readdirSync(path.join(dir, base)).sort()) {
		const rel = base ? `${base}/${name}` : name;
		const stat = lstatSync(path.join(dir, rel));
		if (stat.isDirectory()) {
			const inner = listEntries(dir, rel);
			out.push(...(inner.length > 0 ? inner : [`${rel}/`]));
		} else out.push(rel);
	}
	return out;
}

/** Names a previous bundle's manifest and SHA256SUMS account for, or undefined when `dir` is no bundle. */
function previousBundleFiles(dir: string): Set<string> | undefined {
	try {
		const manifest = JSON.parse(readFileSync(path.join(dir, BUNDLE_FILES.manifest), 'utf8')) as {format?: string; files?: {path: string}[]};
		if (manifest.format !== BUNDLE_FORMAT || !Array.isArray(manifest.files)) return undefined;
		const names = new Set([BUNDLE_FILES.manifest, BUNDLE_FILES.sums, BUNDLE_FILES.signature, ...manifest.files.map((f) => f.path)]);
		return names;
	} catch {
		return undefined;
	}
}

/**
 * Decides where a bundle may go. A missing or empty folder is fine. A non-empty folder is refused,
 * except a previous trailcase bundle with `force` — and only when it holds nothing but that bundle's
 * own files, so --force can never delete anything a person put there. The bundle is built in a hidden
 * sibling folder and renamed into place at the end: an interrupted export leaves `out` untouched.
 */
export async function prepareTarget(outArg: string, force: boolean, extraOutputs: readonly string[] = []): Promise<BundleTarget> {
	const out = path.resolve(outArg);
	const base = path.basename(out);
	if (!base || /[\\\n\r]/.test(base) || base.startsWith('.')) throw new TrailcaseError(`unusable bundle folder name ${escapeControls(JSON.stringify(base))}`);
	let replacing = false;
	if (existsSync(out) || isSymlink(out)) {
		const stat = lstatSync(out);
		if (!stat.isDirectory()) throw new TrailcaseError(`${escapeControls(out)} exists and is not a folder`);
		const entries = listEntries(out);
		if (entries.length > 0) {
			const bundle = previousBundleFiles(out);
			if (!bundle) throw new TrailcaseError(`${escapeControls(out)} is not empty and holds no trailcase bundle; choose a new or empty folder`);
			if (!force) throw new TrailcaseError(`${escapeControls(out)} holds a previous bundle; add --force to replace it`);
			const foreign = entries.filter((entry) => !bundle.has(entry));
			if (foreign.length > 0) {
				throw new TrailcaseError(`${escapeControls(out)} holds files that are not part of its bundle (${foreign.slice(0, 5).map((f) => escapeControls(f)).join(', ')}); not replacing it`);
			}
		}
		replacing = true;
	}
	for (const extra of extraOutputs) {
		if (existsSync(extra) && !force) throw new TrailcaseError(`${escapeControls(extra)} exists; add --force to replace it`);
	}
	const parent = path.dirname(out);
	await mkdir(parent, {recursive: true});
	const staging = await mkdtemp(path.join(parent, `.${base}.partial-`));
	return {
		out,
		staging,
		async commit() {
			if (replacing) {
				const old = await mkdtemp(path.join(parent, `.${base}.replaced-`));
				await rename(out, path.join(old, 'bundle'));
				await rename(staging, out);
				await rm(old, {recursive: true, force: true});
			} else {
				await rename(staging, out);
			}
		},
		async discard() {
			await rm(staging, {recursive: true, force: true});
		},
	};
}

function isSymlink(file: string): boolean {
	try {
		return lstatSync(file).isSymbolicLink();
	} catch {
		return false;
	}
}
