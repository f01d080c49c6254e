/** How a tree turns a {@link HashRef} into a node: its node DB, then (optionally) a remote syncer. */
import { toHex } from '../../common/index.js';
import { MkvsError } from '../errors.js';
import type { HashRef, Node } from '../node.js';

/** Loads nodes by hash; `key` is the key being looked up, for remote fetches. */
export interface NodeResolver {
  resolve(ref: HashRef, key: Uint8Array | null): Promise<Node>;
  /** The node if it can be had without waiting (in memory, already verified), else undefined. */
  peek?(ref: HashRef): Node | undefined;
  /** The node when it can be had synchronously (a local database that reads synchronously). */
  resolveLocalSync?(ref: HashRef): Node | undefined;
}

/** Optional fallback for nodes the local database lacks (a tree backed by a read syncer). */
export interface RemoteFetcher {
  /** Fetch, verify and return the nodes needed to resolve `ref` for a lookup of `key`. */
  fetch(ref: HashRef, key: Uint8Array | null): Promise<Map<string, Node>>;
  /** A node already fetched and verified, if the fetcher keeps one (optional). */
  peek?(ref: HashRef): Node | undefined;
}

/** Resolver over a node DB lookup plus an optional verified remote source with its own cache. */
export class DbResolver implements NodeResolver {
  private readonly remoteCache = new Map<string, Node>();

  constructor(
    private readonly get: (hash: Uint8Array) => Promise<Node | undefined>,
    private readonly remote?: RemoteFetcher,
    private readonly remoteCacheMax = 200_000,
    private readonly getSync?: (hash: Uint8Array) => Node | undefined,
  ) {}

  /** The node from the in-memory database, this resolver's cache or the fetcher's, if any. */
  peek(ref: HashRef): Node | undefined {
    // A tree over a runtime's fetcher looks nodes up here all the time, mostly with this cache
    // empty (the fetcher keeps what it verified): skip the hex key then.
    const cached = this.remoteCache.size > 0 ? this.remoteCache.get(toHex(ref.hash)) : undefined;
    return this.getSync?.(ref.hash) ?? cached ?? this.remote?.peek?.(ref);
  }

  /** The node from a database that reads synchronously, else undefined. */
  resolveLocalSync(ref: HashRef): Node | undefined {
    return this.getSync?.(ref.hash);
  }

  async resolve(ref: HashRef, key: Uint8Array | null): Promise<Node> {
    const local = this.getSync?.(ref.hash) ?? (await this.get(ref.hash));
    if (local) return local;
    const k = toHex(ref.hash);
    let n = this.remoteCache.get(k);
    if (n) return n;
    if (!this.remote) throw new MkvsError(MkvsError.NODE_NOT_FOUND, `node ${k} not found`);
    const fetched = await this.remote.fetch(ref, key);
    if (this.remoteCache.size + fetched.size > this.remoteCacheMax) this.remoteCache.clear();
    for (const [h, node] of fetched) this.remoteCache.set(h, node);
    n = this.remoteCache.get(k);
    if (!n) throw new MkvsError(MkvsError.SYNCER, `remote syncer did not provide node ${k}`);
    return n;
  }
}
