/** Manually driven timers implementing the RHP `Timers` interface, for fast timeout tests. */
import type { TimerHandle, Timers } from '../../src/runtime/rhp/index.js';

/** Timers that fire only when {@link FakeTimers.advance} moves time. */
export class FakeTimers implements Timers {
  private t = 0;
  private seq = 0;
  private readonly due = new Map<number, { at: number; fn: () => void }>();

  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = ++this.seq;
    this.due.set(id, { at: this.t + ms, fn });
    return id;
  }

  clearTimeout(h: TimerHandle): void {
    this.due.delete(h as number);
  }

  now(): number {
    return this.t;
  }

  /** Timers not yet fired. */
  get pending(): number {
    return this.due.size;
  }

  /** Move time forward by `ms`, firing due timers in order and letting I/O callbacks run between. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (;;) {
      await new Promise((r) => setImmediate(r));
      let next: [number, { at: number; fn: () => void }] | undefined;
      for (const e of this.due) if (e[1].at <= end && (!next || e[1].at < next[1].at)) next = e;
      if (!next) break;
      this.due.delete(next[0]);
      this.t = next[1].at;
      next[1].fn();
    }
    this.t = end;
    await new Promise((r) => setImmediate(r));
  }
}
