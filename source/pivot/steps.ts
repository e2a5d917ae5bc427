import {eventLabel, FIELDS, parseEventValue, shortArn, type FieldId} from './fields.js';

/** One entry of the pivot stack. The view is the conjunction of the steps (see `activeSteps`). */
export type Step =
	| {kind: 'field'; field: FieldId; value: string | null}
	| {kind: 'search'; text: string}
	/**
	 * A saved hunt's matches: `event_key IN (<keysSql>)`. keysSql is huntMatchKeysSql(hunt), from the
	 * hunt files the analyst trusts like code; values from the data never go into it.
	 */
	| {kind: 'hunt'; id: string; keysSql: string}
	| {
			kind: 'time';
			/** Inclusive start and exclusive end, UTC ISO-8601. */
			from: string;
			to: string;
			/**
			 * "Around this event": a context window that looks at every event in the range, so the steps
			 * below it stop applying (they stay on the stack: Backspace returns to them).
			 */
			context?: boolean;
	  };

/** The steps that shape the view: everything from the last context window up. */
export function activeSteps(steps: readonly Step[]): Step[] {
	let start = 0;
	steps.forEach((step, i) => {
		if (step.kind === 'time' && step.context) start = i;
	});
	return steps.slice(start);
}

function displayValue(field: FieldId, value: string | null): string {
	if (value === null) return '(none)';
	if (field === 'event') return eventLabel(...parseEventValue(value));
	if (field === 'principal' || field === 'role' || field === 'resource') return shortArn(value);
	return value;
}

/** Compact UTC time for labels: `2026-11-02T10:15Z` (seconds only when they matter). */
export function shortTime(iso: string): string {
	const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2})(:\d{2})?/.exec(iso);
	if (!m) return iso;
	return m[2] && m[2] !== ':00' ? `${m[1]}${m[2]}Z` : `${m[1]}Z`;
}

/** Breadcrumb text of a step (raw: the UI escapes it before it reaches the terminal). */
export function stepLabel(step: Step): string {
	switch (step.kind) {
		case 'field':
			return `${FIELDS[step.field].short}=${displayValue(step.field, step.value)}`;
		case 'search':
			return `/${step.text}`;
		case 'hunt':
			return `hunt=${step.id}`;
		case 'time':
			return `${step.context ? '±15m ' : ''}${shortTime(step.from)}..${shortTime(step.to)}`;
	}
}

/** A stable text key for a list of steps (memoising queries by view). */
export function viewKey(steps: readonly Step[]): string {
	return JSON.stringify(activeSteps(steps));
}
