/** The simulator's only source of randomness: a seeded splitmix32, so a seed replays exactly. */
export class SimRng {
  private s: number;

  constructor(seed: number) {
    this.s = seed >>> 0;
  }

  /** Next 32-bit unsigned integer. */
  u32(): number {
    this.s = (this.s + 0x9e3779b9) >>> 0;
    let z = this.s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return n <= 1 ? 0 : this.u32() % n;
  }

  /** Integer in [lo, hi]. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability `per` per mille. */
  chance(perMille: number): boolean {
    return this.int(1000) < perMille;
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.u32() & 0xff;
    return out;
  }

  /** A child generator (so adding draws in one part does not shift another's). */
  fork(): SimRng {
    return new SimRng(this.u32());
  }
}
