/**
 * Time as RHP and the runtime host see it: an injected interface, so tests (and the simulator)
 * can drive timeouts without waiting on the wall clock.
 */

/** An opaque timer handle. */
export type TimerHandle = unknown;

/** Set and clear one-shot timers, and read a monotonic millisecond clock. */
export interface Timers {
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(h: TimerHandle): void;
  /** Milliseconds on a monotonic clock (for measurements and logs only). */
  now(): number;
}

/** The process's real timers. */
export const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout(h) {
    clearTimeout(h as ReturnType<typeof setTimeout>);
  },
  now: () => performance.now(),
};
