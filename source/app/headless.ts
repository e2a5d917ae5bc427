// First: Ink must load as an interactive renderer (see interactive-ink.ts).
import './interactive-ink.js';
import {EventEmitter} from 'node:events';
import {render} from 'ink';
import {createElement} from 'react';
import type {CaseStore} from '../case/case-store.js';
import {BUSY_MARK} from '../ui/components/StatusBar.js';
import {App} from './App.js';
import {caseSummary} from '../pivot/summary.js';
import {CaseSession} from './session.js';
import type {Size} from './layout.js';

/** Raw key sequences as a terminal sends them. */
export const KEYS = {
	up: '\u001b[A',
	down: '\u001b[B',
	left: '\u001b[D',
	right: '\u001b[C',
	pageUp: '\u001b[5~',
	pageDown: '\u001b[6~',
	enter: '\r',
	escape: '\u001b',
	backspace: '\u007f',
	tab: '\t',
} as const;

// A terminal stand-in: Ink renders to it exactly as to a TTY (throttled frames, synchronized output).
class Screen extends EventEmitter {
	readonly isTTY = true;
	frames = 0;
	last = '';
	raw = '';
	onFrame: (() => void) | undefined;
	constructor(readonly columns: number, readonly rows: number, private readonly keepRaw: boolean) {
		super();
	}
	write = (chunk: string | Uint8Array): boolean => {
		const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
		if (this.keepRaw) this.raw += text;
		// eslint-disable-next-line no-control-regex
		const plain = text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, '');
		if (plain.includes(' │ ')) {
			this.last = plain;
			this.frames++;
			this.onFrame?.();
		}
		return true;
	};
}

class Keyboard extends EventEmitter {
	readonly isTTY = true;
	private pending: string | null = null;
	setRawMode() {}
	setEncoding() {}
	ref() {}
	unref() {}
	resume() {}
	pause() {}
	read = (): string | null => {
		const data = this.pending;
		this.pending = null;
		return data;
	};
	type(data: string) {
		this.pending = data;
		this.emit('readable');
	}
}

export interface Headless {
	/** The newest frame, without colour codes. */
	frame(): string;
	/** Everything written to the terminal, escapes included (when `keepRaw`). */
	raw(): string;
	/** Sends a key and resolves with the ms until a frame shows its result (nothing on screen waiting). */
	press(key: string, options?: {timeoutMs?: number}): Promise<number>;
	/** Resolves when a frame satisfies `test`. */
	waitFor(test: (frame: string) => boolean, timeoutMs?: number): Promise<number>;
	close(): Promise<void>;
}

const settled = (frame: string) => !frame.includes(BUSY_MARK);

/**
 * The real app on a pretend terminal: the benchmark and tests drive it with key sequences and read
 * frames, through the same Ink rendering path (throttle included) as a terminal session.
 */
export async function startHeadless(store: CaseStore, size: Size, options: {keepRaw?: boolean} = {}): Promise<Headless> {
	const session = await CaseSession.around(store);
	const summary = await caseSummary(store);
	const screen = new Screen(size.width, size.height, options.keepRaw ?? false);
	const keyboard = new Keyboard();
	const instance = render(createElement(App, {session, caseSummary: summary, size}), {
		stdout: screen as unknown as NodeJS.WriteStream,
		stdin: keyboard as unknown as NodeJS.ReadStream,
		stderr: screen as unknown as NodeJS.WriteStream,
		exitOnCtrlC: false,
		patchConsole: false,
		maxFps: 60,
	});
	const waitFor = (test: (frame: string) => boolean, timeoutMs = 30_000, since = performance.now()): Promise<number> =>
		new Promise((resolve, reject) => {
			const check = () => {
				if (!test(screen.last)) return false;
				clearTimeout(timer);
				screen.onFrame = undefined;
				resolve(performance.now() - since);
				return true;
			};
			const timer = setTimeout(() => {
				screen.onFrame = undefined;
				reject(new Error(`no matching frame within ${timeoutMs} ms; last frame:\n${screen.last}`));
			}, timeoutMs);
			if (!check()) screen.onFrame = check;
		});
	return {
		frame: () => screen.last,
		raw: () => screen.raw,
		waitFor: (test, timeoutMs) => waitFor(test, timeoutMs),
		async press(key, {timeoutMs = 30_000} = {}) {
			const framesBefore = screen.frames;
			const started = performance.now();
			keyboard.type(key);
			return waitFor(() => screen.frames > framesBefore && settled(screen.last), timeoutMs, started);
		},
		async close() {
			instance.unmount();
			instance.cleanup();
			// The caller opened `store` and closes it; a store the session reopened for writing is its own.
			if (session.current.store === store) await session.current.jobs.close();
			else await session.close();
		},
	};
}
