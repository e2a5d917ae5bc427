import {appendFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {buildCase, ok, runCli, system, type BuiltCase} from './helpers.js';

let built: BuiltCase;
let signed: string;
let keyDir: string;

beforeAll(async () => {
	built = await buildCase('trailcase-verify-bundle-');
	keyDir = path.join(built.dir, 'keys');
	mkdirSync(keyDir);
	ok(system('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', 'signer.pem'], keyDir));
	ok(system('openssl', ['pkey', '-in', 'signer.pem', '-pubout', '-out', 'signer.pub.pem'], keyDir));
	ok(system('openssl', ['genpkey', '-algorithm', 'ed25519', '-out', 'other.pem'], keyDir));
	ok(system('openssl', ['pkey', '-in', 'other.pem', '-pubout', '-out', 'other.pub.pem'], keyDir));
	ok(runCli(['tag', '-c', built.casePath, 'shared-id', 'hostile-eq', '--tag', 'evidence']));
	signed = path.join(built.dir, 'signed');
	ok(runCli(['export', '-c', built.casePath, '--out', signed, '--sign', path.join(keyDir, 'signer.pem')]));
});
afterAll(() => rmSync(built.dir, {recursive: true, force: true}));

/** A fresh copy of the signed bundle to damage. */
function copyOfBundle(name: string): string {
	const copy = path.join(built.dir, name);
	cpSync(signed, copy, {recursive: true});
	return copy;
}

const OPENSSL_VERIFY = ['pkeyutl', '-verify', '-pubin', '-inkey', 'manifest.json.pub.pem', '-rawin', '-in', 'manifest.json', '-sigfile', 'manifest.json.sig'];

describe('trailcase verify-bundle', () => {
	it('exits 0 on an intact bundle and reports a valid signature', () => {
		const result = ok(runCli(['verify-bundle', signed]));
		expect(result.stdout).toMatch(/bundle intact: \d+ files match/);
		expect(result.stdout).toMatch(/signature valid/);
		ok(runCli(['verify-bundle', signed, '--key', path.join(keyDir, 'signer.pub.pem')]));
	});

	it('catches one changed byte and names the file (exit 3)', () => {
		const copy = copyOfBundle('changed');
		const file = path.join(copy, 'events.jsonl');
		const bytes = readFileSync(file);
		bytes[10] = bytes[10]! ^ 0x01;
		writeFileSync(file, bytes);
		const result = runCli(['verify-bundle', copy]);
		expect(result.status).toBe(3);
		expect(result.stdout).toMatch(/^changed: events\.jsonl$/m);
		expect(system('sha256sum', ['-c', 'SHA256SUMS'], copy).status).not.toBe(0);
	});

	it('catches a removed file and names it (exit 3)', () => {
		const copy = copyOfBundle('removed');
		unlinkSync(path.join(copy, 'timeline.md'));
		const result = runCli(['verify-bundle', copy, '--json']);
		expect(result.status).toBe(3);
		expect(JSON.parse(result.stdout)).toMatchObject({ok: false, missing: ['timeline.md'], changed: [], extra: []});
	});

	it('catches an added file and names it (exit 3), even though sha256sum -c cannot', () => {
		const copy = copyOfBundle('added');
		writeFileSync(path.join(copy, 'extra-evidence.txt'), 'planted');
		const result = runCli(['verify-bundle', copy]);
		expect(result.status).toBe(3);
		expect(result.stdout).toMatch(/^extra: +extra-evidence\.txt$/m);
		expect(system('sha256sum', ['-c', 'SHA256SUMS'], copy).status).toBe(0);
	});

	it('names every problem at once', () => {
		const copy = copyOfBundle('everything');
		appendFileSync(path.join(copy, 'events.csv'), 'x');
		unlinkSync(path.join(copy, 'notes.jsonl'));
		writeFileSync(path.join(copy, 'zzz'), '');
		const check = JSON.parse(runCli(['verify-bundle', copy, '--json']).stdout);
		expect(check).toMatchObject({changed: ['events.csv'], missing: ['notes.jsonl'], extra: ['zzz']});
	});

	it('signs manifest.json so that the real openssl verifies it, and a rewritten manifest fails both checks', () => {
		const verified = system('openssl', OPENSSL_VERIFY, signed);
		expect(verified.status, verified.stderr).toBe(0);
		expect(verified.stdout).toMatch(/Signature Verified Successfully/);
		// A forger who edits a file and rewrites manifest.json and SHA256SUMS consistently beats the
		// hashes; only the signature catches it.
		const copy = copyOfBundle('forged');
		const manifestFile = path.join(copy, 'manifest.json');
		const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
		manifest.analyst = 'someone-else';
		writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
		const sums = system('sha256sum', readdirSync(copy).filter((f) => f !== 'SHA256SUMS').sort(), copy);
		writeFileSync(path.join(copy, 'SHA256SUMS'), sums.stdout);
		expect(system('sha256sum', ['-c', 'SHA256SUMS'], copy).status).toBe(0);
		expect(system('openssl', OPENSSL_VERIFY, copy).status).not.toBe(0);
		const result = runCli(['verify-bundle', copy]);
		expect(result.status).toBe(3);
		expect(result.stdout).toMatch(/signature of manifest.json does not verify/);
	});

	it("rejects the signature when checked with a key that is not the signer's", () => {
		const result = runCli(['verify-bundle', signed, '--key', path.join(keyDir, 'other.pub.pem')]);
		expect(result.status).toBe(3);
		expect(result.stdout).toMatch(/signature invalid/);
	});

	it('refuses a signing key that is not Ed25519, before writing anything', () => {
		ok(system('openssl', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:1024', '-out', 'rsa.pem'], keyDir));
		const out = path.join(built.dir, 'rsa-signed');
		const result = runCli(['export', '-c', built.casePath, '--out', out, '--sign', path.join(keyDir, 'rsa.pem')]);
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(/needs an Ed25519 key/);
		expect(existsSync(out)).toBe(false);
	});
});
