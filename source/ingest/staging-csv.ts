import type {RecordFields} from './record-fields.js';

/**
 * Records travel from the parsing workers to DuckDB as CSV staging files, because DuckDB's parallel CSV
 * reader loads them several times faster than row-by-row appends from JavaScript (measured: appender
 * ~120k rows/s with 24 columns; CSV read ~400k rows/s). NULL is `\N`; every other value is text.
 */
export const STAGING_COLUMNS = [
	['source_id', 'BIGINT'],
	['record_index', 'INTEGER'],
	['event_key_hash', 'VARCHAR'],
	['event_id', 'VARCHAR'],
	['event_time', 'VARCHAR'],
	['event_version', 'VARCHAR'],
	['event_source', 'VARCHAR'],
	['event_name', 'VARCHAR'],
	['aws_region', 'VARCHAR'],
	['source_ip', 'VARCHAR'],
	['user_agent', 'VARCHAR'],
	['identity_type', 'VARCHAR'],
	['principal_arn', 'VARCHAR'],
	['principal_role_arn', 'VARCHAR'],
	['principal_id', 'VARCHAR'],
	['user_name', 'VARCHAR'],
	['invoked_by', 'VARCHAR'],
	['access_key_id', 'VARCHAR'],
	['identity_account_id', 'VARCHAR'],
	['recipient_account_id', 'VARCHAR'],
	['error_code', 'VARCHAR'],
	['error_message', 'VARCHAR'],
	['read_only', 'VARCHAR'],
	['event_type', 'VARCHAR'],
	['event_category', 'VARCHAR'],
	['management_event', 'VARCHAR'],
	['request_id', 'VARCHAR'],
	['shared_event_id', 'VARCHAR'],
	['vpc_endpoint_id', 'VARCHAR'],
	['resources', 'VARCHAR'],
	['user_identity', 'VARCHAR'],
	['request_parameters', 'VARCHAR'],
	['response_elements', 'VARCHAR'],
	['additional_event_data', 'VARCHAR'],
	['service_event_details', 'VARCHAR'],
	['insight_details', 'VARCHAR'],
] as const;

const NEEDS_QUOTES = /[",\n\r\\]/;

function field(value: string | undefined): string {
	if (value === undefined) return '\\N';
	if (!NEEDS_QUOTES.test(value)) return value;
	return `"${value.replaceAll('"', '""')}"`;
}

/** One CSV line (with trailing newline) for one record. */
export function stagingLine(sourceId: number, recordIndex: number, f: RecordFields): string {
	return (
		sourceId + ',' + recordIndex + ',' + f.eventKeyHash + ',' +
		field(f.eventId) + ',' + field(f.eventTime) + ',' + field(f.eventVersion) + ',' +
		field(f.eventSource) + ',' + field(f.eventName) + ',' + field(f.awsRegion) + ',' +
		field(f.sourceIp) + ',' + field(f.userAgent) + ',' + field(f.identityType) + ',' +
		field(f.principalArn) + ',' + field(f.principalRoleArn) + ',' + field(f.principalId) + ',' +
		field(f.userName) + ',' + field(f.invokedBy) + ',' + field(f.accessKeyId) + ',' +
		field(f.identityAccountId) + ',' + field(f.recipientAccountId) + ',' + field(f.errorCode) + ',' +
		field(f.errorMessage) + ',' + field(f.readOnly) + ',' + field(f.eventType) + ',' +
		field(f.eventCategory) + ',' + field(f.managementEvent) + ',' + field(f.requestId) + ',' +
		field(f.sharedEventId) + ',' + field(f.vpcEndpointId) + ',' +
		field(f.resources.length ? JSON.stringify(f.resources) : undefined) + ',' +
		field(f.userIdentityJson) + ',' + field(f.requestParametersJson) + ',' +
		field(f.responseElementsJson) + ',' + field(f.additionalEventDataJson) + ',' +
		field(f.serviceEventDetailsJson) + ',' + field(f.insightDetailsJson) + '\n'
	);
}

/** The DuckDB `read_csv` call over staging files; paths are bound as a parameter list. */
export function stagingReader(parameter: string): string {
	const columns = STAGING_COLUMNS.map(([name, type]) => `'${name}': '${type}'`).join(', ');
	return `read_csv(${parameter}, columns = {${columns}}, header = false, delim = ',', quote = '"', escape = '"',
		nullstr = '\\N', allow_quoted_nulls = false, auto_detect = false, max_line_size = 64000000, new_line = '\\n')`;
}
