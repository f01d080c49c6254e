/**
 * A node's memory of transactions whose signature it has verified, so that one transaction costs
 * one Ed25519 verification per node instead of one at admission, one at each mempool re-check and
 * one at each execution of its block. Entries are keyed by the hash of the exact signed bytes (the
 * transaction hash), so any other bytes, even one differing bit, miss and are verified. Only a
 * successful full decode (signature and structure) adds an entry; a node therefore still verifies
 * every transaction at least once itself. Bounded: the oldest entries go first.
 */

import { bytesKey } from '../../common/index.js';

/** Entries kept by default: several full mempools' worth. */
export const DEFAULT_VERIFIED_TXS = 50_000;

/**
 * A bounded set of transaction hashes whose signed bytes passed verification here. Kept as
 * 32-character binary strings (one char per byte): a lookup makes and hashes a string half the
 * length of the hex one, with no hex conversion, on the per-transaction path.
 */
export class VerifiedTxs {
  private readonly seen = new Set<string>();

  constructor(readonly limit = DEFAULT_VERIFIED_TXS) {}

  /** True when the signed bytes of hash `hashHex` (hex) were verified by this node. */
  has(hashHex: string): boolean {
    const k = hexKey(hashHex);
    return k !== undefined && this.seen.has(k);
  }

  /** Remember a verified transaction (dropping the oldest beyond the limit). */
  add(hashHex: string): void {
    const k = hexKey(hashHex);
    if (k !== undefined) this.addKey(k);
  }

  /** {@link has} by the hash bytes. */
  hasHash(hash: Uint8Array): boolean {
    return this.seen.has(bytesKey(hash));
  }

  /** {@link add} by the hash bytes. */
  addHash(hash: Uint8Array): void {
    this.addKey(bytesKey(hash));
  }

  /** Entries held. */
  get size(): number {
    return this.seen.size;
  }

  private addKey(k: string): void {
    if (this.seen.has(k)) return;
    this.seen.add(k);
    if (this.seen.size > this.limit) this.seen.delete(this.seen.values().next().value as string);
  }
}

/** The key of a hash in hex; undefined (never held, never added) for anything but 64 hex digits. */
function hexKey(hex: string): string | undefined {
  return /^[0-9a-fA-F]{64}$/.test(hex) ? Buffer.from(hex, 'hex').toString('latin1') : undefined;
}
