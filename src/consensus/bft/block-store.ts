/**
 * The block store: decided blocks and the commits that decided them, by height, as opaque bytes.
 * Heights are contiguous from a base (the first height saved, so a node that state-synced can
 * start above 1). Saving the same block again at a stored height is a no-op; a different block
 * there is a conflict, which would mean two decisions at one height and must never pass silently.
 */
import { bytesEqual, copyBytes } from '../../common/index.js';
import { BftError } from './errors.js';

/** Durable storage of decided blocks with their commits. */
export interface BlockStore {
  /**
   * Save block bytes and the commit bytes that decided it, atomically; heights must be
   * contiguous (height = this.height() + 1, or any height if empty: the first save sets `base`).
   * Re-saving the identical block at a stored height is a no-op that keeps the first commit.
   */
  save(height: bigint, block: Uint8Array, commit: Uint8Array): Promise<void>;
  /** The block at `height`, or undefined if not held. */
  block(height: bigint): Promise<Uint8Array | undefined>;
  /** The commit that decided the block at `height`, or undefined if not held. */
  commit(height: bigint): Promise<Uint8Array | undefined>;
  /** Highest saved height, 0n if empty. */
  height(): bigint;
  /** Lowest height held, 0n if empty. */
  base(): bigint;
  /** Release the store; later calls fail with `BftError.STORE_CLOSED`. */
  close(): Promise<void>;
}

/** Largest height a store accepts (heights are u64 on the wire). */
export const MAX_HEIGHT = 0xffff_ffff_ffff_ffffn;

/**
 * Classify a save at `height` into a store holding `[base, top]` (top 0n when empty): a new
 * height to append, or one already stored (to compare). Throws for anything else.
 */
export function planSave(base: bigint, top: bigint, height: bigint): 'append' | 'existing' {
  if (typeof height !== 'bigint' || height < 1n || height > MAX_HEIGHT) {
    throw new BftError(BftError.INVALID_HEIGHT, `invalid block height ${String(height)}`);
  }
  if (top === 0n || height === top + 1n) return 'append';
  if (height >= base && height <= top) return 'existing';
  throw new BftError(
    BftError.BLOCK_NOT_CONTIGUOUS,
    `block height ${height} is not contiguous with stored heights ${base}..${top}`,
    { height: String(height), base: String(base), top: String(top) },
  );
}

/** Throw unless `stored` is the same block as `block` (a re-save at an existing height). */
export function checkSameBlock(height: bigint, stored: Uint8Array | undefined, block: Uint8Array): void {
  if (stored !== undefined && bytesEqual(stored, block)) return;
  throw new BftError(BftError.BLOCK_CONFLICT, `a different block is already stored at height ${height}`, {
    height: String(height),
  });
}

/**
 * Runs saves one at a time: a save checks the current height and then awaits its write, so two
 * overlapping saves would otherwise both see the same height.
 */
export class SaveQueue {
  private tail: Promise<unknown> = Promise.resolve();

  /** Run `fn` after every earlier call has settled. */
  run<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.tail.then(fn);
    this.tail = p.catch(() => undefined);
    return p;
  }

  /** Settles once every queued call has. */
  drain(): Promise<unknown> {
    return this.tail;
  }
}

/** A {@link BlockStore} in memory (for the simulator and tests). */
export class MemoryBlockStore implements BlockStore {
  private readonly blocks = new Map<bigint, { block: Uint8Array; commit: Uint8Array }>();
  private lo = 0n;
  private hi = 0n;
  private closed = false;

  async save(height: bigint, block: Uint8Array, commit: Uint8Array): Promise<void> {
    this.live();
    if (planSave(this.lo, this.hi, height) === 'existing') {
      checkSameBlock(height, this.blocks.get(height)?.block, block);
      return;
    }
    this.blocks.set(height, { block: copyBytes(block), commit: copyBytes(commit) });
    if (this.hi === 0n) this.lo = height;
    this.hi = height;
  }

  async block(height: bigint): Promise<Uint8Array | undefined> {
    this.live();
    const e = this.blocks.get(height);
    return e && copyBytes(e.block);
  }

  async commit(height: bigint): Promise<Uint8Array | undefined> {
    this.live();
    const e = this.blocks.get(height);
    return e && copyBytes(e.commit);
  }

  height(): bigint {
    return this.hi;
  }

  base(): bigint {
    return this.lo;
  }

  async close(): Promise<void> {
    this.closed = true;
  }

  private live(): void {
    if (this.closed) throw new BftError(BftError.STORE_CLOSED, 'block store is closed');
  }
}
