import {describe, expect, it} from 'vitest';
import {applyPage, emptyWindow, isBlocked, moveCursor, resetWindow} from '../../source/app/grid-window.js';
import {initialState, reducer, currentRow, type AppState} from '../../source/app/state.js';
import {pivotOnCell} from '../../source/app/pivot-actions.js';
import type {GridRow} from '../../source/pivot/grid-page.js';

const row = (i: number): GridRow => ({
	event_key: `k${String(i).padStart(5, '0')}`, event_id: `e${i}`, event_time: `2026-11-02T10:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000000Z`,
	account: '111122223333', principal_arn: `arn:aws:iam::111122223333:user/u${i % 3}`, principal_role_arn: null, identity_type: 'IAMUser', user_name: null,
	event_source: 's3.amazonaws.com', event_name: 'GetObject', source_ip: '192.0.2.1', aws_region: 'us-east-1', error_code: null,
	resources: [], access_key_id: null, user_agent: 'aws-cli', source_id: 1, record_index: i,
});
const rows = (from: number, n: number) => Array.from({length: n}, (_, i) => row(from + i));
const page = (r: GridRow[], atStart: boolean, atEnd: boolean, cursor = 0) => ({rows: r, atStart, atEnd, cursor, milliseconds: 1});

describe('the grid window', () => {
	it('asks for the next page near the end and keeps keys pressed while it loads', () => {
		let w = resetWindow(emptyWindow(), 'first');
		w = applyPage(w, w.seq, page(rows(0, 10), true, false), 10);
		expect(w.request).toMatchObject({mode: 'extend', direction: 'forward'}); // prefetch: within a screen of the edge
		const seq = w.seq;
		w = moveCursor(w, 14, 10); // past what is loaded
		expect(w.cursor).toBe(9);
		expect(w.pendingMove).toBe(5);
		expect(isBlocked(w)).toBe(true);
		w = applyPage(w, seq, page(rows(10, 10), false, false), 10);
		expect(w.rows[w.cursor]!.event_key).toBe('k00014');
		expect(w.pendingMove).toBe(0);
		expect(w.cursor - w.top).toBeLessThan(10);
	});

	it('ignores a page for an older request', () => {
		let w = resetWindow(emptyWindow(), 'first');
		const old = w.seq;
		w = resetWindow(w, 'last');
		expect(applyPage(w, old, page(rows(0, 5), true, true), 10)).toBe(w);
	});

	it('stops at the last event instead of waiting', () => {
		let w = resetWindow(emptyWindow(), 'first');
		w = applyPage(w, w.seq, page(rows(0, 5), true, true), 10);
		w = moveCursor(w, 50, 10);
		expect(w.cursor).toBe(4);
		expect(w.pendingMove).toBe(0);
		expect(w.request).toBeNull();
	});

	it('drops far rows on long scrolls so memory stays bounded', () => {
		let w = resetWindow(emptyWindow(), 'first');
		w = applyPage(w, w.seq, page(rows(0, 20), true, false), 20);
		for (let i = 1; i < 40; i++) {
			w = moveCursor(w, 20, 20, true);
			if (w.request?.mode === 'extend') w = applyPage(w, w.seq, page(rows(i * 20, 20), false, false), 20);
		}
		expect(w.rows.length).toBeLessThanOrEqual(220);
		expect(w.atStart).toBe(false);
		expect(w.rows[w.cursor]!.record_index).toBeGreaterThan(700);
	});
});

function loaded(state: AppState, r: GridRow[], cursor = 0): AppState {
	return reducer(state, {type: 'grid/page', seq: state.grid.seq, page: page(r, true, true, cursor)});
}

describe('the pivot stack', () => {
	const start = loaded(initialState({name: 'c', total: 100, first: null, last: null, tampered: {}}, {width: 120, height: 32}), rows(0, 30));

	it('pivots on the cell under the cursor, opening the new view at the same event', () => {
		let s = reducer(start, {type: 'nav', move: 'down'});
		s = reducer(s, {type: 'nav', move: 'right'});
		s = reducer(s, {type: 'nav', move: 'right'}); // principal
		const action = pivotOnCell(s);
		expect(action).toMatchObject({type: 'push', step: {kind: 'field', field: 'principal', value: 'arn:aws:iam::111122223333:user/u1'}});
		s = reducer(s, action);
		expect(s.steps).toHaveLength(1);
		expect(s.grid.request).toEqual({mode: 'reset', anchor: {time: row(1).event_time, key: row(1).event_key}});
	});

	it('returns to where it was on Backspace', () => {
		let s = reducer(start, {type: 'nav', move: 'page-down'});
		const before = currentRow(s)!;
		s = reducer(s, {type: 'push', step: {kind: 'field', field: 'ip', value: '192.0.2.1'}, anchor: 'first'});
		s = loaded(s, rows(0, 5));
		s = reducer(s, {type: 'pop'});
		expect(s.steps).toHaveLength(0);
		expect(s.grid.request).toEqual({mode: 'reset', anchor: {time: before.event_time, key: before.event_key}});
	});

	it('zooms out of the latest time range only', () => {
		let s = reducer(start, {type: 'push', step: {kind: 'time', from: '2026-11-02T10:00:00Z', to: '2026-11-02T11:00:00Z'}, anchor: 'first'});
		s = reducer(s, {type: 'push', step: {kind: 'field', field: 'ip', value: '192.0.2.1'}, anchor: 'first'});
		s = reducer(s, {type: 'push', step: {kind: 'time', from: '2026-11-02T10:10:00Z', to: '2026-11-02T10:20:00Z'}, anchor: 'first'});
		s = reducer(s, {type: 'zoom-out'});
		expect(s.steps.map((x) => x.kind)).toEqual(['time', 'field']);
		s = reducer(s, {type: 'zoom-out'});
		expect(s.steps.map((x) => x.kind)).toEqual(['field']);
		expect(reducer(s, {type: 'zoom-out'}).message?.text).toMatch(/no time range/);
	});

	it('q closes the overlay before it quits; overlays stack', () => {
		let s = reducer(start, {type: 'open', modal: {kind: 'facets', facet: 'ip', cursor: 0}});
		s = reducer(s, {type: 'open', modal: {kind: 'help', scroll: 0, lines: 40}});
		expect(s.modals.map((m) => m.kind)).toEqual(['facets', 'help']);
		s = reducer(s, {type: 'close'});
		expect(s.modals.map((m) => m.kind)).toEqual(['facets']);
	});
});
