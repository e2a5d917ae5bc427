// Shared helpers for the generator tests: read back a generated tree.

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { gunzipSync, inflateRawSync } from 'node:zlib';

// Spec §1.5 reference regexes, verbatim.
const REGION = String.raw`[a-z]{2,4}(?:-[a-z]+)+-\d+`;
export const KEY = new RegExp(
  String.raw`^(?:(?<prefix>.+?)/)?AWSLogs/(?:(?<org>o-[a-z0-9]{10,32})/)?(?<acct>\d{12})/` +
  String.raw`(?<kind>CloudTrail(?:-Digest|-Insight|-NetworkActivity|-Aggregated)?)/` +
  String.raw`(?<region>${REGION})/(?<y>\d{4})/(?<m>\d{2})/(?<d>\d{2})/(?<file>[^/]+)$`);
export const LOG_FILE = new RegExp(
  String.raw`^(?<acct>\d{12})_(?<kind>CloudTrail(?:-Insight|-NetworkActivity|-Aggregated)?)_` +
  String.raw`(?<region>${REGION})_(?<ts>\d{8}T\d{4}Z)_?(?<uniq>[A-Za-z0-9]+)\.json\.gz$`);
export const DIGEST_FILE = new RegExp(
  String.raw`^(?<acct>\d{12})_CloudTrail-Digest_(?<src>${REGION})_(?<trail>.+)_(?<home>${REGION})_` +
  String.raw`(?<ts>\d{8}T\d{6}Z)(?<backfill>_backfill)?\.json\.gz$`);

/** All files below `dir`, as `/`-separated paths relative to it, sorted. */
export function listTree(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const f of readdirSync(d)) {
      const p = join(d, f);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
export const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');

/** Inflate a gzip object and report whether bytes follow the first member (spec §3.4). */
export function inflateStrict(gz: Buffer): { inflated: Buffer; trailing: number } {
  if (gz[0] !== 0x1f || gz[1] !== 0x8b || gz[3] !== 0) throw new Error('unexpected gzip header');
  const r = inflateRawSync(gz.subarray(10), { info: true }) as unknown as { buffer: Buffer; engine: { bytesWritten: number } };
  return { inflated: r.buffer, trailing: gz.length - (10 + r.engine.bytesWritten + 8) };
}

export interface CtRecord {
  eventVersion: string;
  eventTime: string;
  eventSource: string;
  eventName: string;
  awsRegion: string;
  sourceIPAddress: string;
  userAgent?: string;
  errorCode?: string;
  errorMessage?: string;
  eventID: string;
  eventCategory: string;
  readOnly?: boolean;
  recipientAccountId: string;
  userIdentity: { type: string; userName?: string; accessKeyId?: string; arn?: string; invokedBy?: string;
    sessionContext?: { attributes?: { mfaAuthenticated?: string; creationDate?: string }; sessionIssuer?: { arn?: string } } };
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  additionalEventData?: Record<string, unknown>;
  resources?: Array<{ ARN?: string; accountId?: string; type: string }>;
  [k: string]: unknown;
}

export function readRecords(path: string): CtRecord[] {
  return (JSON.parse(gunzipSync(readFileSync(path)).toString('utf8')) as { Records: CtRecord[] }).Records;
}
