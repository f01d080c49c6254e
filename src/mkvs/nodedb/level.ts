/**
 * LevelDB node database (classic-level). Layout: `n ‖ hash` → full node encoding; `r ‖
 * u64be(version) ‖ u8(type) ‖ hash` → empty (the root records). A commit is one atomic,
 * synced batch, so after a crash the database holds the previous or the new version, never a
 * mix. Nodes are read through a bounded LRU cache of shallow node objects (children as hashes),
 * so a tree far larger than the cache works with bounded memory. The LRU holds internal nodes
 * only: a leaf read at random (an account) is rarely read again after the block that changes it,
 * so leaves read since the last commit are kept aside until that commit (the block's own second
 * walk of the path, when it writes the key, finds them) instead of evicting the upper levels of
 * the tree, which every lookup walks.
 */
import { ClassicLevel } from 'classic-level';
import { bytesEqual, concatBytes, readU64be, toHex, u64be } from '../../common/index.js';
import { decodeNode, encodeNode } from '../codec.js';
import { MkvsError } from '../errors.js';
import { hashRef, leafHash, type Node } from '../node.js';
import type { Root } from '../root.js';
import type { CommitBatch, NodeDB } from './api.js';
import { Lru } from './lru.js';
import { checkVersion } from './memory.js';
import { reachableHashes } from './reachable.js';

const NODE = 0x6e; // 'n'
const ROOT = 0x72; // 'r'
const META = 0x6d; // 'm'
const NS_KEY = Uint8Array.of(META, 0x6e, 0x73);
/** Default size of the node cache (see {@link LevelNodeDBOptions.cacheNodes}). */
const DEFAULT_CACHE_NODES = 500_000;
/** Most leaves kept between commits (a block reads a few per transaction). */
const MAX_RECENT_LEAVES = 50_000;

/** Options of {@link LevelNodeDB.open}. */
export interface LevelNodeDBOptions {
  /**
   * Internal nodes kept in the cache (default 500,000, about 0.45 GB when full: random reads of
   * a state of a million accounts then miss the upper levels of the tree far less often than
   * with the earlier 100,000).
   */
  cacheNodes?: number;
  /** LevelDB block cache in bytes (default 32 MiB). */
  blockCacheBytes?: number;
  /** LevelDB write buffer (memtable) in bytes (default 16 MiB). */
  writeBufferBytes?: number;
  /**
   * Table files LevelDB keeps open (default 1,000). Open tables are memory-mapped, so under a
   * memory budget this bounds the file-backed part of the RSS.
   */
  maxOpenFiles?: number;
  /** Namespace this database is bound to (checked on every commit once set). */
  namespace?: Uint8Array;
}

export class LevelNodeDB implements NodeDB {
  readonly dropResidentAfterCommit = true;
  /** Keyed by {@link cacheKey}; a hit is confirmed against the full hash. */
  private readonly cache: Lru<number, Node>;
  /** Leaves read since the last commit, by {@link cacheKey} (cleared at each commit, bounded). */
  private recent = new Map<number, Node>();
  private ns: Uint8Array | undefined;

  private constructor(
    private readonly db: ClassicLevel<Uint8Array, Uint8Array>,
    cacheNodes: number,
  ) {
    this.cache = new Lru(cacheNodes);
  }

  /** Open (creating if needed) a database directory. */
  static async open(path: string, opts: LevelNodeDBOptions = {}): Promise<LevelNodeDB> {
    const db = new ClassicLevel<Uint8Array, Uint8Array>(path, {
      keyEncoding: 'view',
      valueEncoding: 'view',
      // Node keys are hashes, so reads are random: a larger block cache and write buffer cut
      // read amplification and compaction churn for big commits.
      cacheSize: opts.blockCacheBytes ?? 32 * 1024 * 1024,
      writeBufferSize: opts.writeBufferBytes ?? 16 * 1024 * 1024,
      maxOpenFiles: opts.maxOpenFiles ?? 1000,
    });
    await db.open();
    const n = new LevelNodeDB(db, opts.cacheNodes ?? DEFAULT_CACHE_NODES);
    n.ns = (await db.get(NS_KEY)) ?? undefined;
    if (opts.namespace && n.ns && toHex(n.ns) !== toHex(opts.namespace)) {
      await db.close();
      throw new MkvsError(MkvsError.NAMESPACE_MISMATCH, `database at ${path} belongs to another namespace`);
    }
    return n;
  }

  async getNode(hash: Uint8Array): Promise<Node | undefined> {
    return this.getNodeSync(hash);
  }

  getNodeSync(hash: Uint8Array): Node | undefined {
    const k = cacheKey(hash);
    const hit = this.cache.get(k) ?? this.recent.get(k);
    if (hit && bytesEqual(hit.hash!, hash)) return hit;
    let raw: Uint8Array | undefined;
    try {
      raw = this.db.getSync(concatBytes(Uint8Array.of(NODE), hash));
    } catch (e) {
      throw new MkvsError(MkvsError.CLOSED, `node database read failed: ${(e as Error).message}`);
    }
    if (raw === undefined) return undefined;
    const n = decodeNode(raw, 'full');
    n.hash = hash;
    if (n.type === 1 && n.leaf !== null && n.leaf.type === 0)
      n.leaf.hash = leafHash(n.leaf.key, n.leaf.value);
    if (n.type === 1) this.cache.set(k, n);
    else {
      if (this.recent.size >= MAX_RECENT_LEAVES) this.recent = new Map();
      this.recent.set(k, n);
    }
    return n;
  }

  async commit(batch: CommitBatch): Promise<void> {
    const { root } = batch;
    if (this.ns && toHex(this.ns) !== toHex(root.ns)) {
      throw new MkvsError(MkvsError.NAMESPACE_MISMATCH, 'commit for another namespace');
    }
    checkVersion(await this.latestVersion(), root.version);
    // A chained batch hands each put to LevelDB as it is made, so a large commit never holds
    // an array of every encoded node in the JS heap (that array was the commit's peak memory).
    const b = this.db.batch();
    if (!this.ns) b.put(NS_KEY, root.ns);
    const key = new Uint8Array(33);
    key[0] = NODE;
    for (const n of batch.nodes) {
      key.set(n.hash!, 1);
      b.put(key, encodeNode(n, 'full'));
    }
    b.put(rootKey(root), new Uint8Array(0));
    await b.write({ sync: true });
    this.ns = root.ns;
    this.recent = new Map();
    for (const n of batch.nodes) if (n.type === 1) this.cache.set(cacheKey(n.hash!), shallow(n));
  }

  async hasRoot(root: Root): Promise<boolean> {
    return (await this.db.get(rootKey(root))) !== undefined;
  }

  async rootsAt(version: bigint): Promise<Root[]> {
    const prefix = concatBytes(Uint8Array.of(ROOT), u64be(version));
    const out: Root[] = [];
    for await (const k of this.db.keys({ gte: prefix, lt: concatBytes(prefix, Uint8Array.of(0xff)) })) {
      out.push(this.parseRootKey(k));
    }
    return out;
  }

  async latestVersion(): Promise<bigint | undefined> {
    for await (const k of this.db.keys({
      gte: Uint8Array.of(ROOT),
      lt: Uint8Array.of(ROOT + 1),
      reverse: true,
      limit: 1,
    })) {
      return readU64be(k, 1);
    }
    return undefined;
  }

  async earliestVersion(): Promise<bigint | undefined> {
    for await (const k of this.db.keys({ gte: Uint8Array.of(ROOT), lt: Uint8Array.of(ROOT + 1), limit: 1 })) {
      return readU64be(k, 1);
    }
    return undefined;
  }

  async prune(version: bigint): Promise<number> {
    const dropRoots: Uint8Array[] = [];
    const kept: Uint8Array[] = [];
    for await (const k of this.db.keys({ gte: Uint8Array.of(ROOT), lt: Uint8Array.of(ROOT + 1) })) {
      if (readU64be(k, 1) <= version) dropRoots.push(k);
      else kept.push(k.slice(10));
    }
    const live = await reachableHashes(kept, (h) => this.getNode(h));
    let removed = 0;
    let ops: { type: 'del'; key: Uint8Array }[] = dropRoots.map((key) => ({ type: 'del' as const, key }));
    for await (const k of this.db.keys({ gte: Uint8Array.of(NODE), lt: Uint8Array.of(NODE + 1) })) {
      const h = toHex(k.subarray(1));
      if (live.has(h)) continue;
      ops.push({ type: 'del', key: k });
      this.cache.delete(cacheKey(k.subarray(1)));
      this.recent.delete(cacheKey(k.subarray(1)));
      removed++;
      if (ops.length >= 10_000) {
        await this.db.batch(ops, { sync: true });
        ops = [];
      }
    }
    if (ops.length > 0) await this.db.batch(ops, { sync: true });
    return removed;
  }

  async close(): Promise<void> {
    await this.db.close();
  }

  private parseRootKey(k: Uint8Array): Root {
    return {
      ns: this.ns ?? new Uint8Array(32),
      version: readU64be(k, 1),
      root_type: k[9]!,
      hash: k.slice(10),
    };
  }
}

/**
 * The cache key of a node hash: its first 30 bits, a small integer V8 hashes without building a
 * string (hex keys cost a conversion per node on every path walked). Two cached hashes sharing
 * the prefix only evict each other; lookups compare the full hash.
 */
function cacheKey(h: Uint8Array): number {
  return ((h[0]! << 22) | (h[1]! << 14) | (h[2]! << 6) | (h[3]! >>> 2)) >>> 0;
}

function rootKey(r: Root): Uint8Array {
  return concatBytes(Uint8Array.of(ROOT), u64be(r.version), Uint8Array.of(r.root_type), r.hash);
}

/** A copy of an internal node whose children are hash references (so the cache holds no subtrees). */
function shallow(n: Node): Node {
  if (n.type === 0) return n;
  const ref = (h: Uint8Array | null) => (h === null ? null : hashRef(h));
  return {
    type: 1,
    label: n.label,
    labelBits: n.labelBits,
    leaf: n.leaf,
    left: ref(n.left === null ? null : n.left.hash),
    right: ref(n.right === null ? null : n.right.hash),
    hash: n.hash,
    dirty: false,
  };
}
