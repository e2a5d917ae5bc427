import path from 'node:path';
import {beforeAll, describe, expect, it} from 'vitest';
import {importPaths, ndjson, originalTexts, put, record, rows, tempDir, trailJson, type CloudTrailRecord} from './helpers.js';

/** Strings that break naive CSV staging or escaping; each must come back out of DuckDB unchanged. */
const HOSTILE = {
	controls: 'quote\u0002escape\u0003end',
	punctuation: 'a,b "quoted", \'single\'',
	newlines: 'line one\nline two\r\nline three',
	backslashes: 'C:\\Users\\alice\\ and \\\\server',
	nullMarker: '\\N',
	nullMarkerInText: 'before \\N after',
	unicode: '한국어 텍스트 🔥 café Ω',
	osc8: '\u001b]8;;https://evil.example/\u0007click me\u001b]8;;\u0007 \u001b[31mred\u001b[0m',
	tabs: '\tleading tab =cmd|calc',
};

const assumedRole = {
	type: 'AssumedRole',
	principalId: 'AROAEXAMPLEROLEID:session-x',
	arn: 'arn:aws:sts::222233334444:assumed-role/Deployer/session-x',
	accountId: '222233334444',
	accessKeyId: 'ASIAEXAMPLEKEY000002',
	sessionContext: {
		sessionIssuer: {type: 'Role', principalId: 'AROAEXAMPLEROLEID', arn: 'arn:aws:iam::222233334444:role/Deployer', accountId: '222233334444', userName: 'Deployer'},
		attributes: {creationDate: '2024-05-01T11:00:00Z', mfaAuthenticated: 'false', arn: 'arn:aws:iam::999999999999:role/NotThisOne'},
	},
};

/** Odd but readable records: each is kept, and its typed columns hold a value or NULL, never a guess. */
const RECORDS: CloudTrailRecord[] = [
	record('no-time', {eventTime: undefined}),
	record('redacted-time', {eventTime: 'redacted'}),
	record('nanos-time', {eventTime: '2025-01-21 17:49:47.000000000'}),
	record('offset-time', {eventTime: '2022-02-08T09:23:37+11:00'}),
	record('millis-time', {eventTime: '2024-05-01T12:00:00.123Z'}),
	record('nested-time', {requestParameters: {eventTime: '1999-01-01T00:00:00Z', eventName: 'Decoy'}, eventTime: '2024-06-01T00:00:00Z'}),
	record('aws-internal', {sourceIPAddress: 'AWS Internal', userAgent: 'AWS Internal'}),
	record('ip-list', {sourceIPAddress: '10.0.0.1, 10.0.0.2'}),
	record('readonly-string', {readOnly: 'true', managementEvent: 'false'}),
	record('readonly-false', {readOnly: false}),
	record('readonly-odd', {readOnly: 'maybe'}),
	record('account-recipient', {recipientAccountId: '555566667777'}),
	record('account-identity', {recipientAccountId: undefined}),
	record('account-none', {recipientAccountId: undefined, userIdentity: {type: 'AWSService', invokedBy: 'ec2.amazonaws.com'}}),
	record('assumed-role', {userIdentity: assumedRole}),
	record('empty-issuer', {userIdentity: {...assumedRole, sessionContext: {sessionIssuer: {}, webIdFederationData: {}}}}),
	record('empty-identity', {userIdentity: {}}),
	record('null-identity', {userIdentity: null}),
	record('empty-access-key', {userIdentity: {type: 'IAMUser', accessKeyId: '', accountId: '111122223333'}}),
	record('resources', {
		resources: [
			{ARN: 'arn:aws:s3:::bucket-a', accountId: '111122223333', type: 'AWS::S3::Bucket'},
			{type: 'AWS::S3::Object', ARNPrefix: 'arn:aws:s3:::bucket-a/logs/'},
			{accountId: '111122223333', type: 'AWS::KMS::Key'},
		],
	}),
	record('request-params', {
		eventName: 'PutBucketPolicy',
		requestParameters: {bucketName: 'exfil-bucket', policy: {Statement: [{Effect: 'Allow', Principal: '*'}]}, host: ['exfil-bucket.s3.amazonaws.com']},
		responseElements: {'x-amz-id': 'abc', 10: 'integer-like key'},
		additionalEventData: {SignatureVersion: 'SigV4', bytesTransferredIn: 0},
	}),
	record('hostile', {
		userAgent: HOSTILE.osc8,
		errorCode: HOSTILE.punctuation,
		errorMessage: HOSTILE.controls,
		awsRegion: HOSTILE.unicode,
		eventName: HOSTILE.newlines,
		eventSource: HOSTILE.backslashes,
		requestID: HOSTILE.nullMarker,
		sharedEventID: HOSTILE.nullMarkerInText,
		vpcEndpointId: HOSTILE.tabs,
		requestParameters: {script: HOSTILE.osc8, path: HOSTILE.backslashes, note: HOSTILE.controls},
	}),
	record('empty-strings', {errorMessage: '', errorCode: ''}),
	record('numbers', {eventVersion: 1.05, readOnly: true, requestParameters: {count: 1e3, ratio: -0.5}}),
	record('no-event-id', {eventID: undefined, eventName: 'NoEventId'}),
];

/** Number spellings JSON.stringify would change (1.10 -> 1.1, 1E3 -> 1000): the case must keep them. */
const RAW_NUMBERS = '{"eventVersion":1.10,"eventID":"raw-numbers","eventTime":"2024-01-01T00:00:00Z","requestParameters":{"n":1E3,"m":-0.50}}';

describe('typed columns of odd but readable records', () => {
	const dir = tempDir('trailcase-typed-');
	const casePath = path.join(dir, 'case.duckdb');
	const byId = new Map<string, Record<string, any>>();

	beforeAll(async () => {
		// The same records twice: compact NDJSON (strings as spans) and pretty JSON with every non-ASCII
		// character written as \u escapes (strings decoded), so both staging paths are exercised.
		put(dir, 'in/records.ndjson', ndjson(RECORDS));
		const escaped = JSON.stringify({Records: RECORDS.map((r) => ({...r, eventID: r['eventID'] ? `${r['eventID']}~pretty` : undefined}))}, null, 2)
			.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
			.replaceAll('/', '\\/');
		put(dir, 'in/pretty.json', escaped);
		put(dir, 'in/raw-numbers.ndjson', RAW_NUMBERS);
		const {code, report} = await importPaths(casePath, [path.join(dir, 'in')]);
		expect(report.quarantined).toEqual([]);
		expect(code).toBe(0);
		for (const row of await rows(casePath, `SELECT * FROM events`)) byId.set(row['event_id'] ?? `(null) ${row['event_name']} ${row['source_id']}`, row);
	});

	const both = (id: string) => [byId.get(id)!, byId.get(`${id}~pretty`)!];

	it('keeps every record, including ones without eventTime or eventID', () => {
		// The record without eventID is the same record in both files (the pretty copy only adds whitespace
		// and `\/` escapes), so it is one event: 2 per record with an eventID, 1 for it, 1 raw-numbers.
		expect(byId.size).toBe((RECORDS.length - 1) * 2 + 1 + 1);
		for (const [plain, pretty] of RECORDS.filter((r) => r['eventID']).map((r) => both(r['eventID'] as string))) {
			expect(plain, 'compact copy').toBeDefined();
			expect(pretty, 'pretty copy').toBeDefined();
		}
	});

	it('event_time: NULL when absent or unparseable, the right UTC instant otherwise', () => {
		const time = (id: string) => both(id).map((row) => row['event_time']);
		expect(time('no-time')).toEqual([null, null]);
		expect(time('redacted-time')).toEqual([null, null]);
		expect(time('nanos-time')).toEqual(['2025-01-21T17:49:47.000Z', '2025-01-21T17:49:47.000Z']);
		expect(time('offset-time')).toEqual(['2022-02-07T22:23:37.000Z', '2022-02-07T22:23:37.000Z']);
		expect(time('millis-time')).toEqual(['2024-05-01T12:00:00.123Z', '2024-05-01T12:00:00.123Z']);
		// A nested eventTime (inside requestParameters) is not the record's.
		expect(time('nested-time')).toEqual(['2024-06-01T00:00:00.000Z', '2024-06-01T00:00:00.000Z']);
		expect(both('nested-time').map((r) => r['event_name'])).toEqual(['ListBuckets', 'ListBuckets']);
	});

	it('source_ip keeps non-IP values as text', () => {
		expect(both('aws-internal').map((r) => r['source_ip'])).toEqual(['AWS Internal', 'AWS Internal']);
		expect(both('ip-list').map((r) => r['source_ip'])).toEqual(['10.0.0.1, 10.0.0.2', '10.0.0.1, 10.0.0.2']);
	});

	it('read_only and management_event: booleans from booleans or "true"/"false" strings, NULL for anything else', () => {
		expect(both('readonly-string').map((r) => [r['read_only'], r['management_event']])).toEqual([
			[true, false],
			[true, false],
		]);
		expect(both('readonly-false').map((r) => r['read_only'])).toEqual([false, false]);
		expect(both('readonly-odd').map((r) => r['read_only'])).toEqual([null, null]);
	});

	it('account_id is recipientAccountId, else userIdentity.accountId, else NULL', () => {
		expect(both('account-recipient').map((r) => [r['account_id'], r['recipient_account_id']])).toEqual([
			['555566667777', '555566667777'],
			['555566667777', '555566667777'],
		]);
		expect(both('account-identity').map((r) => [r['account_id'], r['recipient_account_id']])).toEqual([
			['111122223333', null],
			['111122223333', null],
		]);
		expect(both('account-none').map((r) => [r['account_id'], r['invoked_by'], r['identity_type']])).toEqual([
			[null, 'ec2.amazonaws.com', 'AWSService'],
			[null, 'ec2.amazonaws.com', 'AWSService'],
		]);
	});

	it('assumed roles: principal_arn is the session ARN, principal_role_arn the session issuer', () => {
		for (const row of both('assumed-role')) {
			expect(row).toMatchObject({
				identity_type: 'AssumedRole',
				principal_arn: 'arn:aws:sts::222233334444:assumed-role/Deployer/session-x',
				principal_role_arn: 'arn:aws:iam::222233334444:role/Deployer',
				principal_id: 'AROAEXAMPLEROLEID:session-x',
				access_key_id: 'ASIAEXAMPLEKEY000002',
				user_name: null,
			});
		}
		for (const row of both('empty-issuer')) expect(row['principal_role_arn']).toBeNull();
	});

	it('missing, empty or null identities leave identity columns NULL; an empty accessKeyId is NULL', () => {
		for (const id of ['empty-identity', 'null-identity']) {
			for (const row of both(id)) {
				expect(row).toMatchObject({identity_type: null, principal_arn: null, access_key_id: null, user_name: null});
			}
		}
		expect(both('empty-identity').map((r) => r['user_identity'])).toEqual(['{}', '{}']);
		expect(both('null-identity').map((r) => r['user_identity'])).toEqual([null, null]);
		expect(both('empty-access-key').map((r) => r['access_key_id'])).toEqual([null, null]);
	});

	it('resources lists ARN and ARNPrefix entries and skips entries with neither', () => {
		const expected = ['arn:aws:s3:::bucket-a', 'arn:aws:s3:::bucket-a/logs/'];
		expect(both('resources').map((r) => r['resources'])).toEqual([expected, expected]);
		expect(both('no-time').map((r) => r['resources'])).toEqual([[], []]);
	});

	it('nested JSON columns hold the exact original text and are queryable', async () => {
		const [plain, pretty] = both('request-params');
		const original = RECORDS.find((r) => r['eventID'] === 'request-params')!;
		expect(plain!['request_parameters']).toBe(JSON.stringify(original['requestParameters']));
		expect(plain!['response_elements']).toBe(JSON.stringify(original['responseElements']));
		// The pretty copy keeps its own whitespace and escapes: a byte span of that file, not a re-serialisation.
		const prettyText = (await rows(casePath, `SELECT b.bytes FROM blobs b JOIN sources s USING (sha256) WHERE s.origin LIKE '%pretty.json'`))[0]!;
		expect(Buffer.from(prettyText['bytes']).toString('utf8')).toContain(pretty!['request_parameters']);
		expect(pretty!['request_parameters']).toMatch(/\n\s+"bucketName"/);
		expect(JSON.parse(pretty!['request_parameters'])).toEqual(original['requestParameters']);
		const queried = await rows(
			casePath,
			`SELECT request_parameters->>'$.bucketName' AS bucket, request_parameters->>'$.policy.Statement[0].Principal' AS principal,
			        additional_event_data->>'$.SignatureVersion' AS sig
			 FROM events WHERE event_id IN ('request-params', 'request-params~pretty') ORDER BY event_id`,
		);
		expect(queried).toEqual([
			{bucket: 'exfil-bucket', principal: '*', sig: 'SigV4'},
			{bucket: 'exfil-bucket', principal: '*', sig: 'SigV4'},
		]);
	});

	it('hostile strings survive CSV staging exactly: controls, quotes, commas, newlines, backslashes, \\N, emoji', () => {
		for (const row of both('hostile')) {
			expect(row['user_agent']).toBe(HOSTILE.osc8);
			expect(row['user_agent']).toContain('\u001b]8;;'); // a real ESC byte: decoded, not the escape text
			expect(row['error_code']).toBe(HOSTILE.punctuation);
			expect(row['error_message']).toBe(HOSTILE.controls);
			expect(row['aws_region']).toBe(HOSTILE.unicode);
			expect(row['event_name']).toBe(HOSTILE.newlines);
			expect(row['event_source']).toBe(HOSTILE.backslashes);
			expect(row['request_id']).toBe(HOSTILE.nullMarker);
			expect(row['shared_event_id']).toBe(HOSTILE.nullMarkerInText);
			expect(row['vpc_endpoint_id']).toBe(HOSTILE.tabs);
			expect(JSON.parse(row['request_parameters'])).toEqual({script: HOSTILE.osc8, path: HOSTILE.backslashes, note: HOSTILE.controls});
		}
		// Nested JSON keeps the escape *text*: it is the original record, not decoded.
		expect(both('hostile')[0]!['request_parameters']).toContain('\\u001b]8;;');
	});

	it('empty strings stay empty strings (not NULL), and numbers keep their spelling', async () => {
		for (const row of both('empty-strings')) expect([row['error_code'], row['error_message']]).toEqual(['', '']);
		expect(both('numbers').map((r) => r['event_version'])).toEqual(['1.05', '1.05']);
		const raw = byId.get('raw-numbers')!;
		expect(raw['event_version']).toBe('1.10');
		expect(raw['request_parameters']).toBe('{"n":1E3,"m":-0.50}');
		const [text] = await originalTexts(casePath, [raw as any]);
		expect(text).toBe(RAW_NUMBERS);
	});

	it('a record without eventID is kept, and its pretty `\/`-escaped copy is the same event seen twice', async () => {
		const keyless = await rows(casePath, `SELECT event_key, source_id, record_index FROM events WHERE event_id IS NULL`);
		expect(keyless).toHaveLength(1);
		const seen = await rows(casePath, `SELECT event_key, source_id, record_index FROM event_sources WHERE event_key = $1 ORDER BY source_id`, [
			keyless[0]!['event_key'],
		]);
		expect(seen).toHaveLength(2);
		const texts = await originalTexts(casePath, seen as any);
		expect(JSON.parse(texts[0]!)).toEqual(RECORDS.at(-1));
		expect(JSON.parse(texts[1]!)).toEqual(RECORDS.at(-1));
		expect(texts[0]).not.toBe(texts[1]);
	});

	it('show text of the hostile record is the original, escapes included', async () => {
		const [ref] = await rows(casePath, `SELECT event_key, source_id, record_index FROM events WHERE event_id = 'hostile'`);
		const [text] = await originalTexts(casePath, [ref as any]);
		expect(text).toBe(JSON.stringify(RECORDS.find((r) => r['eventID'] === 'hostile')));
	});
});

describe('a Records file with a single huge record and long strings', () => {
	it('stages a 2 MB string value exactly', async () => {
		const dir = tempDir('trailcase-big-');
		const big = 'x,"\n\u0002'.repeat(500_000);
		put(dir, 'big.json', trailJson([record('big', {errorMessage: big})]));
		const {code} = await importPaths(path.join(dir, 'case.duckdb'), [path.join(dir, 'big.json')]);
		expect(code).toBe(0);
		const [row] = await rows(path.join(dir, 'case.duckdb'), `SELECT error_message FROM events WHERE event_id = 'big'`);
		expect(row!['error_message'] === big).toBe(true);
	});
});

describe('a lone UTF-16 surrogate written as a \\u escape', () => {
	it('is valid JSON: the record imports, the column holds U+FFFD, and show keeps the original escape', async () => {
		const dir = tempDir('trailcase-surrogate-');
		const casePath = path.join(dir, 'case.duckdb');
		const text = '{"eventVersion":"1.08","eventID":"lone-surrogate","eventTime":"2024-01-01T00:00:00Z","userAgent":"x\\ud800y"}';
		put(dir, 'in/s.ndjson', `${text}\n${JSON.stringify(record('after-surrogate'))}\n`);
		const {code} = await importPaths(casePath, [path.join(dir, 'in')]);
		expect(code).toBe(0);
		const found = await rows(casePath, `SELECT event_id, user_agent, event_key, source_id, record_index FROM events ORDER BY record_index`);
		expect(found.map((r) => r['event_id'])).toEqual(['lone-surrogate', 'after-surrogate']);
		expect(found[0]!['user_agent']).toBe('x\uFFFDy');
		expect(await originalTexts(casePath, [found[0] as any])).toEqual([text]);
	});
});
