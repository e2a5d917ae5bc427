/**
 * Runs one benchmark section in its own process, so that its memory figures (the TUI's RSS) are its
 * own and not what earlier sections left in the orchestrator. Prints the section's figures as one
 * JSON line; progress goes to stderr.
 */
import {quietSdkWarnings} from '../util/quiet-warnings.js';
import type {BenchContext, BenchSection} from './context.js';

quietSdkWarnings();

const [modulePath, contextJson] = process.argv.slice(2);
const context = JSON.parse(contextJson!) as Omit<BenchContext, 'log'>;
const loaded = (await import(new URL(modulePath!, import.meta.url).href)) as Record<string, BenchSection>;
const section = Object.values(loaded).find((value) => typeof value === 'function') as BenchSection;
const figures = await section({...context, log: (line) => process.stderr.write(`${line}\n`)});
process.stdout.write(`${JSON.stringify(figures)}\n`);
