/**
 * Decided blocks for the API: reads and decodes them from the block store, indexes each one once
 * (its hash and its transactions' positions, in height order) and hands it to the `blocks`
 * subscription. At creation the last {@link BACKFILL_BLOCKS} stored blocks are indexed without
 * events, so a restarted node has its recent transactions at hand; with a persistent
 * {@link TxArchive} every block indexed is also archived, and lookups the memory
 * index misses go to the archive.
 */
import type { BlockView, TxView } from '../api/index.js';
import type { BlockStore } from '../consensus/bft/index.js';
import type { TxArchive } from './tx-archive.js';
import type { TxIndex } from './tx-index.js';
import { blockView, decodeStoredBlock, receiptView } from './views.js';

/** Blocks indexed silently at creation. */
export const BACKFILL_BLOCKS = 256n;
/** Most blocks one {@link BlockFeed.advance} indexes (a larger gap skips the oldest). */
export const MAX_CATCHUP = 1024n;

/** See the module header. */
export class BlockFeed {
  private indexed: bigint;
  private tail: Promise<void>;
  private last: BlockView | undefined;

  constructor(
    private readonly blocks: BlockStore,
    private readonly index: TxIndex,
    private readonly emit: (b: BlockView) => void,
    private readonly archive?: TxArchive,
  ) {
    const top = blocks.height();
    const floor = blocks.base() > 0n ? blocks.base() - 1n : 0n;
    this.indexed = top - BACKFILL_BLOCKS > floor ? top - BACKFILL_BLOCKS : floor;
    // A failed backfill only leaves older transactions unknown; later blocks still index.
    this.tail = this.run(top, false).catch(() => {});
  }

  /** Index (and emit) every stored block up to `height` not indexed yet, in order. */
  advance(height: bigint): Promise<void> {
    const p = this.tail.then(() => this.run(height, true));
    this.tail = p.catch(() => {});
    return p;
  }

  /** The block at `height`, or null when the store does not hold it. */
  async view(height: bigint): Promise<BlockView | null> {
    if (height < 1n || height < this.blocks.base() || height > this.blocks.height()) return null;
    if (this.last?.height === Number(height)) return this.last;
    const bytes = await this.blocks.block(height);
    return bytes === undefined ? null : blockView(decodeStoredBlock(bytes));
  }

  /** An indexed transaction with its receipt (null until its domain executed it). */
  async tx(hash: Uint8Array): Promise<TxView | null> {
    const at = this.index.location(hash) ?? (await this.archive?.location(hash));
    if (at === undefined) return null;
    const bytes = await this.blocks.block(at.height);
    const tx = bytes === undefined ? undefined : decodeStoredBlock(bytes).txs[at.index];
    if (tx === undefined) return null;
    const r = this.index.receipt(hash) ?? (await this.archive?.receipt(hash));
    return {
      tx,
      height: Number(at.height),
      index: at.index,
      receipt: r === undefined ? null : receiptView(r.domain, r.receipt),
    };
  }

  /** Hash and time of the block at the committed `height` (zero hash and genesis time at 0). */
  async latest(height: bigint, genesisTimeMs: bigint): Promise<{ hash: Uint8Array; time: number }> {
    const v = height === 0n ? null : await this.view(height);
    return v === null ? { hash: new Uint8Array(32), time: Number(genesisTimeMs) } : v;
  }

  private async run(to: bigint, emit: boolean): Promise<void> {
    let h = this.indexed + 1n;
    if (to - h >= MAX_CATCHUP) h = to - MAX_CATCHUP + 1n;
    for (; h <= to; h++) {
      const bytes = await this.blocks.block(h);
      if (bytes === undefined) return;
      const v = blockView(decodeStoredBlock(bytes));
      this.index.addBlock(h, v.hash, v.tx_hashes);
      this.archive?.putBlock(h, v.hash, v.tx_hashes);
      this.indexed = h;
      this.last = v;
      if (emit) this.emit(v);
    }
  }
}
