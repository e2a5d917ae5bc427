import {Box, Text} from 'ink';
import {CATEGORIES} from '../../app/help.js';

/** The keys screen: lines generated from the command registry and the keymap (app/help.ts). */
export function HelpOverlay({lines, scroll, height}: {lines: string[]; scroll: number; height: number}) {
	const shown = lines.slice(scroll, scroll + height - 1);
	return (
		<Box flexDirection="column">
			<Text color="gray">keys — ↑↓ scroll, Esc or q close</Text>
			{shown.map((line, i) =>
				(CATEGORIES as string[]).includes(line) ? (
					<Text key={scroll + i} bold>
						{line}
					</Text>
				) : (
					<Text key={scroll + i} wrap="truncate-end">
						{line === '' ? ' ' : line}
					</Text>
				),
			)}
		</Box>
	);
}
