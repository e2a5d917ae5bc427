import {open, rm, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {appendAudit, finishAudit} from '../case/audit.js';
import {CaseStore} from '../case/case-store.js';
import {plainValue} from '../case/plain-rows.js';
import {CaseError, TrailcaseError} from '../errors.js';
import {utcNow} from '../util/time.js';
import {toolVersion} from '../version.js';
import {archiveBundle, archivePaths, type ArchiveResult} from './archive.js';
import {writeEventFiles} from './bundle-events.js';
import {BUNDLE_FILES} from './bundle-layout.js';
import {bundleReadme} from './bundle-readme.js';
import {auditLines, writeCaseTables, writeProvenance} from './bundle-tables.js';
import {prepareTarget} from './bundle-target.js';
import {relationExists} from './case-tables.js';
import {snapshotCase} from './case-snapshot.js';
import {hashFile} from './hashing.js';
import {sealBundle, type Manifest} from './manifest.js';
import {listNotes} from './notes.js';
import {findHunts, selectEvents, type BundleSelection} from './selection.js';
import {loadSigningKey} from './signing-key.js';
import {describeSelection, timelineHead, timelineTail} from './timeline-markdown.js';

export interface ExportOptions extends BundleSelection {
	/** The bundle folder to create. */
	out: string;
	analyst: string;
	/** Replace a previous bundle in `out` (and its archive). Never replaces anything else. */
	force?: boolean;
	/** Also write `<out>.tar.gz` and `<out>.tar.gz.sha256`. */
	archive?: boolean;
	/** An unencrypted Ed25519 PEM private key: sign manifest.json. */
	signKeyFile?: string;
	/** Put the case copy (case.duckdb) in the bundle. Default true. */
	includeCase?: boolean;
	/**
	 * True only when nothing else uses this store while the export runs (the CLI): the case copy is
	 * then a checkpoint and a byte copy instead of a transactional COPY FROM DATABASE. Default false.
	 */
	exclusive?: boolean;
	/** Audit command name; default `export`. */
	command?: string;
}

export type ExportPhase = 'snapshot' | 'select' | 'events' | 'tables' | 'seal' | 'archive' | 'done';

export interface ExportProgress {
	phase: ExportPhase;
	done: number;
	total: number;
}

export interface ExportResult {
	out: string;
	manifest: Manifest;
	manifestSha256: string;
	events: number;
	sources: number;
	archive?: ArchiveResult;
	auditSeq: number;
	seconds: number;
	/** Things the analyst should know (an empty selection, say). */
	remarks: string[];
}

function checkAbort(signal?: AbortSignal): void {
	if (signal?.aborted) throw new TrailcaseError('export interrupted; nothing was written');
}

/**
 * Writes an evidence bundle (docs/features/evidence.md). Everything in the bundle is derived from one
 * snapshot of the case — the case.duckdb it contains — so events, tags, notes, provenance and audit
 * log agree with each other even if the analyst keeps working meanwhile. The export is itself
 * audited in the source case (its audit row is in the bundle, with the outcome filled in afterwards
 * in the case only). Progress goes to `onProgress`; `signal` stops it and leaves nothing behind.
 */
export async function exportBundle(
	store: CaseStore,
	options: ExportOptions,
	control: {onProgress?: (progress: ExportProgress) => void; signal?: AbortSignal} = {},
): Promise<ExportResult> {
	const started = performance.now();
	const {onProgress, signal} = control;
	if (store.readOnly) throw new CaseError('export records itself in the audit log: open the case for writing');
	const key = options.signKeyFile ? loadSigningKey(options.signKeyFile) : undefined;
	const hunts = findHunts(options.hunts ?? [], options.huntDirs);
	const target = await prepareTarget(options.out, Boolean(options.force), options.archive ? Object.values(archivePaths(path.resolve(options.out))) : []);
	let auditSeq: number;
	try {
		auditSeq = await appendAudit(store, {
			analyst: options.analyst,
			command: options.command ?? 'export',
			arguments: {
				out: target.out, all: options.all || undefined, tags: options.tags?.length ? options.tags : undefined,
				hunts: options.hunts?.length ? options.hunts : undefined, archive: options.archive || undefined,
				signedWith: key?.publicKeySha256, force: options.force || undefined, includeCase: options.includeCase === false ? false : undefined,
			},
		});
	} catch (error) {
		await target.discard();
		throw error;
	}
	try {
		const dir = target.staging;
		const caseCopy = path.join(dir, BUNDLE_FILES.caseCopy);
		onProgress?.({phase: 'snapshot', done: 0, total: 1});
		await snapshotCase(store, caseCopy, {exclusive: options.exclusive, signal});
		checkAbort(signal);
		const snapshot = await CaseStore.open(caseCopy, {readOnly: true, sandbox: true});
		let body: Omit<Manifest, 'format' | 'files' | 'signature'>;
		const remarks: string[] = [];
		try {
			onProgress?.({phase: 'select', done: 0, total: 1});
			const {keys, record} = await selectEvents(snapshot, options, hunts);
			if (keys.length === 0 && record.everyTaggedEvent) throw new TrailcaseError('no event is tagged: tag events first, or select with --tag, --query or --all');
			if (keys.length === 0) remarks.push('the selection matched no events: the bundle documents an empty result');
			const createdAt = utcNow();
			const caseId = (await snapshot.meta('case_id')) ?? '';
			const timeline = await open(path.join(dir, BUNDLE_FILES.timeline), 'wx');
			try {
				await timeline.write(timelineHead({caseId, analyst: options.analyst, exportedAt: createdAt, toolVersion, selection: record, events: keys.length, caseNotes: await listNotes(snapshot, 'case')}));
				onProgress?.({phase: 'events', done: 0, total: keys.length});
				await writeEventFiles(snapshot, keys, dir, timeline, {all: record.all, signal, onSlice: (done) => onProgress?.({phase: 'events', done, total: keys.length})});
				await timeline.write(timelineTail(await auditLines(snapshot)));
			} finally {
				await timeline.close();
			}
			checkAbort(signal);
			onProgress?.({phase: 'tables', done: 0, total: 1});
			const sources = await writeProvenance(snapshot, keys, record.all, dir);
			const counts = await writeCaseTables(snapshot, keys, record.all, dir);
			const verification = (await relationExists(snapshot, 'verify_runs'))
				? ((await snapshot.one('SELECT * FROM verify_runs ORDER BY started_at DESC LIMIT 1')) ?? null)
				: null;
			const included = options.includeCase === false ? [] : [BUNDLE_FILES.caseCopy];
			const files = [BUNDLE_FILES.events, BUNDLE_FILES.csv, BUNDLE_FILES.timeline, BUNDLE_FILES.provenanceCsv, BUNDLE_FILES.provenance, BUNDLE_FILES.tags, BUNDLE_FILES.notes, BUNDLE_FILES.audit,
				...(counts.huntRuns === null ? [] : [BUNDLE_FILES.huntRuns]), ...(counts.verifyRuns === null ? [] : [BUNDLE_FILES.verifyRuns]), ...included, ...(key ? [BUNDLE_FILES.publicKey] : [])];
			await writeFile(path.join(dir, BUNDLE_FILES.readme), bundleReadme({
				caseId, analyst: options.analyst, createdAt, toolVersion, selection: describeSelection(record), events: keys.length, sources,
				files, signed: Boolean(key), publicKeySha256: key?.publicKeySha256,
			}), {flag: 'wx'});
			body = {
				caseId, caseFile: path.basename(store.path), exportAuditSeq: auditSeq, analyst: options.analyst, createdAt, toolVersion,
				selection: record, counts: {events: keys.length, sources, ...counts}, verification: verification ? (plainValue(verification) as Record<string, unknown>) : null,
			};
		} finally {
			snapshot.close();
		}
		if (options.includeCase === false) await rm(caseCopy);
		checkAbort(signal);
		const manifest = await sealBundle(dir, body, key, () => onProgress?.({phase: 'seal', done: 0, total: 1}));
		const manifestSha256 = (await hashFile(path.join(dir, BUNDLE_FILES.manifest))).sha256;
		checkAbort(signal);
		await target.commit();
		let archive: ArchiveResult | undefined;
		if (options.archive) {
			onProgress?.({phase: 'archive', done: 0, total: 1});
			archive = await archiveBundle(target.out);
		}
		const result: ExportResult = {
			out: target.out, manifest, manifestSha256, events: Number(body.counts['events']), sources: Number(body.counts['sources']),
			archive, auditSeq, seconds: Math.round(performance.now() - started) / 1000, remarks,
		};
		await finishAudit(store, auditSeq, {events: result.events, sources: result.sources, files: manifest.files.length, manifestSha256, archiveSha256: archive?.sha256, seconds: result.seconds});
		onProgress?.({phase: 'done', done: 1, total: 1});
		return result;
	} catch (error) {
		await target.discard();
		await finishAudit(store, auditSeq, {failed: (error as Error).message.split('\n')[0], interrupted: signal?.aborted || undefined}).catch(() => undefined);
		throw error;
	}
}
