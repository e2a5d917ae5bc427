import {readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {DuckDBInstance} from '@duckdb/node-api';
import {describe, expect, it} from 'vitest';
import {MIGRATIONS} from '../../source/case/schema.js';
import {SEVERITIES} from '../../source/hunts/hunt.js';
import {builtInQueriesDir} from '../../source/hunts/load-hunts.js';
import {parseHunt} from '../../source/hunts/parse-hunt.js';
import {checkHunt} from '../../source/hunts/run-hunt.js';

const dir = builtInQueriesDir();
const files = readdirSync(dir).filter((name) => name.endsWith('.sql')).sort();
const hunts = files.map((name) => parseHunt(readFileSync(path.join(dir, name), 'utf8'), path.join(dir, name)));

describe('the shipped hunt library (queries/)', () => {
	it('has at least 35 hunts, all of them .sql files that parse', () => {
		expect(files.length).toBeGreaterThanOrEqual(35);
		expect(hunts).toHaveLength(files.length);
	});

	it('gives every hunt the full header', () => {
		for (const hunt of hunts) {
			const text = readFileSync(hunt.file, 'utf8');
			for (const key of ['id', 'title', 'severity', 'mitre', 'description', 'references', 'false-positives']) {
				expect(text, `${hunt.id} lacks "-- ${key}:"`).toMatch(new RegExp(`^-- ${key}:`, 'm'));
			}
			expect(hunt.title.length).toBeGreaterThan(5);
			expect(hunt.description.length, hunt.id).toBeGreaterThan(40);
			expect(hunt.falsePositives.length, hunt.id).toBeGreaterThan(10);
			expect(hunt.references.length, hunt.id).toBeGreaterThan(0);
			expect(hunt.mitre.length, hunt.id).toBeGreaterThan(0);
			expect(hunt.tactic, hunt.id).toBeTruthy();
		}
	});

	it('uses unique ids equal to the file names', () => {
		expect(new Set(hunts.map((hunt) => hunt.id)).size).toBe(hunts.length);
		for (const hunt of hunts) expect(`${hunt.id}.sql`).toBe(path.basename(hunt.file));
	});

	it('uses severities from the fixed set and documents thresholds of burst hunts', () => {
		for (const hunt of hunts) {
			expect(SEVERITIES).toContain(hunt.severity);
			if (/burst|first-seen/.test(hunt.id)) expect(hunt.thresholds, `${hunt.id} has no "-- thresholds:"`).toBeTruthy();
		}
	});

	it('qualifies every event name it compares with an event source', () => {
		for (const hunt of hunts) {
			if (/\bevent_name\s*(=|IN\b)/.test(hunt.sql)) expect(hunt.sql, hunt.id).toMatch(/event_source\s*(=|IN\b)/);
		}
	});

	it('returns event_key and event_id from a single SELECT that binds against the case schema', async () => {
		const instance = await DuckDBInstance.create(':memory:');
		const conn = await instance.connect();
		try {
			for (const statement of MIGRATIONS[0]!) await conn.run(statement);
			for (const hunt of hunts) {
				const columns = await checkHunt(conn, hunt);
				expect(columns, hunt.id).toContain('event_key');
				expect(columns, hunt.id).toContain('event_id');
			}
		} finally {
			conn.closeSync();
			instance.closeSync();
		}
	});

	it('covers every technique the library promises', () => {
		const ids = new Set(hunts.map((hunt) => hunt.id));
		const promised = [
			// CIS AWS Foundations monitoring controls
			'cis-unauthorized-api-calls', 'cis-console-signin-without-mfa', 'cis-root-account-usage', 'cis-iam-policy-changes',
			'cis-cloudtrail-config-changes', 'cis-console-auth-failures', 'cis-kms-key-disabled-or-deleted',
			'cis-s3-bucket-policy-changes', 'cis-aws-config-changes', 'cis-security-group-changes', 'cis-nacl-changes',
			'cis-network-gateway-changes', 'cis-route-table-changes', 'cis-vpc-changes', 'cis-organizations-changes',
			// defence evasion
			'cloudtrail-stop-logging', 'cloudtrail-delete-trail', 'cloudtrail-event-selectors-reduced', 'cloudtrail-trail-updated',
			'vpc-flow-logs-deleted', 'guardduty-disabled', 'securityhub-disabled',
			// credential access
			'secretsmanager-secret-burst', 'ec2-get-password-data', 'ssm-parameters-decrypted-burst',
			// persistence
			'iam-access-key-for-other-user', 'iam-login-profile-created-or-reset', 'iam-new-user-with-admin-policy',
			'iam-role-trust-policy-changed', 'rolesanywhere-trust-anchor',
			// exfiltration and sharing
			'ec2-snapshot-shared', 'ec2-ami-shared', 'rds-snapshot-shared', 's3-bucket-opened-to-everyone', 's3-bulk-getobject',
			// execution
			'ssm-send-command', 'ec2-user-data-modified',
			// the rest
			'organizations-leave', 'discovery-burst', 'access-denied-burst', 'instance-credentials-outside-aws', 'first-seen-source-ip',
		];
		expect(promised.filter((id) => !ids.has(id))).toEqual([]);
	});
});
