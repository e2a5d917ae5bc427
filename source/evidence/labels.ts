import {UsageError} from '../errors.js';
import {escapeControls} from '../util/sanitize.js';

/**
 * Tag names are labels an analyst types and a lawyer reads: letters, digits and `. _ : / -`, starting
 * with a letter or digit, at most 64 characters. Keeping them plain means a tag can sit in a CSV
 * cell, a markdown heading or a terminal without escaping surprises.
 */
const TAG_NAME = /^[\p{L}\p{N}][\p{L}\p{N}._:/-]{0,63}$/u;

/** Notes are free text (line breaks allowed) but never carry other control characters. */
// eslint-disable-next-line no-control-regex
const NOTE_CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/;
export const MAX_NOTE_LENGTH = 10_000;

export function checkTagName(tag: string): string {
	if (!TAG_NAME.test(tag)) {
		throw new UsageError(`invalid tag ${JSON.stringify(escapeControls(tag))}: use letters, digits and . _ : / - (max 64, starting with a letter or digit)`);
	}
	return tag;
}

export function checkNoteText(text: string): string {
	const trimmed = text.replace(/\r\n?/g, '\n').trim();
	if (!trimmed) throw new UsageError('a note cannot be empty');
	if (trimmed.length > MAX_NOTE_LENGTH) throw new UsageError(`a note is limited to ${MAX_NOTE_LENGTH} characters`);
	if (NOTE_CONTROLS.test(trimmed)) throw new UsageError('a note cannot contain control characters (line breaks and tabs are fine)');
	return trimmed;
}
