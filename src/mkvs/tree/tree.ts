/**
 * The MKVS tree: a path-compressed binary trie byte-compatible with Oasis Core (spec/oasis.md
 * §1). Reads and writes are async because nodes may come from disk or a remote read syncer.
 * Changes form an overlay over the committed base until `commit` hashes the dirty nodes once and
 * persists them atomically with the new root.
 */
import { bytesEqual, EMPTY_HASH } from '../../common/index.js';
import { bitAt } from '../key.js';
import { type HashRef, hashRef, hashSubtree, type Node, type Ptr, ptrHash } from '../node.js';
import type { NodeDB } from '../nodedb/api.js';
import { MemoryNodeDB } from '../nodedb/memory.js';
import { checkKey, PendingChanges } from '../pending.js';
import { RootType } from '../root.js';
import type { WriteLog } from '../writelog.js';
import { insertAt, insertResident, NOT_RESIDENT } from './insert.js';
import { type TreeIterator, TrieIterator } from './iterator.js';
import { type MutationResult, removeAt } from './mutate.js';
import { collectDirty, markLeafSlotsClean, RESIDENT_LEVELS, trimResident } from './resident.js';
import { DbResolver, type NodeResolver, type RemoteFetcher } from './resolver.js';

/** Options for opening a tree. */
export interface TreeOptions {
  /** Where committed nodes live (default: a fresh in-memory database). */
  db?: NodeDB;
  /** Root hash to open at (default: the empty tree). */
  rootHash?: Uint8Array;
  /** Source of nodes the database lacks, verified before use (a read syncer). */
  remote?: RemoteFetcher;
}

export class Tree {
  readonly db: NodeDB;
  readonly resolver: NodeResolver;
  private root: Ptr;
  /** Changes since the last commit, made at the first (see CompactTree's `pending`). */
  private pending: PendingChanges | undefined;
  /** Changes of the last commit; its write log is built only if asked for. */
  private committed: PendingChanges | undefined;
  private lastWriteLog: WriteLog | null = [];
  /** Hashes computed by the last commit (for the benchmark's hashes-per-insert figure). */
  lastCommitHashes = 0;
  /** Where the last look-up stopped for want of a node (see `walk`). */
  private stall: { ref: HashRef; depth: number; atLeaf: boolean } | undefined;

  constructor(opts: TreeOptions = {}) {
    this.db = opts.db ?? new MemoryNodeDB();
    const db = this.db;
    const sync = db.getNodeSync === undefined ? undefined : (h: Uint8Array) => db.getNodeSync!(h);
    this.resolver = new DbResolver((h) => db.getNode(h), opts.remote, undefined, sync);
    const h = opts.rootHash;
    this.root = h === undefined || bytesEqual(h, EMPTY_HASH) ? null : hashRef(h);
  }

  /** The current root pointer (for proofs and iteration). */
  rootPtr(): Ptr {
    return this.root;
  }

  /** Look up a key; null when absent. */
  async get(key: Uint8Array): Promise<Uint8Array | null> {
    const now = this.getNow(key);
    return now !== undefined ? now : this.getWaiting(key);
  }

  /**
   * The same look-up when every node on the key's path is at hand (resident, or read from a
   * database that reads synchronously): the value or null, or undefined when a node would have
   * to be waited for (then {@link get}). Saves a promise per read on the hot path.
   */
  getNow(key: Uint8Array): Uint8Array | null | undefined {
    return this.walk(this.root, 0, false, key);
  }

  private async getWaiting(key: Uint8Array): Promise<Uint8Array | null> {
    let r = this.walk(this.root, 0, false, key);
    while (r === undefined) {
      const { ref, depth, atLeaf } = this.stall!;
      r = this.walk(await this.resolver.resolve(ref, key), depth, atLeaf, key);
    }
    return r;
  }

  /**
   * The look-up of `key` from `p` (at bit `depth`; `atLeaf`: `p` is a leaf slot): the value or
   * null, or undefined when a node would have to be waited for, noting in {@link stall} where to
   * go on (read at once by the caller, before anything else can walk).
   */
  private walk(p: Ptr, depth: number, atLeaf: boolean, key: Uint8Array): Uint8Array | null | undefined {
    const keyBits = key.length * 8;
    for (;;) {
      if (p === null) return null;
      const n = p.type === 2 ? this.loadSync(p) : p;
      if (n === undefined) {
        this.stall = { ref: p as HashRef, depth, atLeaf };
        return undefined;
      }
      if (n.type === 0) return bytesEqual(n.key, key) ? n.value : null;
      if (atLeaf) return null;
      const b = depth + n.labelBits;
      if (keyBits < b) return null;
      depth = b;
      if (keyBits === b) {
        p = n.leaf;
        atLeaf = true;
      } else p = bitAt(key, b) === 1 ? n.right : n.left;
    }
  }

  /**
   * A referenced node when it can be had at once (then no microtask per level): from a database
   * that reads synchronously, or, for a tree over a remote syncer, a node already fetched and
   * verified (as inserts do), instead of a promise and a fetcher round per level.
   */
  private loadSync(ref: HashRef): Node | undefined {
    return this.resolver.resolveLocalSync?.(ref) ?? this.resolver.peek?.(ref);
  }

  /** Insert or replace; a null/undefined value is stored as empty (as Oasis does). */
  async insert(key: Uint8Array, value: Uint8Array | null | undefined): Promise<void> {
    checkKey(key);
    const v = value ?? new Uint8Array(0);
    const out: MutationResult = { old: null };
    this.root = await insertAt(this.resolver, this.root, 0, key, v, out);
    this.track(key, out.old, v);
  }

  /**
   * The same insert when every node on the key's path is at hand: true when done, false when
   * nothing changed and {@link insert} is to be awaited instead (no promise on the hot path).
   */
  insertNow(key: Uint8Array, value: Uint8Array | null | undefined): boolean {
    checkKey(key);
    const v = value ?? new Uint8Array(0);
    const out: MutationResult = { old: null };
    const root = insertResident(this.resolver, this.root, 0, key, v, out);
    if (root === NOT_RESIDENT) return false;
    this.root = root;
    this.track(key, out.old, v);
    return true;
  }

  /** Remove a key (no-op when absent). */
  async remove(key: Uint8Array): Promise<void> {
    checkKey(key);
    const out: MutationResult = { old: null };
    this.root = await removeAt(this.resolver, this.root, 0, key, out);
    if (out.old !== null) this.track(key, out.old, null);
  }

  /** An ordered iterator; call `seek` (e.g. with an empty key) before reading. */
  iterator(onVisit?: (n: Node) => void): TreeIterator {
    return new TrieIterator(() => this.root, this.resolver, onVisit);
  }

  /** Hash dirty nodes (without persisting) and return the root hash. */
  rootHash(): Uint8Array {
    hashSubtree(this.root);
    return ptrHash(this.root);
  }

  /**
   * Hash the dirty nodes once, persist them and the root atomically, and return the root hash.
   * The write log of this commit is then available from {@link writeLog}.
   */
  async commit(ns: Uint8Array, version: bigint, rootType: number = RootType.State): Promise<Uint8Array> {
    this.lastCommitHashes = hashSubtree(this.root);
    const hash = ptrHash(this.root);
    const nodes: Node[] = [];
    collectDirty(this.root, nodes, false);
    await this.db.commit({ root: { ns, version, root_type: rootType, hash }, nodes });
    if (this.db.dropResidentAfterCommit) this.root = trimResident(this.root, RESIDENT_LEVELS);
    for (const n of nodes) n.dirty = false;
    markLeafSlotsClean(nodes);
    this.committed = this.pending;
    this.lastWriteLog = null;
    this.pending = undefined;
    return hash;
  }

  /** The write log of the last commit, sorted by key. */
  writeLog(): WriteLog {
    this.lastWriteLog ??= this.committed?.writeLog() ?? [];
    return this.lastWriteLog;
  }

  /** Changes since the last commit, as a write log sorted by key. */
  pendingWriteLog(): WriteLog {
    return this.pending?.writeLog() ?? [];
  }

  /**
   * Replay a write log (null value → remove). Inserts whose path is at hand are done at once
   * ({@link insertNow}): a host replays thousands per batch, and a promise each adds up.
   */
  async applyWriteLog(log: WriteLog): Promise<void> {
    for (const e of log) {
      if (e.value === null) await this.remove(e.key);
      else if (!this.insertNow(e.key, e.value)) await this.insert(e.key, e.value);
    }
  }

  private track(key: Uint8Array, old: Uint8Array | null, current: Uint8Array | null): void {
    this.pending ??= new PendingChanges();
    this.pending.track(key, old, current);
  }
}
