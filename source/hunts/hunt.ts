import {TrailcaseError} from '../errors.js';

/**
 * A hunt: one saved query for attacker behaviour, read from a `.sql` file whose header block says what
 * it looks for. Hunts return event rows (at least `event_key` and `event_id`), so every match can be
 * pivoted to and tagged exactly.
 */
export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface Hunt {
	/** Kebab-case identifier, equal to the file name without `.sql`. */
	id: string;
	title: string;
	severity: Severity;
	/** MITRE ATT&CK technique IDs, e.g. `T1562.008`. */
	mitre: string[];
	/** ATT&CK tactic or grouping (optional), e.g. `defense-evasion`. */
	tactic?: string;
	description: string;
	references: string[];
	falsePositives: string;
	/** Thresholds a burst hunt uses, in words (optional; the SQL holds the numbers). */
	thresholds?: string;
	/** The SELECT statement, without a trailing semicolon. */
	sql: string;
	/** Absolute path of the file it came from. */
	file: string;
}

/** A hunt file that could not be used; the other hunts still run. */
export interface HuntProblem {
	file: string;
	/** The id from the header or file name, when one could be read. */
	id?: string;
	message: string;
}

/** 0 for critical up to 4 for info: sort ascending to list the worst first. */
export function severityRank(severity: string | undefined): number {
	const index = SEVERITIES.indexOf(severity as Severity);
	return index === -1 ? SEVERITIES.length : index;
}

/** Thrown for a hunt whose file or SQL is unusable; the message starts with the file name. */
export class HuntError extends TrailcaseError {
	constructor(
		readonly file: string,
		/** What is wrong, without the file name. */
		readonly reason: string,
		readonly id?: string,
	) {
		super(`${file}: ${reason}`);
	}
}
