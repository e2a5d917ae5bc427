// CloudTrail digest signing primitives (spec §3.3 and §3.5), shared by the
// synthetic trail generator (which signs) and the integrity verifier (which checks).
//
// The string to sign is built from the digest's decompressed bytes exactly as
// inflated — never from re-serialised JSON — because any re-encoding (e.g. `\/`
// vs `/`) changes the SHA-256 and breaks the signature.

import { createHash, createPrivateKey, createPublicKey, sign, verify, type KeyObject } from 'node:crypto';

/** The digest fields that enter the string to sign, as obtained by JSON-parsing the digest. */
export interface DigestSigningFields {
  digestEndTime: string;
  digestS3Bucket: string;
  digestS3Object: string;
  /** null (or absent) for the first digest of a chain; rendered as the literal `null`. */
  previousDigestSignature?: string | null;
}

export const SIGNATURE_ALGORITHM = 'SHA256withRSA';

/**
 * `digestEndTime \n bucket/object \n hex(SHA-256(inflated)) \n previousSignature|null`
 * — single LF separators, no trailing newline (aws-cli `_create_string_to_sign`).
 */
export function stringToSign(inflated: Buffer, digest: DigestSigningFields): string {
  const hash = createHash('sha256').update(inflated).digest('hex');
  const previous = digest.previousDigestSignature ?? 'null';
  return `${digest.digestEndTime}\n${digest.digestS3Bucket}/${digest.digestS3Object}\n${hash}\n${previous}`;
}

/** RSASSA-PKCS1-v1_5 / SHA-256 signature over the string to sign, lower-case hex (what `x-amz-meta-signature` holds). */
export function signDigest(privateKey: string | KeyObject, inflated: Buffer, parsed: DigestSigningFields): string {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  return sign('sha256', Buffer.from(stringToSign(inflated, parsed), 'utf8'), key).toString('hex');
}

/**
 * CloudTrail public-key fingerprint: lower-case hex MD5 of the DER bytes exactly
 * as delivered (base64-decoded `Value`), whichever encoding they use.
 */
export function fingerprintOf(der: Buffer): string {
  return createHash('md5').update(der).digest('hex');
}

/** Load a ListPublicKeys `Value` (DER): documented as PKCS#1 RSAPublicKey, but SPKI occurs too. */
export function loadPublicKeyDer(der: Buffer): KeyObject {
  try {
    return createPublicKey({ key: der, format: 'der', type: 'pkcs1' });
  } catch {
    return createPublicKey({ key: der, format: 'der', type: 'spki' });
  }
}

/** PKCS#1 DER of the public half of a private key — the form ListPublicKeys returns. */
export function publicKeyDerOf(privateKey: string | KeyObject): Buffer {
  const key = typeof privateKey === 'string' ? createPrivateKey(privateKey) : privateKey;
  return createPublicKey(key).export({ type: 'pkcs1', format: 'der' });
}

/**
 * Check a digest signature. `publicKey` may be a KeyObject or raw DER (PKCS#1 or SPKI).
 * Returns false (never throws) for malformed hex or keys that cannot verify.
 */
export function verifyDigestSignature(
  publicKey: KeyObject | Buffer,
  inflated: Buffer,
  parsed: DigestSigningFields,
  signatureHex: string,
): boolean {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(signatureHex)) return false;
  try {
    const key = Buffer.isBuffer(publicKey) ? loadPublicKeyDer(publicKey) : publicKey;
    return verify('sha256', Buffer.from(stringToSign(inflated, parsed), 'utf8'), key, Buffer.from(signatureHex, 'hex'));
  } catch {
    return false;
  }
}
