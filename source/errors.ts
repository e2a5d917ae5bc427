/**
 * Typed errors. Commands throw these and never exit themselves; `cli.ts` alone maps them to exit codes
 * (0 ok, 1 failure, 2 usage, 3 finished with problems).
 */
export class TrailcaseError extends Error {
	readonly exitCode: number = 1;
}

/** Bad flags or arguments: exit 2. */
export class UsageError extends TrailcaseError {
	override readonly exitCode = 2;
}

/** The case file cannot be used (newer schema, not a case, locked). */
export class CaseError extends TrailcaseError {}

/**
 * The command did its job but some inputs had problems (quarantined files, failed objects, invalid digests).
 * It carries the output already printed so the top level only needs the exit code.
 */
export class FinishedWithProblems extends TrailcaseError {
	override readonly exitCode = 3;
}

/** DuckDB refused or failed a statement (bad SQL, a missing table, a type error): exit 1, without a stack. */
export class QueryError extends TrailcaseError {}
