/**
 * The driver's clock and timers on wall time. Stopping cancels every pending timer, so a stopped
 * node keeps nothing scheduled (and the process can exit); a failing callback is logged.
 */
import type { Logger } from '../common/index.js';
import type { Timers } from '../consensus/bft/index.js';

/** {@link Timers} over `setTimeout`, cancellable as a whole. */
export class RealTimers implements Timers {
  private readonly pending = new Set<NodeJS.Timeout>();
  private stopped = false;

  constructor(private readonly log: Logger) {}

  now(): bigint {
    return BigInt(Date.now());
  }

  after(ms: number, f: () => void | Promise<void>): void {
    if (this.stopped) return;
    const t = setTimeout(() => {
      this.pending.delete(t);
      if (this.stopped) return;
      Promise.resolve()
        .then(f)
        .catch((e: unknown) => this.log.error({ reason: (e as Error).message }, 'timer callback failed'));
    }, ms);
    this.pending.add(t);
  }

  /** Cancel everything pending; later `after` calls do nothing. */
  stop(): void {
    this.stopped = true;
    for (const t of this.pending) clearTimeout(t);
    this.pending.clear();
  }
}
