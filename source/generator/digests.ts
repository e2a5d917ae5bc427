// Hourly signed digest chain per account × region (spec §3.1–3.3) and the
// `aws s3api head-object` sidecars that carry the signature offline (§3.2).
//
// Digests only need per-log-file metadata (key, SHA-256 of the decompressed
// bytes, event-time bounds, delivery time), so the log bodies are long gone
// from memory by the time the chain is written.

import { createHash, type KeyObject } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { signDigest, SIGNATURE_ALGORITHM } from '../integrity/signing.js';
import { cliTimestamp, digestKey, HEAD_OBJECT_SIDECAR_SUFFIX, isoSeconds } from './layout.js';
import type { Rng } from './prng.js';

const HOUR = 3_600_000;

export interface LogFileEntry {
  key: string;
  /** Hex SHA-256 of the decompressed log file. */
  hash: string;
  oldest: string;
  newest: string;
  deliveredMs: number;
}

export interface DigestInfo {
  key: string;
  signature: string;
  /** Value of the sidecar's LastModified (delivery time of the digest). */
  lastModified: string;
  startTime: string;
  endTime: string;
  logFiles: number;
  bytes: number;
}

export interface ChainSpec {
  outDir: string;
  bucket: string;
  prefix?: string;
  account: string;
  region: string;
  trailName: string;
  homeRegion: string;
  /** Start of the first window; windows are exactly one hour wide and follow each other without gaps. */
  firstStartMs: number;
  windows: number;
  /** Log files of this account × region, in any order. */
  files: LogFileEntry[];
  privateKey: KeyObject;
  fingerprint: string;
  sidecars: boolean;
}

/** Write one stream's digest chain; returns the digests in chain order (oldest first). */
export async function writeDigestChain(spec: ChainSpec, rng: Rng): Promise<DigestInfo[]> {
  const files = [...spec.files].sort((a, b) => a.deliveredMs - b.deliveredMs);
  const out: DigestInfo[] = [];
  let prev: { key: string; inflated: Buffer; signature: string } | undefined;
  let fi = 0;
  if (files.length > 0 && files[0].deliveredMs < spec.firstStartMs) throw new Error('log file delivered before the first digest window');
  for (let k = 0; k < spec.windows; k++) {
    const startMs = spec.firstStartMs + k * HOUR;
    const endMs = startMs + HOUR;
    const listed: LogFileEntry[] = [];
    while (fi < files.length && files[fi].deliveredMs < endMs) listed.push(files[fi++]);
    const key = digestKey(spec.prefix, spec.account, spec.region, spec.trailName, spec.homeRegion, endMs);
    let newest: string | null = null;
    let oldest: string | null = null;
    for (const f of listed) {
      if (newest === null || f.newest > newest) newest = f.newest;
      if (oldest === null || f.oldest < oldest) oldest = f.oldest;
    }
    const body = {
      awsAccountId: spec.account,
      digestStartTime: isoSeconds(startMs),
      digestEndTime: isoSeconds(endMs),
      digestS3Bucket: spec.bucket,
      digestS3Object: key, // the object key already includes the prefix
      digestPublicKeyFingerprint: spec.fingerprint,
      digestSignatureAlgorithm: SIGNATURE_ALGORITHM,
      newestEventTime: newest,
      oldestEventTime: oldest,
      previousDigestS3Bucket: prev ? spec.bucket : null,
      previousDigestS3Object: prev ? prev.key : null,
      previousDigestHashValue: prev ? createHash('sha256').update(prev.inflated).digest('hex') : null,
      previousDigestHashAlgorithm: prev ? 'SHA-256' : null,
      previousDigestSignature: prev ? prev.signature : null,
      logFiles: listed.map((f) => ({
        s3Bucket: spec.bucket, s3Object: f.key, hashValue: f.hash, hashAlgorithm: 'SHA-256',
        newestEventTime: f.newest, oldestEventTime: f.oldest,
      })),
    };
    // Real digests escape "/" as "\/" (Java serialiser). Reproducing it makes sure
    // consumers hash the inflated bytes and compare values only after JSON.parse.
    const inflated = Buffer.from(JSON.stringify(body).replace(/\//g, '\\/'), 'utf8');
    const signature = signDigest(spec.privateKey, inflated, body);
    const gz = gzipSync(inflated);
    const path = join(spec.outDir, key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, gz);
    const lastModified = cliTimestamp(endMs + rng.range(20, 400) * 1000);
    if (spec.sidecars) {
      const head = {
        AcceptRanges: 'bytes',
        LastModified: lastModified,
        ContentLength: gz.length,
        ETag: `"${createHash('md5').update(gz).digest('hex')}"`,
        ContentType: 'application/json',
        Metadata: { signature, 'signature-algorithm': SIGNATURE_ALGORITHM },
      };
      await writeFile(path + HEAD_OBJECT_SIDECAR_SUFFIX, JSON.stringify(head, null, 4) + '\n');
    }
    out.push({ key, signature, lastModified, startTime: body.digestStartTime, endTime: body.digestEndTime, logFiles: listed.length, bytes: gz.length });
    prev = { key, inflated, signature };
  }
  if (fi < files.length) throw new Error(`${files.length - fi} log files delivered after the last digest window`);
  return out;
}
