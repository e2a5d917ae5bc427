import type {Note} from './notes.js';
import type {SelectionRecord} from './selection.js';
import type {TimelineEntry} from './timeline.js';
import {mdCode, mdIndent, mdText} from './markdown.js';

export interface TimelineHeader {
	caseId: string;
	analyst: string;
	exportedAt: string;
	toolVersion: string;
	selection: SelectionRecord;
	events: number;
	caseNotes: Note[];
}

export function describeSelection(selection: SelectionRecord): string {
	const parts: string[] = [];
	if (selection.all) parts.push('all events in the case');
	if (selection.everyTaggedEvent) parts.push('every tagged event');
	if (selection.tags.length > 0) parts.push(`events tagged ${selection.tags.join(', ')}`);
	for (const hunt of selection.hunts) parts.push(`events matched by hunt ${hunt.id} (${hunt.events})`);
	return parts.join('; ');
}

export function timelineHead(h: TimelineHeader): string {
	const lines = [
		'# Evidence timeline',
		'',
		`Case ${mdCode(h.caseId)}, exported ${h.exportedAt} by ${mdText(h.analyst)} with trailcase ${mdText(h.toolVersion)}.`,
		'',
		`Selection: ${mdText(describeSelection(h.selection))}. ${h.events} events, oldest first; times are UTC.`,
		'Values from the logs are shown in code spans exactly as recorded (control characters escaped as \\\\xNN).',
		'',
		'## Case notes',
		'',
		...(h.caseNotes.length === 0 ? ['(none)'] : h.caseNotes.map((n) => `- ${n.createdAt}, ${mdText(n.analyst)}: ${mdIndent(mdText(n.text), 2)}`)),
		'',
		'## Events',
		'',
	];
	return `${lines.join('\n')}\n`;
}

/** One event; `line` is its line number in events.jsonl, so a reader can find the original record. */
export function timelineEvent(e: TimelineEntry, line: number): string {
	const out = [
		`### ${line}. ${e.eventTime ?? 'time unknown'} ${mdCode(e.eventName)}`,
		'',
		`- Service: ${mdCode(e.eventSource)}, region ${mdCode(e.awsRegion)}, account ${mdCode(e.accountId)}`,
		`- Principal: ${mdCode(e.principalArn ?? e.userName)}${e.accessKeyId ? `, access key ${mdCode(e.accessKeyId)}` : ''}`,
		`- Source IP: ${mdCode(e.sourceIp)}, user agent: ${mdCode(e.userAgent)}`,
	];
	if (e.errorCode || e.errorMessage) out.push(`- Error: ${mdCode(e.errorCode)} ${e.errorMessage ? mdCode(e.errorMessage) : ''}`.trimEnd());
	out.push(`- eventID ${mdCode(e.eventId)}, event_key ${mdCode(e.eventKey)}, line ${line} of events.jsonl`);
	for (const t of e.tags) {
		out.push(`- Tag **${mdText(t.tag)}** by ${mdText(t.analyst)} at ${t.createdAt}${t.note ? `: ${mdIndent(mdText(t.note), 2)}` : ''}`);
	}
	for (const n of e.notes) out.push(`- Note by ${mdText(n.analyst)} at ${n.createdAt}: ${mdIndent(mdText(n.text), 2)}`);
	return `${out.join('\n')}\n\n`;
}

export interface AuditLine {
	seq: number;
	occurredAt: string;
	analyst: string;
	command: string;
}

export function timelineTail(audit: readonly AuditLine[]): string {
	const lines = ['## Audit trail', '', 'Every command that changed the case (full arguments and outcomes: audit_log.jsonl).', ''];
	for (const a of audit) lines.push(`- #${a.seq} ${a.occurredAt} ${mdText(a.analyst)}: ${mdText(a.command)}`);
	return `${lines.join('\n')}\n`;
}
