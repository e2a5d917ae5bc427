// Shape of one entry of the background event catalog, plus small helpers the
// catalog files share. A template knows the service, action and which personas
// plausibly call it, and renders service-specific requestParameters /
// responseElements / resources as JSON text.

import type { Rng } from './prng.js';
import type { Persona, Principal } from './identities.js';
import type { World } from './world.js';

export interface Ctx {
  rng: Rng;
  w: World;
  p: Principal;
  region: string;
  ms: number;
}

export interface Body {
  /** requestParameters JSON ("null" allowed). */
  req: string;
  /** responseElements JSON; defaults to null (read-only calls have none). */
  resp?: string;
  /** resources array JSON. */
  res?: string;
  /** additionalEventData JSON. */
  extra?: string;
  /** ARN named in an AccessDenied message; defaults to "*". */
  target?: string;
  /** TLS Host header if not the service's regional endpoint (e.g. S3 virtual-host names). */
  host?: string;
  /** Service-specific request ID format (S3 uses 16 upper-case characters). */
  requestId?: string;
  /** Set when an AWS service made the call for the principal (S3 → KMS): becomes sourceIPAddress and userAgent, no TLS. */
  via?: string;
  /** Overrides of the principal's defaults (sign-in events use a bare identity, a browser and a real IP). */
  identity?: string;
  ip?: string;
  agent?: string;
  /** Outcome chosen by the template itself (ConsoleLogin failures), bypassing the generic error model. */
  errorCode?: string;
  errorMessage?: string;
}

export interface Template {
  source: string;
  name: string;
  readOnly: boolean;
  who: readonly Persona[];
  weight: number;
  /** S3 object / Lambda invoke events: eventCategory Data, managementEvent false. */
  data?: boolean;
  /** Global services (IAM, sign-in) are only logged in the global region. */
  global?: boolean;
  eventType?: 'AwsApiCall' | 'AwsConsoleSignIn';
  apiVersion?: string;
  /** Overrides the per-service eventVersion. */
  version?: string;
  /** Some events (sign-in) have no requestID or tlsDetails. */
  noRequestId?: boolean;
  /** Override of the background error rate (e.g. 0 for ConsoleLogin, whose failures look different). */
  errorRate?: number;
  build(c: Ctx): Body;
}

export const q = (s: string): string => JSON.stringify(s);

/** Common persona groups. */
export const HUMANS: readonly Persona[] = ['human', 'console'];
export const OPS: readonly Persona[] = ['human', 'console', 'ci', 'svcrole', 'monitor'];
export const WORKLOADS: readonly Persona[] = ['app', 'lambda'];

export const arnBucket = (b: string): string => `arn:aws:s3:::${b}`;
export const arnKms = (c: Ctx, id: string): string => `arn:aws:kms:${c.region}:${c.w.account}:key/${id}`;
export const arnRole = (c: Ctx, r: string): string => `arn:aws:iam::${c.w.account}:role/${r}`;
export const arnFn = (c: Ctx, f: string): string => `arn:aws:lambda:${c.region}:${c.w.account}:function:${f}`;

/** One-element resources array. */
export function res1(type: string, arn: string, account: string): string {
  return `[{"accountId":"${account}","type":"${type}","ARN":${q(arn)}}]`;
}

/** A few items of a list, as an EC2-style {"items":[{key:value}]} set. */
export function itemSet(c: Ctx, key: string, values: readonly string[], max: number): string {
  const n = 1 + c.rng.int(max);
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(`{"${key}":"${c.rng.pick(values)}"}`);
  return `{"items":[${out.join(',')}]}`;
}

/** Object key under one of the world's prefixes, e.g. raw/events/year=2026/month=11/part-00042-….parquet */
export function objectKey(c: Ctx): string {
  const prefix = c.rng.pick(c.w.objectPrefixes);
  return `${prefix}part-${String(c.rng.int(100000)).padStart(5, '0')}-${c.rng.hex(3)}.${c.rng.pick(['parquet', 'json.gz', 'csv', 'png', 'zip'])}`;
}
