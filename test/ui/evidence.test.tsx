import {spawn, type ChildProcess} from 'node:child_process';
import {existsSync, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {timeText} from '../../source/app/columns.js';
import {verifyBundle} from '../../source/evidence/index.js';
import {generatedCase} from '../pivot/fixture.js';
import {cursorLine, KEY, renderApp, statusLine} from './render-app.js';

const CTRL_U = '\u0015';
let app: Awaited<ReturnType<typeof renderApp>>;
let dir: string;
let file: string;

const breadcrumb = (frame: string) => frame.split('\n')[0]!;
const cursorTime = (frame: string) => /(\d{4}-\d{2}-\d{2}T[\d:]{8}Z)/.exec(cursorLine(frame))?.[1];
/** The full value line under the grid (names the tags and marks of the cursor event). */
const cellLine = (frame: string) => frame.split('\n').at(-2) ?? '';

async function type(text: string): Promise<string> {
	let frame = '';
	for (const ch of text) frame = await app.press(ch);
	return frame;
}

beforeAll(async () => {
	({file, dir} = await generatedCase(1200, 17));
	// Wide enough for the whole status message.
	app = await renderApp(file, {width: 160, height: 32}, {analyst: 'ana.lyst@example'});
	await app.ready();
});
afterAll(async () => {
	await app?.close();
});

describe('marking, tagging and notes', () => {
	it('starts read-only; m marks events (gutter * and the status bar count) and m again unmarks', async () => {
		expect(app.session.writable).toBe(false);
		expect(statusLine(app.frame())).not.toContain('read-write');
		await app.press('j');
		const marked = await app.press('m');
		expect(cursorLine(marked)).toMatch(/^▶\*/);
		expect(statusLine(marked)).toContain('1 marked');
		expect(cellLine(marked)).toContain('marked');
		expect(statusLine(await app.press('m'))).not.toContain('marked');
	});

	it('a tags the marked events with the analyst, a note and an audit row (the case is reopened for writing)', async () => {
		await app.press('g', 'm', 'j', 'j', 'm');
		const keys = (await app.store.all<{event_key: string}>(`SELECT event_key FROM events ORDER BY event_time NULLS LAST, event_key LIMIT 3`)).map((r) => r.event_key);
		const first = await app.press('j');
		expect(first.split('\n').filter((l) => /^\*/.test(l))).toHaveLength(2);
		expect(statusLine(first)).toContain('2 marked');

		const asked = await app.press('a');
		expect(asked).toContain('tag 2 marked events:');
		// Refused names stay in the prompt with the reason; control characters never get into the text.
		await type('bad tag!');
		expect(await app.press(KEY.enter)).toMatch(/invalid tag "bad tag!"/);
		await app.press(CTRL_U);
		await app.press('x', '\u0007', 'y');
		expect(app.frame()).toMatch(/tag 2 marked events: xy /);
		await app.press(CTRL_U);
		await type('initial-access');
		expect(await app.press(KEY.enter)).toContain('note for "initial-access" (optional):');
		await type('first denied calls');
		await app.press(KEY.enter);
		const tagged = await app.waitFor((f) => /tagged 2 events "initial-access"/.test(statusLine(f)), 'the tag message');
		expect(statusLine(tagged)).toContain('as ana.lyst@example (audit #');
		expect(statusLine(tagged)).toContain('read-write');
		expect(statusLine(tagged)).not.toContain('marked │');
		expect(app.session.writable).toBe(true);

		const rows = await app.store.all<{event_key: string; tag: string; note: string; analyst: string; audit_seq: bigint}>(
			`SELECT event_key, tag, note, analyst, audit_seq FROM tags WHERE removed_at IS NULL ORDER BY event_key`,
		);
		expect(rows.map((r) => r.event_key)).toEqual([keys[0], keys[2]].sort());
		for (const row of rows) expect(row).toMatchObject({tag: 'initial-access', note: 'first denied calls', analyst: 'ana.lyst@example'});
		const audit = await app.store.one<{analyst: string; command: string; arguments: string}>(`SELECT analyst, command, arguments FROM audit_log WHERE seq = $1`, [Number(rows[0]!.audit_seq)]);
		expect(audit).toMatchObject({analyst: 'ana.lyst@example', command: 'tui.tag'});
		expect(JSON.parse(audit!.arguments)).toMatchObject({tags: ['initial-access'], note: 'first denied calls'});

		// Tagged events carry # in the gutter; the cell line names the tags.
		const top = await app.press('g');
		expect(cursorLine(top)).toMatch(/^▶#/);
		expect(cellLine(top)).toContain('tags: initial-access');
	});

	it('n writes a note on the event under the cursor, audited', async () => {
		await app.press('G');
		const key = (await app.store.one<{event_key: string}>(`SELECT event_key FROM events ORDER BY event_time DESC NULLS FIRST, event_key DESC LIMIT 1`))!.event_key;
		expect(await app.press('n')).toContain('note on this event:');
		await type('checked with the owner');
		await app.press(KEY.enter);
		await app.waitFor((f) => statusLine(f).includes('note added as ana.lyst@example'), 'the note message');
		const note = await app.store.one<{event_key: string; text: string; analyst: string; audit_seq: bigint}>(`SELECT event_key, text, analyst, audit_seq FROM notes ORDER BY note_id DESC LIMIT 1`);
		expect(note).toMatchObject({event_key: key, text: 'checked with the owner', analyst: 'ana.lyst@example'});
		expect(await app.store.one(`SELECT command FROM audit_log WHERE seq = $1`, [Number(note!.audit_seq)])).toEqual({command: 'tui.note'});
		// The last event gets a tag of its own (no marks: a tags the cursor event).
		await app.press('a');
		await type('later');
		await app.press(KEY.enter, KEY.enter);
		await app.waitFor((f) => /tagged 1 event "later"/.test(statusLine(f)), 'the second tag');
	});
});

describe('the tagged-events timeline', () => {
	it('T lists the tagged events in time order with their tags; Enter shows one in the grid', async () => {
		const expected = await app.store.all<{t: string; tags: string}>(
			`SELECT strftime(e.event_time, '%Y-%m-%dT%H:%M:%SZ') AS t, string_agg(g.tag, ', ' ORDER BY g.tag_id) AS tags
			 FROM events e JOIN tags g USING (event_key) WHERE g.removed_at IS NULL
			 GROUP BY e.event_key, e.event_time, e.source_id, e.record_index ORDER BY e.event_time, e.source_id, e.record_index`,
		);
		expect(expected).toHaveLength(3);
		const timeline = await app.press('T');
		expect(timeline).toContain('tagged events 3 in time order');
		const lines = timeline.split('\n').filter((l) => /^[▶ ] \d{4}-/.test(l));
		expect(lines.map((l) => /\d{4}-\d{2}-\d{2}T[\d:]{8}Z/.exec(l)![0])).toEqual(expected.map((e) => timeText(e.t)));
		lines.forEach((line, i) => expect(line).toContain(expected[i]!.tags));
		expect(timeline).toContain('initial-access by ana.lyst@example');
		expect(timeline).toContain('first denied calls');

		await app.press('j', 'j');
		const last = await app.press(KEY.enter);
		expect(breadcrumb(last)).toContain('±15m');
		expect(cursorTime(last)).toBe(timeText(expected[2]!.t));
		expect(cellLine(last)).toContain('tags: later');
		await app.press(KEY.backspace);
	});
});

describe('export from the workbench', () => {
	it('e asks for a folder and tags, shows the phases, and writes a bundle that verifies', async () => {
		const prompt = await app.press('e');
		expect(prompt).toMatch(/bundle folder: bundles\/case-\d{8}T\d{6}Z/);
		const out = path.join(dir, 'bundle-from-tui');
		await app.press(CTRL_U);
		await type(out);
		expect(await app.press(KEY.enter)).toContain('tags to export:');
		await type('initial-access');
		await app.press(KEY.enter);
		const done = await app.waitFor((f) => f.includes('bundle written:'), 'the finished export', 60_000);
		expect(done).toMatch(/✓ copy the case \(snapshot\)/);
		expect(done).toMatch(/✓ hash and seal/);
		expect(done).toMatch(/2 events in [\d.]+ s; manifest sha256 [0-9a-f]{64}/);
		const check = await verifyBundle(out);
		expect(check).toMatchObject({ok: true, changed: [], missing: [], extra: []});
		expect(readFileSync(path.join(out, 'SHA256SUMS'), 'utf8')).toContain('case.duckdb');
		const audit = await app.store.one<{command: string; outcome: string}>(`SELECT command, outcome FROM audit_log WHERE command = 'tui.export'`);
		expect(JSON.parse(audit!.outcome)).toMatchObject({events: 2});
		await app.press(KEY.escape);
		expect(app.frame()).toContain('time (UTC)');
	});

	it('Esc cancels an export in flight: nothing is left behind and the audit row says interrupted', async () => {
		await app.press('e', CTRL_U);
		const out = path.join(dir, 'cancelled-bundle');
		await type(out);
		await app.send(KEY.enter, KEY.enter, KEY.escape);
		const ended = await app.waitFor((f) => /export failed: .*interrupted|bundle written:/.test(f), 'the end of the export', 60_000);
		// Esc reaches the export in its first steps (it is queued behind nothing but the prompt's Enter).
		expect(ended).toMatch(/export failed: export interrupted.*nothing was written/);
		expect(existsSync(out)).toBe(false);
		expect(readdirSync(dir).filter((name) => name.includes('cancelled-bundle'))).toEqual([]);
		const audit = await app.store.one<{outcome: string}>(`SELECT outcome FROM audit_log WHERE command = 'tui.export' ORDER BY seq DESC LIMIT 1`);
		expect(JSON.parse(audit!.outcome)).toMatchObject({interrupted: true});
		await app.press(KEY.escape);
	});
});

describe('withdrawing a tag on the timeline', () => {
	it('x asks which tags (prefilled) and withdraws them: the rows stay, stamped, with a tui.untag audit row', async () => {
		const timeline = await app.press('T');
		expect(timeline).toContain('tagged events 3 in time order');
		// The cursor starts on the earliest tagged event.
		const first = (await app.store.one<{event_key: string}>(
			`SELECT event_key FROM events WHERE event_key IN (SELECT event_key FROM tags) ORDER BY event_time, source_id, record_index LIMIT 1`,
		))!.event_key;
		const firstLine = cursorLine(timeline);
		const asked = await app.press('x');
		expect(asked).toMatch(/withdraw from this event: initial-access /);
		expect(asked).toContain(firstLine); // the timeline stays on screen behind the prompt
		await app.press(KEY.enter);
		const done = await app.waitFor((f) => statusLine(f).includes('withdrew 1 tag'), 'the withdrawal');
		expect(done).toContain('tagged events 2 in time order');
		const row = await app.store.all<{event_key: string; removed_by: string; removed_audit_seq: bigint}>(
			`SELECT event_key, removed_by, removed_audit_seq FROM tags WHERE removed_at IS NOT NULL`,
		);
		expect(row).toHaveLength(1);
		expect(row[0]).toMatchObject({event_key: first, removed_by: 'ana.lyst@example'});
		expect(await app.store.one(`SELECT command FROM audit_log WHERE seq = $1`, [Number(row[0]!.removed_audit_seq)])).toEqual({command: 'tui.untag'});
		await app.press(KEY.escape);
	});
});

describe('a case held by another process', () => {
	it('explains the lock conflict and stays read-only', async () => {
		await app.close();
		app = await renderApp(file, {width: 160, height: 32}, {analyst: 'ana.lyst@example'});
		await app.ready();
		// Another process reads the case: the workbench can no longer get it for writing.
		const holder: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e',
			`import {DuckDBInstance} from '@duckdb/node-api'; await DuckDBInstance.create(${JSON.stringify(file)}, {access_mode: 'READ_ONLY'}); console.log('open'); setTimeout(() => {}, 60000);`], {cwd: process.cwd()});
		try {
			await new Promise<void>((resolve, reject) => {
				holder.stdout!.on('data', (d: Buffer) => d.toString().includes('open') && resolve());
				holder.on('exit', (code) => reject(new Error(`holder exited ${code}`)));
			});
			await app.press('a');
			await type('blocked');
			await app.press(KEY.enter, KEY.enter);
			const refused = await app.waitFor((f) => statusLine(f).includes('cannot tag'), 'the lock message');
			expect(statusLine(refused)).toMatch(/cannot tag: the case is open in another process \(node, PID \d+\)/);
			expect(app.session.writable).toBe(false);
			// The workbench keeps working read-only on the reopened case.
			const moved = await app.press('j');
			expect(cursorLine(moved)).not.toBe('');
		} finally {
			holder.kill();
		}
	});
});
