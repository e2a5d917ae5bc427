// Seeded pseudo-random source for the synthetic trail generator.
//
// Everything the generator emits (event times, IDs, file-name suffixes, content
// choices) is drawn from this one stream, in a fixed order on the main thread,
// so the same seed and options reproduce byte-identical output. Math.random is
// never used. sfc32 is chosen because it is tiny, fast in pure 32-bit JS integer
// arithmetic and statistically good enough for test data (not for security).

const HEX: string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const UPPER_ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'; // AWS key IDs use base32-ish upper case

export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number) {
    // Expand the single seed with splitmix32 so that nearby seeds (1, 2, 3…)
    // do not give correlated initial states.
    let s = seed >>> 0;
    const mix = (): number => {
      s = (s + 0x9e3779b9) | 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x21f0aaad);
      z = Math.imul(z ^ (z >>> 15), 0x735a2d97);
      return (z ^ (z >>> 15)) >>> 0;
    };
    this.a = mix();
    this.b = mix();
    this.c = mix();
    this.d = mix();
    for (let i = 0; i < 15; i++) this.u32(); // discard warm-up outputs
  }

  /** Next unsigned 32-bit integer (sfc32). */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform float in [0, 1). */
  float(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Uniform integer in [lo, hi] (inclusive). */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  /** Derive an independent child stream (e.g. one per account) from this one. */
  fork(): Rng {
    return new Rng(this.u32());
  }

  /** Lower-case hex string of `bytes` random bytes. */
  hex(bytes: number): string {
    let out = '';
    for (let i = 0; i < bytes; i += 4) {
      const v = this.u32();
      out += HEX[v & 255] + HEX[(v >>> 8) & 255] + HEX[(v >>> 16) & 255] + HEX[v >>> 24];
    }
    return out.slice(0, bytes * 2);
  }

  /** Random version-4 style UUID (lower-case), as CloudTrail uses for eventID. */
  uuid(): string {
    const h = this.hex(16);
    const variant = '89ab'[this.int(4)];
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  alnum(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += ALNUM[this.int(62)];
    return out;
  }

  /** Upper-case base32-looking string, the alphabet of AKIA/ASIA/AIDA identifiers. */
  upper(n: number): string {
    let out = '';
    for (let i = 0; i < n; i++) out += UPPER_ALNUM[this.u32() & 31];
    return out;
  }
}

/**
 * Cumulative-weight table for fast weighted picks among many items
 * (binary search instead of a linear scan on every record).
 */
export class WeightedTable<T> {
  private readonly cum: Float64Array;
  private readonly total: number;

  constructor(private readonly items: readonly T[], weights: readonly number[]) {
    this.cum = new Float64Array(items.length);
    let acc = 0;
    for (let i = 0; i < items.length; i++) {
      acc += Math.max(0, weights[i]);
      this.cum[i] = acc;
    }
    this.total = acc;
    if (items.length === 0 || acc <= 0) throw new Error('WeightedTable needs at least one positive weight');
  }

  pick(rng: Rng): T {
    const x = rng.float() * this.total;
    let lo = 0;
    let hi = this.cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}
