/**
 * One retry policy for every S3 call of a pull. Transient faults (503 SlowDown, 500, throttling,
 * connections reset or cut mid-body, stalled sockets) are retried with exponential backoff and full
 * jitter; answers that will not change (AccessDenied, NoSuchKey, archived objects) fail at once so the
 * pull can record them and go on.
 */

export interface RetryPolicy {
	attempts: number;
	baseMs: number;
	capMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = {attempts: 8, baseMs: 200, capMs: 20_000};

const TRANSIENT_NAMES = new Set([
	'SlowDown',
	'Throttling',
	'ThrottlingException',
	'ThrottledException',
	'TooManyRequestsException',
	'RequestLimitExceeded',
	'RequestThrottled',
	'RequestThrottledException',
	'RequestTimeout',
	'RequestTimeoutException',
	'InternalError',
	'ServiceUnavailable',
	'TimeoutError',
	'IncompleteBody',
]);
const TRANSIENT_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EAI_AGAIN', 'ECONNABORTED', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_STREAM_PREMATURE_CLOSE']);

/** A received body that does not match what S3 said about it (length or MD5 ETag): fetch it again. */
export class IncompleteBodyError extends Error {
	override readonly name = 'IncompleteBody';
}

interface ErrorShape {
	name?: string;
	code?: string;
	message?: string;
	$metadata?: {httpStatusCode?: number};
	$retryable?: unknown;
	cause?: unknown;
}

export function isTransient(error: unknown): boolean {
	const e = (error ?? {}) as ErrorShape;
	if (e.name === 'AbortError') return false;
	if (e.name && TRANSIENT_NAMES.has(e.name)) return true;
	if (e.code && TRANSIENT_CODES.has(e.code)) return true;
	const status = e.$metadata?.httpStatusCode;
	if (status !== undefined && (status >= 500 || status === 429)) return true;
	if (e.$retryable) return true;
	if (/socket hang up|aborted|premature close|ECONNRESET|other side closed/i.test(e.message ?? '')) return true;
	return e.cause !== undefined && e.cause !== error && isTransient(e.cause);
}

/** A short, single-line reason for the report (`AccessDenied: Access Denied (HTTP 403)`). */
export function failureReason(error: unknown): string {
	const e = (error ?? {}) as ErrorShape;
	const status = e.$metadata?.httpStatusCode;
	const name = e.name && e.name !== 'Error' ? e.name : e.code ?? 'Error';
	const message = (e.message ?? '').replace(/\s+/g, ' ').trim().slice(0, 300);
	const text = message && message !== name ? `${name}: ${message}` : name;
	return status ? `${text} (HTTP ${status})` : text;
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
	return new Promise((resolve, reject) => {
		if (signal?.aborted) return reject(signal.reason);
		const timer = setTimeout(() => {
			signal?.removeEventListener('abort', onAbort);
			resolve();
		}, ms);
		const onAbort = () => {
			clearTimeout(timer);
			reject(signal?.reason);
		};
		signal?.addEventListener('abort', onAbort, {once: true});
	});
}

/** Runs `work` until it succeeds, fails for good, runs out of attempts, or the signal aborts. */
export async function withRetry<T>(
	work: (attempt: number) => Promise<T>,
	options: {signal?: AbortSignal; policy?: RetryPolicy; onRetry?: (error: unknown, attempt: number) => void} = {},
): Promise<T> {
	const policy = options.policy ?? DEFAULT_RETRY;
	for (let attempt = 1; ; attempt++) {
		try {
			return await work(attempt);
		} catch (error) {
			if (options.signal?.aborted || attempt >= policy.attempts || !isTransient(error)) throw error;
			options.onRetry?.(error, attempt);
			const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** (attempt - 1));
			await pause(Math.max(policy.baseMs / 2, Math.random() * ceiling), options.signal);
		}
	}
}
