import {Box, Text} from 'ink';

/** A scrolled slice of the detail lines (already escaped and wrapped by detail-lines.ts). */
export function DetailView({lines, scroll, height}: {lines: string[]; scroll: number; height: number}) {
	const shown = lines.slice(scroll, scroll + height);
	return (
		<Box flexDirection="column">
			{shown.map((line, i) => (
				<Text key={scroll + i} wrap="truncate-end">
					{line === '' ? ' ' : line}
				</Text>
			))}
		</Box>
	);
}
