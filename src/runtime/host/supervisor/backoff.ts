/**
 * Exponential restart backoff: the first delay is `initialMs`, each next one doubles, capped at
 * `maxMs`. Pure arithmetic, so the supervisor's schedule is testable without time.
 */
import { HostError } from '../errors.js';

/** Backoff parameters. */
export interface BackoffOptions {
  readonly initialMs: number;
  readonly maxMs: number;
  /** Growth factor (default 2). */
  readonly factor?: number;
}

/** Default: 1 s, doubling, at most 1 h (Oasis's cap). */
export const DEFAULT_BACKOFF: Readonly<BackoffOptions> = Object.freeze({
  initialMs: 1000,
  maxMs: 60 * 60 * 1000,
  factor: 2,
});

/** The delay schedule of consecutive restarts. */
export class Backoff {
  private attempt = 0;
  private readonly factor: number;

  constructor(private readonly opts: BackoffOptions = DEFAULT_BACKOFF) {
    this.factor = opts.factor ?? 2;
    const ok = (n: number) => Number.isSafeInteger(n) && n >= 0;
    if (!ok(opts.initialMs) || !ok(opts.maxMs) || opts.maxMs < opts.initialMs || !(this.factor >= 1)) {
      throw new HostError(HostError.INVALID_ARGUMENT, 'backoff needs 0 ≤ initialMs ≤ maxMs and factor ≥ 1');
    }
  }

  /** Restarts scheduled since the last reset. */
  get attempts(): number {
    return this.attempt;
  }

  /** The delay before the next restart (and count it). */
  next(): number {
    const d = Math.min(this.opts.maxMs, Math.floor(this.opts.initialMs * this.factor ** this.attempt));
    this.attempt++;
    return d;
  }

  /** Start over from `initialMs` (the runtime ran stably). */
  reset(): void {
    this.attempt = 0;
  }
}
