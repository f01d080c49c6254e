/**
 * Virtual time: a queue of events ordered by (time, insertion order). Events run one at a time
 * and the next starts only after the previous one (and everything it awaited) has finished, so a
 * run depends only on its seed.
 */
import { SimError } from './errors.js';

interface Event {
  at: number;
  seq: number;
  run: () => void | Promise<void>;
}

export class VirtualClock {
  /** Milliseconds since the start of the run. */
  now = 0;
  private seq = 0;
  private heap: Event[] = [];

  /** Unix milliseconds of virtual time zero (block times are derived from it). */
  constructor(readonly epochMs = 1_700_000_000_000) {}

  at(t: number, run: () => void | Promise<void>): void {
    if (t < this.now) throw new SimError(SimError.INTERNAL, 'event scheduled in the past');
    this.push({ at: t, seq: this.seq++, run });
  }

  after(ms: number, run: () => void | Promise<void>): void {
    this.at(this.now + Math.max(0, ms), run);
  }

  get pending(): number {
    return this.heap.length;
  }

  /** Run events until the queue is empty, `until` is passed, or `stop()` says so. */
  async run(until: number, stop: () => boolean = () => false): Promise<void> {
    while (this.heap.length > 0 && !stop()) {
      const e = this.pop();
      if (e.at > until) {
        this.push(e);
        this.now = until;
        return;
      }
      this.now = e.at;
      await e.run();
    }
  }

  private less(a: Event, b: Event): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(e: Event): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i]!, h[p]!)) break;
      [h[i], h[p]] = [h[p]!, h[i]!];
      i = p;
    }
  }

  private pop(): Event {
    const h = this.heap;
    const top = h[0]!;
    const last = h.pop()!;
    if (h.length > 0) {
      h[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
        if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
        if (m === i) break;
        [h[i], h[m]] = [h[m]!, h[i]!];
        i = m;
      }
    }
    return top;
  }
}
