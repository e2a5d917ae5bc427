import type {Writable} from 'node:stream';

/** What a command gets: parsed input, flags, output streams and an abort signal (Ctrl-C). */
export interface CommandContext {
	input: string[];
	flags: Record<string, any>;
	stdout: Writable & {isTTY?: boolean; columns?: number};
	stderr: Writable & {isTTY?: boolean; columns?: number};
	signal: AbortSignal;
}

/** meow flag definitions (kept loose here: each command declares its own). */
export type FlagSpec = Record<string, {type: 'string' | 'boolean' | 'number'; shortFlag?: string; isMultiple?: boolean; default?: unknown}>;

/**
 * A CLI command. `run` returns the exit code (0, or 3 when it finished with problems) and throws for
 * failures; it never calls process.exit.
 */
export interface Command {
	name: string;
	summary: string;
	/** Full --help text after the usage line. */
	help: string;
	flags: FlagSpec;
	run(context: CommandContext): Promise<number>;
}

export const caseFlag = {case: {type: 'string', shortFlag: 'c'}} as const;
export const analystFlag = {analyst: {type: 'string'}} as const;
export const jsonFlag = {json: {type: 'boolean', default: false}} as const;

export function print(stream: Writable, text: string): void {
	stream.write(text.endsWith('\n') ? text : `${text}\n`);
}
