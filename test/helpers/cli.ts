import {spawn, spawnSync} from 'node:child_process';
import {mkdtempSync} from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(import.meta.dirname, '..', '..');
export const cliPath = path.join(repoRoot, 'dist', 'cli.js');

export interface CliResult {
	status: number;
	stdout: string;
	stderr: string;
}

/** Runs the built CLI (`npm test` builds dist/ before vitest runs). */
export function runCli(args: string[], options: {env?: Record<string, string>; cwd?: string; input?: string} = {}): CliResult {
	const result = spawnSync(process.execPath, [cliPath, ...args], {
		cwd: options.cwd ?? repoRoot,
		env: {...process.env, TRAILCASE_ANALYST: 'test-analyst', ...options.env},
		encoding: 'utf8',
		input: options.input,
		maxBuffer: 256 * 1024 * 1024,
	});
	return {status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr};
}

/** Starts the CLI without waiting (for kill -9 tests). */
export function startCli(args: string[], env: Record<string, string> = {}) {
	return spawn(process.execPath, [cliPath, ...args], {cwd: repoRoot, env: {...process.env, TRAILCASE_ANALYST: 'test-analyst', ...env}, stdio: 'ignore'});
}

export function tempDir(prefix = 'trailcase-test-'): string {
	return mkdtempSync(path.join(os.tmpdir(), prefix));
}
