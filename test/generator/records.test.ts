import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { generateTrail, type GenerateSummary } from '../../source/generator/generate.js';
import { ESCAPE_USER_AGENT } from '../../source/generator/intrusion.js';
import { readRecords, type CtRecord } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'trailcase-rec-'));
let summary: GenerateSummary;
let all: CtRecord[];
let byFile: Array<{ key: string; records: CtRecord[] }>;

beforeAll(async () => {
  summary = await generateTrail({ outDir: join(tmp, 'with'), events: 8000, seed: 3 });
  byFile = summary.files.filter((k) => k.includes('/CloudTrail/'))
    .map((key) => ({ key, records: readRecords(join(tmp, 'with', key)) }));
  all = byFile.flatMap((f) => f.records);
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const attacker = (): CtRecord[] => all.filter((r) => r.sourceIPAddress === summary.intrusion.attackerIp);
const minutes = (r: CtRecord): number => Date.parse(r.eventTime) / 60_000;

describe('background records', () => {
  it('have the schema fields, unique eventIDs and recipient = folder account', () => {
    expect(all).toHaveLength(summary.events);
    expect(new Set(all.map((r) => r.eventID)).size).toBe(all.length);
    for (const { key, records } of byFile) {
      const acct = key.split('/')[1];
      const region = key.split('/')[3];
      for (const r of records) {
        expect(r.recipientAccountId).toBe(acct);
        expect(r.awsRegion).toBe(region);
        expect(['1.08', '1.09', '1.10']).toContain(r.eventVersion);
        expect(r.eventID).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
        expect(r.eventTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        expect('requestParameters' in r && 'responseElements' in r).toBe(true);
        expect(['Management', 'Data']).toContain(r.eventCategory);
        expect(r.managementEvent).toBe(r.eventCategory === 'Management');
      }
    }
  });

  it('are varied: identity types, services, errors, data events, service source IPs', () => {
    const count = (f: (r: CtRecord) => unknown): Map<unknown, number> =>
      all.reduce((m, r) => m.set(f(r), (m.get(f(r)) ?? 0) + 1), new Map<unknown, number>());
    const types = count((r) => r.userIdentity.type);
    for (const t of ['IAMUser', 'AssumedRole', 'AWSService', 'Root']) expect(types.get(t) ?? 0, t).toBeGreaterThan(0);
    expect(count((r) => r.eventSource).size).toBeGreaterThan(12);
    expect(count((r) => r.eventName).size).toBeGreaterThan(60);
    const background = all.filter((r) => r.sourceIPAddress !== summary.intrusion.attackerIp);
    const errRate = background.filter((r) => r.errorCode).length / background.length;
    expect(errRate).toBeGreaterThan(0.015);
    expect(errRate).toBeLessThan(0.05);
    const codes = new Set(background.map((r) => r.errorCode));
    for (const c of ['AccessDenied', 'Client.UnauthorizedOperation', 'ThrottlingException']) expect(codes).toContain(c);
    expect(background.filter((r) => r.errorCode).every((r) => typeof r.errorMessage === 'string')).toBe(true);
    const ips = new Set(all.map((r) => r.sourceIPAddress));
    for (const ip of ['AWS Internal', 'ec2.amazonaws.com', 'lambda.amazonaws.com']) expect(ips).toContain(ip);
    const data = all.filter((r) => r.eventCategory === 'Data' && r.eventName === 'GetObject');
    expect(data.length).toBeGreaterThan(300);
    expect(data.every((r) => r.resources?.some((x) => x.type === 'AWS::S3::Object' && x.ARN?.startsWith('arn:aws:s3:::')))).toBe(true);
    const roles = all.filter((r) => r.userIdentity.type === 'AssumedRole');
    expect(roles.every((r) => r.userIdentity.sessionContext?.sessionIssuer?.arn?.includes(':role/'))).toBe(true);
    expect(roles.every((r) => ['true', 'false'].includes(r.userIdentity.sessionContext!.attributes!.mfaAuthenticated!))).toBe(true);
    expect(all.some((r) => r.tlsDetails !== undefined)).toBe(true);
  });

  it('are not strictly time-sorted within files', () => {
    const unsorted = byFile.filter(({ records }) => records.some((r, i) => i > 0 && r.eventTime < records[i - 1].eventTime));
    expect(unsorted.length).toBeGreaterThan(byFile.length / 2);
  });

  it('average roughly 1–1.5 KB of compact JSON', () => {
    const avg = all.reduce((s, r) => s + JSON.stringify(r).length, 0) / all.length;
    expect(avg).toBeGreaterThan(800);
    expect(avg).toBeLessThan(1600);
  });
});

describe('embedded intrusion', () => {
  it('is one attacker IP using the compromised user key in account[0]/regions[0], inside the range', () => {
    const a = attacker();
    expect(a.length).toBe(summary.intrusion.events - 1); // all but the admin's StartLogging
    const { account, region, compromisedAccessKey, compromisedUser } = summary.intrusion;
    expect(compromisedAccessKey).toMatch(/^AKIA[A-Z2-7]{16}$/);
    for (const r of a) {
      expect([r.recipientAccountId, r.awsRegion]).toEqual([account, region]);
      if (r.eventName !== 'ConsoleLogin') expect([r.userIdentity.userName, r.userIdentity.accessKeyId]).toEqual([compromisedUser, compromisedAccessKey]);
      expect(r.eventTime >= summary.firstEvent && r.eventTime <= summary.lastEvent).toBe(true);
    }
    // The same key is used legitimately elsewhere, from other IPs.
    expect(all.some((r) => r.userIdentity.accessKeyId === compromisedAccessKey && r.sourceIPAddress !== summary.intrusion.attackerIp)).toBe(true);
  });

  it('contains recon, an AccessDenied burst, CreateAccessKey for another user and StopLogging', () => {
    const a = attacker().sort((x, y) => x.eventTime.localeCompare(y.eventTime));
    const recon = a.filter((r) => !r.errorCode && /^(Get|List|Describe)/.test(r.eventName) && r.eventCategory === 'Management');
    expect(recon.length).toBeGreaterThanOrEqual(25);
    for (const n of ['GetCallerIdentity', 'ListBuckets', 'ListUsers', 'ListRoles', 'DescribeInstances']) expect(recon.map((r) => r.eventName)).toContain(n);
    const denied = a.filter((r) => r.errorCode === 'AccessDenied');
    expect(denied.some((d) => denied.filter((x) => minutes(x) >= minutes(d) && minutes(x) < minutes(d) + 5).length >= 25)).toBe(true);
    const cak = a.filter((r) => r.eventName === 'CreateAccessKey');
    expect(cak).toHaveLength(1);
    expect(cak[0].requestParameters!.userName).toBe(summary.intrusion.victimUser);
    expect(cak[0].requestParameters!.userName).not.toBe(cak[0].userIdentity.userName);
    const stop = a.filter((r) => r.eventName === 'StopLogging');
    expect(stop.map((r) => r.eventSource)).toEqual(['cloudtrail.amazonaws.com']);
  });

  it('opens a bucket to "*" and then bulk-reads it', () => {
    const a = attacker();
    const put = a.find((r) => r.eventName === 'PutBucketPolicy')!;
    expect(put.requestParameters!.bucketName).toBe(summary.intrusion.bucket);
    const policy = put.requestParameters!.bucketPolicy as { Statement: Array<{ Principal: unknown; Effect: string }> };
    expect(policy.Statement.some((s) => s.Principal === '*' && s.Effect === 'Allow')).toBe(true);
    const reads = a.filter((r) => r.eventName === 'GetObject' && r.eventCategory === 'Data' && !r.errorCode
      && r.requestParameters!.bucketName === summary.intrusion.bucket);
    expect(reads.length).toBeGreaterThanOrEqual(300);
    expect(reads.every((r) => r.eventTime >= put.eventTime)).toBe(true);
  });

  it('has a root ConsoleLogin without MFA', () => {
    const logins = attacker().filter((r) => r.eventName === 'ConsoleLogin');
    expect(logins).toHaveLength(1);
    const [l] = logins;
    expect(l.userIdentity.type).toBe('Root');
    expect(l.additionalEventData!.MFAUsed).toBe('No');
    expect(l.responseElements!.ConsoleLogin).toBe('Success');
    expect(l.eventType).toBe('AwsConsoleSignIn');
  });

  it('carries the terminal-escape user agent, JSON-escaped on disk and intact after parsing', () => {
    expect(summary.intrusion.escapeUserAgent).toBe(ESCAPE_USER_AGENT);
    expect(ESCAPE_USER_AGENT).toContain('\u001b]8;;https://evil.example/\u0007');
    expect(ESCAPE_USER_AGENT).toContain('\u001b[2J');
    const hits = all.filter((r) => r.userAgent === ESCAPE_USER_AGENT);
    expect(hits.length).toBeGreaterThanOrEqual(1);
    expect(hits.every((r) => r.sourceIPAddress === summary.intrusion.attackerIp)).toBe(true);
    const file = byFile.find((f) => f.records.includes(hits[0]))!;
    const raw = gunzipSync(readFileSync(join(tmp, 'with', file.key))).toString('utf8');
    expect(raw).toContain('\\u001b]8;;https://evil.example/\\u0007aws-cli/2.15.0');
    expect(raw.includes('\u001b') || raw.includes('\u0007')).toBe(false); // no raw control bytes in the file
  });

  it('can be switched off without changing the background volume', async () => {
    const s = await generateTrail({ outDir: join(tmp, 'without'), events: 2000, seed: 3, intrusion: false });
    expect(s.events).toBe(2000);
    expect(s.intrusion.events).toBe(0);
    const recs = s.files.filter((k) => k.includes('/CloudTrail/')).flatMap((k) => readRecords(join(tmp, 'without', k)));
    expect(recs.some((r) => r.sourceIPAddress === s.intrusion.attackerIp)).toBe(false);
  });
});
