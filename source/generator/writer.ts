// Bounded asynchronous gzip + write pipeline for log files.
//
// The main thread builds the next file's JSON while libuv's thread pool
// compresses and writes previous ones (async zlib runs off-thread), which is
// what lets a 2-core box generate a million events quickly. The queue depth is
// bounded so memory stays flat regardless of the trail size.

import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';

const gzipAsync = promisify(gzip);

export class LogWriter {
  private readonly pending: Promise<void>[] = [];
  private readonly dirs = new Map<string, Promise<unknown>>();
  private readonly limit = Math.max(4, availableParallelism() * 2);
  /** First background failure; re-thrown from write()/flush() so a lost file never goes unnoticed. */
  private error: unknown;
  bytes = 0;
  rawBytes = 0;

  constructor(private readonly outDir: string, private readonly level: number) {}

  /**
   * Queue one log file. Returns the SHA-256 hex of the decompressed bytes
   * (the digest's hashValue) synchronously; compression happens in the background.
   */
  async write(key: string, json: string): Promise<string> {
    const raw = Buffer.from(json, 'utf8');
    const hash = createHash('sha256').update(raw).digest('hex');
    this.rawBytes += raw.length;
    const path = join(this.outDir, key);
    const dir = dirname(path);
    let made = this.dirs.get(dir);
    if (!made) this.dirs.set(dir, (made = mkdir(dir, { recursive: true })));
    const task = Promise.all([made, gzipAsync(raw, { level: this.level })]).then(async ([, gz]) => {
      this.bytes += gz.length;
      await writeFile(path, gz);
    }).catch((e: unknown) => {
      this.error ??= e;
    });
    this.pending.push(task);
    if (this.pending.length >= this.limit) await this.pending.shift();
    if (this.error) throw this.error;
    return hash;
  }

  async flush(): Promise<void> {
    while (this.pending.length > 0) await this.pending.shift();
    if (this.error) throw this.error;
  }
}
