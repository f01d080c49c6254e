/**
 * A synchronous event source for the API's subscription topics. A listener's exception is
 * swallowed, so one bad subscriber can neither keep events from the others nor break the node
 * code that emits.
 */
import type { EventSource } from '../api/index.js';

/** An {@link EventSource} the node feeds with {@link Emitter.emit}. */
export class Emitter<T> implements EventSource<T> {
  private readonly listeners = new Set<(event: T) => void>();

  subscribe(listener: (event: T) => void): () => void {
    // A wrapper per subscription, so subscribing the same function twice gives two deliveries.
    const own = (e: T) => listener(e);
    this.listeners.add(own);
    return () => {
      this.listeners.delete(own);
    };
  }

  /** Deliver an event to every current listener. */
  emit(event: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(event);
      } catch {
        // See the module header.
      }
    }
  }

  /** Number of listeners (metrics and tests). */
  get size(): number {
    return this.listeners.size;
  }

  /** Drop every listener. */
  clear(): void {
    this.listeners.clear();
  }
}
