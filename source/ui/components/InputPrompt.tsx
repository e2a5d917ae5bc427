import {Text} from 'ink';
import type {InputPurpose} from '../../app/screens.js';
import {count, fit, safe} from '../text.js';

/** The question a prompt asks (raw: escaped when drawn). */
export function promptLabel(purpose: InputPurpose): {label: string; hint: string} {
	switch (purpose.for) {
		case 'tag':
			return {label: `tag ${purpose.keys.length === 1 ? 'this event' : `${count(purpose.keys.length)} marked events`}:`, hint: 'letters, digits and . _ : / -  (Enter next, Esc cancel)'};
		case 'tag-note':
			return {label: `note for "${purpose.tag}" (optional):`, hint: '(Enter tag, Esc cancel)'};
		case 'note':
			return {label: 'note on this event:', hint: '(Enter save, Esc cancel)'};
		case 'untag':
			return {label: 'withdraw from this event:', hint: '(the tags to withdraw, space-separated; they stay in the case as withdrawn; Enter, Esc cancel)'};
		case 'export-dir':
			return {label: 'bundle folder:', hint: '(new or empty folder; Enter next, Esc cancel)'};
		case 'export-tags':
			return {label: 'tags to export:', hint: '(space-separated; empty = every tagged event; Enter export, Esc cancel)'};
	}
}

/** A one-line text prompt under the grid (tag, note, export); a refused value shows why, in red. */
export function InputPrompt({purpose, text, error, width}: {purpose: InputPurpose; text: string; error: string | null; width: number}) {
	const {label, hint} = promptLabel(purpose);
	const head = `${safe(label)} `;
	const shownText = safe(text);
	const tail = `   ${error ?? hint}`;
	// Show the end of a long text: that is where the typing happens.
	const room = Math.max(8, width - head.length - 2 - Math.min(tail.length, Math.floor(width / 3)));
	const visible = shownText.length > room ? `…${shownText.slice(-(room - 1))}` : shownText;
	return (
		<Text wrap="truncate-end">
			<Text color="cyan">{head}</Text>
			{visible}
			<Text inverse> </Text>
			<Text color={error ? 'red' : 'gray'}>{fit(tail, Math.max(0, width - head.length - visible.length - 1))}</Text>
		</Text>
	);
}
