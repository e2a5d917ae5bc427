import {FIELDS, parseEventValue} from './fields.js';
import {activeSteps, type Step} from './steps.js';

/** SQL text plus the values it binds: values never become part of the SQL text. */
export interface Sql {
	sql: string;
	params: unknown[];
}

/** Collects bound values and hands out `$n` placeholders for them. */
export class Params {
	readonly values: unknown[] = [];

	bind(value: unknown): string {
		this.values.push(value);
		return `$${this.values.length}`;
	}

	/** A bound instant (ISO-8601 text cast by DuckDB, so microseconds survive). */
	time(iso: string): string {
		return `${this.bind(iso)}::TIMESTAMPTZ`;
	}
}

/** Columns free-text search looks in (the issue's list: principal, IP, event, user agent, resources, request). */
const SEARCH_COLUMNS = [
	'principal_arn',
	'principal_role_arn',
	'source_ip',
	'event_name',
	'event_source',
	'user_agent',
	"array_to_string(resources, ' ')",
	'request_parameters',
];

function condition(step: Step, p: Params): string {
	switch (step.kind) {
		case 'field': {
			const spec = FIELDS[step.field];
			if (spec.match === 'event') {
				const [source, name] = step.value === null ? [null, null] : parseEventValue(step.value);
				const s = source === null ? 'event_source IS NULL' : `event_source = ${p.bind(source)}`;
				const n = name === null ? 'event_name IS NULL' : `event_name = ${p.bind(name)}`;
				return `${s} AND ${n}`;
			}
			if (spec.match === 'list-contains') {
				return step.value === null ? `coalesce(len(resources), 0) = 0` : `list_contains(resources, ${p.bind(step.value)})`;
			}
			return step.value === null ? `${spec.expr} IS NULL` : `${spec.expr} = ${p.bind(step.value)}`;
		}
		case 'search': {
			// Substring match with contains() (no LIKE escaping). Smart case, as in vim and ripgrep: text
			// without capitals ignores case; lower() costs about half the scan, so it is skipped when
			// the text has capitals (exact) or no letters at all (an IP, an account, a key id).
			const caseless = step.text === step.text.toLowerCase() && step.text !== step.text.toUpperCase();
			const needle = p.bind(step.text);
			return `(${SEARCH_COLUMNS.map((column) => (caseless ? `contains(lower(${column}), ${needle})` : `contains(${column}, ${needle})`)).join(' OR ')})`;
		}
		case 'hunt':
			// The hunt's own SQL (checked as one SELECT before the step is offered), never a value.
			return `event_key IN (${step.keysSql})`;
		case 'time':
			return `event_time >= ${p.time(step.from)} AND event_time < ${p.time(step.to)}`;
	}
}

/** The conditions of a view as SQL (`TRUE` for all events), adding bound values to `p`. */
export function whereFor(steps: readonly Step[], p: Params): string {
	const parts = activeSteps(steps).map((step) => `(${condition(step, p)})`);
	return parts.length === 0 ? 'TRUE' : parts.join(' AND ');
}
