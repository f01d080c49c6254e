/**
 * A simulator clock that follows the wall clock (for `npm run bench -- ape`): an event runs when
 * its time has come in real milliseconds, and events run concurrently (each validator's driver
 * keeps its own inputs in order), so the CPU and thread time of execution shows in the measured
 * latencies, as it would between separate machines, instead of vanishing in virtual time.
 */
import { Heap } from '../src/consensus/bft/index.js';
import { VirtualClock } from '../src/sim/index.js';

interface Event {
  at: number;
  seq: number;
  run: () => void | Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** See the module header. */
export class WallClock extends VirtualClock {
  readonly #q = new Heap<Event>((a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq));
  #seq = 0;
  readonly #t0 = performance.now();
  /** Errors thrown by events (a benchmark run with any is void). */
  readonly errors: unknown[] = [];

  /** Milliseconds since the clock was made. */
  wall(): number {
    return performance.now() - this.#t0;
  }

  override at(t: number, run: () => void | Promise<void>): void {
    this.#q.push({ at: t, seq: this.#seq++, run });
  }

  override get pending(): number {
    return this.#q.size;
  }

  override async run(until: number, stop: () => boolean = () => false): Promise<void> {
    while (!stop() && this.errors.length === 0) {
      const wall = this.wall();
      if (wall >= until) return;
      this.now = Math.max(this.now, Math.floor(wall));
      const e = this.#q.pop();
      if (e !== undefined && e.at <= wall) {
        Promise.resolve()
          .then(e.run)
          .catch((err: unknown) => this.errors.push(err));
        continue;
      }
      if (e !== undefined) this.#q.push(e);
      await sleep(Math.max(1, Math.min(5, (e?.at ?? wall + 5) - wall)));
    }
  }
}
