/**
 * The LevelDB block store (classic-level). Layout: `b ‖ u64be(h)` → block, `c ‖ u64be(h)` →
 * commit, `m` → u64be(base) ‖ u64be(height). Each save is one synced batch holding the block, its
 * commit and the new meta, so after a crash the store holds the previous height or the new one,
 * and the meta always agrees with the data.
 */
import { ClassicLevel } from 'classic-level';
import { concatBytes, readU64be, u64be } from '../../common/index.js';
import { type BlockStore, checkSameBlock, planSave, SaveQueue } from './block-store.js';
import { errText } from './durable-fs.js';
import { BftError } from './errors.js';

const BLOCK = 0x62; // 'b'
const COMMIT = 0x63; // 'c'
const META_KEY = Uint8Array.of(0x6d); // 'm'

/** A {@link BlockStore} in a LevelDB directory. */
export class LevelBlockStore implements BlockStore {
  private readonly queue = new SaveQueue();
  private closed = false;

  private constructor(
    private readonly db: ClassicLevel<Uint8Array, Uint8Array>,
    private lo: bigint,
    private hi: bigint,
  ) {}

  /** Open (creating if needed) the store in `dir`; a malformed meta record is refused. */
  static async open(dir: string): Promise<LevelBlockStore> {
    const db = new ClassicLevel<Uint8Array, Uint8Array>(dir, { keyEncoding: 'view', valueEncoding: 'view' });
    try {
      await db.open();
    } catch (e) {
      throw ioError('open', e);
    }
    try {
      const [lo, hi] = decodeMeta(await db.get(META_KEY));
      return new LevelBlockStore(db, lo, hi);
    } catch (e) {
      await db.close();
      throw e instanceof BftError ? e : ioError('open', e);
    }
  }

  save(height: bigint, block: Uint8Array, commit: Uint8Array): Promise<void> {
    return this.queue.run(async () => {
      this.live();
      if (planSave(this.lo, this.hi, height) === 'existing') {
        checkSameBlock(height, await this.get(BLOCK, height), block);
        return;
      }
      const lo = this.hi === 0n ? height : this.lo;
      try {
        await this.db.batch(
          [
            { type: 'put', key: key(BLOCK, height), value: block },
            { type: 'put', key: key(COMMIT, height), value: commit },
            { type: 'put', key: META_KEY, value: concatBytes(u64be(lo), u64be(height)) },
          ],
          { sync: true },
        );
      } catch (e) {
        throw ioError('save', e);
      }
      this.lo = lo;
      this.hi = height;
    });
  }

  block(height: bigint): Promise<Uint8Array | undefined> {
    return this.get(BLOCK, height);
  }

  commit(height: bigint): Promise<Uint8Array | undefined> {
    return this.get(COMMIT, height);
  }

  height(): bigint {
    return this.hi;
  }

  base(): bigint {
    return this.lo;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.queue.drain();
    await this.db.close();
  }

  private async get(prefix: number, height: bigint): Promise<Uint8Array | undefined> {
    this.live();
    // Heights outside the stored range are not held; this also keeps u64be from seeing negatives.
    if (this.hi === 0n || height < this.lo || height > this.hi) return undefined;
    try {
      return (await this.db.get(key(prefix, height))) ?? undefined;
    } catch (e) {
      throw ioError('read', e);
    }
  }

  private live(): void {
    if (this.closed) throw new BftError(BftError.STORE_CLOSED, 'block store is closed');
  }
}

function key(prefix: number, height: bigint): Uint8Array {
  return concatBytes(Uint8Array.of(prefix), u64be(height));
}

/** Strict decode of the meta record: absent means empty; present must be a sane, non-empty range. */
function decodeMeta(v: Uint8Array | undefined): [bigint, bigint] {
  if (v === undefined) return [0n, 0n];
  if (v.length !== 16) {
    throw new BftError(BftError.BLOCK_STORE_CORRUPT, `block store meta has ${v.length} bytes, expected 16`);
  }
  const lo = readU64be(v, 0);
  const hi = readU64be(v, 8);
  if (lo < 1n || hi < lo) {
    throw new BftError(BftError.BLOCK_STORE_CORRUPT, `block store meta range ${lo}..${hi} is invalid`);
  }
  return [lo, hi];
}

function ioError(op: string, e: unknown): BftError {
  return new BftError(BftError.BLOCK_STORE_IO, `block store ${op} failed: ${errText(e)}`, { op });
}
