import {execFileSync} from 'node:child_process';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {generateTrail} from '../../source/generator/generate.js';
import {cliPath, tempDir} from '../helpers/cli.js';
import {seedTrail, startS3Server, type S3Server} from '../helpers/s3-server.js';
import {FaultProxy} from './fault-proxy.js';
import {sleep} from './helpers.js';

// The real binary on a real pseudo-terminal (a private tmux server): the progress line on stderr.
const socket = `trailcase-pull-${process.pid}`;
const tmux = (...args: string[]) => execFileSync('tmux', ['-L', socket, ...args], {encoding: 'utf8'});
// With the scrollback: the summary may scroll the last progress line off a 12-row pane (tmux writes
// "Pane is dead" on the bottom row).
const screen = () => tmux('capture-pane', '-p', '-S', '-', '-t', 'pull');
let s3: S3Server;
let proxy: FaultProxy;
let keys: string[];
let work: string;

async function waitForScreen(test: (text: string) => boolean, what: string): Promise<string> {
	const deadline = Date.now() + 30_000;
	for (;;) {
		const text = screen();
		if (test(text)) return text;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${text}`);
		await sleep(100);
	}
}

beforeAll(async () => {
	work = tempDir('trailcase-pull-tty-');
	await generateTrail({outDir: path.join(work, 'trail'), events: 1_500, eventsPerFile: 10, seed: 8, accounts: ['111122223333'], regions: ['us-east-1', 'eu-west-1']});
	s3 = await startS3Server();
	keys = await seedTrail(s3.client, 'tty-trail', path.join(work, 'trail'));
	proxy = await FaultProxy.start(s3.endpoint);
});
afterAll(async () => {
	try {
		tmux('kill-server');
	} catch {
		// already gone
	}
	await proxy?.close();
	await s3?.stop();
});

describe('pull on a terminal', () => {
	it('shows objects, bytes, events, rate and ETA while it runs, then the summary', async () => {
		// Hang the transfer halfway so the screen can be read mid-pull.
		proxy.decide = ({key}) => (key !== undefined && proxy.stats.served >= 50 ? {kind: 'hold'} : undefined);
		const env: NodeJS.ProcessEnv = {...process.env, ...s3.env, TRAILCASE_ANALYST: 'tty-analyst'};
		delete env['CI'];
		const command = `${process.execPath} ${cliPath} pull s3://tty-trail --endpoint ${proxy.endpoint} -c ${path.join(work, 'tty.duckdb')} --concurrency 4`;
		execFileSync('tmux', ['-L', socket, 'new-session', '-d', '-s', 'pull', '-x', '160', '-y', '12', command], {env});
		tmux('set-option', '-t', 'pull', 'remain-on-exit', 'on');

		// Everything before the hang arrives; the line catches up within its one-second redraw.
		const progressOf = (text: string) => /pull \[[#.]+\] (\d+)\/(\d+) objects/.exec(text);
		const during = await waitForScreen((text) => proxy.stats.held >= 4 && Number(progressOf(text)?.[1]) >= 50, 'a progress line');
		const line = during.split('\n').find((row) => row.startsWith('pull ['))!;
		expect(Number(progressOf(line)![2])).toBe(keys.length);
		expect(line).toMatch(/objects, [\d.]+ (B|KB|MB), \d+ events, [\d.]+ (B|KB|MB)\/s ETA \d+s/);

		proxy.reset();
		proxy.releaseHeld();
		const after = await waitForScreen((text) => text.includes('objects listed:'), 'the summary');
		expect(after).toContain(`${keys.length}/${keys.length} objects`);
		expect(after).toContain(`${keys.length} objects listed: ${keys.length} downloaded`);
		expect(after).toContain('acquired by tty-analyst');
	});
});
