// Seeded synthetic CloudTrail trail generator: public entry point.
//
// Writes an S3-shaped tree (spec §1) of gzip log files and signed hourly digest
// chains, plus `public-keys.json` (list-public-keys output) and head-object
// sidecars, so that acquisition, validation and hunting can be tested offline.
// Same seed + options ⇒ byte-identical output: every random choice comes from
// one seeded PRNG consumed in a fixed order, and the signing key is fixed.

import { createPrivateKey } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fingerprintOf, publicKeyDerOf } from '../integrity/signing.js';
import { writeDigestChain, type DigestInfo, type LogFileEntry } from './digests.js';
import { BackgroundFactory } from './events.js';
import { buildCast } from './identities.js';
import { buildIntrusion, INTRUSION_SPAN_SECONDS, type IntrusionEvent, type IntrusionInfo } from './intrusion.js';
import { cliTimestamp, isoSeconds, logFileKey, PUBLIC_KEYS_FILE } from './layout.js';
import { Rng } from './prng.js';
import { planSchedule, SLOT_MS } from './schedule.js';
import { TEST_SIGNING_KEY_PEM } from './test-key.js';
import { buildWorld } from './world.js';
import { LogWriter } from './writer.js';

export { HEAD_OBJECT_SIDECAR_SUFFIX, PUBLIC_KEYS_FILE } from './layout.js';
export { TEST_SIGNING_KEY_PEM } from './test-key.js';

export interface GenerateOptions {
  outDir: string;             // writes the S3 key layout below this folder
  seed?: number;              // default 1; same seed + options => byte-identical output
  events?: number;            // total background events, default 20_000 (intrusion events come on top)
  accounts?: string[];        // default ['111122223333','444455556666']
  regions?: string[];         // default ['us-east-1','eu-west-1']
  start?: string;             // ISO UTC, default '2026-11-02T00:00:00Z'
  eventsPerFile?: number;     // average records per log file, default 400
  bucket?: string;            // default 'trailcase-demo-trail'
  prefix?: string;            // optional S3 key prefix before AWSLogs/
  trailName?: string;         // default 'management-trail'; home region = regions[0]
  privateKeyPem?: string;     // signing key; default the fixed embedded test key
  sidecars?: boolean;         // default true: write `<digest key>.head-object.json` next to each digest
  intrusion?: boolean;        // default true
}

export interface GenerateSummary {
  logFiles: number;
  digestFiles: number;
  /** Records written: background events plus intrusion events. */
  events: number;
  /** Compressed bytes of all log and digest objects. */
  bytes: number;
  /** Decompressed bytes of all log files. */
  rawBytes: number;
  firstEvent: string;
  lastEvent: string;
  /** Absolute path of public-keys.json. */
  publicKeysFile: string;
  /** Object keys (relative to outDir, `/`-separated, prefix included) of log files then digests. */
  files: string[];
  /** Every digest with its signature (the S3 `x-amz-meta-signature` value), per stream in chain order. */
  digests: DigestInfo[];
  /** MD5 fingerprint of the signing key (digestPublicKeyFingerprint). */
  fingerprint: string;
  trailArn: string;
  intrusion: IntrusionInfo;
}

const HOUR = 3_600_000;
const ACCOUNT_RE = /^\d{12}$/;
const REGION_RE = /^[a-z]{2,4}(?:-[a-z]+)+-\d+$/;
/** zlib level 6 (default): ratio close to real CloudTrail files at acceptable speed. */
const GZIP_LEVEL = 6;

export async function generateTrail(opts: GenerateOptions): Promise<GenerateSummary> {
  const seed = opts.seed ?? 1;
  const events = opts.events ?? 20_000;
  const accounts = opts.accounts ?? ['111122223333', '444455556666'];
  const regions = opts.regions ?? ['us-east-1', 'eu-west-1'];
  const eventsPerFile = opts.eventsPerFile ?? 400;
  const bucket = opts.bucket ?? 'trailcase-demo-trail';
  const trailName = opts.trailName ?? 'management-trail';
  const startMs = Math.floor(Date.parse(opts.start ?? '2026-11-02T00:00:00Z') / 1000) * 1000;
  if (!Number.isInteger(events) || events < 0) throw new Error(`events must be a non-negative integer, got ${events}`);
  if (!(eventsPerFile >= 1)) throw new Error(`eventsPerFile must be >= 1, got ${eventsPerFile}`);
  if (accounts.length === 0 || !accounts.every((a) => ACCOUNT_RE.test(a))) throw new Error('accounts must be 12-digit IDs');
  if (regions.length === 0 || !regions.every((r) => REGION_RE.test(r))) throw new Error('regions must look like us-east-1');
  if (!Number.isFinite(startMs)) throw new Error(`invalid start time ${opts.start}`);
  if (!/^[A-Za-z0-9._-]{3,128}$/.test(trailName)) throw new Error(`invalid trail name ${trailName}`);
  const homeRegion = regions[0];
  const globalRegion = regions.includes('us-east-1') ? 'us-east-1' : homeRegion;
  const trailArn = `arn:aws:cloudtrail:${homeRegion}:${accounts[0]}:trail/${trailName}`;

  const privateKey = createPrivateKey(opts.privateKeyPem ?? TEST_SIGNING_KEY_PEM);
  const der = publicKeyDerOf(privateKey);
  const fingerprint = fingerprintOf(der);

  const rng = new Rng(seed);
  const worlds = accounts.map((a, i) => buildWorld(a, i, rng.fork()));
  const casts = worlds.map((w) => buildCast(w, rng.fork()));
  const factory = new BackgroundFactory(worlds, casts, globalRegion, rng.fork());
  const plan = planSchedule(events, eventsPerFile, accounts.length, regions.length, startMs, rng.fork());
  const streams = accounts.length * regions.length;

  // Place the intrusion around 45 % into the range, always leaving room for all of it.
  const rangeMs = plan.hours * HOUR;
  const latest = rangeMs - (INTRUSION_SPAN_SECONDS + 180) * 1000;
  const intrusionStart = startMs + Math.min(Math.max(300_000, Math.round(rangeMs * 0.45 / 1000) * 1000), latest) + rng.int(60) * 1000;
  const intrusion = buildIntrusion(worlds[0], casts[0], regions[0], intrusionStart, trailArn, rng.fork());
  const attack: IntrusionEvent[] = opts.intrusion === false ? [] : intrusion.events;

  await mkdir(opts.outDir, { recursive: true });
  const writer = new LogWriter(opts.outDir, GZIP_LEVEL);
  const perStream: LogFileEntry[][] = Array.from({ length: streams }, () => []);
  const logKeys: string[] = [];
  let written = 0;
  let firstMs = Infinity;
  let lastMs = -Infinity;
  let ai = 0; // next intrusion event to place
  const gen = rng.fork();

  for (let k = 0; k < plan.slotsPerStream; k++) {
    const slotStart = startMs + k * SLOT_MS;
    const slotEnd = slotStart + SLOT_MS;
    for (let s = 0; s < streams; s++) {
      const a = Math.floor(s / regions.length);
      const region = regions[s % regions.length];
      const n = plan.counts[s * plan.slotsPerStream + k];
      const extra: IntrusionEvent[] = [];
      if (s === 0) while (ai < attack.length && attack[ai].ms < slotEnd) extra.push(attack[ai++]);
      if (n === 0 && extra.length === 0) continue;

      // Event times: uniform in the slot, with ~1 % arriving late from the previous ten minutes.
      const times = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        let t = slotStart + Math.floor(gen.float() * SLOT_MS);
        if (gen.chance(0.01)) t = Math.max(startMs, t - gen.range(60, 600) * 1000);
        times[i] = t;
      }
      times.sort();
      const records: string[] = [];
      let oldest = Infinity;
      let newest = -Infinity;
      let x = 0;
      for (let i = 0; i < n || x < extra.length; ) {
        const useAttack = x < extra.length && (i >= n || extra[x].ms <= times[i]);
        const t = useAttack ? extra[x].ms : times[i];
        records.push(useAttack ? extra[x++].json : factory.record(gen, a, region, times[i++]));
        if (t < oldest) oldest = t;
        if (t > newest) newest = t;
      }
      // Records in a file are only roughly ordered: swap a few near neighbours.
      for (let i = 0; i + 1 < records.length; i++) {
        if (gen.chance(0.08)) {
          const j = i + 1 + gen.int(Math.min(4, records.length - 1 - i));
          const tmp = records[i];
          records[i] = records[j];
          records[j] = tmp;
        }
      }
      const deliveredMs = slotEnd + gen.range(45, 330) * 1000;
      const key = logFileKey(opts.prefix, accounts[a], region, deliveredMs, gen.alnum(16));
      const hash = await writer.write(key, `{"Records":[${records.join(',')}]}`);
      perStream[s].push({ key, hash, oldest: isoSeconds(oldest), newest: isoSeconds(newest), deliveredMs });
      logKeys.push(key);
      written += records.length;
      if (oldest < firstMs) firstMs = oldest;
      if (newest > lastMs) lastMs = newest;
    }
  }
  await writer.flush();

  // Hourly digest chains: windows start a few minutes past the range start (not clock-aligned)
  // and every stream's chain runs until the last delivery of any stream.
  const lastDelivery = Math.max(startMs + SLOT_MS, ...perStream.flat().map((f) => f.deliveredMs));
  const digests: DigestInfo[] = [];
  const drng = rng.fork();
  for (let s = 0; s < streams; s++) {
    const firstStartMs = startMs + drng.range(60, 340) * 1000;
    const windows = Math.ceil((lastDelivery + 1 - firstStartMs) / HOUR);
    digests.push(...(await writeDigestChain({
      outDir: opts.outDir, bucket, prefix: opts.prefix, account: accounts[Math.floor(s / regions.length)],
      region: regions[s % regions.length], trailName, homeRegion, firstStartMs, windows, files: perStream[s],
      privateKey, fingerprint, sidecars: opts.sidecars ?? true,
    }, drng)));
  }

  const publicKeysFile = join(opts.outDir, PUBLIC_KEYS_FILE);
  const dayMs = 86_400_000;
  const keyList = { PublicKeyList: [{
    Value: der.toString('base64'),
    ValidityStartTime: cliTimestamp(Math.floor(startMs / dayMs) * dayMs - 2 * dayMs),
    ValidityEndTime: cliTimestamp(Math.floor(lastDelivery / dayMs) * dayMs + 30 * dayMs),
    Fingerprint: fingerprint,
  }] };
  await writeFile(publicKeysFile, JSON.stringify(keyList, null, 4) + '\n');

  return {
    logFiles: logKeys.length,
    digestFiles: digests.length,
    events: written,
    bytes: writer.bytes + digests.reduce((sum, d) => sum + d.bytes, 0),
    rawBytes: writer.rawBytes,
    firstEvent: written > 0 ? isoSeconds(firstMs) : '',
    lastEvent: written > 0 ? isoSeconds(lastMs) : '',
    publicKeysFile,
    files: [...logKeys, ...digests.map((d) => d.key)],
    digests,
    fingerprint,
    trailArn,
    intrusion: { ...intrusion.info, events: attack.length },
  };
}
