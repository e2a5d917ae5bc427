/** UTC ISO-8601 with milliseconds: the only time format trailcase writes. */
export function utcNow(): string {
	return new Date().toISOString();
}

/** Parses an ISO-8601 instant; returns undefined for anything that is not one (never guesses a zone). */
export function parseIsoInstant(text: string): Date | undefined {
	if (!/^\d{4}-\d{2}-\d{2}T\d{2}(:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})$/.test(text)) return undefined;
	const date = new Date(text);
	return Number.isNaN(date.getTime()) ? undefined : date;
}
