import {Box, Text} from 'ink';
import type {ExportState} from '../../app/workbench-state.js';
import {count, fit} from '../text.js';

const PHASES = ['snapshot', 'select', 'events', 'tables', 'seal', 'done'] as const;
const WORDS: Record<(typeof PHASES)[number], string> = {
	snapshot: 'copy the case (snapshot)',
	select: 'select the events',
	events: 'write the events and the timeline',
	tables: 'write provenance, tags, notes, audit log',
	seal: 'hash and seal (manifest.json, SHA256SUMS)',
	done: 'done',
};

/** The export's phases with progress (exportBundle's onProgress), then the result or the error. */
export function ExportView({job, width}: {job: ExportState | null; width: number}) {
	if (!job) return <Text color="gray">no export</Text>;
	const at = PHASES.indexOf(job.phase as (typeof PHASES)[number]);
	const lines = PHASES.filter((p) => p !== 'done').map((phase, i) => {
		const state = job.result || (at > i) ? '✓' : at === i ? (job.running ? '▶' : '✗') : ' ';
		const progress = at === i && job.phase === 'events' && job.total > 0 ? `  ${count(job.done)} / ${count(job.total)}` : '';
		return `${state} ${WORDS[phase]}${progress}`;
	});
	const footer = job.result
		? [`bundle written: ${job.result.out}`, `${count(job.result.events)} events in ${job.result.seconds} s; manifest sha256 ${job.result.manifestSha256}`, ...job.result.remarks, 'Esc close']
		: job.error
			? [`export failed: ${job.error}`, 'nothing was left in the folder; Esc close']
			: [job.cancelling ? 'cancelling…' : 'Esc cancel'];
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate-end">
				{fit(`export an evidence bundle to ${job.out}`, width)}
			</Text>
			<Text> </Text>
			{lines.map((line, i) => (
				<Text key={i} wrap="truncate-end">
					{fit(line, width)}
				</Text>
			))}
			<Text> </Text>
			{footer.map((line, i) => (
				<Text key={`f${i}`} color={job.error && i === 0 ? 'red' : job.result && i === 0 ? 'green' : undefined} wrap="truncate-end">
					{fit(line, width)}
				</Text>
			))}
		</Box>
	);
}
