import {createHash, type KeyObject} from 'node:crypto';
import {fingerprintOf, loadPublicKeyDer} from '../integrity/signing.js';

/** A public key offered to the verifier, before its fingerprint is checked. */
export interface KeyCandidate {
	der: Buffer;
	/** The fingerprint the source states (list-public-keys `Fingerprint`); recomputed and compared. */
	statedFingerprint?: string;
	validFrom?: string;
	validTo?: string;
	region?: string;
	/** Where it came from: a file path, `case source N`, or `ListPublicKeys <region>`. */
	origin: string;
}

export interface PublicKey extends KeyCandidate {
	fingerprint: string;
	/** Hex SHA-256 of the DER bytes: the key's identity as evidence. */
	sha256: string;
	key: KeyObject;
}

export interface RefusedKey {
	origin: string;
	fingerprint: string;
	reason: string;
}

/**
 * The keys a verification run may use, by fingerprint. A key is accepted only when it loads as an RSA
 * public key (PKCS#1 or SPKI DER) and its recomputed fingerprint (MD5 of the DER) equals the stated one:
 * the fingerprint in a digest is what selects the key, so a mislabelled key is refused, never trusted.
 */
export class KeyRing {
	private readonly byFingerprint = new Map<string, PublicKey>();
	readonly refused: RefusedKey[] = [];

	add(candidate: KeyCandidate): PublicKey | undefined {
		const fingerprint = fingerprintOf(candidate.der);
		const stated = candidate.statedFingerprint?.toLowerCase();
		if (stated !== undefined && stated !== fingerprint) {
			this.refused.push({origin: candidate.origin, fingerprint: stated, reason: `stated fingerprint ${stated} but the key's MD5 is ${fingerprint}`});
			return undefined;
		}
		let key: KeyObject;
		try {
			key = loadPublicKeyDer(candidate.der);
			if (key.asymmetricKeyType !== 'rsa') throw new Error(`a ${key.asymmetricKeyType} key`);
		} catch (error) {
			this.refused.push({origin: candidate.origin, fingerprint, reason: `not an RSA public key in PKCS#1 or SPKI DER (${(error as Error).message})`});
			return undefined;
		}
		const existing = this.byFingerprint.get(fingerprint);
		if (existing) return existing;
		const accepted: PublicKey = {...candidate, fingerprint, sha256: createHash('sha256').update(candidate.der).digest('hex'), key};
		this.byFingerprint.set(fingerprint, accepted);
		return accepted;
	}

	get(fingerprint: string): PublicKey | undefined {
		return this.byFingerprint.get(fingerprint.toLowerCase());
	}

	keys(): PublicKey[] {
		return [...this.byFingerprint.values()];
	}
}

/** Key times as list-public-keys prints them: epoch seconds (number or string, CLI v1) or ISO 8601 (CLI v2). */
export function keyTime(value: unknown): string | undefined {
	if (value instanceof Date) return Number.isNaN(value.getTime()) ? undefined : value.toISOString();
	if (typeof value === 'number' && Number.isFinite(value)) return new Date(value * 1000).toISOString();
	if (typeof value !== 'string' || value.trim() === '') return undefined;
	if (/^\d+(\.\d+)?$/.test(value.trim())) return new Date(Number(value) * 1000).toISOString();
	const date = new Date(value);
	return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** Splits text holding several top-level JSON values back to back (pages saved one after another). */
export function splitJsonValues(text: string): string[] {
	const values: string[] = [];
	let depth = 0;
	let start = -1;
	let inString = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (inString) {
			if (c === '\\') i++;
			else if (c === '"') inString = false;
			continue;
		}
		if (c === '"') inString = true;
		else if (c === '{' || c === '[') {
			if (depth++ === 0) start = i;
		} else if ((c === '}' || c === ']') && --depth === 0) {
			values.push(text.slice(start, i + 1));
		}
	}
	return values;
}

function collect(value: unknown, origin: string, out: KeyCandidate[]): void {
	if (Array.isArray(value)) {
		for (const item of value) collect(item, origin, out);
		return;
	}
	if (typeof value !== 'object' || value === null) return;
	const object = value as Record<string, unknown>;
	if (Array.isArray(object['PublicKeyList'])) {
		collect(object['PublicKeyList'], origin, out);
		return;
	}
	if (typeof object['Value'] !== 'string') return;
	out.push({
		der: Buffer.from(object['Value'], 'base64'),
		statedFingerprint: typeof object['Fingerprint'] === 'string' ? object['Fingerprint'] : undefined,
		validFrom: keyTime(object['ValidityStartTime']),
		validTo: keyTime(object['ValidityEndTime']),
		origin,
	});
}

/**
 * Keys from `aws cloudtrail list-public-keys` output: one response, several pages back to back or in an
 * array, or a bare array of key objects. Returns [] when the text holds no key at all.
 */
export function keysFromListOutput(text: string, origin: string): KeyCandidate[] {
	const out: KeyCandidate[] = [];
	let documents: unknown[];
	try {
		documents = [JSON.parse(text)];
	} catch {
		documents = splitJsonValues(text).flatMap((part) => {
			try {
				return [JSON.parse(part)];
			} catch {
				return [];
			}
		});
	}
	for (const document of documents) collect(document, origin, out);
	return out;
}
