import {createPrivateKey, createPublicKey, sign, verify, type KeyObject} from 'node:crypto';
import {readFileSync} from 'node:fs';
import {TrailcaseError} from '../errors.js';
import {escapeControls} from '../util/sanitize.js';
import {sha256Text} from './hashing.js';

export interface SigningKey {
	privateKey: KeyObject;
	/** SPKI PEM, as `openssl pkey -pubout` prints it. */
	publicKeyPem: string;
	/** SHA-256 of the DER public key: the fingerprint a recipient compares out of band. */
	publicKeySha256: string;
}

/**
 * Loads an unencrypted Ed25519 private key (PEM, as `openssl genpkey -algorithm ed25519` writes).
 * Ed25519 signs the message itself (no separate digest), which is what `openssl pkeyutl -rawin` checks.
 */
export function loadSigningKey(file: string): SigningKey {
	let pem: string;
	try {
		pem = readFileSync(file, 'utf8');
	} catch (error) {
		throw new TrailcaseError(`cannot read signing key ${escapeControls(file)}: ${(error as Error).message}`);
	}
	let privateKey: KeyObject;
	try {
		privateKey = createPrivateKey({key: pem, format: 'pem'});
	} catch (error) {
		const message = (error as Error).message;
		throw new TrailcaseError(/passphrase/i.test(message)
			? `signing key ${escapeControls(file)} is encrypted; trailcase reads unencrypted Ed25519 PEM keys only`
			: `signing key ${escapeControls(file)} is not a PEM private key: ${message}`);
	}
	if (privateKey.asymmetricKeyType !== 'ed25519') {
		throw new TrailcaseError(`signing key ${escapeControls(file)} is ${privateKey.asymmetricKeyType ?? 'not asymmetric'}; --sign needs an Ed25519 key (openssl genpkey -algorithm ed25519 -out key.pem)`);
	}
	const publicKey = createPublicKey(privateKey);
	return {
		privateKey,
		publicKeyPem: publicKey.export({type: 'spki', format: 'pem'}).toString(),
		publicKeySha256: sha256Text(publicKey.export({type: 'spki', format: 'der'})),
	};
}

export function signBytes(key: SigningKey, bytes: Uint8Array): Buffer {
	return sign(null, bytes, key.privateKey);
}

/** Checks an Ed25519 signature against a PEM public key; false for any unusable key or signature. */
export function verifySignature(publicKeyPem: string, bytes: Uint8Array, signature: Uint8Array): {valid: boolean; publicKeySha256?: string} {
	try {
		const key = createPublicKey({key: publicKeyPem, format: 'pem'});
		if (key.asymmetricKeyType !== 'ed25519') return {valid: false};
		return {valid: verify(null, bytes, key, signature), publicKeySha256: sha256Text(key.export({type: 'spki', format: 'der'}))};
	} catch {
		return {valid: false};
	}
}
