import type {RecordFields} from './record-fields.js';

/**
 * Records travel from the parsing workers to DuckDB as CSV staging files, because DuckDB's parallel CSV
 * reader loads them several times faster than row-by-row appends from JavaScript (measured: appender
 * ~120k rows/s with 24 columns; CSV read ~400k rows/s). NULL is `\N`; every other value is text.
 */
export const STAGING_COLUMNS = [
	['source_id', 'BIGINT'],
	['record_index', 'INTEGER'],
	['event_key', 'VARCHAR'],
	['event_id', 'VARCHAR'],
	['event_time', 'VARCHAR'],
	['event_version', 'VARCHAR'],
	['event_source', 'VARCHAR'],
	['event_name', 'VARCHAR'],
	['aws_region', 'VARCHAR'],
	['source_ip', 'VARCHAR'],
	['user_agent', 'VARCHAR'],
	['identity_type', 'VARCHAR'],
	['principal_arn', 'VARCHAR'],
	['principal_role_arn', 'VARCHAR'],
	['principal_id', 'VARCHAR'],
	['user_name', 'VARCHAR'],
	['invoked_by', 'VARCHAR'],
	['access_key_id', 'VARCHAR'],
	['identity_account_id', 'VARCHAR'],
	['recipient_account_id', 'VARCHAR'],
	['error_code', 'VARCHAR'],
	['error_message', 'VARCHAR'],
	['read_only', 'VARCHAR'],
	['event_type', 'VARCHAR'],
	['event_category', 'VARCHAR'],
	['management_event', 'VARCHAR'],
	['request_id', 'VARCHAR'],
	['shared_event_id', 'VARCHAR'],
	['vpc_endpoint_id', 'VARCHAR'],
	['resources', 'VARCHAR'],
	['user_identity', 'VARCHAR'],
	['request_parameters', 'VARCHAR'],
	['response_elements', 'VARCHAR'],
	['additional_event_data', 'VARCHAR'],
	['service_event_details', 'VARCHAR'],
	['insight_details', 'VARCHAR'],
] as const;

/**
 * Quote and escape bytes for staging: control characters that valid JSON text never contains raw, so
 * nested JSON copies straight across without doubling every '"' (which cost a full extra pass).
 */
const QUOTE = 0x02;
const ESCAPE = 0x03;
const NEEDS_ESCAPE = /[\u0002\u0003]/;

/** Builds staging CSV directly in a byte buffer: nested JSON spans are copied, never decoded. */
export class StagingWriter {
	private out = Buffer.allocUnsafe(1 << 20);
	private pos = 0;

	private ensure(bytes: number): void {
		if (this.pos + bytes <= this.out.length) return;
		const bigger = Buffer.allocUnsafe(Math.max(this.out.length * 2, this.pos + bytes + 1024));
		this.out.copy(bigger, 0, 0, this.pos);
		this.out = bigger;
	}

	private byte(value: number): void {
		this.ensure(1);
		this.out[this.pos++] = value;
	}

	/** Trusted ASCII (numbers, hex keys): written unquoted. */
	plain(text: string | number): void {
		const value = String(text);
		this.ensure(value.length);
		this.pos += this.out.write(value, this.pos, 'latin1');
	}

	text(value: string | undefined): void {
		if (value === undefined) return this.plain('\\N');
		if (NEEDS_ESCAPE.test(value)) value = value.replace(/[\u0002\u0003]/g, (c) => `\u0003${c}`);
		this.ensure(value.length * 3 + 2);
		this.out[this.pos++] = QUOTE;
		this.pos += this.out.write(value, this.pos, 'utf8');
		this.out[this.pos++] = QUOTE;
	}

	/**
	 * Set per object: true when its bytes hold no raw 0x02/0x03 anywhere (always, for valid JSON), so
	 * spans need no per-value check.
	 */
	cleanSource = false;

	span(buf: Buffer, start: number, end: number): void {
		if (start < 0) return this.plain('\\N');
		if (!this.cleanSource) {
			const bytes = buf.subarray(start, end);
			if (bytes.indexOf(QUOTE) >= 0 || bytes.indexOf(ESCAPE) >= 0) return this.text(bytes.toString('utf8'));
		}
		this.ensure(end - start + 2);
		this.out[this.pos++] = QUOTE;
		this.pos += buf.copy(this.out, this.pos, start, end);
		this.out[this.pos++] = QUOTE;
	}

	comma(): void {
		this.byte(0x2c);
	}

	endRow(): void {
		this.byte(0x0a);
	}

	get length(): number {
		return this.pos;
	}

	/** The bytes written so far (a copy), then starts empty again. */
	take(): Buffer {
		const bytes = Buffer.from(this.out.subarray(0, this.pos));
		this.pos = 0;
		return bytes;
	}
}

/** Where each record was seen: the narrow file that dedupe and event_sources are computed from. */
export const OCCURRENCE_COLUMNS = [
	['event_key', 'VARCHAR'],
	['source_id', 'BIGINT'],
	['record_index', 'INTEGER'],
] as const;

export function writeOccurrenceRow(writer: StagingWriter, eventKey: string, sourceId: number, recordIndex: number): void {
	writer.plain(eventKey);
	writer.comma();
	writer.plain(sourceId);
	writer.comma();
	writer.plain(recordIndex);
	writer.endRow();
}

/** Appends one record's staging row. */
export function writeStagingRow(writer: StagingWriter, sourceId: number, recordIndex: number, eventKey: string, f: RecordFields): void {
	writer.plain(sourceId);
	writer.comma();
	writer.plain(recordIndex);
	writer.comma();
	writer.plain(eventKey);
	for (let slot = 0; slot < f.scalarStart.length; slot++) {
		writer.comma();
		const decoded = f.scalarDecoded[slot];
		if (decoded !== undefined) writer.text(decoded);
		else writer.span(f.buf, f.scalarStart[slot]!, f.scalarEnd[slot]!);
	}
	writer.comma();
	writer.text(f.resources.length > 0 ? JSON.stringify(f.resources) : undefined);
	for (let column = 0; column < f.jsonSpans.length; column += 2) {
		writer.comma();
		writer.span(f.buf, f.jsonSpans[column]!, f.jsonSpans[column + 1]!);
	}
	writer.endRow();
}

/**
 * Longest staging row DuckDB accepts. A row holds at most a record (MAX_RECORD_BYTES, 16 MiB) plus copies
 * of parts of it (identity scalars, resources), so twice that and change.
 */
const MAX_LINE_BYTES = 64_000_000;
/**
 * read_csv's buffer defaults to 16 x max_line_size (~1 GB), so each staging file was read whole into
 * memory: peak RSS grew with the batch size (measured 1.8 GB at 600k-record batches; DuckDB asked for a
 * 977 MiB block). One line's worth is all it needs.
 */
const BUFFER_BYTES = 64 * 1024 * 1024;

/** The DuckDB `read_csv` call over staging files; paths are bound as a parameter list. */
export function stagingReader(parameter: string, spec: readonly (readonly [string, string])[] = STAGING_COLUMNS): string {
	const columns = spec.map(([name, type]) => `'${name}': '${type}'`).join(', ');
	return `read_csv(${parameter}, columns = {${columns}}, header = false, delim = ',', quote = '\u0002', escape = '\u0003',
		nullstr = '\\N', allow_quoted_nulls = false, auto_detect = false, max_line_size = ${MAX_LINE_BYTES},
		buffer_size = ${BUFFER_BYTES}, new_line = '\\n')`;
}
