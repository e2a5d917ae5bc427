import {CaseStore} from '../case/case-store.js';
import {caseInfo} from '../case/info.js';
import {UsageError} from '../errors.js';
import {escapeControls} from '../util/sanitize.js';
import {verificationLine} from '../verify/latest-run.js';
import {caseFlag, jsonFlag, print, type Command} from './command.js';

/** A long list (messy exports hold dozens of odd account ids) cut to a line's worth; --json has them all. */
function someOf(values: string[], shown = 12): string {
	if (values.length === 0) return '-';
	const rest = values.length - shown;
	return values.slice(0, shown).join(', ') + (rest > 0 ? `, ... and ${rest} more (--json lists all)` : '');
}

export const infoCommand: Command = {
	name: 'info',
	summary: 'Summarise a case: events, sources, accounts, regions, time range',
	help: `
  Usage: trailcase info -c CASE [--json]

  Options
    -c, --case FILE   case file
    --json            {schemaVersion, caseId, createdAt, createdBy, events, sources, quarantined, accounts,
                      regions, firstEvent, lastEvent, kinds, verification} (verification: the latest
                      trailcase verify run, absent when the case was never verified)`,
	flags: {...caseFlag, ...jsonFlag},
	async run({flags, stdout}) {
		if (!flags.case) throw new UsageError('info needs -c CASE');
		const store = await CaseStore.open(flags.case, {readOnly: true});
		try {
			const info = await caseInfo(store);
			if (flags.json) {
				print(stdout, JSON.stringify(info));
				return 0;
			}
			const lines = [
				`case         ${info.caseId} (schema ${info.schemaVersion}, created ${info.createdAt} by ${info.createdBy})`,
				`file         ${store.path}`,
				`events       ${info.events}`,
				`time range   ${info.firstEvent ?? '-'} .. ${info.lastEvent ?? '-'}`,
				`sources      ${info.sources} (${Object.entries(info.kinds).map(([k, n]) => `${n} ${k}`).join(', ')}), ${info.quarantined} quarantined`,
				`accounts     ${someOf(info.accounts)}`,
				`regions      ${someOf(info.regions)}`,
				`verified     ${verificationLine(info.verification)}`,
			];
			print(stdout, lines.map(escapeControls).join('\n'));
			return 0;
		} finally {
			store.close();
		}
	},
};
