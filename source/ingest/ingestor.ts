import {createHash} from 'node:crypto';
import {mkdirSync, rmSync} from 'node:fs';
import {listValue} from '@duckdb/node-api';
import type {CaseStore} from '../case/case-store.js';
import {utcNow} from '../util/time.js';
import type {ParsedObject} from './parse-object.js';
import {OCCURRENCE_COLUMNS, stagingReader} from './staging-csv.js';
import {ParsePool} from './worker-pool.js';

/** One object as received, from a local file or an S3 GetObject. */
export interface IncomingObject {
	origin: string;
	originKind: 'file' | 's3';
	/** The `[prefix/]AWSLogs/...` key this object has (or had) in a trail bucket, when known. */
	objectKey?: string;
	s3?: {
		bucket: string;
		key: string;
		versionId?: string;
		etag?: string;
		lastModified?: string;
		endpoint?: string;
		metadata?: Record<string, string>;
	};
	bytes: Uint8Array;
}

export type SourceStatus = 'imported' | 'quarantined' | 'already-present';

export interface ObjectOutcome {
	origin: string;
	status: SourceStatus | 'skipped';
	reason?: string;
	warning?: string;
	records: number;
	newEvents: number;
}

export interface IngestProgress {
	objects: number;
	records: number;
	newEvents: number;
	bytes: number;
}

/** What a parse learns about an object's bytes; an identical copy found later shares it. */
type ObjectFacts = Pick<ParsedObject, 'contentSha256' | 'compression' | 'gzipTrailingBytes' | 'format' | 'kind'>;

/** An object committed by an earlier run, as its sources row records it. */
interface KnownSource {
	sourceId: number;
	status: string;
	reason?: string;
	facts: Partial<ObjectFacts>;
}

interface Prepared {
	sourceId: number;
	object: IncomingObject;
	sha256: string;
	size: number;
	parsed?: ParsedObject;
	duplicateOf?: Prepared | KnownSource;
	outcome: ObjectOutcome;
}

/**
 * Records per committed batch: big enough to amortise DuckDB's per-statement cost, small enough for memory.
 * TRAILCASE_BATCH_RECORDS overrides it (tests use small batches to crash between commits).
 */
const BATCH_RECORDS = Number(process.env['TRAILCASE_BATCH_RECORDS']) || 400_000;
/** DuckDB's memory budget while importing (see Ingestor.create). */
const IMPORT_MEMORY_LIMIT = '512MB';
const BATCH_BYTES = 256 * 1024 * 1024;

/** TRAILCASE_PROFILE=1 prints per-batch phase timings to stderr (for benchmarking the import). */
const PROFILE = process.env['TRAILCASE_PROFILE'] === '1';
let phaseStart = performance.now();
function phase(name: string): void {
	if (!PROFILE) return;
	const now = performance.now();
	const memory = process.memoryUsage();
	process.stderr.write(`[profile] ${name} ${(now - phaseStart).toFixed(0)} ms (rss ${(memory.rss / 2 ** 20).toFixed(0)} MB, external ${(memory.external / 2 ** 20).toFixed(0)} MB)\n`);
	phaseStart = now;
}

const sourceRowType = `[{"source_id":"BIGINT","origin":"VARCHAR","origin_kind":"VARCHAR","object_key":"VARCHAR",
	"s3_bucket":"VARCHAR","s3_key":"VARCHAR","s3_version_id":"VARCHAR","s3_etag":"VARCHAR","s3_last_modified":"VARCHAR",
	"s3_endpoint":"VARCHAR","s3_metadata":"VARCHAR","size":"BIGINT","sha256":"VARCHAR","content_sha256":"VARCHAR",
	"compression":"VARCHAR","gzip_trailing_bytes":"BIGINT","format":"VARCHAR","kind":"VARCHAR","status":"VARCHAR",
	"reason":"VARCHAR","record_count":"INTEGER","new_events":"INTEGER","duplicate_of":"BIGINT","acquired_at":"VARCHAR"}]`;

/**
 * The one path by which objects enter a case (local import and S3 pull alike).
 *
 * Objects are hashed on arrival, parsed in worker threads, and committed in batches: each batch's
 * blobs, sources, events and event_sources land in one transaction, so a `kill -9` loses at most the
 * uncommitted batch and a re-run (which skips every (sha256, origin) already present) converges on
 * exactly the case an uninterrupted run gives.
 */
export class Ingestor {
	private readonly pool: ParsePool;
	private readonly known = new Map<string, KnownSource>();
	private readonly seenOrigins = new Set<string>();
	private readonly inRun = new Map<string, Prepared>();
	private batch: Prepared[] = [];
	private batchRecords = 0;
	private batchBytes = 0;
	private batchNo = 0;
	private committing: Promise<void> = Promise.resolve();
	private inFlight = new Set<Promise<unknown>>();
	private nextSourceId = 1;
	private eventCount = 0;
	readonly outcomes: ObjectOutcome[] = [];
	readonly progress: IngestProgress = {objects: 0, records: 0, newEvents: 0, bytes: 0};

	private constructor(
		private readonly store: CaseStore,
		private readonly stagingDir: string,
		private readonly acquiredBy: string,
		private readonly auditSeq: number,
		private readonly onProgress?: (progress: IngestProgress) => void,
	) {
		this.pool = new ParsePool(stagingDir);
	}

	static async start(
		store: CaseStore,
		options: {acquiredBy: string; auditSeq: number; onProgress?: (progress: IngestProgress) => void},
	): Promise<Ingestor> {
		// Leftovers of a killed run are uncommitted by definition: start the staging area clean.
		const stagingDir = `${store.path}.staging`;
		rmSync(stagingDir, {recursive: true, force: true});
		mkdirSync(stagingDir, {recursive: true});
		const ingestor = new Ingestor(store, stagingDir, options.acquiredBy, options.auditSeq, options.onProgress);
		const rows = await store.all<{
			source_id: bigint;
			sha256: string;
			origin: string;
			status: string;
			reason: string | null;
			content_sha256: string | null;
			compression: ParsedObject['compression'] | null;
			gzip_trailing_bytes: bigint | null;
			format: ObjectFacts['format'] | null;
			kind: ObjectFacts['kind'] | null;
		}>(
			`SELECT source_id, sha256, origin, status, reason, content_sha256, compression, gzip_trailing_bytes, format, kind
			 FROM sources ORDER BY source_id`,
		);
		for (const row of rows) {
			ingestor.seenOrigins.add(`${row.sha256}\n${row.origin}`);
			if (!ingestor.known.has(row.sha256) && row.status !== 'already-present') {
				ingestor.known.set(row.sha256, {
					sourceId: Number(row.source_id),
					status: row.status,
					reason: row.reason ?? undefined,
					facts: {
						contentSha256: row.content_sha256 ?? undefined,
						compression: row.compression ?? undefined,
						gzipTrailingBytes: row.gzip_trailing_bytes === null ? undefined : Number(row.gzip_trailing_bytes),
						format: row.format ?? undefined,
						kind: row.kind ?? undefined,
					},
				});
			}
			ingestor.nextSourceId = Math.max(ingestor.nextSourceId, Number(row.source_id) + 1);
		}
		ingestor.eventCount = Number((await store.one<{n: bigint}>(`SELECT count(*) AS n FROM events`))?.n ?? 0);
		// Lets DuckDB write a batch with both cores (measured: ~1/3 less insert time). Row order inside a
		// table carries no meaning in the case format: readers always ORDER BY.
		await store.run(`SET preserve_insertion_order = false`);
		// DuckDB's default budget is 80% of RAM; it does not need it here and takes it anyway. Measured at
		// 1M events with 400k-record batches (peak RSS of the whole process): no limit 24.6 s / 1.91 GB,
		// 1 GB 23.8 s / 1.58 GB, 600 MB 21-26 s / 1.27-1.54 GB, 512 MB 21-29 s / 1.20-1.42 GB (15 runs). 512 MB
		// kept the import under 1.5 GB every time. Work beyond the budget spills to disk.
		await store.run(`SET memory_limit = '${IMPORT_MEMORY_LIMIT}'`);
		return ingestor;
	}

	/** Takes one object; resolves once it is queued (applies backpressure to the caller). */
	async add(object: IncomingObject): Promise<ObjectOutcome> {
		const sha256 = createHash('sha256').update(object.bytes).digest('hex');
		// Read the size now: the bytes are transferred (detached) to a worker below.
		const size = object.bytes.byteLength;
		const outcome: ObjectOutcome = {origin: object.origin, status: 'skipped', records: 0, newEvents: 0};
		this.progress.objects++;
		this.progress.bytes += size;
		if (this.seenOrigins.has(`${sha256}\n${object.origin}`)) {
			const earlier = this.known.get(sha256);
			if (earlier?.status === 'quarantined') outcome.reason = earlier.reason;
			this.outcomes.push(outcome);
			this.onProgress?.(this.progress);
			return outcome;
		}
		this.seenOrigins.add(`${sha256}\n${object.origin}`);
		const prepared: Prepared = {sourceId: this.nextSourceId++, object, sha256, size, outcome};
		this.outcomes.push(outcome);
		const original = this.inRun.get(sha256) ?? this.known.get(sha256);
		if (original) {
			prepared.duplicateOf = original;
			outcome.status = 'already-present';
			await this.enqueue(prepared, 0, size);
			return outcome;
		}
		this.inRun.set(sha256, prepared);
		while (this.inFlight.size >= 8) await Promise.race(this.inFlight);
		const batchNo = this.batchNo;
		const job = this.pool.parse(prepared.sourceId, object.bytes, batchNo).then(async ({parsed, bytes}) => {
			prepared.object.bytes = bytes;
			prepared.parsed = parsed;
			outcome.status = parsed.quarantine ? 'quarantined' : 'imported';
			outcome.reason = parsed.quarantine;
			outcome.warning = parsed.warning;
			outcome.records = parsed.recordCount;
		});
		this.inFlight.add(job);
		// A failed parse job is reported through the batch commit that awaits it; this only keeps count.
		const settled = (): void => void this.inFlight.delete(job);
		job.then(settled, settled);
		await this.enqueue(prepared, 1, size, job);
		return outcome;
	}

	private readonly batchJobs: Promise<unknown>[] = [];

	private async enqueue(prepared: Prepared, weight: number, bytes: number, job?: Promise<unknown>): Promise<void> {
		this.batch.push(prepared);
		if (job) this.batchJobs.push(job);
		this.batchBytes += bytes;
		// Records are known only after parsing; estimate from size (~1 KB per record) to cut batches.
		this.batchRecords += weight * Math.ceil(bytes / 100);
		if (this.batchRecords >= BATCH_RECORDS || this.batchBytes >= BATCH_BYTES) await this.cutBatch();
	}

	private async cutBatch(): Promise<void> {
		const batch = this.batch;
		const jobs = this.batchJobs.splice(0);
		const batchNo = this.batchNo++;
		this.batch = [];
		this.batchRecords = 0;
		this.batchBytes = 0;
		// One commit at a time; the next batch keeps parsing meanwhile.
		const previous = this.committing;
		this.committing = (async () => {
			await previous;
			phase(`batch ${batchNo}: previous commit done`);
			await Promise.all(jobs);
			phase(`batch ${batchNo}: waited for parse`);
			await this.commit(batch, batchNo);
		})();
		// The failure is awaited (and reported) by the next cut, finish() or abort(); until then it is not unhandled.
		this.committing.catch(() => undefined);
		await previous;
	}

	/**
	 * Starts committing what has been added so far without waiting for a full batch, so a slow or
	 * stalled transfer (S3 pull) keeps what already arrived if the process dies. Resolves once the
	 * previous commit is done; this one continues in the background like any batch.
	 */
	async checkpoint(): Promise<void> {
		if (this.batch.length > 0) await this.cutBatch();
	}

	/** Commits what is pending and returns the case's total event count. */
	async finish(): Promise<number> {
		try {
			await this.cutBatch();
			await this.committing;
		} catch (error) {
			// A failed commit must not leave the parse workers running: they would keep the process alive.
			await this.abort();
			throw error;
		}
		await this.pool.destroy();
		await this.store.run(
			`UPDATE sources AS d SET s3_metadata = s.s3_metadata FROM sources AS s
			 WHERE s.kind = 'sidecar' AND d.kind = 'digest' AND d.s3_metadata IS NULL
			   AND s.origin = d.origin || '.head-object.json' AND s.s3_metadata IS NOT NULL`,
		);
		rmSync(this.stagingDir, {recursive: true, force: true});
		return this.eventCount;
	}

	/** Stops without committing the open batch (what is committed stays). */
	async abort(): Promise<void> {
		await this.committing.catch(() => undefined);
		await this.pool.destroy();
		rmSync(this.stagingDir, {recursive: true, force: true});
	}

	private sourceRow(item: Prepared, acquiredAt: string): Record<string, unknown> {
		const {object, parsed} = item;
		const original = item.duplicateOf;
		const originalParsed = original && 'object' in original ? original.parsed : undefined;
		let status: string = parsed?.quarantine ? 'quarantined' : 'imported';
		let reason = parsed?.quarantine ?? parsed?.warning;
		if (original) {
			const originalStatus = 'object' in original ? (original.parsed?.quarantine ? 'quarantined' : 'imported') : original.status;
			const originalReason = 'object' in original ? original.parsed?.quarantine : original.reason;
			status = originalStatus === 'quarantined' ? 'quarantined' : 'already-present';
			reason = `same bytes as source ${original.sourceId}${originalReason ? `: ${originalReason}` : ''}`;
			item.outcome.status = status as SourceStatus;
			item.outcome.reason = originalStatus === 'quarantined' ? reason : undefined;
		}
		let metadata = object.s3?.metadata ? JSON.stringify(object.s3.metadata) : undefined;
		if (parsed?.format === 's3-head-object' && parsed.document) {
			const head = JSON.parse(parsed.document) as {Metadata?: Record<string, string>};
			if (head.Metadata) metadata = JSON.stringify(head.Metadata);
		}
		const facts: Partial<ObjectFacts> | undefined = parsed ?? originalParsed ?? (original && 'facts' in original ? original.facts : undefined);
		return {
			source_id: item.sourceId,
			origin: object.origin,
			origin_kind: object.originKind,
			object_key: object.objectKey ?? null,
			s3_bucket: object.s3?.bucket ?? null,
			s3_key: object.s3?.key ?? null,
			s3_version_id: object.s3?.versionId ?? null,
			s3_etag: object.s3?.etag ?? null,
			s3_last_modified: object.s3?.lastModified ?? null,
			s3_endpoint: object.s3?.endpoint ?? null,
			s3_metadata: metadata ?? null,
			size: item.size,
			sha256: item.sha256,
			content_sha256: facts?.contentSha256 || null,
			compression: facts?.compression ?? null,
			gzip_trailing_bytes: facts?.gzipTrailingBytes ?? null,
			format: facts?.format ?? null,
			kind: facts?.kind ?? null,
			status,
			reason: reason ?? null,
			record_count: parsed ? parsed.recordCount : 0,
			duplicate_of: original?.sourceId ?? null,
			acquired_at: acquiredAt,
		};
	}

	/**
	 * Loads one batch of staged records. Dedupe works on the narrow occurrences table only (window
	 * functions over the wide rows cost seconds per batch); the wide rows stream once into `events`.
	 */
	private async insertEvents(wideFiles: string[], occurrenceFiles: string[]): Promise<Map<number, number>> {
		const store = this.store;
		await store.run(`CREATE OR REPLACE TEMP TABLE occ AS SELECT * FROM ${stagingReader('$1', OCCURRENCE_COLUMNS)}`, [listValue(occurrenceFiles)]);
		phase('occ');
		// Records to leave out: already in the case, or a later copy of a record seen twice in this batch.
		await store.run(
			`CREATE OR REPLACE TEMP TABLE skip AS
			 SELECT source_id, record_index FROM (
			   SELECT source_id, record_index, row_number() OVER (PARTITION BY event_key ORDER BY source_id, record_index) AS copy
			   FROM occ) WHERE copy > 1
			 ${this.eventCount > 0 ? 'UNION SELECT o.source_id, o.record_index FROM occ o JOIN events e ON e.event_key = o.event_key' : ''}`,
		);
		const skipped = Number((await store.one<{n: bigint}>(`SELECT count(*) AS n FROM skip`))?.n ?? 0);
		phase('skip');
		const skipFilter = skipped > 0 ? 'ANTI JOIN skip k ON k.source_id = s.source_id AND k.record_index = s.record_index' : '';
		await store.run(
			`INSERT INTO events
			 SELECT event_key, event_id, TRY_CAST(event_time AS TIMESTAMPTZ), event_version, event_source,
			        event_name, aws_region, source_ip, user_agent, identity_type, principal_arn, principal_role_arn,
			        principal_id, user_name, invoked_by, access_key_id, coalesce(recipient_account_id, identity_account_id),
			        recipient_account_id, error_code, error_message, TRY_CAST(read_only AS BOOLEAN), event_type,
			        event_category, TRY_CAST(management_event AS BOOLEAN), request_id, shared_event_id,
			        vpc_endpoint_id, coalesce(TRY_CAST(from_json(resources, '["VARCHAR"]') AS VARCHAR[]), []::VARCHAR[]),
			        user_identity, request_parameters, response_elements, additional_event_data, service_event_details,
			        insight_details, s.source_id, s.record_index
			 FROM ${stagingReader('$1')} s ${skipFilter}`,
			[listValue(wideFiles)],
		);
		phase('insert events');
		await store.run(`INSERT INTO event_sources SELECT event_key, source_id, record_index FROM occ`);
		phase('event_sources');
		const fresh = await store.all<{source_id: bigint; n: bigint}>(
			`SELECT o.source_id, count(*) AS n FROM occ o ${skipped > 0 ? 'ANTI JOIN skip k ON k.source_id = o.source_id AND k.record_index = o.record_index' : ''} GROUP BY o.source_id`,
		);
		await store.run(`DROP TABLE occ; DROP TABLE skip`);
		return new Map(fresh.map((row) => [Number(row.source_id), Number(row.n)]));
	}

	private async commit(batch: Prepared[], batchNo: number): Promise<void> {
		const staged = await this.pool.closeFiles(batchNo);
		phase('close files');
		if (batch.length === 0) return;
		const acquiredAt = utcNow();
		const store = this.store;
		await store.transaction(async () => {
			const blobs = await store.conn.createAppender('blobs');
			for (const item of batch) {
				if (item.duplicateOf) continue;
				blobs.appendVarchar(item.sha256);
				blobs.appendBigInt(BigInt(item.object.bytes.byteLength));
				blobs.appendBlob(item.object.bytes);
				blobs.endRow();
			}
			blobs.closeSync();
			phase('blobs');
			const newBySource = new Map<number, number>();
			if (staged.records.length > 0) {
				for (const [sourceId, count] of await this.insertEvents(staged.records, staged.occurrences)) newBySource.set(sourceId, count);
			}
			const rows = batch.map((item) => ({...this.sourceRow(item, acquiredAt), new_events: newBySource.get(item.sourceId) ?? 0}));
			await store.run(
				// Named columns: later features add their own columns to sources (verify: validation).
				`INSERT INTO sources (source_id, origin, origin_kind, object_key, s3_bucket, s3_key, s3_version_id, s3_etag,
				        s3_last_modified, s3_endpoint, s3_metadata, size, sha256, content_sha256, compression,
				        gzip_trailing_bytes, format, kind, status, reason, record_count, new_events, duplicate_of,
				        acquired_at, acquired_by, audit_seq)
				 SELECT source_id, origin, origin_kind, object_key, s3_bucket, s3_key, s3_version_id, s3_etag,
				        TRY_CAST(s3_last_modified AS TIMESTAMPTZ), s3_endpoint, s3_metadata, size, sha256, content_sha256,
				        compression, gzip_trailing_bytes, format, kind, status, reason, record_count, new_events, duplicate_of,
				        acquired_at::TIMESTAMPTZ, $2, $3
				 FROM (SELECT unnest(from_json($1, '${sourceRowType}'), recursive := true))`,
				[JSON.stringify(rows), this.acquiredBy, this.auditSeq],
			);
			phase('sources');
			let added = 0;
			for (const item of batch) {
				const fresh = newBySource.get(item.sourceId) ?? 0;
				item.outcome.newEvents = fresh;
				added += fresh;
			}
			this.eventCount += added;
			this.progress.newEvents += added;
			this.progress.records += batch.reduce((sum, item) => sum + (item.parsed?.recordCount ?? 0), 0);
		});
		phase(`commit (${batch.length} objects)`);
		for (const item of batch) {
			if (!item.duplicateOf) {
				const status = item.parsed?.quarantine ? 'quarantined' : 'imported';
				const {contentSha256, compression, gzipTrailingBytes, format, kind} = item.parsed ?? {};
				this.known.set(item.sha256, {
					sourceId: item.sourceId,
					status,
					reason: item.parsed?.quarantine,
					facts: {contentSha256, compression, gzipTrailingBytes, format, kind},
				});
				this.inRun.delete(item.sha256);
			}
			// The bytes are in the case now; let them go.
			item.object.bytes = new Uint8Array(0);
		}
		for (const file of [...staged.records, ...staged.occurrences]) rmSync(file, {force: true});
		this.onProgress?.(this.progress);
	}
}
