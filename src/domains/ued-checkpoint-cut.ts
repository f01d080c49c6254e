/**
 * State-sync checkpoints of a UED on the compact store, which keeps no older version to read
 * them from: at every multiple of the checkpoint interval the worker cuts the tree of that height
 * into a node database of its own (`<dir>/checkpoints`), from which the main thread's checkpoint
 * maker reads the nodes (worker message `node`) as it would from the node store. The first cut of
 * a session writes every entry; later cuts apply the keys changed since the previous cut to its
 * root. Cuts older than twice `keep` intervals are pruned (the maker offers at most `keep`, and
 * may skip a height its VED already left).
 */
import { bytesKey } from '../common/index.js';
import { type CompactTree, encodeNode, type LevelNodeDB, Tree, type WriteLog } from '../mkvs/index.js';

/** When and how many checkpoints the worker cuts. */
export interface CutPolicy {
  readonly interval: bigint;
  readonly keep: number;
}

/** See the module header. */
export class CheckpointCutter {
  /** Keys changed since the last cut (latest value; null = removed). */
  private readonly changed = new Map<string, { key: Uint8Array; value: Uint8Array | null }>();
  /** Root of this session's last cut (undefined: the next cut writes every entry). */
  private base: Uint8Array | undefined;

  constructor(
    private readonly db: LevelNodeDB,
    private readonly ns: Uint8Array,
    private readonly policy: CutPolicy,
  ) {}

  /** Height `height` was committed with `log` into `tree`: note its changes, cut when due. */
  async committed(height: bigint, log: WriteLog, tree: CompactTree): Promise<void> {
    if (this.base !== undefined) {
      for (const e of log) {
        this.changed.set(bytesKey(e.key), { key: e.key, value: e.value === null ? null : e.value.slice() });
      }
    }
    if (height === 0n || height % this.policy.interval !== 0n) return;
    const t =
      this.base === undefined ? new Tree({ db: this.db }) : new Tree({ db: this.db, rootHash: this.base });
    // The entries are views of the resident tree's arena, which nothing changes until this returns.
    if (this.base === undefined) for (const [k, v] of tree.entries()) await t.insert(k, v);
    else {
      for (const e of this.changed.values()) {
        if (e.value === null) await t.remove(e.key);
        else await t.insert(e.key, e.value);
      }
    }
    this.changed.clear();
    this.base = await t.commit(this.ns, height);
    const old = height - 2n * BigInt(this.policy.keep) * this.policy.interval;
    if (old > 0n) await this.db.prune(old);
  }

  /** A node of a cut by hash, in its stored encoding, or null. */
  async node(hash: Uint8Array): Promise<Uint8Array | null> {
    const n = await this.db.getNode(hash);
    return n === undefined ? null : encodeNode(n, 'full');
  }

  /** Close the cuts' database (each cut was committed before its height was posted). */
  close(): Promise<void> {
    return this.db.close();
  }
}
