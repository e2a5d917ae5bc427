// S3 key layout and time formats of CloudTrail artefacts (spec §1 and §3.1).
//
// Kept separate from the record builders so that the verifier/importer tests can
// reuse exactly the key grammar the generator writes.

const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));

/** `YYYY-MM-DDTHH:MM:SSZ` — CloudTrail's eventTime / digest time format (second precision). */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}

/** `YYYY-MM-DDTHH:MM:SS+00:00` — how aws-cli v2 prints timestamps (head-object, list-public-keys). */
export function cliTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + '+00:00';
}

interface DateParts {
  y: string;
  m: string;
  d: string;
  hh: string;
  mm: string;
  ss: string;
}

function parts(ms: number): DateParts {
  const t = new Date(ms);
  return {
    y: String(t.getUTCFullYear()),
    m: pad2(t.getUTCMonth() + 1),
    d: pad2(t.getUTCDate()),
    hh: pad2(t.getUTCHours()),
    mm: pad2(t.getUTCMinutes()),
    ss: pad2(t.getUTCSeconds()),
  };
}

/** `[prefix/]AWSLogs/<acct>/<kind>/<region>/` — the per account×region folder root. */
function kindRoot(prefix: string | undefined, account: string, kind: string, region: string): string {
  const p = prefix ? prefix.replace(/^\/+|\/+$/g, '') + '/' : '';
  return `${p}AWSLogs/${account}/${kind}/${region}/`;
}

/**
 * Log file key. The folder date and the minute stamp are both the *delivery*
 * time (spec §1.2), not the event time.
 */
export function logFileKey(
  prefix: string | undefined,
  account: string,
  region: string,
  deliveredMs: number,
  unique16: string,
): string {
  const p = parts(deliveredMs);
  return (
    kindRoot(prefix, account, 'CloudTrail', region) +
    `${p.y}/${p.m}/${p.d}/${account}_CloudTrail_${region}_${p.y}${p.m}${p.d}T${p.hh}${p.mm}Z_${unique16}.json.gz`
  );
}

/**
 * Digest key. Folder date and the seconds-precision stamp both come from
 * digestEndTime (spec §1.3); the first region is the source region, the last
 * the trail's home region.
 */
export function digestKey(
  prefix: string | undefined,
  account: string,
  region: string,
  trailName: string,
  homeRegion: string,
  endMs: number,
): string {
  const p = parts(endMs);
  return (
    kindRoot(prefix, account, 'CloudTrail-Digest', region) +
    `${p.y}/${p.m}/${p.d}/${account}_CloudTrail-Digest_${region}_${trailName}_${homeRegion}_` +
    `${p.y}${p.m}${p.d}T${p.hh}${p.mm}${p.ss}Z.json.gz`
  );
}

/** Suffix of the `aws s3api head-object` sidecar written next to each digest. */
export const HEAD_OBJECT_SIDECAR_SUFFIX = '.head-object.json';

/** Name of the `aws cloudtrail list-public-keys` output written at the top of outDir. */
export const PUBLIC_KEYS_FILE = 'public-keys.json';
