/**
 * LevelDB node database (classic-level). Layout: `n ‖ hash` → full node encoding; `r ‖
 * u64be(version) ‖ u8(type) ‖ hash` → empty (the root records). A commit is one atomic,
 * synced batch, so after a crash the database holds the previous or the new version, never a
 * mix. Nodes are read through a bounded {@link NodeCache} (decoded upper levels, the leaves read
 * since the last commit, and a compact cache of encoded nodes filled by reads and commits), so a
 * tree far larger than the cache works with bounded memory.
 */
import { ClassicLevel } from 'classic-level';
import { concatBytes, readU64be, toHex, u64be } from '../../common/index.js';
import { encodeNodeInto } from '../codec.js';
import { MkvsError } from '../errors.js';
import type { Node } from '../node.js';
import type { Root } from '../root.js';
import type { CommitBatch, NodeDB } from './api.js';
import { fastPutter } from './level-batch.js';
import { checkVersion } from './memory.js';
import { NodeCache } from './node-cache.js';
import { reachableHashes } from './reachable.js';

const NODE = 0x6e; // 'n'
const ROOT = 0x72; // 'r'
const META = 0x6d; // 'm'
const NS_KEY = Uint8Array.of(META, 0x6e, 0x73);
/** Default size of the decoded-node cache (see {@link LevelNodeDBOptions.cacheNodes}). */
const DEFAULT_CACHE_NODES = 20_000;
/** Default size of the compact node cache (see {@link LevelNodeDBOptions.cacheBytes}). */
const DEFAULT_CACHE_BYTES = 256 * 1024 * 1024;

/** Options of {@link LevelNodeDB.open}. */
export interface LevelNodeDBOptions {
  /**
   * Decoded internal nodes kept as objects (default 20,000, about 18 MB when full), just below
   * the levels a tree keeps resident. More objects mean more garbage-collector work; the compact
   * tier below holds far more for the memory.
   */
  cacheNodes?: number;
  /**
   * Bytes of the compact cache of encoded nodes, internal and leaf (default 256 MiB, about
   * 2.5 million nodes; memory is used only as it fills; 0 disables it).
   */
  cacheBytes?: number;
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
  private readonly cache: NodeCache;
  private ns: Uint8Array | undefined;
  /** The latest committed version once known (saves a database scan per commit). */
  private latest: { version: bigint | undefined } | undefined;
  /** The commit's encoding buffer, kept between commits. */
  private readonly encodeScratch: { buf: Uint8Array; views: (Uint8Array | undefined)[] } = {
    buf: new Uint8Array(4096),
    views: [],
  };

  private constructor(
    private readonly db: ClassicLevel<Uint8Array, Uint8Array>,
    opts: LevelNodeDBOptions,
  ) {
    this.cache = new NodeCache(
      opts.cacheNodes ?? DEFAULT_CACHE_NODES,
      opts.cacheBytes ?? DEFAULT_CACHE_BYTES,
    );
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
    const n = new LevelNodeDB(db, opts);
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
    const hit = this.cache.get(hash);
    if (hit !== undefined) return hit;
    let raw: Uint8Array | undefined;
    try {
      raw = this.db.getSync(concatBytes(Uint8Array.of(NODE), hash));
    } catch (e) {
      throw new MkvsError(MkvsError.CLOSED, `node database read failed: ${(e as Error).message}`);
    }
    return raw === undefined ? undefined : this.cache.loaded(hash, raw);
  }

  /**
   * Persist a commit. Nothing waits before the batch is handed to LevelDB (the latest version
   * is remembered), so a caller's work after calling this overlaps the synced write.
   */
  async commit(batch: CommitBatch): Promise<void> {
    const { root } = batch;
    if (this.ns && toHex(this.ns) !== toHex(root.ns)) {
      throw new MkvsError(MkvsError.NAMESPACE_MISMATCH, 'commit for another namespace');
    }
    this.latest ??= { version: await this.latestVersion() };
    checkVersion(this.latest.version, root.version);
    // A chained batch hands each put to LevelDB as it is made, so a large commit never holds
    // an array of every encoded node in the JS heap (that array was the commit's peak memory).
    const b = this.db.batch();
    const put = fastPutter(this.db, b);
    if (!this.ns) b.put(NS_KEY, root.ns);
    const key = new Uint8Array(33);
    key[0] = NODE;
    // Each encoding is copied by the batch and the cache at once, so one buffer (and one view of
    // it per encoded length) serves them all.
    const scratch = this.encodeScratch;
    for (const n of batch.nodes) {
      key.set(n.hash!, 1);
      const enc = encodeNodeInto(n, 'full', scratch);
      put(key, enc);
      this.cache.written(n.hash!, enc);
    }
    // Through the public put: the batch is written only if it counted an operation (see fastPutter).
    b.put(rootKey(root), new Uint8Array(0));
    try {
      await b.write({ sync: true });
    } catch (e) {
      this.latest = undefined;
      throw e;
    }
    this.ns = root.ns;
    this.latest = { version: root.version };
    this.cache.committed(batch.nodes);
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
    this.cache.clear();
    this.latest = undefined;
    let removed = 0;
    let ops: { type: 'del'; key: Uint8Array }[] = dropRoots.map((key) => ({ type: 'del' as const, key }));
    for await (const k of this.db.keys({ gte: Uint8Array.of(NODE), lt: Uint8Array.of(NODE + 1) })) {
      const h = toHex(k.subarray(1));
      if (live.has(h)) continue;
      ops.push({ type: 'del', key: k });
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

function rootKey(r: Root): Uint8Array {
  return concatBytes(Uint8Array.of(ROOT), u64be(r.version), Uint8Array.of(r.root_type), r.hash);
}
