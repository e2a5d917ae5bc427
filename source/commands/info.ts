import {CaseStore} from '../case/case-store.js';
import {caseInfo} from '../case/info.js';
import {UsageError} from '../errors.js';
import {escapeControls} from '../util/sanitize.js';
import {caseFlag, jsonFlag, print, type Command} from './command.js';

export const infoCommand: Command = {
	name: 'info',
	summary: 'Summarise a case: events, sources, accounts, regions, time range',
	help: `
  Usage: trailcase info -c CASE [--json]

  Options
    -c, --case FILE   case file
    --json            {schemaVersion, caseId, events, sources, quarantined, accounts, regions, firstEvent, lastEvent, ...}`,
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
				`accounts     ${info.accounts.join(', ') || '-'}`,
				`regions      ${info.regions.join(', ') || '-'}`,
			];
			print(stdout, lines.map(escapeControls).join('\n'));
			return 0;
		} finally {
			store.close();
		}
	},
};
