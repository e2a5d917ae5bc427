import {CaseStore} from '../case/case-store.js';
import {UsageError} from '../errors.js';
import {checkEndpoint} from '../pull/s3-session.js';
import {resolveAnalyst} from '../util/analyst.js';
import {renderReport} from '../verify/report-text.js';
import {verifyCase} from '../verify/verify-case.js';
import {analystFlag, caseFlag, jsonFlag, print, type Command} from './command.js';

export const verifyCommand: Command = {
	name: 'verify',
	summary: 'Validate CloudTrail digest chains and log files offline (signatures, hashes, gaps)',
	help: `
  Usage: trailcase verify -c CASE [--public-keys FILE]... [--fetch-keys] [--json] [--verbose] [--quick]

  Walks every digest chain (trail, account, region) in the case through previousDigest*: each digest's
  SHA256withRSA signature (from the S3 metadata captured at pull or from a head-object sidecar, else from
  the signature the next digest records for it), its key (fingerprint = MD5 of the DER key), the previous
  digest's hash and signature, and the digest's recorded location. Each log file's SHA-256 over its
  decompressed bytes is compared with the digest's hashValue; bytes after the first gzip member
  (appended-member forgery) and bad gzip CRC/ISIZE are caught. Results are stored in the case
  (sources.validation, verify_runs, verify_results, public_keys) and summarised by trailcase info.

  Log files:  valid, modified, appended (data after the first gzip member), missing (listed by a digest,
              absent from the case), not covered (no digest lists it), unverified (only listed by digests
              whose signature could not be checked)
  Digests:    valid, signature invalid, signature unavailable (no metadata and no later digest), key not
              found, moved, chain broken, invalid format, missing (named by a later digest)
  Gaps:       hours of a chain with no digest (listed; like aws-cli, not counted invalid)

  Options
    -c, --case FILE        case file
    --public-keys FILE     aws cloudtrail list-public-keys output (repeatable; several pages accepted;
                           PKCS#1 or SPKI keys). Keys imported into the case are used too. A key whose
                           MD5 differs from its stated fingerprint is refused.
    --fetch-keys           call CloudTrail ListPublicKeys (online) for the regions of the digests
    --endpoint URL         CloudTrail endpoint for --fetch-keys (default: AWS)
    --profile NAME         AWS profile for --fetch-keys (default: the SDK's credential chain)
    --quick                trust the log hashes import recorded instead of recomputing them from the
                           stored bytes (recomputing is the default: it also catches a case file edited
                           after import, and costs a few seconds per million events)
    --verbose              also list every valid file, and all problems (not only the first 25 per kind)
    --json                 {logFiles: {valid, modified, appended, missing, notCovered, unverified},
                            digests: {valid, invalid, unavailable}, gaps, problems: [{kind, key, detail}],
                            runId, rehashed, range, keys, passed}
    --analyst NAME         who is acting (default: $TRAILCASE_ANALYST or user@host)

  Exit: 0 everything present is valid, 3 anything is not (1 failure, 2 usage error).`,
	flags: {
		...caseFlag,
		...jsonFlag,
		...analystFlag,
		publicKeys: {type: 'string', isMultiple: true},
		fetchKeys: {type: 'boolean', default: false},
		endpoint: {type: 'string'},
		profile: {type: 'string'},
		quick: {type: 'boolean', default: false},
		verbose: {type: 'boolean', default: false},
	},
	async run({flags, stdout, stderr, signal}) {
		if (!flags.case) throw new UsageError('verify needs -c CASE');
		const endpoint = checkEndpoint(flags.endpoint);
		if ((endpoint || flags.profile) && !flags.fetchKeys) throw new UsageError('--endpoint and --profile only apply with --fetch-keys');
		const analyst = resolveAnalyst(flags.analyst);
		const store = await CaseStore.open(flags.case, {analyst});
		try {
			const {report, verdicts} = await verifyCase(store, {
				analyst,
				publicKeyFiles: flags.publicKeys ?? [],
				fetchKeys: flags.fetchKeys,
				endpoint,
				profile: flags.profile,
				rehash: !flags.quick,
				signal,
				onStage: (stage) => {
					if (stderr.isTTY && !flags.json) stderr.write(`\r\x1b[Kverify: ${stage} ...`);
				},
			});
			if (stderr.isTTY && !flags.json) stderr.write('\r\x1b[K');
			print(stdout, flags.json ? JSON.stringify(report) : renderReport(report, verdicts, {verbose: flags.verbose, caseName: store.path}));
			return report.passed ? 0 : 3;
		} finally {
			store.close();
		}
	},
};
