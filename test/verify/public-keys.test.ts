import {createPublicKey} from 'node:crypto';
import {describe, expect, it} from 'vitest';
import {fingerprintOf, publicKeyDerOf} from '../../source/integrity/signing.js';
import {TEST_SIGNING_KEY_PEM} from '../../source/generator/test-key.js';
import {KeyRing, keyTime, keysFromListOutput, type PublicKey} from '../../source/verify/public-keys.js';
import {validityGap} from '../../source/verify/signatures.js';

// The key and fingerprint published in aws-cli's examples/cloudtrail/list-public-keys.rst (spec §3.5).
const AWS_CLI_KEY =
	'MIIBCgKCAQEAlSS3cl92HDycr/MTj0moOhas8habjrraXw+KzlWF0axSI2tcF+3iJ9BKQAVSKxGwxwu3m0wG3J+kUl1xboEcEPHYoIYMbgfSw7KGnuDKwkLzsQWhUJ0cIbOHASox1vv/5fNXkrHhGbDCHeVXm804c83nvHUEFYThr1PfyP/8HwrCtR3FX5OANtQCP61C1nJtSSkC8JSQUOrIP4CuwJjc+4WGDk+BGH5m9iuiAKkipEHWmUl8/P7XpfpWQuk4h8g3pXZOrNXr08lbh4d39svj7UqdhvOXoBISp9t/EXYuePGEtBdrKD9Dz+VHwyUPtBQvYr9BnkF88qBnaPNhS44rzwIDAQAB';
const AWS_CLI_FINGERPRINT = '7f3f401420072e50a65a141430817ab3';

const listOutput = (keys: object[], nextToken?: string) => JSON.stringify({PublicKeyList: keys, ...(nextToken ? {NextToken: nextToken} : {})}, null, 4);

describe('public keys from list-public-keys output', () => {
	it('accepts the aws-cli example key with its published fingerprint (the test vector), with CLI v1 epoch times', () => {
		const text = listOutput([{Value: AWS_CLI_KEY, ValidityStartTime: 1436317441.0, ValidityEndTime: 1438909441.0, Fingerprint: AWS_CLI_FINGERPRINT}]);
		const ring = new KeyRing();
		const [candidate] = keysFromListOutput(text, 'keys.json');
		const key = ring.add(candidate!);
		expect(key).toMatchObject({fingerprint: AWS_CLI_FINGERPRINT, validFrom: '2015-07-08T01:04:01.000Z', validTo: '2015-08-07T01:04:01.000Z', origin: 'keys.json'});
		expect(key!.key.asymmetricKeyDetails?.modulusLength).toBe(2048);
		expect(ring.get(AWS_CLI_FINGERPRINT.toUpperCase())).toBe(key);
		expect(ring.refused).toEqual([]);
	});

	it('refuses a key whose recomputed MD5 differs from the stated fingerprint, and keeps it out of the ring', () => {
		const ring = new KeyRing();
		const stated = '00000000000000000000000000000000';
		for (const candidate of keysFromListOutput(listOutput([{Value: AWS_CLI_KEY, Fingerprint: stated}]), 'liar.json')) ring.add(candidate);
		expect(ring.keys()).toEqual([]);
		expect(ring.get(stated)).toBeUndefined();
		expect(ring.get(AWS_CLI_FINGERPRINT)).toBeUndefined();
		expect(ring.refused).toEqual([{origin: 'liar.json', fingerprint: stated, reason: `stated fingerprint ${stated} but the key's MD5 is ${AWS_CLI_FINGERPRINT}`}]);
	});

	it('accepts an SPKI-encoded key, whose fingerprint is the MD5 of the SPKI bytes as delivered', () => {
		const spki = createPublicKey({key: Buffer.from(AWS_CLI_KEY, 'base64'), format: 'der', type: 'pkcs1'}).export({type: 'spki', format: 'der'});
		const ring = new KeyRing();
		const [candidate] = keysFromListOutput(listOutput([{Value: spki.toString('base64'), Fingerprint: fingerprintOf(spki)}]), 'spki.json');
		const key = ring.add(candidate!);
		expect(key?.fingerprint).toBe(fingerprintOf(spki));
		expect(key?.fingerprint).not.toBe(AWS_CLI_FINGERPRINT);
		expect(key?.key.export({type: 'pkcs1', format: 'der'}).toString('base64')).toBe(AWS_CLI_KEY);
	});

	it('reads several pages saved back to back, an array of pages, and CLI v2 ISO times', () => {
		const generated = publicKeyDerOf(TEST_SIGNING_KEY_PEM);
		const page1 = listOutput([{Value: AWS_CLI_KEY, Fingerprint: AWS_CLI_FINGERPRINT, ValidityStartTime: '2015-07-08T01:04:01+00:00'}], 'token-1');
		const page2 = listOutput([{Value: generated.toString('base64'), Fingerprint: fingerprintOf(generated), ValidityStartTime: '1436317441'}]);
		const backToBack = keysFromListOutput(`${page1}\n${page2}\n`, 'pages.json');
		expect(backToBack.map((k) => k.statedFingerprint)).toEqual([AWS_CLI_FINGERPRINT, fingerprintOf(generated)]);
		expect(backToBack.map((k) => k.validFrom)).toEqual(['2015-07-08T01:04:01.000Z', '2015-07-08T01:04:01.000Z']);
		const array = keysFromListOutput(`[${page1}, ${page2}]`, 'pages.json');
		expect(array).toHaveLength(2);
	});

	it('refuses bytes that are not an RSA public key, and finds no key in unrelated JSON', () => {
		const ring = new KeyRing();
		const junk = Buffer.from('definitely not DER');
		ring.add({der: junk, statedFingerprint: fingerprintOf(junk), origin: 'junk.json'});
		expect(ring.refused[0]?.reason).toMatch(/^not an RSA public key/);
		expect(keysFromListOutput('{"Records": []}', 'x')).toEqual([]);
		expect(keysFromListOutput('not json at all', 'x')).toEqual([]);
	});

	it('parses key times in every form list-public-keys prints, and nothing else', () => {
		expect(keyTime(1453076702)).toBe('2016-01-18T00:25:02.000Z');
		expect(keyTime('1453076702.0')).toBe('2016-01-18T00:25:02.000Z');
		expect(keyTime('2016-01-18T00:25:02+00:00')).toBe('2016-01-18T00:25:02.000Z');
		expect(keyTime('next tuesday')).toBeUndefined();
		expect(keyTime(null)).toBeUndefined();
	});
});

describe('a key and the time of the digest it signs', () => {
	const key = (validFrom?: string, validTo?: string): PublicKey => {
		const ring = new KeyRing();
		const der = publicKeyDerOf(TEST_SIGNING_KEY_PEM);
		return ring.add({der, origin: 'test', validFrom, validTo})!;
	};
	const start = '2026-11-02T10:00:00Z';
	const end = '2026-11-02T11:00:00Z';

	it('accepts a key whose period covers the digest, or begins while it is being delivered (up to 2 h after its end)', () => {
		expect(validityGap(key('2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'), start, end)).toBeUndefined();
		expect(validityGap(key('2026-11-02T12:30:00.000Z', '2026-12-01T00:00:00.000Z'), start, end)).toBeUndefined();
		expect(validityGap(key('2026-11-01T00:00:00.000Z', '2026-11-02T10:30:00.000Z'), start, end)).toBeUndefined();
	});

	it('refuses a key that begins more than 2 h after the digest ends or ended before it began, and says why', () => {
		expect(validityGap(key('2026-11-02T13:00:01.000Z'), start, end)).toContain('is valid from 2026-11-02T13:00:01.000Z to an unknown time, which does not cover this digest');
		expect(validityGap(key(undefined, '2026-11-02T09:59:59.000Z'), start, end)).toContain('does not cover this digest (2026-11-02T10:00:00Z to 2026-11-02T11:00:00Z');
	});

	it('accepts a key with no stated period: nothing speaks against it', () => {
		expect(validityGap(key(), start, end)).toBeUndefined();
	});
});
