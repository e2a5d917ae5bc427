import path from 'node:path';
import {HuntError, SEVERITIES, type Hunt, type Severity} from './hunt.js';

/** Header fields a hunt must have, in the order the file documents them. */
const REQUIRED = ['id', 'title', 'severity', 'mitre', 'description', 'references', 'false-positives'] as const;
const OPTIONAL = ['tactic', 'thresholds'] as const;
const KNOWN = new Set<string>([...REQUIRED, ...OPTIONAL]);

const ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const TECHNIQUE = /^T\d{4}(?:\.\d{3})?$/;
const FIELD = /^--\s?([a-z][a-z-]*):(.*)$/;

/**
 * Reads the `-- key: value` header block at the top of a hunt file and the SQL after it.
 *
 * A header line is `-- key: value` for a known key; any other comment line continues the previous
 * field (so long descriptions wrap), and a bare `--` starts a new paragraph. The header ends at the
 * first line that is not a comment. Unknown keys are not errors on purpose: `-- note: ...` inside a
 * description must not break a user's file, and a misspelt required key is still caught as missing.
 */
export function parseHunt(text: string, file: string): Hunt {
	const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
	const fields = new Map<string, string>();
	let current: string | undefined;
	let body = 0;
	for (; body < lines.length; body++) {
		const line = lines[body]!.trim();
		if (line === '') {
			current = undefined;
			continue;
		}
		if (!line.startsWith('--')) break;
		const field = FIELD.exec(line);
		if (field && KNOWN.has(field[1]!)) {
			const key = field[1]!;
			if (fields.has(key)) throw new HuntError(file, `header field "${key}" appears twice`, fields.get('id'));
			fields.set(key, field[2]!.trim());
			current = key;
			continue;
		}
		if (!current) continue;
		const rest = line.slice(2).trim();
		const previous = fields.get(current)!;
		fields.set(current, rest === '' ? `${previous}\n` : previous === '' || previous.endsWith('\n') ? `${previous}${rest}` : `${previous} ${rest}`);
	}
	const fileId = path.basename(file).replace(/\.sql$/i, '');
	const id = fields.get('id')?.trim() || undefined;
	const fail = (message: string): never => {
		throw new HuntError(file, message, id ?? fileId);
	};
	const missing = REQUIRED.filter((key) => !fields.get(key)?.trim());
	if (missing.length > 0) fail(`header is missing ${missing.map((key) => `"-- ${key}:"`).join(', ')}`);
	if (!ID.test(id!)) fail(`id "${id}" must be lower-case words joined by hyphens`);
	if (id !== fileId) fail(`id "${id}" must match the file name (${fileId}.sql)`);
	const severity = fields.get('severity')!.trim().toLowerCase();
	if (!(SEVERITIES as readonly string[]).includes(severity)) fail(`severity "${severity}" is not one of ${SEVERITIES.join(', ')}`);
	const mitre = splitList(fields.get('mitre')!);
	const badTechnique = mitre.find((technique) => !TECHNIQUE.test(technique));
	if (badTechnique) fail(`mitre "${badTechnique}" is not an ATT&CK technique ID like T1562 or T1562.008`);
	const references = splitList(fields.get('references')!);
	const badReference = references.find((reference) => !/^https?:\/\/\S+$/.test(reference));
	if (badReference) fail(`reference "${badReference}" is not an http(s) URL`);
	const sql = lines.slice(body).join('\n').trim().replace(/;\s*$/, '').trimEnd();
	if (sql === '') fail('has a header but no SQL after it');
	return {
		id: id!,
		title: oneLine(fields.get('title')!),
		severity: severity as Severity,
		mitre,
		tactic: fields.get('tactic')?.trim() || undefined,
		description: fields.get('description')!.trim(),
		references,
		falsePositives: fields.get('false-positives')!.trim(),
		thresholds: fields.get('thresholds')?.trim() || undefined,
		sql,
		file,
	};
}

function splitList(value: string): string[] {
	return value.split(/[\s,]+/).filter(Boolean);
}

function oneLine(value: string): string {
	return value.replace(/\s+/g, ' ').trim();
}
