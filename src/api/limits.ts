/** Configurable limits of the API server, a per-client token bucket and a waiter gate. */
import { ApiError } from './errors.js';

/** Limits of one server. */
export interface ApiLimits {
  /** Largest HTTP body / WebSocket message in bytes. */
  maxBodyBytes: number;
  /** Most calls in one batch. */
  maxBatch: number;
  /** Calls per second per client IP (sustained). */
  ratePerSecond: number;
  /** Calls a client IP may make at once after being idle. */
  rateBurst: number;
  /** Subscriptions per WebSocket connection. */
  maxSubscriptions: number;
  /** `submitTx` calls waiting for inclusion or execution, server-wide. */
  maxWaiters: number;
  /** Wait used when `submitTx` gives no `timeoutMs`; longer requests are capped to `maxWaitMs`. */
  defaultWaitMs: number;
  maxWaitMs: number;
  /** A WebSocket whose unsent data exceeds this is closed (slow consumer). */
  maxBufferedBytes: number;
  /** Client IPs remembered by the rate limiter (oldest idle ones are forgotten first). */
  maxTrackedClients: number;
}

/** Defaults suited to a public node. */
export const DEFAULT_LIMITS: ApiLimits = {
  maxBodyBytes: 2 * 1024 * 1024 + 4096,
  maxBatch: 50,
  ratePerSecond: 100,
  rateBurst: 200,
  maxSubscriptions: 16,
  maxWaiters: 1000,
  defaultWaitMs: 30_000,
  maxWaitMs: 120_000,
  maxBufferedBytes: 4 * 1024 * 1024,
  maxTrackedClients: 10_000,
};

interface Bucket {
  tokens: number;
  at: number;
}

/** A token bucket per client key; the clock is injected (milliseconds). */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly limits: Pick<ApiLimits, 'ratePerSecond' | 'rateBurst' | 'maxTrackedClients'>,
    private readonly now: () => number,
  ) {}

  /** Take one token for `client`; false when the client is over its rate. */
  take(client: string): boolean {
    const t = this.now();
    let b = this.buckets.get(client);
    if (b) this.buckets.delete(client);
    else b = { tokens: this.limits.rateBurst, at: t };
    const refill = ((t - b.at) * this.limits.ratePerSecond) / 1000;
    b.tokens = Math.min(this.limits.rateBurst, b.tokens + Math.max(0, refill));
    b.at = t;
    // Re-inserting keeps the map in least-recently-used order, so eviction drops idle clients.
    this.buckets.set(client, b);
    if (this.buckets.size > this.limits.maxTrackedClients) {
      this.buckets.delete(this.buckets.keys().next().value!);
    }
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }
}

/** Counts concurrent waiters and refuses more than the limit. */
export class WaiterGate {
  private active = 0;

  constructor(private readonly max: number) {}

  /** Run `fn` as one waiter; throws {@link ApiError.TOO_MANY_WAITERS} when full. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.max) {
      throw new ApiError(ApiError.TOO_MANY_WAITERS, 'too many concurrent waiters, try again later');
    }
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
    }
  }

  /** Number of waiters in progress. */
  get count(): number {
    return this.active;
  }
}
