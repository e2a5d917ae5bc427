import {existsSync, lstatSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {TrailcaseError} from '../errors.js';
import {escapeControls} from '../util/sanitize.js';
import {BUNDLE_FILES, BUNDLE_FORMAT, SAFE_BUNDLE_NAME} from './bundle-layout.js';
import {listEntries} from './bundle-target.js';
import {hashFile} from './hashing.js';
import {parseSums, type Manifest} from './manifest.js';
import {verifySignature} from './signing-key.js';

export interface BundleCheck {
	ok: boolean;
	/** Files whose bytes differ from what the manifest or SHA256SUMS records (or that are not regular files). */
	changed: string[];
	missing: string[];
	/** Files in the folder that neither the manifest nor SHA256SUMS lists. */
	extra: string[];
	/** Anything else wrong: unreadable manifest, unsafe names, an invalid signature. */
	problems: string[];
	/** Files checked against a recorded hash. */
	checked: number;
	signature: {state: 'absent' | 'valid' | 'invalid'; publicKeySha256?: string; keyFrom?: 'bundle' | 'argument'};
	caseId?: string;
	createdAt?: string;
	analyst?: string;
}

function readManifest(dir: string, problems: string[]): Manifest | undefined {
	const file = path.join(dir, BUNDLE_FILES.manifest);
	if (!existsSync(file)) return undefined;
	try {
		const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
		if (manifest.format !== BUNDLE_FORMAT || !Array.isArray(manifest.files)) {
			problems.push(`manifest.json is not a ${BUNDLE_FORMAT} manifest`);
			return undefined;
		}
		return manifest;
	} catch (error) {
		problems.push(`manifest.json cannot be read: ${(error as Error).message}`);
		return undefined;
	}
}

/**
 * Checks a bundle folder against its manifest and SHA256SUMS: every recorded file must exist as a
 * regular file with the recorded size and SHA-256, nothing else may be in the folder, and the two
 * records must agree. With a signature, manifest.json must verify (against `publicKeyFile` when
 * given, else the key in the bundle — which proves integrity, not who signed).
 */
export async function verifyBundle(dirArg: string, options: {publicKeyFile?: string} = {}): Promise<BundleCheck> {
	const dir = path.resolve(dirArg);
	if (!existsSync(dir) || !lstatSync(dir).isDirectory()) throw new TrailcaseError(`${escapeControls(dir)} is not a folder`);
	const check: BundleCheck = {ok: false, changed: [], missing: [], extra: [], problems: [], checked: 0, signature: {state: 'absent'}};
	const manifest = readManifest(dir, check.problems);
	const sumsFile = path.join(dir, BUNDLE_FILES.sums);
	const sums = existsSync(sumsFile) ? parseSums(readFileSync(sumsFile, 'utf8')) : undefined;
	if (!manifest && !check.problems.length) check.missing.push(BUNDLE_FILES.manifest);
	if (!sums) check.missing.push(BUNDLE_FILES.sums);
	check.problems.push(...(sums?.problems ?? []));
	const recorded = new Map<string, {sha256?: string; size?: number; sums?: string}>();
	for (const f of manifest?.files ?? []) recorded.set(String(f.path), {sha256: f.sha256, size: f.size});
	for (const [name, sha256] of sums?.entries ?? []) recorded.set(name, {...recorded.get(name), sums: sha256});
	for (const [name, entry] of [...recorded].sort(([a], [b]) => a.localeCompare(b))) {
		if (!SAFE_BUNDLE_NAME.test(name) || name === BUNDLE_FILES.sums) {
			check.problems.push(`unsafe or unexpected file name recorded: ${escapeControls(JSON.stringify(name))}`);
			continue;
		}
		const file = path.join(dir, name);
		if (!existsSync(file) && !isLink(file)) {
			check.missing.push(name);
			continue;
		}
		if (!lstatSync(file).isFile()) {
			check.changed.push(name);
			continue;
		}
		const actual = await hashFile(file);
		check.checked++;
		const manifestSays = entry.sha256 !== undefined && (entry.sha256 !== actual.sha256 || entry.size !== actual.size);
		const sumsSay = entry.sums !== undefined && entry.sums !== actual.sha256;
		if (manifestSays || (sumsSay && entry.sha256 === undefined)) check.changed.push(name);
		else if (sumsSay) check.changed.push(BUNDLE_FILES.sums);
		if (manifest && sums && name !== BUNDLE_FILES.manifest && (entry.sha256 === undefined) !== (entry.sums === undefined) && !unsignedExtras(name, entry)) {
			check.problems.push(`${name} is listed in only one of manifest.json and SHA256SUMS`);
		}
	}
	const known = new Set([...recorded.keys(), BUNDLE_FILES.manifest, BUNDLE_FILES.sums]);
	check.extra = listEntries(dir).filter((entry) => !known.has(entry)).map((entry) => escapeControls(entry));
	checkSignature(dir, manifest, options.publicKeyFile, check);
	check.changed = [...new Set(check.changed)].sort();
	check.missing = [...new Set(check.missing)].sort();
	check.ok = check.changed.length + check.missing.length + check.extra.length + check.problems.length === 0;
	if (manifest) Object.assign(check, {caseId: manifest.caseId, createdAt: manifest.createdAt, analyst: manifest.analyst});
	return check;
}

/** The signature file is made after the manifest, so only SHA256SUMS can list it. */
function unsignedExtras(name: string, entry: {sha256?: string}): boolean {
	return name === BUNDLE_FILES.signature && entry.sha256 === undefined;
}

function checkSignature(dir: string, manifest: Manifest | undefined, publicKeyFile: string | undefined, check: BundleCheck): void {
	const sigFile = path.join(dir, BUNDLE_FILES.signature);
	const expected = Boolean(manifest?.signature) || existsSync(sigFile);
	if (!expected) {
		if (publicKeyFile) check.problems.push('a public key was given but the bundle is not signed');
		return;
	}
	if (!existsSync(sigFile) || !existsSync(path.join(dir, BUNDLE_FILES.manifest))) return; // already reported missing
	const keyFile = publicKeyFile ?? path.join(dir, BUNDLE_FILES.publicKey);
	let pem: string;
	try {
		pem = readFileSync(keyFile, 'utf8');
	} catch {
		check.problems.push(`cannot read public key ${escapeControls(keyFile)}`);
		check.signature = {state: 'invalid'};
		return;
	}
	const result = verifySignature(pem, readFileSync(path.join(dir, BUNDLE_FILES.manifest)), readFileSync(sigFile));
	check.signature = {state: result.valid ? 'valid' : 'invalid', publicKeySha256: result.publicKeySha256, keyFrom: publicKeyFile ? 'argument' : 'bundle'};
	if (!result.valid) check.problems.push(`the signature of manifest.json does not verify with ${publicKeyFile ? escapeControls(publicKeyFile) : BUNDLE_FILES.publicKey}`);
}

function isLink(file: string): boolean {
	try {
		return lstatSync(file).isSymbolicLink();
	} catch {
		return false;
	}
}
