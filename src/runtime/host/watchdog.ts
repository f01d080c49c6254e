/**
 * Liveness pings (spec/oasis.md §9): every `intervalMs` the host sends `RuntimePingRequest` and
 * expects an answer within `timeoutMs`; the first failure is reported once and the watchdog stops.
 */
import type { Connection, TimerHandle, Timers } from '../rhp/index.js';
import { HostError } from './errors.js';

/** Ping schedule. */
export interface WatchdogOptions {
  readonly intervalMs: number;
  readonly timeoutMs: number;
}

/** Oasis's defaults: a ping every 15 s, answered within 5 s. */
export const DEFAULT_WATCHDOG: Readonly<WatchdogOptions> = Object.freeze({
  intervalMs: 15_000,
  timeoutMs: 5_000,
});

/** Pings one connection until stopped or until a ping fails. */
export class Watchdog {
  private timer: TimerHandle | undefined;
  private stopped = false;

  constructor(
    private readonly conn: Connection,
    private readonly opts: WatchdogOptions,
    private readonly timers: Timers,
    private readonly onFail: (err: HostError) => void,
  ) {}

  /** Schedule the first ping. */
  start(): void {
    this.schedule();
  }

  /** Stop pinging; a ping in flight is ignored when it settles. */
  stop(): void {
    this.stopped = true;
    if (this.timer !== undefined) this.timers.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = this.timers.setTimeout(() => void this.ping(), this.opts.intervalMs);
  }

  private async ping(): Promise<void> {
    this.timer = undefined;
    try {
      await this.conn.call({ RuntimePingRequest: {} }, { timeoutMs: this.opts.timeoutMs });
    } catch (e) {
      if (this.stopped) return;
      this.stop();
      const why = (e as Error).message;
      this.onFail(new HostError(HostError.PING_TIMEOUT, `watchdog ping failed: ${why}`));
      return;
    }
    this.schedule();
  }
}
