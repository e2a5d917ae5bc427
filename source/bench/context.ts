/**
 * What every benchmark section gets from `npm run bench` (source/bench/run.ts): a generated trail of
 * ~1M events on disk and a case file with that trail imported. Sections return their figures; run.ts
 * prints them all and writes .bench/results.json.
 */
export interface BenchContext {
	/** Folder holding the generated trail (S3 layout, digests, public-keys.json). */
	trailDir: string;
	/** A case file with the whole trail imported (read it; copy it before changing it). */
	caseFile: string;
	/** Events in the case. */
	events: number;
	/** Seconds the local import of the trail took in this run. */
	importSeconds: number;
	/** Scratch folder for the section (created, emptied on each run). */
	workDir: string;
	log(line: string): void;
}

export type BenchFigures = Record<string, number | string | boolean>;

export type BenchSection = (context: BenchContext) => Promise<BenchFigures>;
