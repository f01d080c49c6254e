/**
 * Transactions whose signature this runtime already verified, by the hash of their whole signed
 * bytes. A transaction is normally checked (CheckTxBatch, when it enters a mempool) and later
 * executed by the same runtime; the signature is a pure function of those bytes and the session's
 * domain, so the second verification can be skipped. Bounded; the oldest entries go first.
 */
import { bytesKey } from '../../common/index.js';

/** Default number of remembered transactions. */
export const VERIFIED_TX_CACHE_MAX = 65_536;

/** See the module comment. Keep one per session: a session's domain never changes. */
export class VerifiedTxCache {
  private readonly seen = new Set<string>();

  constructor(private readonly max = VERIFIED_TX_CACHE_MAX) {}

  /** True when the transaction with hash `txHash` was verified before. */
  has(txHash: Uint8Array): boolean {
    return this.seen.has(bytesKey(txHash));
  }

  /** Remember that the transaction with hash `txHash` verified. */
  add(txHash: Uint8Array): void {
    const k = bytesKey(txHash);
    if (this.seen.has(k)) return;
    if (this.seen.size >= this.max) this.seen.delete(this.seen.values().next().value as string);
    this.seen.add(k);
  }
}
