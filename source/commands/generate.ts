import {generateTrail} from '../generator/generate.js';
import {UsageError} from '../errors.js';
import {jsonFlag, print, type Command} from './command.js';

export const generateCommand: Command = {
	name: 'generate',
	summary: 'Write a seeded synthetic trail (S3 layout, signed digests, an embedded intrusion)',
	help: `
  Usage: trailcase generate --out DIR [--events N] [--seed S] [--start ISO] [--no-intrusion]

  Writes DIR/AWSLogs/<account>/CloudTrail{,-Digest}/<region>/YYYY/MM/DD/... exactly as CloudTrail
  delivers it, hourly digests signed with a fixed test key (DIR/public-keys.json holds the public key
  as list-public-keys prints it, and each digest has a head-object sidecar with its signature).
  Same seed and options give byte-identical files.

  Options
    --out DIR          output folder (required)
    --events N         background events (default 20000); the intrusion adds a few hundred
    --seed S           PRNG seed (default 1)
    --start ISO        first hour, UTC (default 2026-11-02T00:00:00Z)
    --accounts A,B     accounts (default 111122223333,444455556666)
    --regions R,S      regions (default us-east-1,eu-west-1)
    --no-intrusion     leave out the embedded attack
    --json             print the summary as JSON`,
	flags: {
		out: {type: 'string'},
		events: {type: 'number', default: 20_000},
		seed: {type: 'number', default: 1},
		start: {type: 'string'},
		accounts: {type: 'string'},
		regions: {type: 'string'},
		intrusion: {type: 'boolean', default: true},
		...jsonFlag,
	},
	async run({flags, stdout}) {
		if (!flags.out) throw new UsageError('generate needs --out DIR');
		if (!Number.isInteger(flags.events) || flags.events < 0) throw new UsageError('--events must be a whole number');
		const summary = await generateTrail({
			outDir: flags.out,
			events: flags.events,
			seed: flags.seed,
			start: flags.start,
			accounts: flags.accounts?.split(','),
			regions: flags.regions?.split(','),
			intrusion: flags.intrusion,
		});
		if (flags.json) print(stdout, JSON.stringify({...summary, files: summary.files.length, digests: summary.digests.length}));
		else print(stdout, `${summary.events} events in ${summary.logFiles} log files and ${summary.digestFiles} digests (${summary.firstEvent} .. ${summary.lastEvent}) under ${flags.out}`);
		return 0;
	},
};
