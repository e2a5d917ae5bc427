import {UsageError} from '../errors.js';
import {verifyBundle} from '../evidence/verify-bundle.js';
import {escapeControls} from '../util/sanitize.js';
import {jsonFlag, print, type Command} from './command.js';

export const verifyBundleCommand: Command = {
	name: 'verify-bundle',
	summary: 'Check an evidence bundle: every file intact, none missing, none added, signature valid',
	help: `
  Usage: trailcase verify-bundle DIR [--key PUBLIC.pem] [--json]

  Rehashes every file against manifest.json and SHA256SUMS, lists files that changed, are missing or
  were added, and checks the Ed25519 signature of manifest.json when the bundle is signed. Without
  --key the signature is checked with the key inside the bundle, which shows the bundle is unchanged
  since signing but not who signed it: pass the sender's public key to check that.

  Options
    --key FILE          the sender's Ed25519 public key (PEM) to check the signature with
    --json              print {ok, changed, missing, extra, problems, checked, signature, caseId, createdAt, analyst}

  Exit: 0 intact, 3 changed, missing or extra files (or a bad signature), 1 not a folder, 2 usage error.`,
	flags: {...jsonFlag, key: {type: 'string'}},
	async run({input, flags, stdout}) {
		if (input.length !== 1) throw new UsageError('verify-bundle needs exactly one DIR');
		const check = await verifyBundle(input[0]!, {publicKeyFile: flags.key});
		if (flags.json) {
			print(stdout, JSON.stringify(check));
			return check.ok ? 0 : 3;
		}
		for (const name of check.changed) print(stdout, `changed: ${escapeControls(name)}`);
		for (const name of check.missing) print(stdout, `missing: ${escapeControls(name)}`);
		for (const name of check.extra) print(stdout, `extra:   ${escapeControls(name)}`);
		for (const problem of check.problems) print(stdout, `problem: ${escapeControls(problem)}`);
		const signature = check.signature.state === 'absent'
			? 'not signed'
			: `signature ${check.signature.state}${check.signature.publicKeySha256 ? ` (key sha256 ${check.signature.publicKeySha256}, ${check.signature.keyFrom === 'bundle' ? 'the key shipped in the bundle: compare its fingerprint with the sender' : 'the key you gave'})` : ''}`;
		const who = check.caseId ? `case ${escapeControls(check.caseId)}, exported ${escapeControls(String(check.createdAt))} by ${escapeControls(String(check.analyst))}; ` : '';
		print(stdout, check.ok
			? `bundle intact: ${check.checked} files match; ${who}${signature}`
			: `bundle NOT intact: ${check.changed.length} changed, ${check.missing.length} missing, ${check.extra.length} extra, ${check.problems.length} other problems; ${signature}`);
		return check.ok ? 0 : 3;
	},
};
