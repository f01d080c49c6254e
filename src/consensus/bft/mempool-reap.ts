/** Selecting transactions for a proposal from the pool. */

import { Heap } from './heap.js';
import { type MempoolEntry, rankBefore, type SenderQueue } from './mempool-entry.js';

/** A sender's next candidate: its entry at `idx`, all below it already taken. */
interface Head {
  readonly e: MempoolEntry;
  readonly q: SenderQueue;
  readonly idx: number;
}

const bestFirst = (a: Head, b: Head): boolean => rankBefore(a.e, b.e);

/**
 * Take transactions for a proposal: highest fee per byte first across senders (ties by hash), but
 * each sender strictly in nonce order: only a sender's lowest transaction is eligible, the next one
 * after it is taken, and a sender stops at a nonce gap (or at a gap under its first transaction
 * recorded by a re-check). A transaction that does not fit the remaining byte budget ends its
 * sender (its successors depend on it) while smaller transactions of others may still fit.
 * At most `maxTxs` transactions and `maxBytes` bytes in total are returned.
 */
export function reapEntries(
  senders: Iterable<SenderQueue>,
  maxBytes: number,
  maxTxs: number,
): MempoolEntry[] {
  const heads: Head[] = [];
  for (const q of senders) {
    const e = q.head();
    if (e) heads.push({ e, q, idx: 0 });
  }
  const heap = new Heap(bestFirst, heads);
  const out: MempoolEntry[] = [];
  let bytes = 0;
  while (out.length < maxTxs) {
    const h = heap.pop();
    if (h === undefined) break;
    if (bytes + h.e.tx.length > maxBytes) continue;
    out.push(h.e);
    bytes += h.e.tx.length;
    const next = h.q.txs[h.idx + 1];
    if (next !== undefined && next.nonce === h.e.nonce + 1n) heap.push({ e: next, q: h.q, idx: h.idx + 1 });
  }
  return out;
}
