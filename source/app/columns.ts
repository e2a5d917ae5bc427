import {eventLabel, eventValue, shortArn, type FieldId} from '../pivot/fields.js';
import type {GridRow} from '../pivot/grid-page.js';

export type ColumnId = 'time' | 'account' | 'principal' | 'event' | 'ip' | 'region' | 'error' | 'resource' | 'access-key' | 'user-agent';

export interface Column {
	id: ColumnId;
	title: string;
	min: number;
	pref: number;
	/** Share of the width left after every column has its preferred width. */
	grow: number;
	/** Shown only on terminals wide enough for every column's preferred width plus this one. */
	optional?: boolean;
	/** Compact text for the cell (raw: escaped when drawn). */
	text(row: GridRow): string;
	/** Full value for the cell line under the grid. */
	full(row: GridRow): string;
	/** What Enter filters on: a field and its value, or null when the column has a special action. */
	pivot?: {field: FieldId; value(row: GridRow): string | null};
}

const principalText = (row: GridRow): string =>
	row.principal_arn ? shortArn(row.principal_arn) : (row.user_name ?? row.identity_type ?? '');

const resourceText = (row: GridRow): string => {
	const list = row.resources ?? [];
	if (list.length === 0) return '';
	return list.length === 1 ? shortArn(list[0]!) : `${shortArn(list[0]!)} +${list.length - 1}`;
};

/** Time shown to the second (CloudTrail's precision); the full value keeps microseconds when present. */
export const timeText = (iso: string | null): string => (iso ? `${iso.slice(0, 19)}Z` : '(no time)');

export const COLUMNS: Column[] = [
	{id: 'time', title: 'time (UTC)', min: 20, pref: 20, grow: 0, text: (r) => timeText(r.event_time), full: (r) => r.event_time ?? '(no time)'},
	{id: 'account', title: 'account', min: 6, pref: 12, grow: 0, text: (r) => r.account ?? '', full: (r) => r.account ?? '', pivot: {field: 'account', value: (r) => r.account}},
	{id: 'principal', title: 'principal', min: 10, pref: 22, grow: 3, text: principalText, full: (r) => [r.principal_arn ?? principalText(r), r.principal_role_arn ? `(role ${r.principal_role_arn})` : ''].filter(Boolean).join(' '), pivot: {field: 'principal', value: (r) => r.principal_arn}},
	{id: 'event', title: 'event', min: 10, pref: 22, grow: 2, text: (r) => eventLabel(r.event_source, r.event_name), full: (r) => `${r.event_source ?? '?'}:${r.event_name ?? '?'}`, pivot: {field: 'event', value: (r) => eventValue(r.event_source, r.event_name)}},
	{id: 'ip', title: 'source IP', min: 7, pref: 15, grow: 0, text: (r) => r.source_ip ?? '', full: (r) => r.source_ip ?? '', pivot: {field: 'ip', value: (r) => r.source_ip}},
	{id: 'region', title: 'region', min: 6, pref: 9, grow: 0, text: (r) => r.aws_region ?? '', full: (r) => r.aws_region ?? '', pivot: {field: 'region', value: (r) => r.aws_region}},
	{id: 'error', title: 'error', min: 5, pref: 10, grow: 1, text: (r) => r.error_code ?? '', full: (r) => r.error_code ?? '', pivot: {field: 'error', value: (r) => r.error_code}},
	{id: 'resource', title: 'resource', min: 7, pref: 30, grow: 2, text: resourceText, full: (r) => (r.resources ?? []).join(' '), pivot: {field: 'resource', value: (r) => r.resources?.[0] ?? null}},
	{id: 'access-key', title: 'access key', min: 20, pref: 20, grow: 0, optional: true, text: (r) => r.access_key_id ?? '', full: (r) => r.access_key_id ?? '', pivot: {field: 'access-key', value: (r) => r.access_key_id}},
	{id: 'user-agent', title: 'user agent', min: 24, pref: 40, grow: 2, optional: true, text: (r) => r.user_agent ?? '', full: (r) => r.user_agent ?? '', pivot: {field: 'user-agent', value: (r) => r.user_agent}},
];

export interface PlacedColumn {
	column: Column;
	width: number;
}

const GAP = 1;

/** (column, width) steps in the order spare width is handed out. */
const GROWTH: [ColumnId, number][] = [
	['principal', 16], ['event', 16], ['ip', 15], ['resource', 14], ['account', 12], ['error', 10], ['region', 9],
	['principal', 99], ['event', 99], ['resource', 99], ['access-key', 99], ['user-agent', 99],
];
/** The grid's gutter (see Grid.tsx): cursor or mark/tag marker, then the verify flag. */
export const GUTTER = 2;

/**
 * Column widths for a terminal `width` wide: every required column gets its minimum, then its
 * preferred width in order, then optional columns join if they fit, and what is left is shared by grow.
 */
const layouts = new Map<number, PlacedColumn[]>();

/** The layout for a width, computed once (the same array each time, so per-row text caches can key on it). */
export function layoutColumns(totalWidth: number): PlacedColumn[] {
	let layout = layouts.get(totalWidth);
	if (!layout) {
		layout = computeLayout(totalWidth);
		layouts.set(totalWidth, layout);
	}
	return layout;
}

function computeLayout(totalWidth: number): PlacedColumn[] {
	const width = totalWidth - GUTTER;
	const required = COLUMNS.filter((c) => !c.optional);
	const chosen = [...required];
	const prefTotal = (cols: Column[]) => cols.reduce((sum, c) => sum + c.pref, 0) + GAP * (cols.length - 1);
	for (const column of COLUMNS.filter((c) => c.optional)) {
		if (prefTotal([...chosen, column]) <= width) chosen.push(column);
	}
	const ordered = COLUMNS.filter((c) => chosen.includes(c));
	const widths = ordered.map((c) => c.min);
	let left = width - widths.reduce((a, b) => a + b, 0) - GAP * (ordered.length - 1);
	// Width goes first to what an analyst reads most: a readable width for every column, then the preferred.
	for (const [id, target] of GROWTH) {
		const i = ordered.findIndex((c) => c.id === id);
		if (i < 0 || left <= 0) continue;
		const add = Math.max(0, Math.min(left, Math.min(target, ordered[i]!.pref) - widths[i]!));
		widths[i]! += add;
		left -= add;
	}
	const grow = ordered.reduce((sum, c) => sum + c.grow, 0);
	if (left > 0 && grow > 0) {
		let given = 0;
		ordered.forEach((c, i) => {
			const add = Math.floor((left * c.grow) / grow);
			widths[i]! += add;
			given += add;
		});
		const firstGrow = ordered.findIndex((c) => c.grow > 0);
		widths[firstGrow]! += left - given;
	}
	return ordered.map((column, i) => ({column, width: Math.max(1, widths[i]!)}));
}
