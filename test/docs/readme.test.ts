import {readFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {commands} from '../../source/commands/index.js';
import {readmeSections, withGeneratedSections} from '../../source/docs/readme-sections.js';
import {repoRoot} from '../helpers/cli.js';

const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

describe('README', () => {
	it('carries the current command reference and keys table (run npm run docs after changing them)', () => {
		expect(withGeneratedSections(readme)).toBe(readme);
	});

	it('documents every flag of every command in that command\'s --help', () => {
		const missing: string[] = [];
		for (const command of commands) {
			for (const [name, spec] of Object.entries(command.flags)) {
				const flag = `--${name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
				const negated = spec.type === 'boolean' && spec.default === true ? `--no-${flag.slice(2)}` : undefined;
				if (!command.help.includes(flag) && !(negated && command.help.includes(negated))) missing.push(`${command.name} ${flag}`);
			}
		}
		expect(missing).toEqual([]);
	});

	it('gives the two fresh-machine commands and links the case format', () => {
		expect(readme).toContain('npm install && npm start');
		expect(readme).toContain('npm test');
		expect(readme).toContain('docs/case-format.md');
		expect(readmeSections().commands).toContain('### `trailcase import`');
	});
});
