import type {CaseStore} from '../case/case-store.js';
import type {JobRunner} from './jobs.js';

/** What the app reaches outside itself: the open case and the query lanes. Tests pass real ones. */
export interface Services {
	store: CaseStore;
	jobs: JobRunner;
}
