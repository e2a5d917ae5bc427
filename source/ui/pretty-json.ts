/**
 * Indents JSON text without parsing it: strings, numbers and key order are copied exactly as
 * delivered (JSON.parse would round big numbers and reorder integer-like keys). Only whitespace
 * between tokens changes. Text that is not JSON comes back unchanged, one line per line.
 */
export function prettyJson(text: string, indent = '  '): string[] {
	const lines: string[] = [];
	let line = '';
	let depth = 0;
	const newline = () => {
		lines.push(line);
		line = indent.repeat(depth);
	};
	for (let i = 0; i < text.length; i++) {
		const c = text[i]!;
		if (c === '"') {
			let j = i + 1;
			while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
			line += text.slice(i, j + 1);
			i = j;
			continue;
		}
		if (c === ' ' || c === '\n' || c === '\r' || c === '\t') continue;
		if (c === '{' || c === '[') {
			const close = c === '{' ? '}' : ']';
			let j = i + 1;
			while (j < text.length && /\s/.test(text[j]!)) j++;
			if (text[j] === close) {
				line += c + close;
				i = j;
				continue;
			}
			line += c;
			depth++;
			newline();
			continue;
		}
		if (c === '}' || c === ']') {
			depth = Math.max(0, depth - 1);
			newline();
			line += c;
			continue;
		}
		if (c === ',') {
			line += c;
			newline();
			continue;
		}
		if (c === ':') {
			line += ': ';
			continue;
		}
		line += c;
	}
	if (line.trim() !== '') lines.push(line);
	return lines;
}
