import {UsageError} from '../errors.js';
import {parseIsoInstant} from '../util/time.js';
import {dayFolder, fileStamp, type TrailKind} from './layout.js';

/**
 * How long after `--to` a log file may still be delivered with events from inside the window.
 * CloudTrail delivers about 5 minutes after the call (spec §5) but does not promise it; an hour
 * covers ordinary lag. Events delivered later than this are missed: widen `--to` to catch them.
 */
export const DELIVERY_GRACE_MS = 60 * 60_000;
/** A digest covers the hour of deliveries before its end time (spec §3.1). */
const DIGEST_SPAN_MS = 60 * 60_000;

/** The incident window (either side may be open). */
export interface TimeWindow {
	from?: Date;
	to?: Date;
}

/** Bounds on the file-name stamp (and on the day folder) of the objects a window needs, per kind. */
export interface StampRange {
	from?: Date;
	to?: Date;
	firstDay?: string;
	lastDay?: string;
}

/**
 * The file-name stamp is the delivery time, not an event time. A file delivered inside
 * [from, to + grace] can hold events inside [from, to]; a file delivered before `from` cannot.
 * Digests are named by digestEndTime and cover the hour before it, so the digests that cover those
 * deliveries end inside [from, to + grace + 1 h].
 */
export function stampRange(kind: TrailKind, window: TimeWindow): StampRange {
	const from = window.from ? new Date(Math.floor(window.from.getTime() / 60_000) * 60_000) : undefined;
	const extra = DELIVERY_GRACE_MS + (kind === 'CloudTrail-Digest' ? DIGEST_SPAN_MS : 0);
	const to = window.to ? new Date(window.to.getTime() + extra) : undefined;
	return {from, to, firstDay: from && dayFolder(from), lastDay: to && dayFolder(to)};
}

/** Whether an object (by its day folder and file name) belongs to the range. */
export function inRange(kind: TrailKind, range: StampRange, day: string | undefined, file: string): boolean {
	const stamp = fileStamp(kind, file);
	if (stamp) {
		if (range.from && stamp < range.from) return false;
		if (range.to && stamp > range.to) return false;
		return true;
	}
	// No readable stamp: keep it when its day folder is inside the range (or when it has none at all).
	if (!day) return !range.firstDay && !range.lastDay;
	if (range.firstDay && day < range.firstDay) return false;
	if (range.lastDay && day > range.lastDay) return false;
	return true;
}

/**
 * Parses `--from`/`--to`: an ISO-8601 instant with a zone (`2026-11-02T13Z`, `2026-11-02T13:30:00+02:00`)
 * or a bare UTC day (`2026-11-02`). A time without a zone is refused rather than guessed.
 */
export function parseWindowFlag(name: string, text: string | undefined): Date | undefined {
	if (text === undefined || text === '') return undefined;
	const trimmed = text.trim();
	const normalized = /^\d{4}-\d{2}-\d{2}$/.test(trimmed)
		? `${trimmed}T00:00:00Z`
		: trimmed.replace(/^(\d{4}-\d{2}-\d{2}T\d{2})(Z|[+-]\d{2}:?\d{2})$/, '$1:00$2');
	const instant = parseIsoInstant(normalized);
	if (!instant) throw new UsageError(`--${name} must be an ISO-8601 instant with a zone, like 2026-11-02T13Z or 2026-11-02 (UTC day); got ${text}`);
	return instant;
}
