import {UsageError} from '../errors.js';
import {caseFlag, type Command} from './command.js';

export const openCommand: Command = {
	name: 'open',
	summary: 'Open a case in the keyboard-driven workbench (grid, pivots, search, top values, timeline, hunts, tags, export)',
	help: `
  Usage: trailcase open -c CASE

  A full-screen workbench over the case's events: move with the arrows or h/j/k/l, Enter filters on
  the value under the cursor, Backspace goes back, / searches, f shows top values, t a histogram over
  time, d the original record, H the saved hunts with match counts, m and a mark and tag events,
  T the tagged events, e exports a bundle. Press ? inside for every key.
  The case is opened read-only; the first tag, note or export reopens it for writing (from then on no
  other process can open the case until you quit). Tags and notes record $TRAILCASE_ANALYST or user@host.
  Needs an interactive terminal of at least 80x24.

  Options
    -c, --case FILE   case file (a name without a slash means cases/NAME.duckdb)`,
	flags: {...caseFlag},
	async run({flags, stdout, signal}) {
		if (!flags.case) throw new UsageError('open needs -c CASE');
		if (!process.stdin.isTTY || !stdout.isTTY) throw new UsageError('open needs an interactive terminal (stdin and stdout must be a TTY)');
		// Loaded on demand: commands that never draw a screen do not load Ink and React. React's
		// development build re-checks every render and is several times slower: use the production one.
		process.env['NODE_ENV'] ??= 'production';
		const {runWorkbench} = await import('../app/launch.js');
		await runWorkbench(flags.case, signal);
		return 0;
	},
};
