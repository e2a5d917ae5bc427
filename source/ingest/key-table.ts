/**
 * Matches JSON property names against a fixed list without decoding them to JS strings: a record has
 * ~40 keys and decoding each one cost more than the rest of the scan. Keys are compared byte by byte
 * against candidates of the same length; names written with escapes fall back to decoding.
 */
export class KeyTable {
	private readonly byLength: {bytes: Buffer; id: number}[][] = [];

	constructor(readonly names: readonly string[]) {
		names.forEach((name, id) => {
			const bytes = Buffer.from(name, 'utf8');
			(this.byLength[bytes.length] ??= []).push({bytes, id});
		});
	}

	/** Id of the key whose token (quotes included) spans [start, end), or -1 when it is not listed. */
	lookup(buf: Buffer, start: number, end: number): number {
		const length = end - start - 2;
		const candidates = this.byLength[length];
		if (!candidates) return -1;
		outer: for (const candidate of candidates) {
			const bytes = candidate.bytes;
			for (let i = 0; i < length; i++) {
				if (buf[start + 1 + i] !== bytes[i]) continue outer;
			}
			return candidate.id;
		}
		for (let i = start + 1; i < end - 1; i++) {
			if (buf[i] === 0x5c) return this.names.indexOf(JSON.parse(buf.toString('utf8', start, end)) as string);
		}
		return -1;
	}
}
