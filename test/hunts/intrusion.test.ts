import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import type {CaseStore} from '../../source/case/case-store.js';
import {generateTrail, type GenerateSummary} from '../../source/generator/generate.js';
import {runHunt} from '../../source/hunts/run-hunt.js';
import {importIntoNewCase, openCase, shippedHunts, tempDir} from './helpers.js';

// The generator embeds one intrusion (docs: source/generator/intrusion.ts). Each step must be found by
// the hunt written for it, every row those hunts return must belong to the intrusion, and the same
// hunts must stay silent on a trail generated without it.
const hunts = shippedHunts();
const byId = (id: string) => hunts.find((hunt) => hunt.id === id)!;

type Row = Record<string, unknown>;
interface Expectation {
	/** Fewest rows the hunt must return on the intrusion trail. */
	atLeast: number;
	/** Holds for every returned row. */
	check: (row: Row, intrusion: GenerateSummary['intrusion']) => boolean;
}

const attacker = (row: Row, i: GenerateSummary['intrusion']) => row['source_ip'] === i.attackerIp;
const compromised = (row: Row, i: GenerateSummary['intrusion']) => row['principal_arn'] === `arn:aws:iam::${i.account}:user/${i.compromisedUser}`;

const EXPECTED: Record<string, Expectation> = {
	// Persistence: CreateAccessKey for another user.
	'iam-access-key-for-other-user': {atLeast: 1, check: (row, i) => attacker(row, i) && compromised(row, i) && row['for_user'] === i.victimUser && row['access_key_created'] === i.newAccessKey},
	// Defence evasion: StopLogging.
	'cloudtrail-stop-logging': {atLeast: 1, check: (row, i) => attacker(row, i) && compromised(row, i) && row['error_code'] === null},
	// The sensitive bucket opened to everyone (public access block removed, public policy put).
	's3-bucket-opened-to-everyone': {atLeast: 2, check: (row, i) => attacker(row, i) && row['bucket'] === i.bucket},
	// Bulk GetObject from that bucket.
	's3-bulk-getobject': {atLeast: 300, check: (row, i) => compromised(row, i) && row['bucket'] === i.bucket},
	// The AccessDenied burst while probing for privileges (the burst is per principal: the stolen user's
	// own routine denials inside the same window come with it).
	'access-denied-burst': {atLeast: 30, check: (row, i) => compromised(row, i)},
	// Root console sign-in without MFA.
	'cis-console-signin-without-mfa': {atLeast: 1, check: (row, i) => attacker(row, i) && row['identity_type'] === 'Root' && row['mfa_used'] === 'No'},
	// Recon from one address.
	'discovery-burst': {atLeast: 20, check: (row, i) => attacker(row, i) && compromised(row, i)},
	// The stolen key used from the attacker's address for the first time.
	'first-seen-source-ip': {atLeast: 1, check: (row, i) => attacker(row, i)},
};

async function rowsOf(store: CaseStore, id: string): Promise<Row[]> {
	return (await runHunt(store.conn, byId(id))).rows;
}

describe('the generated intrusion', () => {
	let withIntrusion: CaseStore;
	let clean: CaseStore;
	let summary: GenerateSummary;

	beforeAll(async () => {
		const dir = tempDir('hunts-intrusion-');
		const options = {events: 20_000, seed: 11, start: '2026-11-02T00:00:00Z'};
		summary = await generateTrail({...options, outDir: path.join(dir, 'attacked')});
		await generateTrail({...options, outDir: path.join(dir, 'clean'), intrusion: false});
		withIntrusion = await openCase(importIntoNewCase([path.join(dir, 'attacked')], tempDir()));
		clean = await openCase(importIntoNewCase([path.join(dir, 'clean')], tempDir()));
	});

	afterAll(() => {
		withIntrusion?.close();
		clean?.close();
	});

	it.each(Object.entries(EXPECTED))('%s finds its step of the intrusion and nothing else', async (id, expected) => {
		const rows = await rowsOf(withIntrusion, id);
		expect(rows.length).toBeGreaterThanOrEqual(expected.atLeast);
		expect(rows.filter((row) => !expected.check(row, summary.intrusion))).toEqual([]);
	});

	it.each(Object.keys(EXPECTED))('%s stays silent on the trail without the intrusion', async (id) => {
		expect(await rowsOf(clean, id)).toEqual([]);
	});

	it('leaves the attack-specific hunts silent on the clean trail, while the CIS change monitors still see routine changes', async () => {
		const quietOnClean = hunts.filter((hunt) => !hunt.id.startsWith('cis-'));
		for (const hunt of quietOnClean) expect((await rowsOf(clean, hunt.id)).length, hunt.id).toBe(0);
		expect((await rowsOf(clean, 'cis-security-group-changes')).length).toBeGreaterThan(0);
	});
});
