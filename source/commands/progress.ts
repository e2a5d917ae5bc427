import type {Writable} from 'node:stream';

/** A one-line progress bar on stderr for TTYs: done/total, a rate and an ETA. Silent elsewhere. */
export function progressLine(stream: Writable & {isTTY?: boolean; columns?: number}, label: string) {
	const started = performance.now();
	let last = 0;
	return {
		update(done: number, total: number, extra: string): void {
			if (!stream.isTTY) return;
			const now = performance.now();
			if (now - last < 100 && done < total) return;
			last = now;
			const seconds = (now - started) / 1000;
			const fraction = total > 0 ? Math.min(1, done / total) : 0;
			const eta = fraction > 0 && fraction < 1 ? `ETA ${Math.round((seconds / fraction) * (1 - fraction))}s` : '';
			const width = 24;
			const bar = '#'.repeat(Math.round(fraction * width)).padEnd(width, '.');
			const line = `${label} [${bar}] ${done}/${total} ${extra} ${eta}`;
			stream.write(`\r${line.slice(0, (stream.columns ?? 80) - 1).padEnd((stream.columns ?? 80) - 1)}`);
		},
		done(): void {
			if (stream.isTTY) stream.write('\n');
		},
	};
}
