import {Box, Text} from 'ink';
import {bodyHeight, frameWidth} from '../../app/layout.js';
import type {AppState} from '../../app/state.js';
import {timeText} from '../../app/columns.js';
import type {TimelineEntry} from '../../evidence/index.js';
import {eventLabel, shortArn} from '../../pivot/fields.js';
import {fit} from '../text.js';
import {InputPrompt} from '../components/InputPrompt.js';
import {topModal} from '../../app/selectors.js';

const principal = (e: TimelineEntry) => (e.principalArn ? shortArn(e.principalArn) : (e.userName ?? ''));

/** Tagged events in time order (the bundle's timeline), with their tags; Enter shows the event in the grid. */
export function TaggedScreen({state}: {state: AppState}) {
	const width = frameWidth(state.size);
	const height = bodyHeight(state.size);
	const entries = state.timeline;
	const cursor = state.screen.id === 'tagged' ? state.screen.cursor : 0;
	const visible = Math.max(1, height - 5);
	const list = entries ?? [];
	const top = Math.max(0, Math.min(cursor - Math.floor(visible / 2), list.length - visible));
	const tagsWidth = Math.max(12, width - 20 - 23 - 25 - 16 - 8);
	const current = list[cursor];
	const detail = current
		? current.tags.map((t) => `${t.tag} by ${t.analyst} at ${timeText(t.createdAt)}${t.note ? `: ${t.note}` : ''}`).join('; ')
		: '';
	const notes = current?.notes.map((n) => `${n.analyst}: ${n.text}`).join(' | ') ?? '';
	const modal = topModal(state);
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">
				<Text bold>tagged events </Text>
				<Text color="gray">{fit(`${entries === null ? 'loading…' : `${list.length} in time order`}   (Enter show in the grid, x withdraw tags, Esc back)`, Math.max(0, width - 14))}</Text>
			</Text>
			<Text bold wrap="truncate-end">
				{fit(`  ${fit('time (UTC)', 21)}${fit('principal', 23)}${fit('event', 25)}${fit('source IP', 16)}tags`, width)}
			</Text>
			{list.slice(top, top + visible).map((e, i) => {
				const isCursor = top + i === cursor;
				const line = `${fit(timeText(e.eventTime), 21)}${fit(principal(e), 23)}${fit(eventLabel(e.eventSource, e.eventName), 25)}${fit(e.sourceIp ?? '', 16)}${fit(e.tags.map((t) => t.tag).join(', '), tagsWidth)}${e.notes.length ? ' ✎' : ''}`;
				return (
					<Text key={e.eventKey} inverse={isCursor} wrap="truncate-end">
						{fit(`${isCursor ? '▶' : ' '} ${line}`, width)}
					</Text>
				);
			})}
			{entries !== null && list.length === 0 ? <Text color="gray">no tagged events yet: m marks events in the grid, a tags them</Text> : null}
			<Box flexGrow={1} />
			<Text color="yellow" wrap="truncate-end">
				{fit(detail, width)}
			</Text>
			{modal?.kind === 'input' ? (
				<InputPrompt purpose={modal.purpose} text={modal.text} error={modal.error} width={width} />
			) : (
				<Text color="yellow" wrap="truncate-end">
					{fit(notes ? `notes: ${notes}` : '', width)}
				</Text>
			)}
		</Box>
	);
}
