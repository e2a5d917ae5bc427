import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {BUNDLE_FILES, BUNDLE_FORMAT, FILE_DESCRIPTIONS} from './bundle-layout.js';
import {listEntries} from './bundle-target.js';
import {hashFile} from './hashing.js';
import type {SelectionRecord} from './selection.js';
import {signBytes, type SigningKey} from './signing-key.js';

export interface ManifestFile {
	path: string;
	size: number;
	sha256: string;
	description?: string;
}

export interface Manifest {
	format: typeof BUNDLE_FORMAT;
	caseId: string;
	/** File name of the case the bundle came from (the path stays on the analyst's machine). */
	caseFile: string;
	/** Audit log seq of this export in the source case. */
	exportAuditSeq: number;
	analyst: string;
	createdAt: string;
	toolVersion: string;
	selection: SelectionRecord;
	counts: Record<string, number | null>;
	/** The latest trailcase verify run on the case, when there was one. */
	verification: Record<string, unknown> | null;
	signature: {algorithm: 'ed25519'; file: string; publicKeyFile: string; publicKeySha256: string} | null;
	/** Every file of the bundle except manifest.json itself, SHA256SUMS and the signature. */
	files: ManifestFile[];
}

export type ManifestBody = Omit<Manifest, 'format' | 'files' | 'signature'>;

/**
 * Seals a finished bundle folder: hashes every file into manifest.json, signs the manifest when a
 * key is given, and writes SHA256SUMS (coreutils format, every file but itself) last, so
 * `sha256sum -c SHA256SUMS` checks the whole bundle, manifest and signature included.
 */
export async function sealBundle(dir: string, body: ManifestBody, key?: SigningKey, onFile?: (name: string) => void): Promise<Manifest> {
	if (key) await writeFile(path.join(dir, BUNDLE_FILES.publicKey), key.publicKeyPem, {flag: 'wx'});
	const files: ManifestFile[] = [];
	for (const name of listEntries(dir)) {
		onFile?.(name);
		files.push({path: name, ...(await hashFile(path.join(dir, name))), description: FILE_DESCRIPTIONS[name]});
	}
	const manifest: Manifest = {
		format: BUNDLE_FORMAT,
		...body,
		signature: key ? {algorithm: 'ed25519', file: BUNDLE_FILES.signature, publicKeyFile: BUNDLE_FILES.publicKey, publicKeySha256: key.publicKeySha256} : null,
		files,
	};
	const bytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`, 'utf8');
	await writeFile(path.join(dir, BUNDLE_FILES.manifest), bytes, {flag: 'wx'});
	if (key) await writeFile(path.join(dir, BUNDLE_FILES.signature), signBytes(key, bytes), {flag: 'wx'});
	const sums: string[] = [];
	const known = new Map(files.map((f) => [f.path, f.sha256]));
	for (const name of listEntries(dir)) sums.push(`${known.get(name) ?? (await hashFile(path.join(dir, name))).sha256}  ${name}\n`);
	await writeFile(path.join(dir, BUNDLE_FILES.sums), sums.join(''), {flag: 'wx'});
	return manifest;
}

/** Parses SHA256SUMS lines (`HEX  NAME` or `HEX *NAME`); lines that do not parse come back as problems. */
export function parseSums(text: string): {entries: Map<string, string>; problems: string[]} {
	const entries = new Map<string, string>();
	const problems: string[] = [];
	text.split('\n').forEach((line, index) => {
		if (line === '') return;
		const match = /^([0-9a-f]{64}) [ *](.+)$/.exec(line);
		if (!match) problems.push(`SHA256SUMS line ${index + 1} is not "<sha256>  <file>"`);
		else entries.set(match[2]!, match[1]!);
	});
	return {entries, problems};
}
