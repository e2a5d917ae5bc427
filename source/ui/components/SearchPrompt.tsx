import {Text} from 'ink';
import {count, fit, safe} from '../text.js';

/** The `/` prompt on the last line of the body; shows how many events of the view would match. */
export function SearchPrompt({text, matches, width}: {text: string; matches: number | null; width: number}) {
	const hint = text.trim() === '' ? 'principal, IP, event, user agent, resources, request (lower case ignores case)' : matches === null ? 'counting…' : `${count(matches)} matching events`;
	const suffix = `   ${hint}  (Enter filter, Esc cancel)`;
	// Show the end of a long query: that is where the typing happens.
	const shownText = safe(text);
	const room = Math.max(8, width - suffix.length - 2);
	const visible = shownText.length > room ? `…${shownText.slice(-(room - 1))}` : shownText;
	return (
		<Text wrap="truncate-end">
			<Text color="cyan">/</Text>
			{visible}
			<Text inverse> </Text>
			<Text color="gray">{fit(suffix, Math.max(0, width - visible.length - 2))}</Text>
		</Text>
	);
}
