/**
 * A resident MKVS tree: the latest version of a state held whole in memory in a compact
 * {@link NodeStore}, changed in place, with the same hashes and roots as the node-database
 * {@link Tree} for the same key set (spec/oasis.md §1). Reads never wait and decode nothing; a
 * commit hashes the changed nodes once. Durability is not per node: each commit hands its sorted
 * write log and root to a {@link CommitSink} (the LevelDB state log), which a restart replays on
 * top of the latest snapshot. Older versions are not kept here.
 */
import { MkvsError } from '../errors.js';
import { checkKey, PendingChanges } from '../pending.js';
import type { StateTree } from '../state-tree.js';
import type { TreeIterator } from '../tree/iterator.js';
import type { WriteLog } from '../writelog.js';
import { DirtyLeaves } from './dirty-leaves.js';
import { hashDirty, hashOf, staleCopy } from './hash-nodes.js';
import { CompactIterator } from './iterator.js';
import { KeyIndex } from './key-index.js';
import type { SnapshotSource } from './log-encode.js';
import { type Change, insertAt, removeAt } from './mutate.js';
import { HASHED, INTERNAL, IS_HASHED, KIND, LEFT, NIL, NodeStore, RIGHT, VOFF, W } from './nodes.js';
import { EMPTY_PACKED_LOG, type PackedLog, packLog, unpackLog } from './packed-log.js';
import { leafFields, TreeSnapshotSource } from './snapshot-source.js';

/**
 * Where a commit's write log goes (the state log): `append` checks at once (throwing) and may
 * resolve once the record is durable.
 */
export interface CommitSink {
  append(version: bigint, root: Uint8Array, log: WriteLog, ns?: Uint8Array): Promise<void>;
}

/** Child fields in reverse key order (a stack pops them in key order). */
const CHILD_FIELDS = [RIGHT, LEFT, VOFF] as const;

/** See the module header. */
export class CompactTree implements StateTree {
  readonly nodes = new NodeStore();
  private readonly index = new KeyIndex(this.nodes);
  /** Updated leaves whose paths are not marked yet (see {@link DirtyLeaves}). */
  private readonly dirty = new DirtyLeaves(this.nodes);
  private root = NIL;
  /**
   * Changes since the last commit; made at a block's first change, not at the commit before, so
   * it is young while the block fills it (young-gc.ts, preferYoungAllocation, says why that matters).
   */
  private pending: PendingChanges | undefined;
  /** The last commit's write log, packed (packed-log.ts says why). */
  private lastLog: PackedLog = EMPTY_PACKED_LOG;
  private version: bigint | undefined;
  /** The last commit's durability, and the first error of any commit's write. */
  private durable: Promise<void> = Promise.resolve();
  private failure: unknown;
  private readonly out: Change = { old: null, changed: false, leaf: NIL };
  /** Hashes computed by the last commit. */
  lastCommitHashes = 0;

  /** A tree whose commits go to `sink` (none: commits are only hashed, until {@link attach}). */
  constructor(private sink?: CommitSink) {}

  /** Send the commits from now on to `sink` (for a tree built before its store was opened). */
  attach(sink: CommitSink): void {
    this.sink = sink;
  }

  /** Take the current content as committed at `version` (after a restore replayed logs into it). */
  settle(version: bigint): void {
    this.rootHash();
    this.pending = undefined;
    this.lastLog = EMPTY_PACKED_LOG;
    this.version = version;
  }

  /** Number of keys. */
  get size(): number {
    return this.nodes.leaves;
  }

  /** The version of the last commit (or load), if any. */
  get committedVersion(): bigint | undefined {
    return this.version;
  }

  async get(key: Uint8Array): Promise<Uint8Array | null> {
    return this.getNow(key);
  }

  getNow(key: Uint8Array): Uint8Array | null {
    const l = this.index.find(key);
    return l < 0 ? null : this.nodes.value(l);
  }

  async insert(key: Uint8Array, value: Uint8Array | null | undefined): Promise<void> {
    this.insertNow(key, value);
  }

  insertNow(key: Uint8Array, value: Uint8Array | null | undefined): boolean {
    checkKey(key);
    const v = value ?? new Uint8Array(0);
    const s = this.nodes;
    const l = this.index.find(key);
    if (l >= 0) {
      // An existing key (the usual write): its leaf changes in place; the path above it is
      // marked before the next hashing, with every other updated leaf's (see DirtyLeaves).
      if (s.valueEquals(l, v)) return true;
      const old = s.value(l);
      if (s.m[l * W + HASHED] === 1) this.dirty.add(l);
      s.setValue(l, v);
      this.track(key, old, v);
      return true;
    }
    const out = this.reset();
    this.setRoot(insertAt(s, this.root, 0, key, v, out));
    if (out.leaf !== NIL) this.index.addMissed(out.leaf, key);
    if (out.changed) this.track(key, out.old, v);
    return true;
  }

  async remove(key: Uint8Array): Promise<void> {
    checkKey(key);
    this.removeKey(key);
  }

  private removeKey(key: Uint8Array): void {
    const out = this.reset();
    this.setRoot(removeAt(this.nodes, this.root, 0, key, out));
    if (!out.changed) return;
    this.index.delete(key);
    this.track(key, out.old, null);
  }

  private setRoot(r: number): void {
    this.root = r;
    if (r !== NIL) this.nodes.setParent(r, NIL);
  }

  /**
   * Check the tree's own links (O(n), for tests): every child names its parent, every leaf is
   * found by its key, the index holds nothing else, hashed nodes have hashed children, valid
   * copies of children's hashes are the children's hashes. Returns
   * the first problem, or undefined.
   */
  selfCheck(): string | undefined {
    const s = this.nodes;
    this.dirty.markPaths();
    if (this.root !== NIL && s.parent(this.root) !== NIL) return 'the root has a parent';
    const stack = this.root === NIL ? [] : [this.root];
    let leaves = 0;
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (s.m[n * W + KIND] !== INTERNAL) {
        leaves++;
        if (this.index.findInTable(s.key(n)) !== n) return `leaf ${n} is not indexed`;
        continue;
      }
      for (const f of [VOFF, LEFT, RIGHT]) {
        const c = s.m[n * W + f]!;
        if (c === NIL) continue;
        if (s.parent(c) !== n) return `node ${c} does not name its parent ${n}`;
        if (s.m[n * W + HASHED]! & ~s.m[c * W + HASHED]! & IS_HASHED) return `hashed ${n} over unhashed ${c}`;
        stack.push(c);
      }
      const bad = staleCopy(s, n);
      if (bad !== undefined) return bad;
    }
    return leaves === s.leaves ? undefined : `${leaves} leaves reachable, ${s.leaves} live`;
  }

  iterator(): TreeIterator {
    return new CompactIterator(this.nodes, () => this.root);
  }

  /** Every entry in key order (views of the arena; the tree must not change meanwhile). */
  *entries(): Generator<readonly [Uint8Array, Uint8Array]> {
    const s = this.nodes;
    const stack = this.root === NIL ? [] : [this.root];
    while (stack.length > 0) {
      const n = stack.pop()!;
      if (s.m[n * W + KIND] !== INTERNAL) {
        yield [s.key(n), s.value(n)];
        continue;
      }
      // Right, left, then the leaf slot: popped in key order.
      for (const f of CHILD_FIELDS) {
        const c = s.m[n * W + f]!;
        if (c !== NIL) stack.push(c);
      }
    }
  }

  /**
   * Every entry in key order, read in place by a snapshot writer (the cheap form of
   * {@link entries}; the tree must not change while it is read).
   */
  snapshotSource(): SnapshotSource {
    return new TreeSnapshotSource(this.nodes, leafFields(this.nodes, this.root));
  }

  rootHash(): Uint8Array {
    this.dirty.markPaths();
    this.lastCommitHashes = hashDirty(this.nodes, this.root);
    return hashOf(this.nodes, this.root);
  }

  /**
   * Hash the changed nodes and hand the version's write log to the sink. Returns the root hash
   * once the previous commit's write is durable, without waiting for this one's (see
   * {@link flush}): a crash loses at most the last version, which the block store replays. An
   * earlier write's failure is thrown here.
   * Versions never decrease (as in a node database; the sink may ask for more).
   */
  async commit(ns: Uint8Array, version: bigint): Promise<Uint8Array> {
    if (this.failure !== undefined) throw this.failure;
    if (this.version !== undefined && version < this.version) {
      const msg = `commit of version ${version} after version ${this.version}`;
      throw new MkvsError(MkvsError.VERSION_ORDER, msg);
    }
    const root = this.rootHash();
    const log = this.pendingWriteLog();
    // The sink checks before anything changes here, so a refused commit can be retried.
    const w = this.sink?.append(version, root, log, ns);
    this.lastLog = packLog(log);
    this.pending = undefined;
    this.version = version;
    this.nodes.compactIfWasteful();
    if (w !== undefined) {
      // At most one version in flight: the previous commit's write (long done, normally: it had a
      // whole block to finish) is awaited before this one returns, so writes never pile up.
      const previous = this.durable;
      this.durable = w.catch((e: unknown) => {
        this.failure ??= e;
      });
      await previous;
      if (this.failure !== undefined) throw this.failure;
    }
    return root;
  }

  /** Entries of the last commit's write log (counted without unpacking it). */
  get writeLogLength(): number {
    return this.lastLog.at.length / 4;
  }

  /** Resolves when every commit so far is durable; throws the first failed write's error. */
  async flush(): Promise<void> {
    await this.durable;
    if (this.failure !== undefined) throw this.failure;
  }

  writeLog(): WriteLog {
    return unpackLog(this.lastLog);
  }

  /** Changes since the last commit, sorted by key. */
  pendingWriteLog(): WriteLog {
    return this.pending?.writeLog() ?? [];
  }

  /** Apply a write log (null value → remove) as uncommitted changes. */
  applyWriteLog(log: WriteLog): void {
    for (const e of log) {
      if (e.value === null) {
        checkKey(e.key);
        this.removeKey(e.key);
      } else this.insertNow(e.key, e.value);
    }
  }

  /** Replace the whole content with `entries` (a snapshot), as committed at `version`. */
  load(entries: Iterable<readonly [Uint8Array, Uint8Array]>, version?: bigint): void {
    this.nodes.clear();
    this.index.clear();
    this.dirty.clear();
    this.root = NIL;
    for (const [k, v] of entries) {
      checkKey(k);
      const out = this.reset();
      this.setRoot(insertAt(this.nodes, this.root, 0, k, v, out));
      if (out.leaf !== NIL) this.index.add(out.leaf);
    }
    this.pending = undefined;
    this.lastLog = EMPTY_PACKED_LOG;
    this.version = version;
  }

  private reset(): Change {
    const out = this.out;
    out.old = null;
    out.changed = false;
    out.leaf = NIL;
    return out;
  }

  private track(key: Uint8Array, old: Uint8Array | null, current: Uint8Array | null): void {
    this.pending ??= new PendingChanges();
    this.pending.track(key, old, current);
  }
}
