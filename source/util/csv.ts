/**
 * CSV cells safe for spreadsheets: a text cell starting with = + - @ TAB or CR would be run as a formula
 * by Excel or LibreOffice, so it is prefixed with a single quote (the OWASP recommendation). Numbers
 * and booleans pass through unchanged.
 */
const FORMULA_LEAD = /^[=+\-@\t\r]/;

export function csvCell(value: unknown): string {
	if (value === null || value === undefined) return '';
	if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
	let text = typeof value === 'string' ? value : value instanceof Date ? value.toISOString() : JSON.stringify(value);
	if (FORMULA_LEAD.test(text)) text = `'${text}`;
	return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(values: readonly unknown[]): string {
	return values.map(csvCell).join(',') + '\r\n';
}
