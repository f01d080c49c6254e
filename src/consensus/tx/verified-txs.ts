/**
 * A node's memory of transactions whose signature it has verified, so that one transaction costs
 * one Ed25519 verification per node instead of one at admission, one at each mempool re-check and
 * one at each execution of its block. Entries are keyed by the hash of the exact signed bytes (the
 * transaction hash), so any other bytes, even one differing bit, miss and are verified. Only a
 * successful full decode (signature and structure) adds an entry; a node therefore still verifies
 * every transaction at least once itself. Bounded: the oldest entries go first.
 */

/** Entries kept by default: several full mempools' worth. */
export const DEFAULT_VERIFIED_TXS = 50_000;

/** A bounded set of transaction hashes (hex) whose signed bytes passed verification here. */
export class VerifiedTxs {
  private readonly seen = new Set<string>();

  constructor(readonly limit = DEFAULT_VERIFIED_TXS) {}

  /** True when the signed bytes of hash `hashHex` were verified by this node. */
  has(hashHex: string): boolean {
    return this.seen.has(hashHex);
  }

  /** Remember a verified transaction (dropping the oldest beyond the limit). */
  add(hashHex: string): void {
    if (this.seen.has(hashHex)) return;
    this.seen.add(hashHex);
    if (this.seen.size > this.limit) this.seen.delete(this.seen.values().next().value as string);
  }

  /** Entries held. */
  get size(): number {
    return this.seen.size;
  }
}
