#!/usr/bin/env node
import meow from 'meow';
import type {Command} from './commands/command.js';
import {commands} from './commands/index.js';
import {TrailcaseError, UsageError} from './errors.js';
import {quietSdkWarnings} from './util/quiet-warnings.js';
import {escapeControls, escapeControlsKeepLines} from './util/sanitize.js';
import {toolVersion} from './version.js';

quietSdkWarnings();

function topLevelHelp(): string {
	const width = Math.max(...commands.map((c) => c.name.length));
	return `
  trailcase ${toolVersion}: a terminal forensic workbench for AWS CloudTrail

  Usage: trailcase COMMAND [options]     (trailcase COMMAND --help for details)

  Commands
${commands.map((c) => `    ${c.name.padEnd(width)}  ${c.summary}`).join('\n')}

  Exit codes: 0 ok, 1 failure, 2 usage error, 3 finished with problems.
`;
}

/** The only place that turns outcomes and errors into exit codes. */
export async function main(argv: string[]): Promise<number> {
	const [name, ...rest] = argv;
	if (name === undefined || name === 'demo') {
		const start = commands.find((c) => c.name === 'demo');
		if (start) return runCommand(start, rest);
	}
	if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
		process.stdout.write(topLevelHelp());
		return name === undefined ? 2 : 0;
	}
	if (name === '--version' || name === '-v') {
		process.stdout.write(`${toolVersion}\n`);
		return 0;
	}
	const command = commands.find((c) => c.name === name);
	if (!command) {
		process.stderr.write(`trailcase: unknown command ${escapeControls(name)}\n${topLevelHelp()}`);
		return 2;
	}
	return runCommand(command, rest);
}

async function runCommand(command: Command, argv: string[]): Promise<number> {
	const cli = meow(`${command.help}\n`, {
		importMeta: import.meta,
		argv,
		flags: command.flags as any,
		allowUnknownFlags: false,
		description: `trailcase ${command.name}: ${command.summary}`,
		version: toolVersion,
	});
	const controller = new AbortController();
	const onSigint = () => {
		if (controller.signal.aborted) process.exit(130);
		process.stderr.write('\ninterrupting: finishing what is in progress (Ctrl-C again to quit at once)\n');
		controller.abort();
	};
	process.on('SIGINT', onSigint);
	try {
		return await command.run({
			input: cli.input,
			flags: cli.flags,
			stdout: process.stdout,
			stderr: process.stderr,
			signal: controller.signal,
		});
	} catch (error) {
		if (error instanceof UsageError) {
			process.stderr.write(`trailcase ${command.name}: ${escapeControls(error.message)}\n(see trailcase ${command.name} --help)\n`);
			return 2;
		}
		if (error instanceof TrailcaseError) {
			process.stderr.write(`trailcase ${command.name}: ${escapeControlsKeepLines(error.message)}\n`);
			return error.exitCode;
		}
		process.stderr.write(`trailcase ${command.name}: unexpected failure: ${escapeControlsKeepLines((error as Error).stack ?? String(error))}\n`);
		return 1;
	} finally {
		process.off('SIGINT', onSigint);
	}
}

main(process.argv.slice(2)).then(
	(code) => {
		process.exitCode = code;
	},
	(error) => {
		process.stderr.write(`trailcase: ${escapeControls(String(error))}\n`);
		process.exitCode = 1;
	},
);
