import {useEffect, useRef} from 'react';
import {SUPERSEDED, type JobKind, type JobRunner} from '../../app/jobs.js';
import type {Connection} from '../../pivot/run.js';

export interface QueryHandlers<T> {
	done(key: string, value: T): void;
	failed(key: string, error: Error): void;
}

/**
 * Runs `work` on the job lane `kind` whenever `key` changes (null = nothing to run). The lane cancels
 * the query in flight, so only the newest key's result ever arrives. `delayMs` debounces typing.
 */
export function useQuery<T>(
	jobs: JobRunner,
	kind: JobKind,
	key: string | null,
	work: (conn: Connection, signal: AbortSignal) => Promise<T>,
	handlers: QueryHandlers<T>,
	delayMs = 0,
): void {
	// The latest closures (the effect itself only depends on the key).
	const latest = useRef({work, handlers});
	latest.current = {work, handlers};
	useEffect(() => {
		if (key === null) return;
		let live = true;
		// The work as rendered for this key (not a later render's, which belongs to a later key).
		const work = latest.current.work;
		const start = () => {
			jobs.run(kind, work).then(
				(value) => {
					if (live && value !== SUPERSEDED) latest.current.handlers.done(key, value);
				},
				(error: unknown) => {
					if (live) latest.current.handlers.failed(key, error instanceof Error ? error : new Error(String(error)));
				},
			);
		};
		const timer = delayMs > 0 ? setTimeout(start, delayMs) : undefined;
		if (!timer) start();
		return () => {
			live = false;
			if (timer) clearTimeout(timer);
		};
	}, [jobs, kind, key, delayMs]);
}
