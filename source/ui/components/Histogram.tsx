import {Box, Text} from 'ink';
import type {Histogram as HistogramData} from '../../pivot/run.js';
import {count, fit} from '../text.js';

export interface HistogramProps {
	histogram: HistogramData | undefined;
	cursor: number | null;
	mark: number | null;
	width: number;
	height: number;
}

const EIGHTHS = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

export function durationLabel(ms: number): string {
	if (ms % 86_400_000 === 0) return `${ms / 86_400_000} d`;
	if (ms % 3_600_000 === 0) return `${ms / 3_600_000} h`;
	if (ms % 60_000 === 0) return `${ms / 60_000} min`;
	return `${ms / 1000} s`;
}

const iso = (ms: number) => new Date(ms).toISOString().replace(/\.000Z$/, 'Z');

/** Events per bucket as vertical bars; one column per bucket, the cursor bucket and marked range highlighted. */
export function Histogram({histogram, cursor, mark, width, height}: HistogramProps) {
	if (!histogram) return <Text color="gray">building the histogram…</Text>;
	const {buckets, widthMs} = histogram;
	if (buckets.length === 0) return <Text color="gray">no timed events in this view</Text>;
	const c = cursor ?? 0;
	const barsWidth = Math.max(1, width - 2);
	const first = Math.max(0, Math.min(c - Math.floor(barsWidth / 2), buckets.length - barsWidth));
	const shown = buckets.slice(first, first + barsWidth);
	const chartHeight = Math.max(2, height - 5);
	const max = Math.max(1, ...buckets.map((b) => b.count));
	const low = Math.min(c, mark ?? c);
	const high = Math.max(c, mark ?? c);
	const rows = [];
	for (let level = chartHeight - 1; level >= 0; level--) {
		rows.push(
			<Text key={level}>
				{' '}
				{shown.map((b, i) => {
					const eighths = Math.round((b.count / max) * chartHeight * 8) - level * 8;
					const char = b.count > 0 && level === 0 && eighths <= 0 ? '▁' : EIGHTHS[Math.max(0, Math.min(8, eighths))]!;
					const index = first + i;
					if (index === c) return <Text key={i} color="cyan" inverse={char === ' '}>{char}</Text>;
					if (mark !== null && index >= low && index <= high) return <Text key={i} color="yellow">{char}</Text>;
					return char;
				})}
			</Text>,
		);
	}
	// A caret under the cursor bucket (and ─ under a marked range) shows the selection without colour.
	const pointer = shown.map((_, i) => (first + i === c ? '^' : mark !== null && first + i >= low && first + i <= high ? '─' : ' ')).join('');
	const at = buckets[c]!;
	const range = mark !== null ? `${iso(buckets[low]!.start)} .. ${iso(buckets[high]!.start + widthMs)}` : `${iso(at.start)} .. ${iso(at.start + widthMs)}`;
	const inRange = mark !== null ? buckets.slice(low, high + 1).reduce((n, b) => n + b.count, 0) : at.count;
	return (
		<Box flexDirection="column">
			<Text color="gray" wrap="truncate-end">
				{fit(` ${durationLabel(widthMs)} buckets, peak ${count(max)}   (←→ move, Enter zoom in, v mark a range, - zoom out, Esc close)`, width)}
			</Text>
			{rows}
			<Text color="cyan">{` ${pointer}`}</Text>
			<Text wrap="truncate-end">{fit(` ${iso(shown[0]!.start)}${' '.repeat(Math.max(1, barsWidth - 40))}${iso(shown[shown.length - 1]!.start)}`, width)}</Text>
			<Text bold wrap="truncate-end">
				{fit(` ${mark !== null ? 'range' : 'bucket'} ${range}: ${count(inRange)} events`, width)}
			</Text>
		</Box>
	);
}
