import {readFile} from 'node:fs/promises';
import {appendAudit, finishAudit} from '../case/audit.js';
import type {CaseStore} from '../case/case-store.js';
import {Ingestor, type IngestProgress, type ObjectOutcome} from './ingestor.js';
import {layoutKey, listInputFiles} from './walk.js';

export interface ImportReport {
	files: number;
	imported: number;
	skipped: number;
	quarantined: {path: string; reason: string}[];
	warnings: {path: string; warning: string}[];
	events: number;
	newEvents: number;
	seconds: number;
	interrupted: boolean;
}

export interface ImportOptions {
	analyst: string;
	onProgress?: (progress: IngestProgress & {totalFiles: number}) => void;
	signal?: AbortSignal;
	/** The files `inputs` expand to, when the caller listed them already (to refuse bad paths before opening the case). */
	files?: readonly string[];
}

/** Summarises per-object outcomes in the shape `import --json` prints (pull reuses the counts). */
export function summarise(outcomes: readonly ObjectOutcome[]): Pick<ImportReport, 'imported' | 'skipped' | 'quarantined' | 'warnings'> {
	return {
		imported: outcomes.filter((o) => o.status === 'imported').length,
		skipped: outcomes.filter((o) => o.status === 'skipped' || o.status === 'already-present').length,
		quarantined: outcomes.filter((o) => o.reason && (o.status === 'quarantined' || o.status === 'skipped')).map((o) => ({path: o.origin, reason: o.reason!})),
		warnings: outcomes.filter((o) => o.warning).map((o) => ({path: o.origin, warning: o.warning!})),
	};
}

/** `trailcase import`: files and folders into the case, through the one ingest path. */
export async function importFiles(store: CaseStore, inputs: readonly string[], options: ImportOptions): Promise<ImportReport> {
	const started = performance.now();
	const files = options.files ?? listInputFiles(inputs);
	const auditSeq = await appendAudit(store, {analyst: options.analyst, command: 'import', arguments: {paths: inputs}});
	const ingestor = await Ingestor.start(store, {
		acquiredBy: options.analyst,
		auditSeq,
		onProgress: (progress) => options.onProgress?.({...progress, totalFiles: files.length}),
	});
	let interrupted = false;
	try {
		for (const file of files) {
			if (options.signal?.aborted) {
				interrupted = true;
				break;
			}
			const bytes = await readFile(file);
			await ingestor.add({origin: file, originKind: 'file', objectKey: layoutKey(file), bytes});
		}
	} catch (error) {
		await ingestor.abort();
		throw error;
	}
	const events = await ingestor.finish();
	const report: ImportReport = {
		files: files.length,
		...summarise(ingestor.outcomes),
		events,
		newEvents: ingestor.progress.newEvents,
		seconds: Number(((performance.now() - started) / 1000).toFixed(3)),
		interrupted,
	};
	await finishAudit(store, auditSeq, {
		files: report.files,
		imported: report.imported,
		skipped: report.skipped,
		quarantined: report.quarantined.length,
		newEvents: report.newEvents,
		interrupted,
	});
	return report;
}
