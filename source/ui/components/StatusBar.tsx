import {Text} from 'ink';
import {count, fit, safe} from '../text.js';

export interface StatusProps {
	caseName: string;
	inView: number | null;
	total: number;
	filters: number;
	/** Events marked with `m`. */
	marked?: number;
	/** The case is open for writing (the workbench opened it read-only until the first tag, note or export). */
	writable?: boolean;
	lastQueryMs: number | null;
	busy: boolean;
	message: {text: string; error: boolean} | null;
	width: number;
}

/** The marker shown while a query the screen waits for runs (tests and the benchmark look for it). */
export const BUSY_MARK = '⋯';

/** One line: case │ in view / total │ filters │ last query time │ [marked │ read-write] │ message or key hint. */
export function StatusBar(props: StatusProps) {
	const inView = props.inView === null ? '…' : count(props.inView);
	const parts = [
		safe(props.caseName),
		`${inView} / ${count(props.total)} events`,
		props.filters === 0 ? 'no filters' : `${props.filters} filter${props.filters === 1 ? '' : 's'}`,
		props.lastQueryMs === null ? 'query -' : `query ${Math.round(props.lastQueryMs)} ms`,
		...(props.marked ? [`${count(props.marked)} marked`] : []),
		...(props.writable ? ['read-write'] : []),
	];
	// An error gets the room it needs: the filter count and query time make way for it.
	const full = ` ${parts.join(' │ ')} ${props.busy ? BUSY_MARK : ' '} `;
	const short = ` ${parts.slice(0, 2).join(' │ ')} │${props.busy ? BUSY_MARK : ' '} `;
	const left = props.message?.error && full.length + props.message.text.length + 1 > props.width ? short : full;
	const right = props.message ? safe(props.message.text) : '? help  q quit';
	const room = Math.max(0, props.width - left.length);
	return (
		<Text wrap="truncate-end">
			<Text inverse>{fit(left, Math.min(left.length, props.width), false)}</Text>
			<Text color={props.message?.error ? 'red' : 'gray'}>{fit(` ${right}`, room)}</Text>
		</Text>
	);
}
