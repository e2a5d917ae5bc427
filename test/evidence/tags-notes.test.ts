import {rmSync} from 'node:fs';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {CaseStore} from '../../source/case/case-store.js';
import {addCaseNote, addNote, listNotes} from '../../source/evidence/notes.js';
import {resolveEvents} from '../../source/evidence/resolve-events.js';
import {tagEvents, untagEvents} from '../../source/evidence/tags.js';
import {listTagged, tagCounts, tagsForEvents} from '../../source/evidence/timeline.js';
import {buildCase, ok, runCli, type BuiltCase} from './helpers.js';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
let built: BuiltCase;

beforeAll(async () => {
	built = await buildCase('trailcase-tags-');
});
afterAll(() => rmSync(built.dir, {recursive: true, force: true}));

async function withStore<T>(work: (store: CaseStore) => Promise<T>, readOnly = false): Promise<T> {
	const store = await CaseStore.open(built.casePath, {readOnly});
	try {
		return await work(store);
	} finally {
		store.close();
	}
}

describe('trailcase tag / untag / note (CLI)', () => {
	it('tags every event sharing an eventID, says so, and records analyst, UTC time and audit row', async () => {
		const result = ok(runCli(['tag', '-c', built.casePath, 'shared-id', 'hostile-eq', '--tag', 'persistence', '--note', 'trail tampering', '--json'], {env: {TRAILCASE_ANALYST: 'carol@soc'}}));
		const out = JSON.parse(result.stdout) as {added: {eventKey: string}[]; ambiguous: {id: string; keys: string[]}[]; auditSeq: number; at: string};
		expect(out.added).toHaveLength(3);
		expect(out.ambiguous).toEqual([{id: 'shared-id', keys: expect.any(Array)}]);
		expect(out.ambiguous[0]!.keys).toHaveLength(2);
		const plain = ok(runCli(['tag', '-c', built.casePath, 'shared-id', '--tag', 'reviewed']));
		expect(plain.stdout).toMatch(/eventID shared-id matches 2 events; all of them are included/);
		await withStore(async (store) => {
			const rows = await store.all<{analyst: string; created_at: Date; audit_seq: bigint; note: string}>(`SELECT * FROM tags WHERE tag = 'persistence'`);
			expect(rows).toHaveLength(3);
			for (const row of rows) {
				expect(row.analyst).toBe('carol@soc');
				expect(row.created_at.toISOString()).toBe(out.at);
				expect(out.at).toMatch(ISO_UTC);
				expect(Number(row.audit_seq)).toBe(out.auditSeq);
				expect(row.note).toBe('trail tampering');
			}
			const audit = await store.one<{command: string; analyst: string; arguments: string; occurred_at: Date}>(`SELECT * FROM audit_log WHERE seq = $1`, [out.auditSeq]);
			expect(audit).toMatchObject({command: 'tag', analyst: 'carol@soc'});
			expect(JSON.parse(audit!.arguments)).toMatchObject({events: ['shared-id', 'hostile-eq'], tags: ['persistence'], note: 'trail tampering'});
		}, true);
	});

	it('uses --analyst over the environment', () => {
		const out = JSON.parse(ok(runCli(['tag', '-c', built.casePath, 'hostile-at', '--tag', 'x1', '--analyst', 'dave', '--json'], {env: {TRAILCASE_ANALYST: 'env-person'}})).stdout);
		expect(out.analyst).toBe('dave');
	});

	it('refuses the whole command when one EVENT_ID names nothing, and changes nothing', async () => {
		const before = await withStore((s) => s.one<{n: bigint}>(`SELECT count(*) n FROM tags`), true);
		const result = runCli(['tag', '-c', built.casePath, 'hostile-plus', 'no-such-event', '--tag', 'typo']);
		expect(result.status).toBe(1);
		expect(result.stderr).toMatch(/no event with eventID or key no-such-event/);
		const after = await withStore((s) => s.one<{n: bigint}>(`SELECT count(*) n FROM tags`), true);
		expect(after!.n).toBe(before!.n);
	});

	it('refuses tag names that are not plain labels', () => {
		const result = runCli(['tag', '-c', built.casePath, 'hostile-plus', '--tag', '../etc']);
		expect(result.status).toBe(2);
		expect(result.stderr).toMatch(/invalid tag/);
	});

	it('untag keeps the row, stamped with who withdrew it and when, and audits it', async () => {
		ok(runCli(['tag', '-c', built.casePath, 'hostile-minus', '--tag', 'temp']));
		const out = JSON.parse(ok(runCli(['untag', '-c', built.casePath, 'hostile-minus', '--tag', 'temp', '--json'], {env: {TRAILCASE_ANALYST: 'erin'}})).stdout);
		expect(out.removed).toHaveLength(1);
		await withStore(async (store) => {
			const row = await store.one<{removed_at: Date; removed_by: string; removed_audit_seq: bigint}>(`SELECT * FROM tags WHERE tag = 'temp'`);
			expect(row!.removed_by).toBe('erin');
			expect(row!.removed_at.toISOString()).toBe(out.at);
			expect(Number(row!.removed_audit_seq)).toBe(out.auditSeq);
			const audit = await store.one<{command: string}>(`SELECT command FROM audit_log WHERE seq = $1`, [out.auditSeq]);
			expect(audit!.command).toBe('untag');
			expect((await listTagged(store, {tags: ['temp']})).length).toBe(0);
		}, true);
	});

	it('adds case-level and event notes with analyst, UTC time and an audit row each', async () => {
		const caseNote = JSON.parse(ok(runCli(['note', '-c', built.casePath, 'Scope:', 'account', '111122223333', '--json'], {env: {TRAILCASE_ANALYST: 'frank'}})).stdout);
		const eventNote = JSON.parse(ok(runCli(['note', '-c', built.casePath, '--event', 'shared-id', 'both copies matter', '--json'])).stdout);
		expect(eventNote.noteIds).toHaveLength(2);
		await withStore(async (store) => {
			const notes = await listNotes(store);
			const scope = notes.find((n) => n.noteId === caseNote.noteIds[0])!;
			expect(scope).toMatchObject({eventKey: null, text: 'Scope: account 111122223333', analyst: 'frank', createdAt: caseNote.at, auditSeq: caseNote.auditSeq});
			const audit = await store.all<{command: string}>(`SELECT command FROM audit_log WHERE seq IN ($1, $2)`, [caseNote.auditSeq, eventNote.auditSeq]);
			expect(audit.map((a) => a.command)).toEqual(['note', 'note']);
		}, true);
	});

	it('lists tagged events for a terminal with log-controlled control characters escaped', () => {
		ok(runCli(['tag', '-c', built.casePath, 'hostile-md', '--tag', 'listed', '--note', 'bell\tand tab']));
		const listed = ok(runCli(['tag', '-c', built.casePath, '--list', '--tag', 'listed']));
		expect(listed.stdout).toContain('hostile-md');
		expect(listed.stdout).not.toMatch(/[\u0000-\u0008\u000b-\u001f]/);
		expect(listed.stdout).toMatch(/\(1 tagged events\)/);
	});
});

describe('evidence domain API (what the TUI calls)', () => {
	it('tags by event_key, keeps the first tag on re-tag and stores the new note as an event note', async () => {
		await withStore(async (store) => {
			const {keys} = await resolveEvents(store, ['hostile-tab']);
			const first = await tagEvents(store, keys, ['api'], {analyst: 'tui-user', note: 'first'});
			expect(first.added).toEqual([{eventKey: keys[0], tag: 'api'}]);
			const again = await tagEvents(store, keys, ['api'], {analyst: 'tui-user', note: 'second thought'});
			expect(again.added).toEqual([]);
			expect(again.notedOnly).toEqual(keys);
			const [entry] = await listTagged(store, {tags: ['api']});
			expect(entry!.tags).toEqual([{tag: 'api', note: 'first', analyst: 'tui-user', createdAt: first.at}]);
			expect(entry!.notes.map((n) => n.text)).toEqual(['second thought']);
			expect((await tagsForEvents(store, keys)).get(keys[0]!)).toEqual(['api']);
			expect((await tagCounts(store)).find((t) => t.tag === 'api')).toEqual({tag: 'api', events: 1});
			const removed = await untagEvents(store, keys, 'all', {analyst: 'tui-user'});
			expect(removed.removed.map((r) => r.tag)).toEqual(['api']);
		});
	});

	it('lists tagged events as a timeline, oldest first, with their tags', async () => {
		await withStore(async (store) => {
			const entries = await listTagged(store);
			const times = entries.map((e) => e.eventTime ?? '');
			expect([...times].sort()).toEqual(times);
			expect(entries.filter((e) => e.eventId === 'shared-id').map((e) => e.eventName)).toEqual(['DeleteTrail', 'StopLogging']);
			expect(entries.find((e) => e.eventName === 'DeleteTrail')!.tags.map((t) => t.tag)).toEqual(['persistence', 'reviewed']);
		}, true);
	});

	it('refuses unknown keys and empty notes without writing', async () => {
		await withStore(async (store) => {
			const before = await store.one<{n: bigint}>(`SELECT (SELECT count(*) FROM tags) + (SELECT count(*) FROM audit_log) AS n`);
			await expect(tagEvents(store, ['not-a-key'], ['x'], {analyst: 'a'})).rejects.toThrow(/not in the case/);
			await expect(addNote(store, [], '   ', {analyst: 'a'})).rejects.toThrow(/empty/);
			await expect(addCaseNote(store, 'bell \u0007', {analyst: 'a'})).rejects.toThrow(/control characters/);
			const after = await store.one<{n: bigint}>(`SELECT (SELECT count(*) FROM tags) + (SELECT count(*) FROM audit_log) AS n`);
			expect(after!.n).toBe(before!.n);
		});
	});
});
