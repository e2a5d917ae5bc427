import {commands, type Category, type CommandId, type Scope} from './commands.js';
import {keyLabel, keymap} from './keymap.js';

export const CATEGORIES: Category[] = ['Move', 'Pivot', 'Search', 'Frequency', 'Time', 'Detail', 'Hunts', 'Evidence', 'App'];

export interface HelpEntry {
	id: CommandId;
	keys: string[];
	title: string;
	/** Where the keys work, in words. */
	where: string;
}

const WHERE: Record<Scope, string> = {
	always: 'always',
	global: 'anywhere',
	nav: 'grid and overlays',
	grid: 'grid',
	facets: 'top values',
	timeline: 'histogram',
	detail: 'detail',
	help: 'help',
	prompt: 'search prompt',
	'pivot-menu': 'chooser',
	hunts: 'hunts screen',
	tagged: 'tagged events',
	input: 'tag, note or export prompt',
	export: 'export',
};

/** Commands by category with their keys, in registry order: the help screen and the docs table. */
export function helpEntries(): {category: Category; entries: HelpEntry[]}[] {
	return CATEGORIES.map((category) => ({
		category,
		entries: (Object.keys(commands) as CommandId[])
			.filter((id) => commands[id].category === category)
			.map((id) => ({
				id,
				title: commands[id].title,
				where: WHERE[commands[id].scope],
				keys: keymap.filter((b) => b.command === id).map((b) => keyLabel(b.key)),
			})),
	}));
}

/** The help screen as plain lines (no data in it, so nothing to escape). */
export function helpLines(): string[] {
	const lines: string[] = [];
	for (const {category, entries} of helpEntries()) {
		lines.push(category);
		for (const entry of entries) {
			const where = ['grid', 'anywhere', 'grid and overlays'].includes(entry.where) ? '' : `  (${entry.where})`;
			lines.push(`  ${entry.keys.join(' ').padEnd(22)} ${entry.title}${where}`);
		}
		lines.push('');
	}
	return lines;
}

/** A Markdown keys table (docs/features/tui.md is written from this). */
export function keysMarkdown(): string {
	const rows = helpEntries().flatMap(({category, entries}) =>
		entries.map((e) => `| ${category} | ${e.where} | ${e.keys.map((k) => `\`${k}\``).join(' ')} | ${e.title} |`),
	);
	return ['| Area | Where | Keys | Action |', '|---|---|---|---|', ...rows].join('\n');
}
