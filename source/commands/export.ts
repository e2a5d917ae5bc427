import {CaseStore} from '../case/case-store.js';
import {UsageError} from '../errors.js';
import {exportBundle} from '../evidence/export-bundle.js';
import {resolveAnalyst} from '../util/analyst.js';
import {escapeControls} from '../util/sanitize.js';
import {analystFlag, caseFlag, jsonFlag, print, type Command} from './command.js';
import {progressLine} from './progress.js';

export const exportCommand: Command = {
	name: 'export',
	summary: 'Write a verifiable evidence bundle: events, timeline, provenance, audit log, case copy',
	help: `
  Usage: trailcase export -c CASE --out DIR [--tag NAME]... [--query HUNT_ID]... [--all]
                          [--archive] [--sign KEYFILE] [--force] [--no-case-copy]

  Selection (a union of what is given; with none of them, every tagged event):
    --tag NAME          events carrying this tag (repeatable)
    --query HUNT_ID     events a saved hunt returns, run read-only on the exported snapshot (repeatable)
    --all               every event in the case

  DIR gets events.jsonl (original records, verbatim), events.csv (formula-safe), timeline.md, provenance
  of every source object (S3 coordinates or path, SHA-256, verify outcome), tags, notes, hunt runs,
  the audit log, case.duckdb (a consistent copy of the whole case), README.md, manifest.json and
  SHA256SUMS (check with: sha256sum -c SHA256SUMS). DIR must be new or empty; a previous bundle there
  is replaced only with --force, and a folder holding anything else is never touched. The bundle is
  written beside DIR and moved into place when complete. The export is recorded in the audit log.

  Options
    -c, --case FILE     case file
    --out DIR           bundle folder to create
    --archive           also write DIR.tar.gz and DIR.tar.gz.sha256
    --sign KEYFILE      sign manifest.json with this unencrypted Ed25519 PEM private key
                        (openssl genpkey -algorithm ed25519 -out key.pem); writes manifest.json.sig
                        and manifest.json.pub.pem. Check with: openssl pkeyutl -verify -pubin
                        -inkey manifest.json.pub.pem -rawin -in manifest.json -sigfile manifest.json.sig
    --force             replace a previous bundle in DIR (and its archive)
    --no-case-copy      leave case.duckdb out (for a recipient who must not get the whole case)
    --queries DIR       another folder of hunt .sql files for --query (repeatable)
    --json              print {out, events, sources, files, manifestSha256, archive, auditSeq, seconds}
    --analyst NAME      who is acting (default: $TRAILCASE_ANALYST or user@host)

  Exit: 0 written, 1 failure (nothing is left behind), 2 usage error.`,
	flags: {
		...caseFlag, ...jsonFlag, ...analystFlag,
		out: {type: 'string'},
		tag: {type: 'string', isMultiple: true},
		query: {type: 'string', isMultiple: true},
		queries: {type: 'string', isMultiple: true},
		all: {type: 'boolean', default: false},
		archive: {type: 'boolean', default: false},
		sign: {type: 'string'},
		force: {type: 'boolean', default: false},
		caseCopy: {type: 'boolean', default: true},
	},
	async run({input, flags, stdout, stderr, signal}) {
		if (!flags.case) throw new UsageError('export needs -c CASE');
		if (!flags.out) throw new UsageError('export needs --out DIR');
		if (input.length > 0) throw new UsageError(`unexpected argument ${escapeControls(input[0]!)} (select events with --tag, --query or --all)`);
		const analyst = resolveAnalyst(flags.analyst);
		const store = await CaseStore.open(flags.case, {analyst});
		try {
			const bar = flags.json ? undefined : progressLine(stderr, 'export');
			const result = await exportBundle(store, {
				out: flags.out, analyst, all: flags.all, tags: flags.tag ?? [], hunts: flags.query ?? [], huntDirs: flags.queries ?? [],
				archive: flags.archive, signKeyFile: flags.sign, force: flags.force, includeCase: flags.caseCopy,
				// This process holds DuckDB's exclusive lock on the case and runs nothing else meanwhile.
				exclusive: true,
			}, {signal, onProgress: (p) => bar?.update(p.done, p.total, p.phase)});
			bar?.done();
			if (flags.json) {
				print(stdout, JSON.stringify({
					out: result.out, events: result.events, sources: result.sources, files: result.manifest.files.length,
					manifestSha256: result.manifestSha256, archive: result.archive ?? null, auditSeq: result.auditSeq, seconds: result.seconds, remarks: result.remarks,
				}));
				return 0;
			}
			for (const remark of result.remarks) print(stdout, `note: ${remark}`);
			print(stdout, `bundle ${escapeControls(result.out)}: ${result.events} events from ${result.sources} source objects, ${result.manifest.files.length + 2} files (${result.seconds}s)`);
			print(stdout, `manifest.json sha256 ${result.manifestSha256}${result.manifest.signature ? `, signed (key sha256 ${result.manifest.signature.publicKeySha256})` : ''}`);
			if (result.archive) print(stdout, `archive ${escapeControls(result.archive.file)} sha256 ${result.archive.sha256}`);
			print(stdout, `check it with: (cd ${escapeControls(result.out)} && sha256sum -c SHA256SUMS)  or  trailcase verify-bundle ${escapeControls(result.out)}`);
			return 0;
		} finally {
			store.close();
		}
	},
};
