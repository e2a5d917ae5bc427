import {Box, Text} from 'ink';
import type {PivotOption} from '../../app/screens.js';
import {fit} from '../text.js';

/** A small chooser: which field of the event to filter on. */
export function PivotMenu({title, options, cursor, width, height}: {title: string; options: PivotOption[]; cursor: number; width: number; height: number}) {
	const visible = Math.max(1, height - 1);
	const top = Math.max(0, Math.min(cursor - Math.floor(visible / 2), options.length - visible));
	return (
		<Box flexDirection="column">
			<Text bold wrap="truncate-end">
				{fit(`${title}   (↑↓ choose, Enter filter, Esc cancel)`, width)}
			</Text>
			{options.slice(top, top + visible).map((option, i) => (
				<Text key={top + i} inverse={top + i === cursor} wrap="truncate-end">
					{fit(`${top + i === cursor ? '▶' : ' '} ${option.label}`, width)}
				</Text>
			))}
		</Box>
	);
}
