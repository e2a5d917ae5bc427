import {keysMarkdown} from '../app/help.js';
import {commands} from '../commands/index.js';

/**
 * The parts of README.md that are generated from the code, so the documented commands, flags and keys
 * are the ones that exist: the command reference (every command's --help) and the workbench keys table.
 * `npm run docs` rewrites them; test/docs/readme.test.ts fails when README.md is out of date.
 */
export function readmeSections(): Record<string, string> {
	const reference = commands.map((command) => {
		const help = command.help.replace(/^\n+/, '').replace(/\s+$/, '').replace(/^ {2}/gm, '');
		return [`### \`trailcase ${command.name}\``, '', command.summary + '.', '', '```text', help, '```'].join('\n');
	});
	return {commands: reference.join('\n\n'), keys: keysMarkdown()};
}

const marker = (name: string, end: boolean) => `<!-- ${end ? 'END' : 'BEGIN'} GENERATED ${name} (npm run docs) -->`;

/** README text with every generated section replaced; throws when a section's markers are missing. */
export function withGeneratedSections(readme: string, sections = readmeSections()): string {
	let text = readme;
	for (const [name, body] of Object.entries(sections)) {
		const begin = marker(name, false);
		const end = marker(name, true);
		const from = text.indexOf(begin);
		const to = text.indexOf(end);
		if (from < 0 || to < from) throw new Error(`README.md has no ${begin} ... ${end} block`);
		text = `${text.slice(0, from + begin.length)}\n${body}\n${text.slice(to)}`;
	}
	return text;
}
