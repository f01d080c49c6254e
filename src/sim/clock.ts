/**
 * Virtual time: a queue of events ordered by (time, insertion order). Events run one at a time
 * and the next starts only after the previous one (and everything it awaited) has finished, so a
 * run depends only on its seed.
 */
import { Heap } from '../consensus/bft/index.js';
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
  private readonly heap = new Heap<Event>((a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq));

  /** Unix milliseconds of virtual time zero (block times are derived from it). */
  constructor(readonly epochMs = 1_700_000_000_000) {}

  at(t: number, run: () => void | Promise<void>): void {
    if (t < this.now) throw new SimError(SimError.INTERNAL, 'event scheduled in the past');
    this.heap.push({ at: t, seq: this.seq++, run });
  }

  after(ms: number, run: () => void | Promise<void>): void {
    this.at(this.now + Math.max(0, ms), run);
  }

  get pending(): number {
    return this.heap.size;
  }

  /** Run events until the queue is empty, `until` is passed, or `stop()` says so. */
  async run(until: number, stop: () => boolean = () => false): Promise<void> {
    while (this.heap.size > 0 && !stop()) {
      const e = this.heap.pop()!;
      if (e.at > until) {
        this.heap.push(e);
        this.now = until;
        return;
      }
      this.now = e.at;
      await e.run();
    }
  }
}
