/**
 * A domain's state as a resident {@link CompactTree} over a LevelDB {@link StateLogStore}: opening
 * restores the tree from the latest snapshot and the write logs after it; every commit appends
 * one record (its durability overlaps the next block); a snapshot is taken when the entries logged
 * since the last one reach the number of live keys (times {@link CompactStateOptions.snapshotRatio}),
 * so a restart replays at most about one state's worth of changes and the snapshot's cost is
 * spread over at least as many logged changes as it writes.
 */
import { MkvsError } from '../errors.js';
import type { WriteLog } from '../writelog.js';
import { StateLogStore } from './log-store.js';
import { type CommitSink, CompactTree } from './tree.js';

/** The fewest logged entries a snapshot waits for by default (see {@link CompactStateOptions}). */
export const DEFAULT_MIN_SNAPSHOT_ENTRIES = 100_000;

/** Options of {@link CompactState.open}. */
export interface CompactStateOptions {
  /** Namespace (32 bytes) the store is bound to. */
  namespace?: Uint8Array;
  /** Snapshot when logged entries since the last snapshot ≥ this × live keys (default 1). */
  snapshotRatio?: number;
  /** ... and at least this many (default 100,000), so small states do not snapshot every block. */
  minSnapshotEntries?: number;
}

/** See the module header. */
export class CompactState {
  /** The last snapshot under way (its failure surfaces on the store's next write). */
  private snapshotting: Promise<void> = Promise.resolve();
  /** Snapshots started by commits (for tests and metrics). */
  snapshots = 0;

  private constructor(
    readonly tree: CompactTree,
    readonly store: StateLogStore,
    /** Where the restore ended (undefined: the store was empty). */
    readonly restored: { version: bigint; root: Uint8Array } | undefined,
    private readonly ratio: number,
    private readonly minEntries: number,
  ) {}

  /** Open (creating if needed) the state at `path` and restore its tree. */
  static async open(path: string, opts: CompactStateOptions = {}): Promise<CompactState> {
    const [ratio, min] = policy(opts);
    const store = await StateLogStore.open(path, { ...(opts.namespace && { namespace: opts.namespace }) });
    try {
      const tree = new CompactTree();
      const restored = await store.restore(tree);
      if (restored !== undefined) tree.settle(restored.version);
      const s = new CompactState(tree, store, restored, ratio, min);
      tree.attach({ append: (v, root, log, ns) => s.append(v, root, log, ns) });
      return s;
    } catch (e) {
      await store.close();
      throw e;
    }
  }

  /**
   * Take `tree` (built and committed without a store, e.g. a large genesis) as the state at
   * `path`, which must be empty: its committed content becomes the store's first snapshot.
   */
  static async adopt(path: string, tree: CompactTree, opts: CompactStateOptions = {}): Promise<CompactState> {
    const v = tree.committedVersion;
    if (v === undefined) throw new MkvsError(MkvsError.VERSION_ORDER, 'adopt: the tree has no commit');
    const [ratio, min] = policy(opts);
    const store = await StateLogStore.open(path, { ...(opts.namespace && { namespace: opts.namespace }) });
    try {
      if (store.latestVersion() !== undefined)
        throw new MkvsError(MkvsError.VERSION_ORDER, `adopt: the state at ${path} is not empty`);
      await store.snapshot(v, tree.rootHash(), tree.snapshotSource());
      const s = new CompactState(tree, store, undefined, ratio, min);
      tree.attach({ append: (ver, root, log, ns) => s.append(ver, root, log, ns) });
      return s;
    } catch (e) {
      await store.close();
      throw e;
    }
  }

  /**
   * Put `wrap` between the tree's commits and this state's log: the wrapped sink decides when a
   * commit's record is handed to the store (e.g. after a caller's own record of that version is
   * durable, so the caller's record never lags the state's).
   */
  interpose(wrap: (inner: CommitSink) => CommitSink): void {
    this.tree.attach(wrap({ append: (v, root, log, ns) => this.append(v, root, log, ns) }));
  }

  /** Wait until every commit and snapshot is durable, then close the store. */
  async close(): Promise<void> {
    try {
      await this.tree.flush();
      await this.snapshotting;
    } finally {
      await this.store.close();
    }
  }

  private append(version: bigint, root: Uint8Array, log: WriteLog, ns?: Uint8Array): Promise<void> {
    const done = this.store.append(version, root, log, ns);
    const due = Math.max(this.minEntries, this.ratio * this.tree.size);
    if (this.store.entriesSinceSnapshot >= due && !this.store.isSnapshotting) {
      // The store reads the entries before returning, so the tree may change right after.
      this.snapshots++;
      this.snapshotting = this.store.snapshot(version, root, this.tree.snapshotSource()).catch(() => {});
    }
    return done;
  }
}

/** The snapshot policy of `opts`: [ratio, minimum entries], checked. */
function policy(opts: CompactStateOptions): [number, number] {
  const ratio = opts.snapshotRatio ?? 1;
  const min = opts.minSnapshotEntries ?? DEFAULT_MIN_SNAPSHOT_ENTRIES;
  if (!(ratio > 0) || !(min >= 0)) {
    throw new MkvsError(MkvsError.WRITE_LOG, 'snapshot ratio must be positive, minimum entries not negative');
  }
  return [ratio, min];
}
