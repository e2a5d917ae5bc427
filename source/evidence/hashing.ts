import {createHash} from 'node:crypto';
import {createReadStream} from 'node:fs';

export function sha256Text(text: string | Uint8Array): string {
	return createHash('sha256').update(text).digest('hex');
}

/** SHA-256 and size of a file, streamed (a case copy can be gigabytes). */
export async function hashFile(file: string): Promise<{sha256: string; size: number}> {
	const hash = createHash('sha256');
	let size = 0;
	for await (const chunk of createReadStream(file)) {
		hash.update(chunk as Buffer);
		size += (chunk as Buffer).length;
	}
	return {sha256: hash.digest('hex'), size};
}
