import type {EventDetail} from '../pivot/detail.js';
import type {GridRow} from '../pivot/grid-page.js';
import {prettyJson} from './pretty-json.js';
import {safe, wrap} from './text.js';

const VERDICTS: Record<string, string> = {
	valid: 'valid (digest signature and hash match)',
	modified: 'MODIFIED (hash differs from the signed digest)',
	appended: 'APPENDED (bytes after the signed content)',
	'not-covered': 'not covered by any digest',
	unverified: 'unverified',
};

function verdict(detail: EventDetail, validation: string | null): string {
	if (!detail.validationColumn || validation === null) return 'not verified (run trailcase verify)';
	return VERDICTS[validation] ?? safe(validation);
}

/**
 * The detail view as escaped display lines `width` wide: where the record came from and whether its
 * source object validated, then the original record, indented but otherwise exactly as delivered.
 */
export function detailLines(row: GridRow, detail: EventDetail | undefined, width: number): string[] {
	const head = [
		`event id   ${safe(row.event_id ?? '(none)')}`,
		`event key  ${safe(row.event_key)}`,
		`time       ${safe(row.event_time ?? '(none)')}`,
	];
	if (!detail) return [...head, '', 'loading the original record…'];
	detail.sources.forEach((source, i) => {
		const where = safe(source.objectKey ?? source.origin);
		head.push(`${i === 0 ? 'source    ' : 'also in   '} ${where} #${source.recordIndex}`);
		head.push(`           validation: ${verdict(detail, source.validation)}`);
	});
	head.push('─'.repeat(Math.max(1, Math.min(width, 60))));
	const body = prettyJson(detail.record).map(safe);
	return [...head, ...body].flatMap((line) => wrap(line, width));
}
