import {Box, Text} from 'ink';
import {FACET_ORDER, FACETS, type FacetId} from '../../pivot/aggregates.js';
import {shortArn} from '../../pivot/fields.js';
import type {FacetResult} from '../../pivot/run.js';
import {count, fit} from '../text.js';

export interface FacetPaneProps {
	facet: FacetId;
	result: FacetResult | undefined;
	cursor: number;
	inView: number | null;
	width: number;
	height: number;
}

const time = (iso: string | null) => (iso ? `${iso.slice(0, 16)}Z` : '');

/** Top values of one field in the view with counts and first/last seen; Enter pivots on the row. */
export function FacetPane({facet, result, cursor, inView, width, height}: FacetPaneProps) {
	const tabs = FACET_ORDER.map((id) => (
		<Text key={id} inverse={id === facet} bold={id === facet}>
			{id === facet ? `[${FACETS[id].title}]` : ` ${FACETS[id].title} `}
		</Text>
	));
	const visible = Math.max(1, height - 3);
	const rows = result?.rows ?? [];
	const top = Math.max(0, Math.min(cursor - Math.floor(visible / 2), rows.length - visible));
	const countWidth = 9;
	const timeWidth = 17;
	const valueWidth = Math.max(10, width - countWidth - 7 - 2 * timeWidth - 5);
	const share = (n: number) => (inView ? `${((100 * n) / inView).toFixed(1)}%` : '');
	const summary = result ? `top ${rows.length} of ${count(result.distinctValues)} values` : 'counting…';
	return (
		<Box flexDirection="column">
			<Text wrap="truncate-end">
				{tabs}
				<Text color="gray">{`  ${summary}  (Tab/←→ switch, Enter filter, Esc close)`}</Text>
			</Text>
			<Text bold wrap="truncate-end">
				{fit(` ${fit('value', valueWidth)} ${'count'.padStart(countWidth)} ${'share'.padStart(6)} ${fit('first seen', timeWidth)} ${fit('last seen', timeWidth)}`, width)}
			</Text>
			{rows.slice(top, top + visible).map((row, i) => {
				const value = row.value === null ? '(none)' : facet === 'principal' || facet === 'resource' ? shortArn(row.value) : row.value;
				const line = `${fit(value, valueWidth)} ${count(row.count).padStart(countWidth)} ${share(row.count).padStart(6)} ${fit(time(row.first), timeWidth)} ${fit(time(row.last), timeWidth)}`;
				return (
					<Text key={top + i} inverse={top + i === cursor} wrap="truncate-end">
						{fit(`${top + i === cursor ? '▶' : ' '}${line}`, width)}
					</Text>
				);
			})}
			{rows.length === 0 && result ? <Text color="gray">no values in this view</Text> : null}
		</Box>
	);
}
