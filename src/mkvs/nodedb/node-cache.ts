/**
 * The read cache of a disk node database, in three tiers. (1) Decoded internal nodes in a bounded
 * LRU of shallow node objects (children as hashes): the upper levels of the tree, which every
 * lookup walks, are found without decoding. (2) Leaves decoded since the last commit, kept aside
 * until it (the block's second walk of a path, when it writes the key, finds them) rather than
 * evicting the upper levels. (3) A compact {@link NodeSlab} of encoded nodes, internal and leaf,
 * filled by database reads and by commits: far more nodes than objects would hold in the same
 * memory, invisible to the garbage collector, decoded on use. A node found nowhere is read from
 * the database. Hits are confirmed against the full hash.
 */
import { bytesEqual } from '../../common/index.js';
import { decodeNode } from '../codec.js';
import { hashRef, leafHash, type Node } from '../node.js';
import { Lru } from './lru.js';
import { NodeSlab } from './slab.js';

/** Most leaves kept between commits (a block reads a few per transaction). */
const MAX_RECENT_LEAVES = 50_000;

/** See the module header. */
export class NodeCache {
  /** Keyed by {@link cacheKey}. */
  private readonly objects: Lru<number, Node>;
  private recent = new Map<number, Node>();
  private readonly slab: NodeSlab;

  /** A cache of `objectNodes` decoded internal nodes and `slabBytes` of encoded nodes. */
  constructor(objectNodes: number, slabBytes: number) {
    this.objects = new Lru(objectNodes);
    this.slab = new NodeSlab(slabBytes);
  }

  /** The node of hash `h` if any tier holds it. */
  get(h: Uint8Array): Node | undefined {
    const k = cacheKey(h);
    const hit = this.objects.get(k) ?? this.recent.get(k);
    if (hit !== undefined && bytesEqual(hit.hash!, h)) return hit;
    const n = this.slab.readWith(h, decodeFull);
    return n === undefined ? undefined : this.decoded(h, n, k);
  }

  /** A node read from the database: decoded (strictly), cached and returned. */
  loaded(h: Uint8Array, raw: Uint8Array): Node {
    const n = this.decoded(h, decodeNode(raw, 'full'), cacheKey(h));
    this.slab.put(h, raw);
    return n;
  }

  /**
   * A node being written, with its full encoding: it enters the compact tier at once (a hash
   * fixes the content, so this is safe even if the write then fails; nothing is held meanwhile).
   */
  written(h: Uint8Array, enc: Uint8Array): void {
    this.slab.put(h, enc);
  }

  /**
   * A commit is durable: the leaves read before it are dropped. With a compact tier its nodes are
   * not copied into the object tier (a tree keeps its top levels resident after a commit and the
   * rest decode from the compact tier; such copies were mostly garbage-collector work); without
   * one, internal nodes are, as shallow copies.
   */
  committed(nodes: readonly Node[]): void {
    this.recent = new Map();
    if (this.slab.enabled) return;
    for (const n of nodes) if (n.type === 1) this.objects.set(cacheKey(n.hash!), shallow(n));
  }

  /** Forget everything (after a prune, so no removed node is served from memory). */
  clear(): void {
    this.objects.clear();
    this.recent = new Map();
    this.slab.clear();
  }

  /** A node just decoded (strictly): hashed, cached and returned. */
  private decoded(h: Uint8Array, n: Node, k: number): Node {
    n.hash = h;
    if (n.type === 1 && n.leaf !== null && n.leaf.type === 0)
      n.leaf.hash = leafHash(n.leaf.key, n.leaf.value);
    if (n.type === 1) this.objects.set(k, n);
    else {
      if (this.recent.size >= MAX_RECENT_LEAVES) this.recent = new Map();
      this.recent.set(k, n);
    }
    return n;
  }
}

function decodeFull(b: Uint8Array, start: number, end: number): Node {
  return decodeNode(b, 'full', start, end);
}

/**
 * The object-tier key of a node hash: its first 30 bits, a small integer V8 hashes without
 * building a string. Two cached hashes sharing the prefix only evict each other.
 */
function cacheKey(h: Uint8Array): number {
  return ((h[0]! << 22) | (h[1]! << 14) | (h[2]! << 6) | (h[3]! >>> 2)) >>> 0;
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
