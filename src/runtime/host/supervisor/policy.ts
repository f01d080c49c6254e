/**
 * When to restart a failed runtime: exponential backoff while it keeps failing, reset once an
 * instance has stayed ready for `stableAfterMs`, and give up after failing for `giveUpAfterMs`
 * without a stable run (Oasis gives up after 24 h).
 */
import type { Timers } from '../../rhp/index.js';
import { Backoff, type BackoffOptions } from './backoff.js';

/** The decision after a failure. */
export type RestartDecision = { readonly delayMs: number; readonly attempt: number } | 'give-up';

/** Restart bookkeeping of one host. */
export class RestartPolicy {
  private readonly backoff: Backoff;
  private readyAt = 0;
  private failingSince: number | undefined;

  constructor(
    backoff: BackoffOptions,
    private readonly stableAfterMs: number,
    private readonly giveUpAfterMs: number,
    private readonly timers: Timers,
  ) {
    this.backoff = new Backoff(backoff);
  }

  /** An instance became ready. */
  ready(): void {
    this.readyAt = this.timers.now();
  }

  /** The instance that was ready failed (call once per instance, before {@link next}). */
  instanceFailed(): void {
    const now = this.timers.now();
    if (now - this.readyAt >= this.stableAfterMs) {
      this.backoff.reset();
      this.failingSince = undefined;
    }
    this.failingSince ??= now;
  }

  /** The delay before the next attempt, or `give-up`. */
  next(): RestartDecision {
    if (this.timers.now() - (this.failingSince ?? this.timers.now()) > this.giveUpAfterMs) return 'give-up';
    const delayMs = this.backoff.next();
    return { delayMs, attempt: this.backoff.attempts };
  }
}
