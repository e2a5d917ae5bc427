import {Box, Text} from 'ink';
import {bodyHeight, frameWidth} from '../../app/layout.js';
import {selectedHuntRow} from '../../app/hunt-commands.js';
import type {AppState} from '../../app/state.js';
import {huntRows, type HuntRow} from '../../app/workbench-state.js';
import {shortArn} from '../../pivot/fields.js';
import {count, fit} from '../text.js';

const time = (iso: string | null | undefined) => (iso ? `${iso.slice(0, 16)}Z` : '');

function matchesText(row: HuntRow): string {
	if (row.problem) return 'problem';
	if (row.outcome?.error) return 'error';
	if (!row.outcome?.summary) return '…';
	return count(row.outcome.summary.matches);
}

/** The line under the list: what the selected hunt looks for, who it matched, or why it cannot run. */
function detailOf(row: HuntRow | undefined): string[] {
	if (!row) return ['', ''];
	if (row.problem) return [`${row.problem.file}`, `cannot be used: ${row.problem.message}`];
	const hunt = row.hunt!;
	const top = row.outcome?.summary?.topPrincipals.map((p) => `${shortArn(p.principal)} (${count(p.events)})`).join(', ');
	const second = row.outcome?.error ? `cannot run: ${row.outcome.error}` : top ? `top principals: ${top}` : `${hunt.mitre.join(', ')}  ${hunt.file}`;
	return [`${hunt.title}: ${hunt.description}`, second];
}

/** Saved hunts, worst severity first, with match counts; Enter filters the grid on a hunt's matches. */
export function HuntsScreen({state}: {state: AppState}) {
	const width = frameWidth(state.size);
	const height = bodyHeight(state.size);
	const hunts = state.hunts;
	const rows = huntRows(hunts);
	const selected = selectedHuntRow(state);
	const running = hunts?.running;
	const withMatches = rows.filter((r) => (r.outcome?.summary?.matches ?? 0) > 0).length;
	const status = !hunts
		? 'reading hunt files…'
		: running
			? `counting ${running.done + 1} / ${running.total}: ${running.current ?? ''}`
			: `${rows.length - hunts.problems.length} loaded, ${withMatches} with matches, ${hunts.problems.length} problem${hunts.problems.length === 1 ? '' : 's'}${hunts.stopped ? ' (stopped: H resumes)' : ''}`;
	const visible = Math.max(1, height - 5);
	const at = Math.max(0, rows.findIndex((r) => r.id === selected?.id));
	const top = Math.max(0, Math.min(at - Math.floor(visible / 2), rows.length - visible));
	const idWidth = 36;
	const [first, second] = detailOf(selected);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">
				<Text bold>hunts  </Text>
				<Text color="gray">{fit(`${status}   (Enter filter on matches, R count again, s stop, Esc back)`, Math.max(0, width - 7))}</Text>
			</Text>
			<Text bold wrap="truncate-end">
				{fit(`  ${fit('severity', 9)}${'matches'.padStart(8)}  ${fit('first seen', 18)}${fit('last seen', 18)}${fit('hunt', idWidth)} title`, width)}
			</Text>
			{rows.slice(top, top + visible).map((row) => {
				const severity = row.hunt?.severity ?? '-';
				const line = `${fit(severity, 9)}${matchesText(row).padStart(8)}  ${fit(time(row.outcome?.summary?.firstSeen), 18)}${fit(time(row.outcome?.summary?.lastSeen), 18)}${fit(row.hunt?.id ?? row.problem!.file.split('/').pop(), idWidth)} ${row.hunt?.title ?? row.problem!.message}`;
				const isCursor = row.id === selected?.id;
				return (
					<Text key={row.id} inverse={isCursor} color={row.problem || row.outcome?.error ? 'red' : undefined} dimColor={!isCursor && row.outcome?.summary?.matches === 0} wrap="truncate-end">
						{fit(`${isCursor ? '▶' : ' '} ${line}`, width)}
					</Text>
				);
			})}
			{rows.length === 0 && hunts ? <Text color="gray">no hunt files found</Text> : null}
			<Box flexGrow={1} />
			<Text color="yellow" wrap="truncate-end">
				{fit(first, width)}
			</Text>
			<Text color={selected?.problem || selected?.outcome?.error ? 'red' : 'yellow'} wrap="truncate-end">
				{fit(second, width)}
			</Text>
		</Box>
	);
}
