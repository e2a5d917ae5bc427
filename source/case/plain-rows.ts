import type {DuckDBResultReader} from '@duckdb/node-api';

/** Converts a DuckDB value into plain JSON-able JS: bigints to numbers when safe, instants to UTC ISO. */
export function plainValue(value: unknown): unknown {
	if (value === null || value === undefined) return null;
	if (typeof value === 'bigint') return Number.isSafeInteger(Number(value)) ? Number(value) : value.toString();
	if (value instanceof Date) return value.toISOString();
	if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
	if (Array.isArray(value)) return value.map(plainValue);
	if (typeof value === 'object') {
		return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([key, inner]) => [key, plainValue(inner)]));
	}
	return value;
}

export function plainRows(reader: DuckDBResultReader): Record<string, unknown>[] {
	return (reader.getRowObjectsJS() as Record<string, unknown>[]).map((row) => plainValue(row) as Record<string, unknown>);
}
