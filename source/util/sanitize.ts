/**
 * Log data is hostile: userAgent, requestParameters and error messages are chosen by whoever called
 * AWS. Before any of it reaches a terminal, every control character (C0, DEL, C1 — which covers ESC,
 * CSI and OSC sequences), and every bidi override or isolate is shown visibly escaped instead.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]/g;

function escapeOne(char: string): string {
	const code = char.codePointAt(0)!;
	return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

export function escapeControls(text: string): string {
	return text.replace(UNSAFE, escapeOne);
}

/** True when the text holds nothing that escapeControls would change (cheap test for hot paths). */
export function isTerminalSafe(text: string): boolean {
	UNSAFE.lastIndex = 0;
	const unsafe = UNSAFE.test(text);
	UNSAFE.lastIndex = 0;
	return !unsafe;
}

/** For multi-line messages we print ourselves (errors): like escapeControls but keeps line breaks. */
export function escapeControlsKeepLines(text: string): string {
	return text.split('\n').map(escapeControls).join('\n');
}
