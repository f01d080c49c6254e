/**
 * What the mempool keeps per transaction and per sender, and the one priority order every
 * decision uses (reap, eviction, replacement), so they can never disagree.
 */
import { compareBytes } from '../../common/index.js';

/** One admitted transaction with what `checkTx` said about it. */
export interface MempoolEntry {
  /** The transaction bytes (the pool's own copy; never mutated). */
  readonly tx: Uint8Array;
  /** `hash(tx)`, SHA-512/256. */
  readonly hash: Uint8Array;
  /** Hex of `hash`, the map key. */
  readonly key: string;
  readonly sender: string;
  readonly nonce: bigint;
  /** Total fee; updated by a successful re-check. */
  fee: bigint;
  /** Byte length as a bigint, for cross-multiplied fee-per-byte comparisons. */
  readonly len: bigint;
}

/** Something with a fee and a size: enough to compare fee per byte. */
export interface Priced {
  readonly fee: bigint;
  readonly len: bigint;
}

/**
 * Compare fee per byte, `a.fee / a.len` against `b.fee / b.len`, exactly: the divisions are
 * replaced by cross-multiplication, so there is no rounding and no float. Negative when `a` pays
 * less per byte.
 */
export function comparePriority(a: Priced, b: Priced): number {
  const l = a.fee * b.len;
  const r = b.fee * a.len;
  return l < r ? -1 : l > r ? 1 : 0;
}

/**
 * The pool's total order: higher fee per byte first, ties by hash ascending. Reap takes from the
 * front of this order; eviction takes from the back, so what is evicted is exactly what a
 * proposer would have included last.
 */
export function rankBefore(a: MempoolEntry, b: MempoolEntry): boolean {
  const p = comparePriority(a, b);
  if (p !== 0) return p > 0;
  return compareBytes(a.hash, b.hash) < 0;
}

/**
 * Replace-by-fee: a transaction replaces the one with the same sender and nonce only when it pays
 * at least 10% more per byte, and strictly more (so a zero-fee transaction cannot be swapped for
 * another zero-fee one forever, costing relay bandwidth for free).
 */
export function paysReplacement(next: Priced, old: Priced): boolean {
  return next.fee * old.len * 10n >= old.fee * next.len * 11n && comparePriority(next, old) > 0;
}

/** One sender's transactions, sorted by nonce, plus what is known about a gap below them. */
export class SenderQueue {
  /** Entries in ascending nonce order; nonces are unique. */
  readonly txs: MempoolEntry[] = [];
  /**
   * When set, a re-check dropped this sender's transaction with this nonce while higher ones
   * stayed: those wait (not reaped) until a transaction at or below `floor` arrives or one of the
   * sender's pool transactions at or above it is committed.
   */
  floor: bigint | undefined;
  /**
   * The sender's next executable nonce as far as the pool knows (see `SenderNonces`): while the
   * lowest transaction is above it, a block could not execute any of them, so none is reaped.
   */
  next: bigint | undefined;

  /** Transactions of this sender in the pool. */
  get size(): number {
    return this.txs.length;
  }

  /** Index of the first entry with nonce >= `nonce`. */
  private lowerBound(nonce: bigint): number {
    let lo = 0;
    let hi = this.txs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.txs[mid]!.nonce < nonce) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The entry with this nonce, if any. */
  find(nonce: bigint): MempoolEntry | undefined {
    const e = this.txs[this.lowerBound(nonce)];
    return e !== undefined && e.nonce === nonce ? e : undefined;
  }

  /** Insert an entry whose nonce is not present yet. */
  insert(e: MempoolEntry): void {
    this.txs.splice(this.lowerBound(e.nonce), 0, e);
  }

  /** Remove an entry (by nonce); no-op when absent. */
  remove(e: MempoolEntry): void {
    const i = this.lowerBound(e.nonce);
    if (this.txs[i] === e) this.txs.splice(i, 1);
  }

  /** The first entry a proposal may take from this sender, or undefined while a gap blocks it. */
  head(): MempoolEntry | undefined {
    const first = this.txs[0];
    if (first === undefined) return undefined;
    if (this.next !== undefined && first.nonce > this.next) return undefined;
    return this.floor === undefined || first.nonce <= this.floor ? first : undefined;
  }
}
