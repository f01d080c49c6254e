/**
 * Calls this side has sent and not yet seen answered. A call that timed out is remembered for a
 * while so that its late answer is dropped quietly instead of counting as a response to an id
 * that was never used (which is a protocol violation).
 */
import { RhpError } from './errors.js';
import type { Body, BodyKind } from './messages/body.js';
import type { TimerHandle, Timers } from './timers.js';

interface Pending {
  expect: BodyKind;
  resolve(b: Body): void;
  reject(e: RhpError): void;
  timer: TimerHandle | undefined;
}

/** How many timed-out ids are remembered. */
const EXPIRED_MEMORY = 1024;

/** The table of outstanding outgoing calls. */
export class PendingCalls {
  private readonly calls = new Map<bigint, Pending>();
  private readonly expired = new Set<bigint>();

  constructor(private readonly timers: Timers) {}

  has(id: bigint): boolean {
    return this.calls.has(id);
  }

  /** Register call `id`; it fails with {@link RhpError.TIMEOUT} after `timeoutMs` (if given). */
  add(id: bigint, expect: BodyKind, timeoutMs: number | undefined): Promise<Body> {
    return new Promise<Body>((resolve, reject) => {
      const p: Pending = { expect, resolve, reject, timer: undefined };
      if (timeoutMs !== undefined) {
        p.timer = this.timers.setTimeout(() => this.expire(id, timeoutMs), timeoutMs);
      }
      this.calls.set(id, p);
    });
  }

  /**
   * Settle call `id` with a response body (check {@link mismatched} first). Returns false when
   * `id` was never outstanding (a violation); a late answer to a timed-out call is dropped.
   */
  settle(id: bigint, kind: BodyKind, body: Body): boolean {
    const p = this.calls.get(id);
    if (!p) return this.expired.delete(id);
    this.calls.delete(id);
    if (p.timer !== undefined) this.timers.clearTimeout(p.timer);
    if (kind === 'Error') {
      const e = (body as { Error: { module: string; code: number; message: string } }).Error;
      p.reject(RhpError.fromRemote(e));
    } else {
      p.resolve(body);
    }
    return true;
  }

  /** True if `id` is outstanding and `kind` is neither its expected answer nor `Error`. */
  mismatched(id: bigint, kind: BodyKind): boolean {
    const p = this.calls.get(id);
    return p !== undefined && kind !== 'Error' && kind !== p.expect;
  }

  /** Fail every outstanding call (the connection closed); `err` is built only if one is. */
  failAll(err: () => RhpError): void {
    if (this.calls.size === 0) return;
    const e = err();
    for (const p of this.calls.values()) {
      if (p.timer !== undefined) this.timers.clearTimeout(p.timer);
      p.reject(e);
    }
    this.calls.clear();
  }

  private expire(id: bigint, ms: number): void {
    const p = this.calls.get(id);
    if (!p) return;
    this.calls.delete(id);
    this.expired.add(id);
    if (this.expired.size > EXPIRED_MEMORY) {
      this.expired.delete(this.expired.values().next().value as bigint);
    }
    p.reject(new RhpError(RhpError.TIMEOUT, `no ${p.expect} within ${ms} ms`, { id: String(id) }));
  }
}
