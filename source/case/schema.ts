/**
 * The case-file schema: a public, versioned handoff format (documented in docs/case-format.md).
 *
 * Rules that keep old cases readable:
 * - `CURRENT_SCHEMA_VERSION` goes up by one whenever a table or column changes meaning or appears;
 * - every step in `MIGRATIONS` upgrades version N-1 to N in place, inside one transaction;
 * - a case written by a newer schema is refused (we cannot know what its new columns mean).
 */
export const CURRENT_SCHEMA_VERSION = 1;

/** Version 1: the tables every other part of trailcase builds on. */
const V1 = [
	`CREATE TABLE case_meta (
		key VARCHAR PRIMARY KEY,
		value VARCHAR NOT NULL
	)`,
	// One row per input object (file or S3 object) and per distinct origin of the same bytes.
	`CREATE TABLE sources (
		source_id BIGINT PRIMARY KEY,
		origin VARCHAR NOT NULL,
		origin_kind VARCHAR NOT NULL,
		object_key VARCHAR,
		s3_bucket VARCHAR,
		s3_key VARCHAR,
		s3_version_id VARCHAR,
		s3_etag VARCHAR,
		s3_last_modified TIMESTAMPTZ,
		s3_endpoint VARCHAR,
		s3_metadata VARCHAR,
		size BIGINT NOT NULL,
		sha256 VARCHAR NOT NULL,
		content_sha256 VARCHAR,
		compression VARCHAR,
		gzip_trailing_bytes BIGINT,
		format VARCHAR,
		kind VARCHAR,
		status VARCHAR NOT NULL,
		reason VARCHAR,
		record_count INTEGER,
		new_events INTEGER,
		duplicate_of BIGINT,
		acquired_at TIMESTAMPTZ NOT NULL,
		acquired_by VARCHAR NOT NULL,
		audit_seq BIGINT,
		-- Latest trailcase verify outcome (NULL = never verified). Logs: valid, modified, appended,
		-- not-covered, unverified. Digests: valid, signature-invalid, signature-unavailable, key-not-found,
		-- moved, chain-broken, invalid-format (docs/features/verify.md).
		validation VARCHAR
	)`,
	// The original bytes of every object, exactly as received (compressed if it came compressed).
	`CREATE TABLE blobs (
		sha256 VARCHAR PRIMARY KEY,
		size BIGINT NOT NULL,
		bytes BLOB NOT NULL
	)`,
	`CREATE TABLE events (
		event_key VARCHAR NOT NULL,
		event_id VARCHAR,
		event_time TIMESTAMPTZ,
		event_version VARCHAR,
		event_source VARCHAR,
		event_name VARCHAR,
		aws_region VARCHAR,
		source_ip VARCHAR,
		user_agent VARCHAR,
		identity_type VARCHAR,
		principal_arn VARCHAR,
		principal_role_arn VARCHAR,
		principal_id VARCHAR,
		user_name VARCHAR,
		invoked_by VARCHAR,
		access_key_id VARCHAR,
		account_id VARCHAR,
		recipient_account_id VARCHAR,
		error_code VARCHAR,
		error_message VARCHAR,
		read_only BOOLEAN,
		event_type VARCHAR,
		event_category VARCHAR,
		management_event BOOLEAN,
		request_id VARCHAR,
		shared_event_id VARCHAR,
		vpc_endpoint_id VARCHAR,
		resources VARCHAR[],
		user_identity VARCHAR,
		request_parameters VARCHAR,
		response_elements VARCHAR,
		additional_event_data VARCHAR,
		service_event_details VARCHAR,
		insight_details VARCHAR,
		source_id BIGINT NOT NULL,
		record_index INTEGER NOT NULL
	)`,
	// Every place an event was seen: the same record in two objects is one event with two rows here.
	`CREATE TABLE event_sources (
		event_key VARCHAR NOT NULL,
		source_id BIGINT NOT NULL,
		record_index INTEGER NOT NULL
	)`,
	`CREATE TABLE audit_log (
		seq BIGINT PRIMARY KEY,
		occurred_at TIMESTAMPTZ NOT NULL,
		analyst VARCHAR NOT NULL,
		command VARCHAR NOT NULL,
		arguments VARCHAR NOT NULL,
		tool_version VARCHAR NOT NULL,
		outcome VARCHAR
	)`,
	// Every hunt and query run against the case (trailcase hunt, query HUNT_ID, query --sql), with the
	// exact SQL and its SHA-256, so an evidence bundle can show what was looked for and what it found.
	// hunt_id is NULL for ad-hoc SQL; matches is NULL when the result has no event_key column or failed.
	`CREATE TABLE hunt_runs (
		run_id VARCHAR PRIMARY KEY,
		hunt_id VARCHAR,
		title VARCHAR,
		severity VARCHAR,
		source_file VARCHAR,
		sql VARCHAR NOT NULL,
		sql_sha256 VARCHAR NOT NULL,
		command VARCHAR NOT NULL,
		started_at TIMESTAMPTZ NOT NULL,
		analyst VARCHAR NOT NULL,
		matches BIGINT,
		row_count BIGINT,
		milliseconds DOUBLE,
		error VARCHAR,
		audit_seq BIGINT
	)`,
	// One row per `trailcase pull` (keyed by its audit row): where from, which slice, as whom, and how it
	// ended. finished_at stays NULL for a run that was killed.
	`CREATE TABLE pull_runs (
		audit_seq BIGINT PRIMARY KEY,
		bucket VARCHAR NOT NULL,
		prefix VARCHAR NOT NULL,
		endpoint VARCHAR,
		scope VARCHAR NOT NULL,
		caller_identity VARCHAR,
		started_at TIMESTAMPTZ NOT NULL,
		finished_at TIMESTAMPTZ,
		listed BIGINT,
		downloaded BIGINT,
		skipped BIGINT,
		failed BIGINT,
		bytes BIGINT,
		new_events BIGINT,
		interrupted BOOLEAN
	)`,
	// Objects (or listing prefixes) a pull could not acquire, with the reason (AccessDenied, NoSuchKey...).
	`CREATE TABLE pull_failures (
		audit_seq BIGINT NOT NULL,
		s3_bucket VARCHAR NOT NULL,
		s3_key VARCHAR NOT NULL,
		s3_etag VARCHAR,
		size BIGINT,
		reason VARCHAR NOT NULL,
		failed_at TIMESTAMPTZ NOT NULL
	)`,
	// Evidence tags on events (docs/features/evidence.md). Append-only: untag stamps removed_* instead of
	// deleting, so the case keeps who tagged what and when even after a tag is withdrawn. At most one
	// active (removed_at IS NULL) row per (event_key, tag); audit_seq links each row to its audit_log row.
	`CREATE TABLE tags (
		tag_id BIGINT PRIMARY KEY,
		event_key VARCHAR NOT NULL,
		tag VARCHAR NOT NULL,
		note VARCHAR,
		analyst VARCHAR NOT NULL,
		created_at TIMESTAMPTZ NOT NULL,
		audit_seq BIGINT NOT NULL,
		removed_at TIMESTAMPTZ,
		removed_by VARCHAR,
		removed_audit_seq BIGINT
	)`,
	// Analyst notes, never edited or deleted (a correction is a new note). event_key NULL = a case-level note.
	`CREATE TABLE notes (
		note_id BIGINT PRIMARY KEY,
		event_key VARCHAR,
		text VARCHAR NOT NULL,
		analyst VARCHAR NOT NULL,
		created_at TIMESTAMPTZ NOT NULL,
		audit_seq BIGINT NOT NULL
	)`,
	// Public keys trailcase verify checked digest signatures with (docs/features/verify.md): from
	// list-public-keys files in the case or given with --public-keys, or fetched with --fetch-keys.
	// fingerprint = MD5 of der (recomputed, never taken on trust); sha256 = SHA-256 of der.
	`CREATE TABLE public_keys (
		fingerprint VARCHAR PRIMARY KEY,
		der BLOB NOT NULL,
		sha256 VARCHAR NOT NULL,
		valid_from TIMESTAMPTZ,
		valid_to TIMESTAMPTZ,
		region VARCHAR,
		origin VARCHAR NOT NULL,
		added_at TIMESTAMPTZ NOT NULL,
		audit_seq BIGINT
	)`,
	// One row per trailcase verify run; run_id is the run's audit_log seq. summary = the --json counts.
	`CREATE TABLE verify_runs (
		run_id BIGINT PRIMARY KEY,
		started_at TIMESTAMPTZ NOT NULL,
		finished_at TIMESTAMPTZ,
		analyst VARCHAR NOT NULL,
		rehashed BOOLEAN NOT NULL,
		passed BOOLEAN,
		summary VARCHAR
	)`,
	// Every verdict of a run: subject log | digest (one row per source, or per missing object with
	// source_id NULL), gap (hours of a chain without a digest), key (a refused public key).
	// digest_source_id: for logs, the digest whose entry the file was checked against.
	`CREATE TABLE verify_results (
		run_id BIGINT NOT NULL,
		subject VARCHAR NOT NULL,
		outcome VARCHAR NOT NULL,
		problem BOOLEAN NOT NULL,
		source_id BIGINT,
		s3_bucket VARCHAR,
		s3_key VARCHAR,
		detail VARCHAR,
		digest_source_id BIGINT
	)`,
	// Per event, the best verify outcome among the files holding it (an event also found in a valid
	// file is valid); NULL when none of its files has been verified. For hunts: JOIN USING (event_key).
	`CREATE VIEW event_validation AS
		SELECT es.event_key,
		       CASE min(CASE s.validation WHEN 'valid' THEN 1 WHEN 'unverified' THEN 2 WHEN 'not-covered' THEN 3
		                                  WHEN 'appended' THEN 4 WHEN 'modified' THEN 5 END)
		            WHEN 1 THEN 'valid' WHEN 2 THEN 'unverified' WHEN 3 THEN 'not-covered'
		            WHEN 4 THEN 'appended' WHEN 5 THEN 'modified' END AS validation
		FROM event_sources es JOIN sources s ON s.source_id = es.source_id
		GROUP BY es.event_key`,
];

/** MIGRATIONS[n] upgrades a version-n case to version n+1. Version 0 means "empty file". */
export const MIGRATIONS: Record<number, readonly string[]> = {
	0: V1,
};
