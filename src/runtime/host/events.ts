/** A minimal listener list for host events; a failing listener is logged, never propagated. */
import type { Logger } from '../../common/index.js';

/** Listeners of one event type. */
export class EventHub<E> {
  private readonly listeners: ((e: E) => void)[] = [];

  constructor(private readonly log: Logger) {}

  /** Subscribe; returns the unsubscribe function. */
  on(cb: (e: E) => void): () => void {
    this.listeners.push(cb);
    return () => {
      const i = this.listeners.indexOf(cb);
      if (i >= 0) this.listeners.splice(i, 1);
    };
  }

  /** Deliver `e` to every listener, in subscription order. */
  emit(e: E): void {
    for (const cb of [...this.listeners]) {
      try {
        cb(e);
      } catch (err) {
        this.log.warn({ error: (err as Error).message }, 'host event listener failed');
      }
    }
  }
}
