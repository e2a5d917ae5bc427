/**
 * The event fields an analyst can pivot on. Each has a fixed SQL expression (never built from data)
 * and a way to match a value: equality on a column, membership in the resources list, or the
 * (event_source, event_name) pair that the grid shows as `source:name`.
 */
export type FieldId =
	| 'principal'
	| 'role'
	| 'ip'
	| 'resource'
	| 'access-key'
	| 'event'
	| 'error'
	| 'account'
	| 'region'
	| 'user-agent';

export interface FieldSpec {
	label: string;
	/** Short name for breadcrumbs and the status bar. */
	short: string;
	match: 'equals' | 'list-contains' | 'event';
	/** SQL expression of the field (a constant of this module; values are always bound). */
	expr: string;
}

/** The account an event happened in: recipientAccountId, else the caller's own account. */
export const ACCOUNT_EXPR = 'coalesce(recipient_account_id, account_id)';

export const FIELDS = {
	principal: {label: 'principal (session / user ARN)', short: 'principal', match: 'equals', expr: 'principal_arn'},
	role: {label: 'role (session issuer ARN)', short: 'role', match: 'equals', expr: 'principal_role_arn'},
	ip: {label: 'source IP', short: 'ip', match: 'equals', expr: 'source_ip'},
	resource: {label: 'resource ARN', short: 'resource', match: 'list-contains', expr: 'resources'},
	'access-key': {label: 'access key', short: 'key', match: 'equals', expr: 'access_key_id'},
	event: {label: 'event (source:name)', short: 'event', match: 'event', expr: "event_source || ':' || event_name"},
	error: {label: 'error code', short: 'error', match: 'equals', expr: 'error_code'},
	account: {label: 'account', short: 'account', match: 'equals', expr: ACCOUNT_EXPR},
	region: {label: 'region', short: 'region', match: 'equals', expr: 'aws_region'},
	'user-agent': {label: 'user agent', short: 'ua', match: 'equals', expr: 'user_agent'},
} as const satisfies Record<FieldId, FieldSpec>;

/** `iam.amazonaws.com` + `CreateUser` -> `iam:CreateUser`, the way the grid shows events. */
export function eventLabel(source: string | null, name: string | null): string {
	const service = source?.endsWith('.amazonaws.com') ? source.slice(0, -'.amazonaws.com'.length) : source;
	return `${service ?? '?'}:${name ?? '?'}`;
}

/** An event value for pivots keeps the full source so that `iam:X` never matches `iam-foo:X`. */
export function eventValue(source: string | null, name: string | null): string {
	return JSON.stringify([source, name]);
}

export function parseEventValue(value: string): [string | null, string | null] {
	const parsed = JSON.parse(value) as unknown;
	if (!Array.isArray(parsed) || parsed.length !== 2) throw new Error(`not an event value: ${value}`);
	return [parsed[0] as string | null, parsed[1] as string | null];
}

/** Compact display of ARNs: the account is its own column, so `arn:aws:iam::123:user/x` shows as `user/x`. */
export function shortArn(arn: string): string {
	const m = /^arn:aws[a-z-]*:(iam|sts)::\d{12}:(.+)$/.exec(arn);
	if (m) return m[2]!;
	return arn.startsWith('arn:aws:') ? arn.slice('arn:aws:'.length) : arn;
}
