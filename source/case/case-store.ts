import {randomUUID} from 'node:crypto';
import {existsSync, mkdirSync} from 'node:fs';
import path from 'node:path';
import {DuckDBConnection, DuckDBInstance, type DuckDBValue} from '@duckdb/node-api';
import {CaseError} from '../errors.js';
import {utcNow} from '../util/time.js';
import {toolVersion} from '../version.js';
import {CURRENT_SCHEMA_VERSION, MIGRATIONS} from './schema.js';

export type Row = Record<string, unknown>;

export interface OpenCaseOptions {
	/** Create the file when it does not exist (import, pull, generate). Default false. */
	create?: boolean;
	/** Open read-only (query, show, info): DuckDB then refuses every write. */
	readOnly?: boolean;
	analyst?: string;
	/** Deny SQL access to files outside the case (user queries and hunts read the case, nothing else). */
	sandbox?: boolean;
}

/** Where a case lives: `-c NAME` without a slash or suffix means `cases/NAME.duckdb`. */
export function resolveCasePath(name: string): string {
	if (name.includes('/') || name.includes(path.sep) || name.endsWith('.duckdb')) return path.resolve(name);
	return path.resolve('cases', `${name}.duckdb`);
}

/**
 * An open case file. Owns the DuckDB instance and one connection for commands; interactive screens
 * ask for their own connections (`connect()`) so that interrupting one query never cancels another.
 */
export class CaseStore {
	private constructor(
		readonly path: string,
		readonly instance: DuckDBInstance,
		readonly conn: DuckDBConnection,
		readonly readOnly: boolean,
	) {}

	static async open(file: string, options: OpenCaseOptions = {}): Promise<CaseStore> {
		const casePath = resolveCasePath(file);
		const exists = existsSync(casePath);
		if (!exists && !options.create) throw new CaseError(`No case file at ${casePath} (import or pull creates one).`);
		if (!exists) mkdirSync(path.dirname(casePath), {recursive: true});
		let instance: DuckDBInstance;
		try {
			instance = await DuckDBInstance.create(casePath, {
				access_mode: options.readOnly && exists ? 'READ_ONLY' : 'READ_WRITE',
				// Offline by design: never fetch an extension (json, parquet and icu are bundled).
				autoinstall_known_extensions: 'false',
				autoload_known_extensions: 'true',
				...(options.sandbox ? {enable_external_access: 'false'} : {}),
			});
		} catch (error) {
			throw new CaseError(`Cannot open case ${casePath}: ${(error as Error).message}`);
		}
		const conn = await instance.connect();
		const store = new CaseStore(casePath, instance, conn, Boolean(options.readOnly && exists));
		await store.prepareSchema(options.analyst ?? 'unknown');
		return store;
	}

	/** A new connection to the same case (for cancellable interactive queries). */
	async connect(): Promise<DuckDBConnection> {
		const conn = await this.instance.connect();
		await conn.run(`SET TimeZone='UTC'`);
		return conn;
	}

	async all<T = Row>(sql: string, params?: DuckDBValue[] | Record<string, DuckDBValue>): Promise<T[]> {
		const reader = await this.conn.runAndReadAll(sql, params);
		return reader.getRowObjectsJS() as T[];
	}

	async one<T = Row>(sql: string, params?: DuckDBValue[] | Record<string, DuckDBValue>): Promise<T | undefined> {
		return (await this.all<T>(sql, params))[0];
	}

	async run(sql: string, params?: DuckDBValue[] | Record<string, DuckDBValue>): Promise<void> {
		await this.conn.run(sql, params);
	}

	/** Runs `work` in one transaction: either all of it lands in the case or none of it does. */
	async transaction<T>(work: () => Promise<T>): Promise<T> {
		await this.conn.run('BEGIN TRANSACTION');
		try {
			const result = await work();
			await this.conn.run('COMMIT');
			return result;
		} catch (error) {
			await this.conn.run('ROLLBACK').catch(() => undefined);
			throw error;
		}
	}

	async meta(key: string): Promise<string | undefined> {
		const row = await this.one<{value: string}>(`SELECT value FROM case_meta WHERE key = $1`, [key]);
		return row?.value;
	}

	async schemaVersion(): Promise<number> {
		const tables = await this.all<{n: bigint}>(
			`SELECT count(*) AS n FROM duckdb_tables() WHERE database_name = current_database() AND table_name = 'case_meta'`,
		);
		if (Number(tables[0]?.n ?? 0) === 0) return 0;
		return Number((await this.meta('schema_version')) ?? 0);
	}

	/** Creates a new case, migrates an older one, and refuses one from a newer trailcase. */
	private async prepareSchema(analyst: string): Promise<void> {
		await this.conn.run(`SET TimeZone='UTC'`);
		const version = await this.schemaVersion();
		if (version === 0) {
			const userTables = await this.all<{n: bigint}>(
				`SELECT count(*) AS n FROM duckdb_tables() WHERE database_name = current_database()`,
			);
			if (Number(userTables[0]?.n ?? 0) > 0) {
				throw new CaseError(`${this.path} is a DuckDB file but not a trailcase case (no case_meta table).`);
			}
		}
		if (version > CURRENT_SCHEMA_VERSION) {
			throw new CaseError(
				`${this.path} uses case schema ${version}; this trailcase (${toolVersion}) understands up to ${CURRENT_SCHEMA_VERSION}. Upgrade trailcase to open it.`,
			);
		}
		if (version === CURRENT_SCHEMA_VERSION) return;
		if (this.readOnly) {
			throw new CaseError(`${this.path} uses case schema ${version} and must be upgraded; open it once with a writing command (for example import).`);
		}
		await this.transaction(async () => {
			for (let from = version; from < CURRENT_SCHEMA_VERSION; from++) {
				for (const statement of MIGRATIONS[from] ?? []) await this.conn.run(statement);
			}
			if (version === 0) {
				const now = utcNow();
				for (const [key, value] of [
					['case_id', randomUUID()],
					['created_at', now],
					['created_by', analyst],
					['created_with', toolVersion],
				]) {
					await this.conn.run(`INSERT INTO case_meta VALUES ($1, $2)`, [key, value]);
				}
			}
			await this.conn.run(
				`INSERT INTO case_meta VALUES ('schema_version', $1), ('tool_version', $2)
				 ON CONFLICT (key) DO UPDATE SET value = excluded.value`,
				[String(CURRENT_SCHEMA_VERSION), toolVersion],
			);
		});
	}

	close(): void {
		try {
			this.conn.closeSync();
		} finally {
			this.instance.closeSync();
		}
	}
}
