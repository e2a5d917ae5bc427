/**
 * Every file name in a bundle is a constant here: nothing from the case or the logs ever becomes a
 * path, so no record can plant `../` or a control character in the bundle.
 */
export const BUNDLE_FORMAT = 'trailcase-evidence-bundle/1';

export const BUNDLE_FILES = {
	events: 'events.jsonl',
	csv: 'events.csv',
	timeline: 'timeline.md',
	provenanceCsv: 'provenance.csv',
	provenance: 'provenance.jsonl',
	tags: 'tags.jsonl',
	notes: 'notes.jsonl',
	audit: 'audit_log.jsonl',
	huntRuns: 'hunt_runs.jsonl',
	verifyRuns: 'verify_runs.jsonl',
	caseCopy: 'case.duckdb',
	readme: 'README.md',
	publicKey: 'manifest.json.pub.pem',
	manifest: 'manifest.json',
	signature: 'manifest.json.sig',
	sums: 'SHA256SUMS',
} as const;

/** What each file holds, for the manifest and the bundle README. */
export const FILE_DESCRIPTIONS: Record<string, string> = {
	[BUNDLE_FILES.events]: 'the selected events as their original CloudTrail records, one per line, verbatim (only whitespace between JSON tokens removed), timeline order',
	[BUNDLE_FILES.csv]: 'the same events flattened to the case columns plus tags and validation; cells a spreadsheet would run as a formula are prefixed with a quote',
	[BUNDLE_FILES.timeline]: 'human-readable timeline of the events with their tags and notes, case notes and the audit trail',
	[BUNDLE_FILES.provenanceCsv]: 'every source object behind the events: S3 coordinates or path, SHA-256, size, acquisition, validation outcome',
	[BUNDLE_FILES.provenance]: 'the same provenance as JSON lines',
	[BUNDLE_FILES.tags]: 'every tag ever placed on the selected events, including withdrawn ones (removed_at set)',
	[BUNDLE_FILES.notes]: 'case-level notes and notes on the selected events',
	[BUNDLE_FILES.audit]: "the case's audit log: who did what, when (UTC), with which arguments and outcome",
	[BUNDLE_FILES.huntRuns]: 'every hunt and query run against the case, with its exact SQL and SHA-256',
	[BUNDLE_FILES.verifyRuns]: 'every trailcase verify run on the case and its summary',
	[BUNDLE_FILES.caseCopy]: 'a consistent copy of the whole case (DuckDB): open it with trailcase info -c case.duckdb',
	[BUNDLE_FILES.readme]: 'what this bundle is and how to check it',
	[BUNDLE_FILES.publicKey]: 'the Ed25519 public key that manifest.json.sig verifies against',
};

/** Bundle-relative paths we accept when reading a manifest: plain names, no folders, no dot-dot. */
export const SAFE_BUNDLE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
