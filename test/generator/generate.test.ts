import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateTrail, type GenerateSummary } from '../../source/generator/generate.js';
import { fingerprintOf, loadPublicKeyDer, verifyDigestSignature } from '../../source/integrity/signing.js';
import { DIGEST_FILE, inflateStrict, KEY, listTree, LOG_FILE, md5, readRecords, sha256 } from './helpers.js';

const tmp = mkdtempSync(join(tmpdir(), 'trailcase-gen-'));
const dirA = join(tmp, 'a');
const dirB = join(tmp, 'b');
const dirC = join(tmp, 'c');
const OPTS = { seed: 7, events: 6000, eventsPerFile: 30, prefix: 'audit/ct' } as const;
let summary: GenerateSummary;

interface Digest {
  awsAccountId: string; digestStartTime: string; digestEndTime: string; digestS3Bucket: string; digestS3Object: string;
  digestPublicKeyFingerprint: string; digestSignatureAlgorithm: string; newestEventTime: string | null; oldestEventTime: string | null;
  previousDigestS3Bucket: string | null; previousDigestS3Object: string | null; previousDigestHashValue: string | null;
  previousDigestHashAlgorithm: string | null; previousDigestSignature: string | null;
  logFiles: Array<{ s3Bucket: string; s3Object: string; hashValue: string; hashAlgorithm: string; newestEventTime: string; oldestEventTime: string }>;
}
interface LoadedDigest { key: string; inflated: Buffer; d: Digest; head: { ContentLength: number; ETag: string; LastModified: string; Metadata: Record<string, string> }; gz: Buffer }

beforeAll(async () => {
  summary = await generateTrail({ outDir: dirA, ...OPTS });
});
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function digests(): LoadedDigest[] {
  return listTree(dirA).filter((k) => k.includes('/CloudTrail-Digest/') && k.endsWith('.json.gz')).map((key) => {
    const gz = readFileSync(join(dirA, key));
    const { inflated } = inflateStrict(gz);
    return { key, gz, inflated, d: JSON.parse(inflated.toString('utf8')) as Digest,
      head: JSON.parse(readFileSync(join(dirA, key + '.head-object.json'), 'utf8')) };
  });
}

describe('generateTrail layout', () => {
  it('writes the files it reports, plus public-keys.json and one sidecar per digest', () => {
    const tree = listTree(dirA);
    const objects = tree.filter((k) => k.endsWith('.json.gz'));
    expect(objects.sort()).toEqual([...summary.files].sort());
    expect(summary.logFiles + summary.digestFiles).toBe(summary.files.length);
    expect(tree.filter((k) => k.endsWith('.head-object.json'))).toHaveLength(summary.digestFiles);
    expect(tree).toContain('public-keys.json');
    expect(summary.events).toBe(OPTS.events + summary.intrusion.events);
    expect(summary.logFiles).toBeGreaterThan(150);
  });

  it('names every object per spec §1.5 with consistent folder/file account, region and date', () => {
    for (const key of summary.files) {
      const k = KEY.exec(key)!.groups!;
      expect(k.prefix).toBe('audit/ct');
      const file = (k.kind === 'CloudTrail' ? LOG_FILE : DIGEST_FILE).exec(k.file)!;
      expect(file, key).not.toBeNull();
      const f = file.groups!;
      expect(f.acct).toBe(k.acct);
      expect(f.region ?? f.src).toBe(k.region);
      expect(f.ts.slice(0, 8)).toBe(`${k.y}${k.m}${k.d}`);
      if (k.kind === 'CloudTrail') expect(f.uniq).toMatch(/^[A-Za-z0-9]{16}$/);
      else expect([f.trail, f.home, f.backfill]).toEqual(['management-trail', 'us-east-1', undefined]);
    }
  });

  it('writes single-member gzip files whose delivery stamp follows their newest event', () => {
    for (const key of summary.files.filter((k) => k.includes('/CloudTrail/')).slice(0, 60)) {
      const { inflated, trailing } = inflateStrict(readFileSync(join(dirA, key)));
      expect(trailing).toBe(0);
      const text = inflated.toString('utf8');
      expect(text.startsWith('{"Records":[{')).toBe(true);
      const times = (JSON.parse(text) as { Records: Array<{ eventTime: string }> }).Records.map((r) => r.eventTime);
      const ts = LOG_FILE.exec(key.split('/').pop()!)!.groups!.ts; // YYYYMMDDTHHmmZ
      const stamp = `${ts.slice(0, 4)}-${ts.slice(4, 6)}-${ts.slice(6, 8)}T${ts.slice(9, 11)}:${ts.slice(11, 13)}:59Z`;
      expect(times.every((t) => t <= stamp)).toBe(true);
    }
  });
});

describe('edge cases', () => {
  it('still delivers a signed empty digest when nothing was logged', async () => {
    const out = join(tmp, 'empty');
    const s = await generateTrail({ outDir: out, events: 0, intrusion: false, accounts: ['123456789012'], regions: ['eu-central-1'], prefix: '/p/' });
    expect([s.logFiles, s.digestFiles, s.events, s.firstEvent]).toEqual([0, 1, 0, '']);
    expect(s.files[0]).toMatch(/^p\/AWSLogs\/123456789012\/CloudTrail-Digest\/eu-central-1\/2026\/11\/02\/123456789012_CloudTrail-Digest_eu-central-1_management-trail_eu-central-1_20261102T\d{6}Z\.json\.gz$/);
    const { inflated } = inflateStrict(readFileSync(join(out, s.files[0])));
    const d = JSON.parse(inflated.toString('utf8')) as Digest;
    expect([d.logFiles, d.newestEventTime, d.previousDigestSignature]).toEqual([[], null, null]);
    const der = Buffer.from((JSON.parse(readFileSync(s.publicKeysFile, 'utf8')) as { PublicKeyList: Array<{ Value: string }> }).PublicKeyList[0].Value, 'base64');
    expect(verifyDigestSignature(der, inflated, d, s.digests[0].signature)).toBe(true);
  });

  it('rejects malformed options', async () => {
    await expect(generateTrail({ outDir: join(tmp, 'bad'), accounts: ['1234'] })).rejects.toThrow(/12-digit/);
    await expect(generateTrail({ outDir: join(tmp, 'bad'), regions: ['mars'] })).rejects.toThrow(/region/);
    await expect(generateTrail({ outDir: join(tmp, 'bad'), events: -1 })).rejects.toThrow(/events/);
  });
});

describe('determinism', () => {
  it('same seed and options give byte-identical trees; another seed differs', async () => {
    await generateTrail({ outDir: dirB, ...OPTS });
    await generateTrail({ outDir: dirC, ...OPTS, seed: 8 });
    const hashTree = (dir: string): Record<string, string> =>
      Object.fromEntries(listTree(dir).map((k) => [k, sha256(readFileSync(join(dir, k)))]));
    const a = hashTree(dirA);
    expect(hashTree(dirB)).toEqual(a);
    const c = hashTree(dirC);
    expect(c['public-keys.json']).toBe(a['public-keys.json']);
    expect(Object.keys(c).filter((k) => a[k] === c[k])).toEqual(['public-keys.json']);
  });
});

describe('digests', () => {
  it('verify with the published public key and carry valid sidecars', () => {
    const keys = JSON.parse(readFileSync(summary.publicKeysFile, 'utf8')) as { PublicKeyList: Array<{ Value: string; Fingerprint: string; ValidityStartTime: string; ValidityEndTime: string }> };
    expect(keys.PublicKeyList).toHaveLength(1);
    const pk = keys.PublicKeyList[0];
    const der = Buffer.from(pk.Value, 'base64');
    expect(fingerprintOf(der)).toBe(pk.Fingerprint);
    expect(pk.Fingerprint).toBe(summary.fingerprint);
    const key = loadPublicKeyDer(der);
    const bySummary = new Map(summary.digests.map((d) => [d.key, d.signature]));
    for (const { key: k, d, inflated, head, gz } of digests()) {
      expect(d.digestS3Bucket).toBe('trailcase-demo-trail');
      expect(d.digestS3Object).toBe(k);
      expect(d.digestPublicKeyFingerprint).toBe(pk.Fingerprint);
      expect(d.digestSignatureAlgorithm).toBe('SHA256withRSA');
      expect(head.Metadata['signature-algorithm']).toBe('SHA256withRSA');
      expect(head.Metadata.signature).toBe(bySummary.get(k));
      expect(head.ContentLength).toBe(gz.length);
      expect(head.ETag).toBe(`"${md5(gz)}"`);
      expect(head.LastModified >= d.digestEndTime.replace('Z', '+00:00')).toBe(true);
      expect(pk.ValidityStartTime <= d.digestStartTime && d.digestEndTime <= pk.ValidityEndTime).toBe(true);
      expect(verifyDigestSignature(key, inflated, d, head.Metadata.signature)).toBe(true);
      expect(inflated.toString('utf8')).toContain('AWSLogs\\/'); // Java-style escaped slashes, as real digests
    }
  });

  it('form one unbroken, hour-wide, unaligned chain per account × region', () => {
    const streams = new Map<string, LoadedDigest[]>();
    for (const g of digests()) {
      const id = `${g.d.awsAccountId}/${KEY.exec(g.key)!.groups!.region}`;
      streams.set(id, [...(streams.get(id) ?? []), g]);
    }
    expect([...streams.keys()].sort()).toEqual(['111122223333/eu-west-1', '111122223333/us-east-1', '444455556666/eu-west-1', '444455556666/us-east-1']);
    for (const chain of streams.values()) {
      chain.sort((x, y) => x.d.digestEndTime.localeCompare(y.d.digestEndTime));
      chain.forEach((g, i) => {
        const { d } = g;
        expect(Date.parse(d.digestEndTime) - Date.parse(d.digestStartTime)).toBe(3_600_000);
        expect(d.digestStartTime.endsWith(':00:00Z')).toBe(false);
        if (i === 0) {
          expect([d.previousDigestS3Bucket, d.previousDigestS3Object, d.previousDigestHashValue, d.previousDigestHashAlgorithm, d.previousDigestSignature]).toEqual([null, null, null, null, null]);
          return;
        }
        const prev = chain[i - 1];
        expect(d.digestStartTime).toBe(prev.d.digestEndTime);
        expect(d.previousDigestS3Bucket).toBe(prev.d.digestS3Bucket);
        expect(d.previousDigestS3Object).toBe(prev.key);
        expect(d.previousDigestHashAlgorithm).toBe('SHA-256');
        expect(d.previousDigestHashValue).toBe(sha256(prev.inflated));
        expect(d.previousDigestSignature).toBe(prev.head.Metadata.signature);
      });
    }
  });

  it('list every log file exactly once with the hash of its decompressed bytes', () => {
    const listed = new Map<string, number>();
    let empty = 0;
    for (const { d, key } of digests()) {
      if (d.logFiles.length === 0) {
        empty++;
        expect([d.newestEventTime, d.oldestEventTime]).toEqual([null, null]);
      }
      for (const f of d.logFiles) {
        listed.set(f.s3Object, (listed.get(f.s3Object) ?? 0) + 1);
        expect(f.s3Bucket).toBe(d.digestS3Bucket);
        expect(f.hashAlgorithm).toBe('SHA-256');
        expect(KEY.exec(f.s3Object)!.groups!.region).toBe(KEY.exec(key)!.groups!.region);
        const { inflated } = inflateStrict(readFileSync(join(dirA, f.s3Object)));
        expect(f.hashValue).toBe(sha256(inflated));
        const times = readRecords(join(dirA, f.s3Object)).map((r) => r.eventTime).sort();
        expect([f.oldestEventTime, f.newestEventTime]).toEqual([times[0], times[times.length - 1]]);
        expect(d.oldestEventTime! <= f.oldestEventTime && f.newestEventTime <= d.newestEventTime!).toBe(true);
      }
    }
    const logs = summary.files.filter((k) => k.includes('/CloudTrail/'));
    expect([...listed.keys()].sort()).toEqual([...logs].sort());
    expect([...listed.values()].every((n) => n === 1)).toBe(true);
    expect(empty).toBeGreaterThan(0); // the quiet region's silent hours
  });
});
