import {mkdirSync, writeFileSync} from 'node:fs';
import path from 'node:path';
import {describe, expect, it} from 'vitest';
import {HuntError} from '../../source/hunts/hunt.js';
import {loadHunts, userQueriesDir} from '../../source/hunts/load-hunts.js';
import {parseHunt} from '../../source/hunts/parse-hunt.js';
import {tempDir} from '../helpers/cli.js';

const header = (fields: Record<string, string> = {}) => {
	const all: Record<string, string> = {
		id: 'my-hunt',
		title: 'My hunt',
		severity: 'high',
		mitre: 'T1562.008',
		description: 'Looks for something worth a look.',
		references: 'https://example.com/a',
		'false-positives': 'None known.',
		...fields,
	};
	return Object.entries(all).filter(([, value]) => value !== '').map(([key, value]) => `-- ${key}: ${value}`).join('\n');
};
const sql = 'SELECT event_key, event_id FROM events';
const parse = (text: string, file = '/q/my-hunt.sql') => parseHunt(text, file);
const problem = (text: string, file = '/q/my-hunt.sql') => {
	try {
		parse(text, file);
	} catch (error) {
		expect(error).toBeInstanceOf(HuntError);
		expect((error as Error).message.startsWith(file)).toBe(true);
		return (error as HuntError).reason;
	}
	throw new Error('expected a HuntError');
};

describe('parseHunt', () => {
	it('reads the header fields and the SQL after them', () => {
		const hunt = parse(`${header({tactic: 'defense-evasion', thresholds: '>= 5 per 10 minutes'})}\n${sql};\n`);
		expect(hunt).toMatchObject({id: 'my-hunt', title: 'My hunt', severity: 'high', mitre: ['T1562.008'], tactic: 'defense-evasion', thresholds: '>= 5 per 10 minutes', references: ['https://example.com/a'], sql});
	});

	it('joins continuation lines and keeps a `-- note:` inside a description as text', () => {
		const text = [
			header({description: ''}),
			'-- description: First line',
			'--   continues here.',
			'-- note: not a field',
			'--',
			'-- New paragraph.',
			sql,
		].join('\n');
		expect(parse(text).description).toBe('First line continues here. note: not a field\nNew paragraph.');
	});

	it('accepts several techniques and references separated by commas or spaces', () => {
		const hunt = parse(`${header({mitre: 'T1580, T1087.004 T1526', references: 'https://a.example/x,\n--   https://b.example/y'})}\n${sql}`);
		expect(hunt.mitre).toEqual(['T1580', 'T1087.004', 'T1526']);
		expect(hunt.references).toEqual(['https://a.example/x', 'https://b.example/y']);
	});

	it('names every missing header field', () => {
		expect(problem(`${header({mitre: '', references: ''})}\n${sql}`)).toBe('header is missing "-- mitre:", "-- references:"');
	});

	it('rejects a severity outside the fixed set', () => {
		expect(problem(`${header({severity: 'urgent'})}\n${sql}`)).toMatch(/severity "urgent" is not one of critical, high, medium, low, info/);
	});

	it('rejects an id that is not kebab-case or does not match the file name', () => {
		expect(problem(`${header({id: 'My_Hunt'})}\n${sql}`)).toMatch(/lower-case words joined by hyphens/);
		expect(problem(`${header()}\n${sql}`, '/q/other.sql')).toMatch(/must match the file name \(other\.sql\)/);
	});

	it('rejects a field given twice, a bad technique, a bad reference and a missing body', () => {
		expect(problem(`${header()}\n-- severity: low\n${sql}`)).toMatch(/"severity" appears twice/);
		expect(problem(`${header({mitre: 'Defense Evasion'})}\n${sql}`)).toMatch(/not an ATT&CK technique/);
		expect(problem(`${header({references: 'see the wiki'})}\n${sql}`)).toMatch(/not an http\(s\) URL/);
		expect(problem(`${header()}\n\n`)).toMatch(/no SQL/);
	});
});

describe('loadHunts', () => {
	it('loads good files, reports each bad one by file, and keeps the first of two equal ids', () => {
		const builtIn = tempDir('hunts-builtin-');
		const extra = tempDir('hunts-extra-');
		writeFileSync(path.join(builtIn, 'my-hunt.sql'), `${header()}\n${sql}`);
		writeFileSync(path.join(builtIn, 'broken.sql'), `${header({id: 'broken', severity: 'urgent'})}\n${sql}`);
		writeFileSync(path.join(builtIn, 'notes.txt'), 'not a hunt');
		writeFileSync(path.join(extra, 'my-hunt.sql'), `${header()}\n${sql}`);
		writeFileSync(path.join(extra, 'extra-hunt.sql'), `${header({id: 'extra-hunt'})}\n${sql}`);
		const loaded = loadHunts({builtInDir: builtIn, userDir: false, extraDirs: [extra]});
		expect(loaded.hunts.map((hunt) => hunt.id)).toEqual(['my-hunt', 'extra-hunt']);
		expect(loaded.problems).toEqual([
			{file: path.join(builtIn, 'broken.sql'), id: 'broken', message: 'severity "urgent" is not one of critical, high, medium, low, info'},
			{file: path.join(extra, 'my-hunt.sql'), id: 'my-hunt', message: `id "my-hunt" is already used by ${path.join(builtIn, 'my-hunt.sql')}`},
		]);
		expect(loaded.directories).toEqual([builtIn, extra]);
	});

	it('reads the user folder under $XDG_CONFIG_HOME, else ~/.config', () => {
		expect(userQueriesDir({XDG_CONFIG_HOME: '/cfg'})).toBe('/cfg/trailcase/queries');
		expect(userQueriesDir({})).toMatch(/\.config\/trailcase\/queries$/);
		const config = tempDir('hunts-xdg-');
		const folder = path.join(config, 'trailcase', 'queries');
		mkdirSync(folder, {recursive: true});
		writeFileSync(path.join(folder, 'mine.sql'), `${header({id: 'mine'})}\n${sql}`);
		const loaded = loadHunts({builtInDir: tempDir('hunts-empty-'), userDir: userQueriesDir({XDG_CONFIG_HOME: config})});
		expect(loaded.hunts.map((hunt) => hunt.id)).toEqual(['mine']);
	});

	it('skips folders that do not exist', () => {
		const loaded = loadHunts({builtInDir: '/nonexistent/queries', userDir: '/nonexistent/user'});
		expect(loaded).toEqual({hunts: [], problems: [], directories: []});
	});
});
