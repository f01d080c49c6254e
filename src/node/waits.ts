/**
 * The backend's waits for inclusion and execution: each runs under an abort signal that fires
 * on its timeout (NodeError TIMEOUT) or when the backend closes (NodeError CLOSED), and cleans up
 * its listeners either way. An execution wait races the UED source (confirmed at `minStake`)
 * against the transaction's VED receipt (final with its block).
 */
import type { ExecutionStatusView, TxView } from '../api/index.js';
import type { Receipt } from '../consensus/index.js';
import { DomainsError, type ExecutionStatus } from '../domains/index.js';
import type { BlockFeed } from './block-feed.js';
import type { ExecutionSource } from './chain-backend.js';
import { NodeError } from './errors.js';
import type { TxIndex, TxLocation } from './tx-index.js';
import { receiptView } from './views.js';

/** See the module header. */
export class Waits {
  private readonly pokes = new Set<() => void>();
  private readonly running = new Set<AbortController>();
  private closed = false;

  constructor(
    private readonly index: TxIndex,
    private readonly source: ExecutionSource,
  ) {}

  /** Re-check waits that depend on receipts (called after each `onExecuted`). */
  poke(): void {
    for (const p of [...this.pokes]) p();
  }

  /** Fail every running wait with CLOSED, and every later one. */
  close(): void {
    this.closed = true;
    for (const ac of this.running) ac.abort(new NodeError(NodeError.CLOSED, 'the node backend closed'));
  }

  /** The status of a transaction final with its block (VED fee payer). */
  vedStatus(r: Receipt, at: TxLocation | undefined, total: bigint): ExecutionStatusView {
    const v: ExecutionStatusView = {
      state: 'confirmed',
      receipt: receiptView('ved', r),
      reported_stake: total,
      total_stake: total,
    };
    if (at !== undefined) v.height = Number(at.height);
    return v;
  }

  /**
   * A UED transaction whose receipt is archived but which the app no longer tracks (executed
   * before a restart): executed, with no reports counted.
   */
  archivedStatus(r: Receipt, at: TxLocation | undefined, total: bigint): ExecutionStatusView {
    const v: ExecutionStatusView = {
      state: 'executed',
      receipt: receiptView('ued', r),
      reported_stake: 0n,
      total_stake: total,
    };
    if (at !== undefined) v.height = Number(at.height);
    return v;
  }

  /** The API view of a UED status. */
  uedStatus(s: ExecutionStatus<Receipt>, total: bigint): ExecutionStatusView {
    if (s.state === 'pending') return { state: 'pending', reported_stake: 0n, total_stake: total };
    return {
      state: s.confirmed ? 'confirmed' : 'executed',
      receipt: receiptView('ued', s.receipt),
      height: s.height,
      reported_stake: s.agreeingStake,
      total_stake: total,
    };
  }

  /** Resolves with the transaction once a block holding it is indexed. */
  inclusion(hash: Uint8Array, timeoutMs: number, feed: BlockFeed): Promise<TxView> {
    return this.guard(timeoutMs, async (signal) => {
      if (this.index.location(hash) === undefined) {
        await this.until(signal, (done) => this.index.onIncluded(hash, () => done()));
      }
      const tx = await feed.tx(hash);
      if (tx === null) throw new NodeError(NodeError.UNAVAILABLE, 'the transaction left the index');
      return tx;
    });
  }

  /** Resolves once the transaction is confirmed at `minStake` (UED) or has its VED receipt. */
  execution(
    hash: Uint8Array,
    minStake: bigint | undefined,
    timeoutMs: number,
    total: () => Promise<bigint>,
  ): Promise<ExecutionStatusView> {
    return this.guard(timeoutMs, async (signal) => {
      const ved = this.until(signal, (done) => this.onVedReceipt(hash, done)).then(async () => {
        if (this.source.haltEvidence() !== undefined) {
          throw new DomainsError(DomainsError.DIVERGENCE_HALT, 'halted: this node confirms nothing');
        }
        const r = this.index.receipt(hash)!;
        return this.vedStatus(r.receipt, this.index.location(hash), await total());
      });
      const ued = this.source
        .waitExecution(hash, minStake, signal)
        .then(async (s) => this.uedStatus(s, await total()));
      return Promise.race([ved, ued]);
    });
  }

  private onVedReceipt(hash: Uint8Array, done: () => void): () => void {
    const check = () => {
      if (this.index.receipt(hash)?.domain === 'ved') done();
    };
    this.pokes.add(check);
    check();
    return () => this.pokes.delete(check);
  }

  /** A promise settled by `done`, or rejected when `signal` aborts; `watch` returns its cleanup. */
  private until(signal: AbortSignal, watch: (done: () => void) => () => void): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let cleanup: (() => void) | undefined;
      let settled = false;
      const finish = () => {
        settled = true;
        cleanup?.();
        signal.removeEventListener('abort', onAbort);
      };
      const onAbort = () => {
        finish();
        reject(signal.reason);
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      cleanup = watch(() => {
        finish();
        resolve();
      });
      // `watch` may call `done` before it returns its cleanup.
      if (settled) cleanup();
    });
  }

  private async guard<T>(timeoutMs: number, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (this.closed) throw new NodeError(NodeError.CLOSED, 'the node backend closed');
    if (!Number.isSafeInteger(timeoutMs) || timeoutMs < 0) {
      throw new NodeError(NodeError.INVALID_ARGUMENT, 'timeout must be a non-negative integer of ms');
    }
    const ac = new AbortController();
    this.running.add(ac);
    const timer = setTimeout(
      () => ac.abort(new NodeError(NodeError.TIMEOUT, `not done within ${timeoutMs} ms`)),
      timeoutMs,
    );
    try {
      return await run(ac.signal);
    } catch (e) {
      throw ac.signal.aborted ? ac.signal.reason : e;
    } finally {
      clearTimeout(timer);
      this.running.delete(ac);
      // Ends whichever side of a race is still listening.
      if (!ac.signal.aborted) ac.abort(new NodeError(NodeError.CLOSED, 'wait finished'));
    }
  }
}
