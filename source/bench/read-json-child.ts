/**
 * The comparison the issue asks for: a plain DuckDB `read_json` load of the same files with an explicit
 * schema that keeps only typed columns (no original bytes, no nested JSON, no dedupe, no provenance).
 */
import {rmSync} from 'node:fs';
import {DuckDBInstance} from '@duckdb/node-api';

const [trail, dbFile] = process.argv.slice(2);
rmSync(dbFile!, {force: true});
rmSync(`${dbFile}.wal`, {force: true});
const record = `STRUCT(eventID VARCHAR, eventTime VARCHAR, eventSource VARCHAR, eventName VARCHAR, awsRegion VARCHAR,
	sourceIPAddress VARCHAR, userAgent VARCHAR, errorCode VARCHAR, errorMessage VARCHAR, readOnly BOOLEAN, eventType VARCHAR,
	eventCategory VARCHAR, recipientAccountId VARCHAR,
	userIdentity STRUCT(type VARCHAR, arn VARCHAR, accountId VARCHAR, accessKeyId VARCHAR,
		sessionContext STRUCT(sessionIssuer STRUCT(arn VARCHAR))),
	resources STRUCT(ARN VARCHAR)[])`;
const started = performance.now();
const instance = await DuckDBInstance.create(dbFile!);
const conn = await instance.connect();
await conn.run(`SET TimeZone = 'UTC'`);
await conn.run(
	`CREATE TABLE events AS
	 SELECT r.eventID AS event_id, TRY_CAST(r.eventTime AS TIMESTAMPTZ) AS event_time, r.eventSource AS event_source,
	        r.eventName AS event_name, r.awsRegion AS aws_region, r.sourceIPAddress AS source_ip, r.userAgent AS user_agent,
	        r.userIdentity.type AS identity_type, r.userIdentity.arn AS principal_arn,
	        r.userIdentity.sessionContext.sessionIssuer.arn AS principal_role_arn, r.userIdentity.accessKeyId AS access_key_id,
	        coalesce(r.recipientAccountId, r.userIdentity.accountId) AS account_id, r.errorCode AS error_code,
	        r.errorMessage AS error_message, r.readOnly AS read_only, r.eventType AS event_type, r.eventCategory AS event_category,
	        list_transform(r.resources, x -> x.ARN) AS resources
	 FROM (SELECT unnest(Records) AS r FROM read_json($1, columns = {Records: '${record.replace(/\s+/g, ' ')}[]'}, format = 'unstructured', maximum_object_size = 268435456))`,
	[`${trail}/AWSLogs/*/CloudTrail/*/*/*/*/*.json.gz`],
);
const events = Number((await conn.runAndReadAll(`SELECT count(*) FROM events`)).getRows()[0]![0]);
conn.closeSync();
instance.closeSync();
const seconds = (performance.now() - started) / 1000;
process.stdout.write(`${JSON.stringify({seconds, events, maxRssBytes: process.resourceUsage().maxRSS * 1024})}\n`);
