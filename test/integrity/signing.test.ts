import { describe, expect, it } from 'vitest';
import { createHash, createPublicKey, generateKeyPairSync } from 'node:crypto';
import {
  fingerprintOf, loadPublicKeyDer, publicKeyDerOf, signDigest, stringToSign, verifyDigestSignature,
} from '../../source/integrity/signing.js';
import { TEST_SIGNING_KEY_PEM } from '../../source/generator/test-key.js';

// aws-cli examples/cloudtrail/list-public-keys.rst key and fingerprint (spec §3.5).
const AWS_CLI_KEY =
  'MIIBCgKCAQEAlSS3cl92HDycr/MTj0moOhas8habjrraXw+KzlWF0axSI2tcF+3iJ9BKQAVSKxGwxwu3m0wG3J+kUl1xboEcEPHYoIYMbgfSw7KGnuDKwkLzsQWhUJ0cIbOHASox1vv/5fNXkrHhGbDCHeVXm804c83nvHUEFYThr1PfyP/8HwrCtR3FX5OANtQCP61C1nJtSSkC8JSQUOrIP4CuwJjc+4WGDk+BGH5m9iuiAKkipEHWmUl8/P7XpfpWQuk4h8g3pXZOrNXr08lbh4d39svj7UqdhvOXoBISp9t/EXYuePGEtBdrKD9Dz+VHwyUPtBQvYr9BnkF88qBnaPNhS44rzwIDAQAB';

const inflated = Buffer.from(
  '{"awsAccountId":"111122223333","digestEndTime":"2026-11-02T01:04:04Z","digestS3Bucket":"b","digestS3Object":"AWSLogs\\/111122223333\\/x.json.gz","previousDigestSignature":null}',
);
const parsed = JSON.parse(inflated.toString('utf8')) as {
  digestEndTime: string; digestS3Bucket: string; digestS3Object: string; previousDigestSignature: string | null;
};

describe('fingerprintOf', () => {
  it('matches the AWS-published fingerprint of the aws-cli example key', () => {
    expect(fingerprintOf(Buffer.from(AWS_CLI_KEY, 'base64'))).toBe('7f3f401420072e50a65a141430817ab3');
  });
});

describe('loadPublicKeyDer', () => {
  it('loads PKCS#1 DER', () => {
    const key = loadPublicKeyDer(Buffer.from(AWS_CLI_KEY, 'base64'));
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
  });

  it('falls back to SPKI DER', () => {
    const spki = createPublicKey({ key: Buffer.from(AWS_CLI_KEY, 'base64'), format: 'der', type: 'pkcs1' })
      .export({ type: 'spki', format: 'der' });
    const key = loadPublicKeyDer(spki);
    expect(key.export({ type: 'pkcs1', format: 'der' }).toString('base64')).toBe(AWS_CLI_KEY);
  });

  it('throws on garbage', () => {
    expect(() => loadPublicKeyDer(Buffer.from('not a key'))).toThrow();
  });
});

describe('stringToSign', () => {
  it('uses parsed values, the hash of the inflated bytes and the literal null, joined by LF', () => {
    const hash = createHash('sha256').update(inflated).digest('hex');
    expect(stringToSign(inflated, parsed)).toBe(
      `2026-11-02T01:04:04Z\nb/AWSLogs/111122223333/x.json.gz\n${hash}\nnull`,
    );
  });

  it('appends the previous signature verbatim when present', () => {
    expect(stringToSign(inflated, { ...parsed, previousDigestSignature: 'abcd' }).endsWith('\nabcd')).toBe(true);
  });
});

describe('signDigest / verifyDigestSignature', () => {
  const der = publicKeyDerOf(TEST_SIGNING_KEY_PEM);

  it('round-trips with the embedded test key (DER and KeyObject forms)', () => {
    const sig = signDigest(TEST_SIGNING_KEY_PEM, inflated, parsed);
    expect(sig).toMatch(/^[0-9a-f]{512}$/);
    expect(verifyDigestSignature(der, inflated, parsed, sig)).toBe(true);
    expect(verifyDigestSignature(loadPublicKeyDer(der), inflated, parsed, sig.toUpperCase())).toBe(true);
  });

  it('is deterministic (PKCS#1 v1.5)', () => {
    expect(signDigest(TEST_SIGNING_KEY_PEM, inflated, parsed)).toBe(signDigest(TEST_SIGNING_KEY_PEM, inflated, parsed));
  });

  it('rejects tampered bytes, fields, signatures and foreign keys', () => {
    const sig = signDigest(TEST_SIGNING_KEY_PEM, inflated, parsed);
    const tampered = Buffer.from(inflated.toString('utf8').replace('111122223333', '111122223334'));
    expect(verifyDigestSignature(der, tampered, parsed, sig)).toBe(false);
    expect(verifyDigestSignature(der, inflated, { ...parsed, digestS3Bucket: 'c' }, sig)).toBe(false);
    expect(verifyDigestSignature(der, inflated, { ...parsed, previousDigestSignature: 'null' }, sig)).toBe(true); // literal null ≡ JSON null
    expect(verifyDigestSignature(der, inflated, { ...parsed, previousDigestSignature: 'ab' }, sig)).toBe(false);
    expect(verifyDigestSignature(der, inflated, parsed, sig.slice(0, -2) + (sig.endsWith('00') ? '01' : '00'))).toBe(false);
    expect(verifyDigestSignature(der, inflated, parsed, 'xyz')).toBe(false);
    expect(verifyDigestSignature(der, inflated, parsed, '')).toBe(false);
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'pkcs1', format: 'der' });
    expect(verifyDigestSignature(other, inflated, parsed, sig)).toBe(false);
  });

  it('fingerprints the embedded key as MD5 of its PKCS#1 DER', () => {
    expect(fingerprintOf(der)).toBe(createHash('md5').update(der).digest('hex'));
    expect(der.subarray(0, 4).toString('hex')).toBe('3082010a'); // PKCS#1 RSAPublicKey SEQUENCE
  });
});
