import zlib from 'node:zlib';

export const GZIP_MAGIC_0 = 0x1f;
export const GZIP_MAGIC_1 = 0x8b;

export function isGzip(bytes: Uint8Array): boolean {
	return bytes.length >= 2 && bytes[0] === GZIP_MAGIC_0 && bytes[1] === GZIP_MAGIC_1;
}

export interface StrictGunzip {
	/** The decompressed bytes of the first gzip member: what CloudTrail's digests hash. */
	data: Buffer;
	/** Bytes after the end of the first member (the appended-member forgery when > 0). */
	trailingBytes: number;
}

export class GzipError extends Error {}

const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

/** Length of the gzip member header (RFC 1952 §2.3), or a GzipError when it is malformed. */
function headerLength(bytes: Buffer): number {
	if (bytes.length < 18) throw new GzipError('truncated gzip: shorter than a gzip header and trailer');
	if (bytes[2] !== 8) throw new GzipError(`gzip compression method ${bytes[2]} is not deflate`);
	const flags = bytes[3]!;
	let offset = 10;
	if (flags & FEXTRA) offset += 2 + bytes.readUInt16LE(offset);
	if (flags & FNAME) offset = bytes.indexOf(0, offset) + 1;
	if (flags & FCOMMENT) offset = bytes.indexOf(0, offset) + 1;
	if (flags & FHCRC) offset += 2;
	if (offset <= 0 || offset > bytes.length - 8) throw new GzipError('truncated gzip header');
	return offset;
}

/**
 * Decompresses only the first gzip member and checks its CRC-32 and ISIZE trailer.
 *
 * Node's gunzip (like zcat) silently decodes concatenated members, so a forged member appended to a
 * genuine log file would inject records that a first-member digest hash never sees. We parse exactly
 * what aws-cli hashes and report the rest as `trailingBytes`.
 */
export function gunzipFirstMember(input: Uint8Array): StrictGunzip {
	const bytes = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
	if (!isGzip(bytes)) throw new GzipError('not gzip (no 1f 8b magic)');
	const start = headerLength(bytes);
	let result: {buffer: Buffer; engine: {bytesWritten: number}};
	try {
		result = zlib.inflateRawSync(bytes.subarray(start), {info: true}) as unknown as typeof result;
	} catch (error) {
		// zlib reports a deflate stream cut short as Z_BUF_ERROR: name it, because "truncated" tells an
		// analyst to look for an incomplete copy rather than tampering.
		if ((error as {code?: string}).code === 'Z_BUF_ERROR') {
			throw new GzipError('truncated gzip: the compressed data ends before the end of the deflate stream');
		}
		throw new GzipError(`corrupt gzip: ${(error as Error).message}`);
	}
	const consumed = result.engine.bytesWritten;
	const trailerAt = start + consumed;
	if (trailerAt + 8 > bytes.length) throw new GzipError('truncated gzip: the member trailer (CRC-32, size) is missing');
	const data = result.buffer;
	const expectedCrc = bytes.readUInt32LE(trailerAt);
	const expectedSize = bytes.readUInt32LE(trailerAt + 4);
	if (zlib.crc32(data) !== expectedCrc) throw new GzipError('corrupt gzip: CRC-32 of the decompressed data does not match the trailer');
	if ((data.length >>> 0) !== expectedSize) throw new GzipError('corrupt gzip: ISIZE does not match the decompressed length');
	return {data, trailingBytes: bytes.length - (trailerAt + 8)};
}
