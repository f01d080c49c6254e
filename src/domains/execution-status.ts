/**
 * Execution status (APE-19, APE-20): a transaction's status is pending until this node has
 * executed it; then its receipt is returned together with the stake that reported the same UED
 * hash for that height (or a later one, by hash chaining), and the status resolves once that stake
 * reaches the caller's `minStake`. Waiters get a promise, so nobody polls. After a divergence halt
 * (APE-18) every query and waiter fails with `DIVERGENCE_HALT`.
 */
import { toHex } from '../common/index.js';
import { DomainsError } from './errors.js';
import type { ReportBook } from './report-book.js';

/** Where and how a transaction executed in the UED. */
export interface ExecutedTx<R> {
  height: number;
  receipt: R;
}

/** The answer of an execution-status query. */
export type ExecutionStatus<R> =
  | { state: 'pending' }
  | { state: 'executed'; height: number; receipt: R; agreeingStake: bigint; confirmed: boolean };

interface Waiter<R> {
  txHash: string;
  minStake: bigint;
  resolve(s: ExecutionStatus<R>): void;
  reject(e: Error): void;
}

export class ExecutionStatusTracker<R> {
  private readonly executed = new Map<string, ExecutedTx<R>>();
  private readonly order: string[] = [];
  private waiters: Waiter<R>[] = [];
  private halted: DomainsError | undefined;

  constructor(
    private readonly book: ReportBook,
    private readonly maxRemembered = 1_000_000,
  ) {}

  /** Record receipts of a height this node executed. */
  recordExecuted(height: number, receipts: ReadonlyArray<{ txHash: Uint8Array; receipt: R }>): void {
    for (const { txHash, receipt } of receipts) {
      const k = toHex(txHash);
      if (!this.executed.has(k)) this.order.push(k);
      this.executed.set(k, { height, receipt });
    }
    while (this.order.length > this.maxRemembered) this.executed.delete(this.order.shift()!);
    this.wake();
  }

  /** Current status of a transaction for a given stake threshold. */
  status(txHash: Uint8Array, minStake: bigint): ExecutionStatus<R> {
    if (this.halted) throw this.halted;
    return this.statusOf(toHex(txHash), minStake);
  }

  /** Resolves once the status is confirmed at `minStake`; rejects on halt or timeout. */
  wait(txHash: Uint8Array, minStake: bigint, signal?: AbortSignal): Promise<ExecutionStatus<R>> {
    if (this.halted) return Promise.reject(this.halted);
    const k = toHex(txHash);
    const now = this.statusOf(k, minStake);
    if (now.state === 'executed' && now.confirmed) return Promise.resolve(now);
    return new Promise((resolve, reject) => {
      const w: Waiter<R> = { txHash: k, minStake, resolve, reject };
      this.waiters.push(w);
      signal?.addEventListener('abort', () => {
        this.waiters = this.waiters.filter((x) => x !== w);
        reject(new DomainsError(DomainsError.TIMEOUT, 'execution status wait aborted'));
      });
    });
  }

  /** Re-evaluate waiters (after new reports or receipts). */
  wake(): void {
    if (this.halted) return;
    const still: Waiter<R>[] = [];
    for (const w of this.waiters) {
      const s = this.statusOf(w.txHash, w.minStake);
      if (s.state === 'executed' && s.confirmed) w.resolve(s);
      else still.push(w);
    }
    this.waiters = still;
  }

  /** Enter the halted state: every waiter and later query fails with the divergence error. */
  halt(err: DomainsError): void {
    this.halted = err;
    for (const w of this.waiters) w.reject(err);
    this.waiters = [];
  }

  /** Leave the halted state (the operator cleared the halt). */
  unhalt(): void {
    this.halted = undefined;
  }

  /** Number of callers waiting (for metrics and tests). */
  pendingWaiters(): number {
    return this.waiters.length;
  }

  private statusOf(k: string, minStake: bigint): ExecutionStatus<R> {
    const e = this.executed.get(k);
    if (!e) return { state: 'pending' };
    const agreeing = this.book.agreeingStake(e.height);
    return {
      state: 'executed',
      height: e.height,
      receipt: e.receipt,
      agreeingStake: agreeing,
      confirmed: agreeing >= minStake,
    };
  }
}
