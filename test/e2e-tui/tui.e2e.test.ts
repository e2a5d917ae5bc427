import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {GenerateSummary} from '../../source/generator/generate.js';
import {cliPath, runCli} from '../helpers/cli.js';
import {generatedCase} from '../pivot/fixture.js';

// The real binary in a real pseudo-terminal: tmux runs `trailcase open`, we type with send-keys and
// read the screen with capture-pane. A private tmux server (-L) keeps this away from anyone else's.
const socket = `trailcase-e2e-${process.pid}`;
let session = 'tui';
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
const screen = () => tmux('capture-pane', '-p', '-t', session);
const keys = (...k: string[]) => {
	for (const key of k) {
		tmux('send-keys', '-t', session, key);
		execFileSync('sleep', ['0.05']);
	}
};
const type = (text: string) => tmux('send-keys', '-t', session, '-l', text);

async function waitFor(test: (s: string) => boolean, what: string, timeoutMs = 30_000): Promise<string> {
	const started = Date.now();
	for (;;) {
		const s = screen();
		if (test(s)) return s;
		if (Date.now() - started > timeoutMs) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
}

const status = (s: string) => s.split('\n').find((line) => line.includes(' events │')) ?? '';
const idle = (s: string) => status(s) !== '' && !status(s).includes('⋯');
const inView = (s: string) => Number(/│ ([\d,]+) \/ [\d,]+ events/.exec(status(s))?.[1]?.replaceAll(',', '') ?? NaN);

let trail: GenerateSummary;
let dir: string;
let file: string;
let raw: string;
let exitFile: string;

beforeAll(async () => {
	if (!existsSync(cliPath)) throw new Error('build first: npx tsc -p tsconfig.build.json');
	({file, dir, trail} = await generatedCase(1500, 21));
	raw = path.join(dir, 'terminal-output.log');
	// XDG_CONFIG_HOME: the hunts screen reads only the shipped hunts, not this machine's own.
	const env: NodeJS.ProcessEnv = {...process.env, TRAILCASE_ANALYST: 'e2e', XDG_CONFIG_HOME: dir};
	// As a runner's shell has it: the workbench must draw under CI=true too (see interactive-ink.ts).
	env['CI'] = 'true';
	exitFile = path.join(dir, 'exit-status');
	// A shell around the CLI records its exit status (tmux 3.3 sometimes never reaps the pane process).
	const command = `${process.execPath} ${cliPath} open -c ${file}; echo $? > ${exitFile}`;
	execFileSync('tmux', ['-L', socket, 'new-session', '-d', '-s', session, '-x', '120', '-y', '32', command], {env});
	tmux('pipe-pane', '-o', '-t', session, `cat >> ${raw}`);
});

afterAll(() => {
	try {
		tmux('kill-server');
	} catch {
		// already gone
	}
});

describe('trailcase open in a terminal', () => {
	it('opens on the case with the grid, the breadcrumb and the status bar', async () => {
		const s = await waitFor(idle, 'the first page');
		expect(s.split('\n')[0]).toContain('all events');
		expect(s).toContain('time (UTC)');
		expect(status(s)).toMatch(/case │ ([\d,]+) \/ \1 events │ no filters │ query \d+ ms/);
	});

	it('searches for the attacker IP and filters on it', async () => {
		keys('/');
		type(trail.intrusion.attackerIp);
		await waitFor((s) => /[\d,]+ matching events/.test(s), 'the live match count');
		keys('Enter');
		const s = await waitFor((s) => idle(s) && s.split('\n')[0]!.includes(`/${trail.intrusion.attackerIp}`), 'the search filter');
		expect(inView(s)).toBeGreaterThan(50);
		expect(s.split('\n').find((l) => l.startsWith('▶'))).toContain(trail.intrusion.attackerIp);
	});

	it('pivots on the principal under the cursor', async () => {
		const before = inView(screen());
		keys('l', 'l');
		await waitFor((s) => s.includes('principal: arn:aws:iam::'), 'the cursor on the principal');
		keys('Enter');
		const s = await waitFor((s) => idle(s) && s.split('\n')[0]!.includes(`principal=user/${trail.intrusion.compromisedUser}`), 'the principal pivot');
		expect(inView(s)).toBeLessThanOrEqual(before);
		expect(status(s)).toContain('2 filters');
	});

	it('shows the escape-laden user agent escaped in the pivot chooser', async () => {
		keys('g', 'p');
		const s = await waitFor((s) => s.includes('user agent:'), 'the pivot chooser');
		expect(s).toContain('\\x1b]8;;https://evil.example/\\x07aws-cli/2.15.0');
		keys('Escape');
		await waitFor((s) => s.includes('time (UTC)'), 'the grid');
	});

	it('opens the frequency pane and pivots on an event name', async () => {
		keys('f');
		await waitFor((s) => idle(s) && s.includes('[principal]') && /top \d+ of \d+ values/.test(s), 'the facet pane');
		keys('Tab', 'Tab', 'Tab', 'Tab');
		const facets = await waitFor((s) => idle(s) && s.includes('[event]'), 'the event facet');
		const top = facets.split('\n').find((l) => l.startsWith('▶'))!;
		const count = Number(/\s([\d,]+)\s+[\d.]+%/.exec(top)![1]!.replaceAll(',', ''));
		keys('Enter');
		const s = await waitFor((s) => idle(s) && s.split('\n')[0]!.includes('event='), 'the event pivot');
		expect(inView(s)).toBe(count);
		keys('BSpace');
		await waitFor((s) => idle(s) && !s.split('\n')[0]!.includes('event='), 'the pop');
	});

	it('opens the detail view of the event under the cursor', async () => {
		keys('d');
		const s = await waitFor((s) => s.includes('"eventVersion"') && s.includes('validation:'), 'the detail view');
		expect(s).toMatch(/source\s+AWSLogs\/\d{12}\/CloudTrail\//);
		keys('Escape');
		await waitFor((s) => s.includes('time (UTC)'), 'the grid');
	});

	it('redraws to the new size on resize, never wider than the terminal', async () => {
		tmux('resize-window', '-t', session, '-x', '90', '-y', '26');
		const s = await waitFor((s) => idle(s) && s.split('\n').length <= 27 && s.includes('time (UTC)'), 'the resized screen');
		for (const line of s.split('\n')) expect([...line].length).toBeLessThanOrEqual(90);
		expect(status(s)).toContain('events');
	});

	it('quits with q, leaving no raw escape sequence from the data in the terminal output', async () => {
		keys('q');
		const started = Date.now();
		while (!(existsSync(exitFile) && readFileSync(exitFile, 'utf8').trim() !== '') && Date.now() - started < 15_000) {
			await new Promise((resolve) => setTimeout(resolve, 100));
		}
		expect(existsSync(exitFile) ? readFileSync(exitFile, 'utf8').trim() : 'still running').toBe('0');
		const output = readFileSync(raw, 'utf8');
		expect(output.length).toBeGreaterThan(1000);
		expect(output).not.toContain('\u001b]8;;');
		expect(output).not.toContain('\u0007');
		// Ink clears the screen itself once when the terminal gets shorter (clearTerminal); nothing else may.
		expect(output.replaceAll('\u001b[2J\u001b[3J\u001b[H', '')).not.toContain('\u001b[2J');
		expect(output).toContain('\\x1b]8;;https://evil.example/');
	});
});

const waitForExit = async (statusFile: string): Promise<string> => {
	const started = Date.now();
	while (!(existsSync(statusFile) && readFileSync(statusFile, 'utf8').trim() !== '') && Date.now() - started < 15_000) {
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	return existsSync(statusFile) ? readFileSync(statusFile, 'utf8').trim() : 'still running';
};

describe('hunts and tagging in a terminal', () => {
	let exit2: string;
	beforeAll(() => {
		// A second workbench on the same case (the first one has quit): it opens read-only again.
		session = 'tui2';
		exit2 = path.join(dir, 'exit-status-2');
		const env: NodeJS.ProcessEnv = {...process.env, TRAILCASE_ANALYST: 'e2e-analyst', XDG_CONFIG_HOME: dir, CI: 'true'};
		const command = `${process.execPath} ${cliPath} open -c ${file}; echo $? > ${exit2}`;
		execFileSync('tmux', ['-L', socket, 'new-session', '-d', '-s', session, '-x', '120', '-y', '32', command], {env});
	});

	it('opens a hunt with matches, marks and tags an event, quits; the tag is in the case', async () => {
		await waitFor(idle, 'the first page');
		keys('H');
		const hunts = await waitFor((s) => idle(s) && /\d+ loaded, \d+ with matches/.test(s), 'the counted hunts');
		const rows = hunts.split('\n').filter((l) => /^[▶ ] (critical|high|medium|low|info)\s/.test(l));
		const index = rows.findIndex((l) => Number(/^[▶ ] \S+\s+([\d,]+)\s/.exec(l)![1]!.replaceAll(',', '')) > 0);
		expect(index).toBeGreaterThanOrEqual(0);
		// Columns: marker, severity (9), matches (8), two spaces, first and last seen (18 each), hunt id (36).
		const huntId = rows[index]!.slice(57, 93).trim();
		expect(huntId).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/);
		for (let i = 0; i < index; i++) keys('j');
		await waitFor((s) => (s.split('\n').find((l) => l.startsWith('▶')) ?? '').includes(huntId), 'the cursor on the hunt');
		keys('Enter');
		const pivoted = await waitFor((s) => idle(s) && s.split('\n')[0]!.includes(`hunt=${huntId}`), 'the hunt filter');
		expect(inView(pivoted)).toBeGreaterThan(0);
		keys('m');
		await waitFor((s) => status(s).includes('1 marked'), 'the mark');
		keys('a');
		await waitFor((s) => s.includes('tag this event:') || s.includes('tag 1 marked events:'), 'the tag prompt');
		type('e2e-finding');
		keys('Enter');
		await waitFor((s) => s.includes('note for "e2e-finding"'), 'the note prompt');
		type('seen in the hunt');
		keys('Enter');
		await waitFor((s) => status(s).includes('tagged 1 event') && status(s).includes('read-write'), 'the tag message');
		keys('q');
		expect(await waitForExit(exit2)).toBe('0');

		const listed = runCli(['tag', '-c', file, '--list', '--json']);
		expect(listed.status, listed.stderr).toBe(0);
		const entries = JSON.parse(listed.stdout) as {eventKey: string; tags: {tag: string; analyst: string; note: string | null}[]}[];
		expect(entries).toHaveLength(1);
		expect(entries[0]!.tags).toEqual([expect.objectContaining({tag: 'e2e-finding', analyst: 'e2e-analyst', note: 'seen in the hunt'})]);
		// The tagged event is one of the hunt's matches.
		const matched = runCli(['query', '-c', file, huntId, '--format', 'json']);
		expect(matched.status, matched.stderr).toBe(0);
		expect(matched.stdout).toContain(entries[0]!.eventKey);
		const audit = runCli(['query', '-c', file, '--sql', "SELECT analyst, command FROM audit_log WHERE command = 'tui.tag'", '--format', 'json']);
		expect(audit.stdout).toContain('e2e-analyst');
	});
});
