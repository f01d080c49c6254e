/**
 * Eviction planning: which transactions a new one may push out of a full pool. The rule keeps
 * eviction from being a cheap attack (see {@link planEviction}).
 */

import { Heap } from './heap.js';
import { comparePriority, type MempoolEntry, rankBefore, type SenderQueue } from './mempool-entry.js';

/** Room the new transaction needs: how many entries and bytes must go (<= 0 means none). */
export interface Shortfall {
  count: number;
  bytes: number;
}

/** A sender's current eviction candidate: its entry at `idx` (all above it already planned). */
interface Tail {
  readonly e: MempoolEntry;
  readonly q: SenderQueue;
  readonly idx: number;
}

/** Lowest rank first: the entry a proposer would take last is evicted first. */
const worstFirst = (a: Tail, b: Tail): boolean => rankBefore(b.e, a.e);

/**
 * Plan the evictions that make room for `incoming`, or return undefined when that is impossible.
 * Only a sender's highest-nonce transaction is ever a candidate (evicting a lower nonce would
 * strand the higher ones behind a gap); once it is planned, the next-highest becomes one.
 * Candidates are taken lowest priority first, and each must pay strictly less per byte than
 * `incoming`; on top of that, everything evicted together must have paid strictly less in total
 * fees than `incoming` pays. So pushing others out always costs more than they paid, by rate and
 * by amount, and flooding with cheap transactions can never displace a richer one. The new
 * transaction's own sender loses nothing below its nonce (that would open a gap under it). Nothing
 * is changed here; the caller applies the plan.
 */
export function planEviction(
  senders: Iterable<SenderQueue>,
  incoming: MempoolEntry,
  need: Shortfall,
): MempoolEntry[] | undefined {
  const tails: Tail[] = [];
  for (const q of senders) {
    const t = tailAt(q, q.size - 1, incoming);
    if (t) tails.push(t);
  }
  const heap = new Heap(worstFirst, tails);
  const out: MempoolEntry[] = [];
  let count = need.count;
  let bytes = need.bytes;
  let paid = 0n;
  while (count > 0 || bytes > 0) {
    const t = heap.pop();
    if (t === undefined || comparePriority(t.e, incoming) >= 0) return undefined;
    paid += t.e.fee;
    if (paid >= incoming.fee) return undefined;
    out.push(t.e);
    count -= 1;
    bytes -= t.e.tx.length;
    const below = tailAt(t.q, t.idx - 1, incoming);
    if (below) heap.push(below);
  }
  return out;
}

/** The candidate at `idx` of `q`, unless it is protected for `incoming`'s sender. */
function tailAt(q: SenderQueue, idx: number, incoming: MempoolEntry): Tail | undefined {
  const e = q.txs[idx];
  if (e === undefined) return undefined;
  if (e.sender === incoming.sender && e.nonce <= incoming.nonce) return undefined;
  return { e, q, idx };
}
