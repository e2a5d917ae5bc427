import {escapeControls} from '../util/sanitize.js';
import {BUNDLE_FILES, FILE_DESCRIPTIONS} from './bundle-layout.js';

export interface ReadmeFacts {
	caseId: string;
	analyst: string;
	createdAt: string;
	toolVersion: string;
	selection: string;
	events: number;
	sources: number;
	files: readonly string[];
	signed: boolean;
	/** Fingerprint of the signing key (SHA-256 of its DER SPKI form). */
	publicKeySha256?: string;
}

/** README.md of a bundle: plain text a recipient without trailcase can follow. */
export function bundleReadme(f: ReadmeFacts): string {
	const describe = (name: string) => `- ${name}: ${FILE_DESCRIPTIONS[name] ?? ''}`;
	const lines = [
		'# trailcase evidence bundle',
		'',
		`Case ${f.caseId}, exported ${f.createdAt} (UTC) by ${escapeControls(f.analyst)} with trailcase ${f.toolVersion}.`,
		`Selection: ${escapeControls(f.selection)}. ${f.events} events from ${f.sources} source objects.`,
		'',
		'## Files',
		'',
		...f.files.map(describe),
		`- ${BUNDLE_FILES.manifest}: case, analyst, time, tool version, selection, counts, and the size and SHA-256 of every file above`,
		...(f.signed ? [`- ${BUNDLE_FILES.signature}: Ed25519 signature of ${BUNDLE_FILES.manifest}`] : []),
		`- ${BUNDLE_FILES.sums}: SHA-256 of every file except itself, in coreutils format`,
		'',
		'## Checking the bundle',
		'',
		'Nothing here needs trailcase. In this folder:',
		'',
		'    sha256sum -c SHA256SUMS',
		'',
		'prints OK for every file; any changed or missing file fails. Files added to the folder are not in',
		'SHA256SUMS: compare `ls` with it, or run `trailcase verify-bundle .`, which reports changed, missing',
		'and extra files.',
		'',
		...(f.signed
			? [
					'The manifest is signed with Ed25519. Check the signature with OpenSSL 3:',
					'',
					`    openssl pkeyutl -verify -pubin -inkey ${BUNDLE_FILES.publicKey} -rawin -in ${BUNDLE_FILES.manifest} -sigfile ${BUNDLE_FILES.signature}`,
					'',
					`The key file travels with the bundle, so the signature alone proves only that the bundle is unchanged since signing. Confirm the key is the sender's: its SHA-256 fingerprint is ${f.publicKeySha256}`,
					`(\`openssl pkey -pubin -in ${BUNDLE_FILES.publicKey} -outform DER | sha256sum\`); compare it with the one the sender gave you by another channel, or verify with the sender's key file instead.`,
					'',
				]
			: []),
		...(f.files.includes(BUNDLE_FILES.caseCopy)
			? [
					'## Opening the case',
					'',
					`${BUNDLE_FILES.caseCopy} is the whole case as it was at export time: \`trailcase info -c case.duckdb\`,`,
					'`trailcase query -c case.duckdb --sql ...`, or any DuckDB 1.x client. Work on a copy to keep the bundle intact.',
					'',
				]
			: ['The case file itself was left out of this bundle (--no-case-copy).', '']),
	];
	return lines.join('\n');
}
