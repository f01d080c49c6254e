/**
 * The node's bounded index of recent transactions and blocks: transaction hash → (height, index
 * in the block), transaction hash → receipt with the domain that produced it, and block hash →
 * height. Each map keeps at most `limit` entries and forgets the oldest first, so memory stays
 * bounded however long the node runs; a lookup of something forgotten answers "unknown".
 * Inclusion waiters are resolved when the index learns a transaction's block.
 */
import { toHex } from '../common/index.js';
import type { Receipt } from '../consensus/index.js';

/** Where a transaction was included. */
export interface TxLocation {
  readonly height: bigint;
  readonly index: number;
}

/** A receipt with the domain that executed the transaction. */
export interface IndexedReceipt {
  readonly domain: 'ved' | 'ued';
  readonly receipt: Receipt;
}

/** Default number of entries each map of a {@link TxIndex} keeps. */
export const DEFAULT_INDEX_LIMIT = 200_000;

/** A map that forgets its oldest insertions beyond a limit. */
class BoundedMap<V> {
  private readonly m = new Map<string, V>();
  constructor(private readonly limit: number) {}
  get(k: string): V | undefined {
    return this.m.get(k);
  }
  set(k: string, v: V): void {
    this.m.delete(k);
    this.m.set(k, v);
    while (this.m.size > this.limit) this.m.delete(this.m.keys().next().value as string);
  }
  get size(): number {
    return this.m.size;
  }
}

/** See the module header. */
export class TxIndex {
  private readonly locations: BoundedMap<TxLocation>;
  private readonly receipts: BoundedMap<IndexedReceipt>;
  private readonly blocks: BoundedMap<bigint>;
  private readonly waiters = new Map<string, Set<(l: TxLocation) => void>>();

  constructor(limit = DEFAULT_INDEX_LIMIT) {
    this.locations = new BoundedMap(limit);
    this.receipts = new BoundedMap(limit);
    this.blocks = new BoundedMap(limit);
  }

  /** Index a decided block: its hash and each transaction's position; wakes inclusion waiters. */
  addBlock(height: bigint, blockHash: Uint8Array, txHashes: readonly Uint8Array[]): void {
    this.blocks.set(toHex(blockHash), height);
    txHashes.forEach((h, index) => {
      const k = toHex(h);
      const loc = { height, index };
      this.locations.set(k, loc);
      const ws = this.waiters.get(k);
      if (ws === undefined) return;
      this.waiters.delete(k);
      for (const w of ws) w(loc);
    });
  }

  /** Record the receipts a domain produced. */
  addReceipts(domain: 'ved' | 'ued', receipts: readonly { txHash: Uint8Array; receipt: Receipt }[]): void {
    for (const r of receipts) this.receipts.set(toHex(r.txHash), { domain, receipt: r.receipt });
  }

  /** Where a transaction was included, if indexed. */
  location(txHash: Uint8Array): TxLocation | undefined {
    return this.locations.get(toHex(txHash));
  }

  /** A transaction's receipt, if indexed. */
  receipt(txHash: Uint8Array): IndexedReceipt | undefined {
    return this.receipts.get(toHex(txHash));
  }

  /** The height of a block by hash, if indexed. */
  blockHeight(blockHash: Uint8Array): bigint | undefined {
    return this.blocks.get(toHex(blockHash));
  }

  /** Call `f` once the transaction is indexed; returns the function that cancels the wait. */
  onIncluded(txHash: Uint8Array, f: (l: TxLocation) => void): () => void {
    const k = toHex(txHash);
    let ws = this.waiters.get(k);
    if (ws === undefined) this.waiters.set(k, (ws = new Set()));
    ws.add(f);
    return () => {
      ws.delete(f);
      if (ws.size === 0 && this.waiters.get(k) === ws) this.waiters.delete(k);
    };
  }

  /** Number of pending inclusion waits (metrics and tests). */
  pendingWaits(): number {
    let n = 0;
    for (const ws of this.waiters.values()) n += ws.size;
    return n;
  }

  /** Sizes of the three maps (tests). */
  sizes(): { txs: number; receipts: number; blocks: number } {
    return { txs: this.locations.size, receipts: this.receipts.size, blocks: this.blocks.size };
  }
}
