/**
 * Fetching state nodes from the host with verified proofs. A request names the subtree it needs
 * (`position`) and the key being looked up; the host answers with a proof rooted at that subtree,
 * or at the tree's root when the subtree is not on the key's path (as when a removal needs a
 * sibling). Either root is trusted (the subtree hash comes from a verified parent), so the proof
 * is verified against whichever it names; if the node is still missing the request is repeated
 * with siblings included. Verified nodes are content-addressed, so they are kept across batches.
 */
import { bytesEqual, toHex } from '../../common/index.js';
import {
  collectProofNodes,
  HashIndex,
  type HashRef,
  hashRef,
  type LeafNode,
  MkvsError,
  type Node,
  type Proof,
  type Ptr,
  type ReadSyncer,
  type RemoteFetcher,
  type Root,
  verifyProof,
} from '../../mkvs/index.js';

const PREFETCH = 32;

/**
 * Verified nodes shared by every tree of one runtime (bounded; cleared when full), by hash
 * through a {@link HashIndex}: a batch adds a few thousand computed nodes and looks up more,
 * and a small-integer key costs far less per operation than a string made from the hash.
 */
export class NodeCache {
  private readonly nodes = new HashIndex<Node>();
  constructor(private readonly max = 200_000) {}

  /** The cached node with hash `hash`, if any. */
  get(hash: Uint8Array): Node | undefined {
    return this.nodes.get(hash);
  }

  /** Add verified nodes (as `collectProofNodes` gives them: every node has its hash). */
  addAll(found: Map<string, Node>): void {
    this.addNodes([...found.values()]);
  }

  private addNodes(nodes: readonly Node[]): void {
    if (this.nodes.size + nodes.length > this.max) this.nodes.clear();
    for (const n of nodes) this.nodes.set(n.hash!, n);
  }

  /**
   * Keep the nodes a batch computed (the dirty, hashed part of its tree), so the next batch,
   * which starts from the root these nodes make up, need not fetch them back from the host. They
   * are stored as clean copies whose children are hash references: a later tree copies them
   * before changing anything, and never reaches the original (mutable) objects.
   */
  addComputed(root: Ptr): void {
    const found: Node[] = [];
    collectComputed(root, found);
    this.addNodes(found);
  }
}

/** Clean copies of the dirty, hashed nodes under `p` (see `NodeCache.addComputed`). */
function collectComputed(p: Ptr, out: Node[]): void {
  if (p === null || p.type === 2 || !p.dirty || p.hash === null) return;
  // Copies built as literals with the fields in the order newLeaf/newInternal use, so they share
  // those nodes' shape (a spread copies through a slower generic path, thousands of times a batch).
  if (p.type === 0) {
    out.push(cleanLeaf(p));
    return;
  }
  const leaf = p.leaf === null || p.leaf.type === 2 ? p.leaf : cleanLeaf(p.leaf);
  out.push({
    type: 1,
    label: p.label,
    labelBits: p.labelBits,
    leaf,
    left: ref(p.left),
    right: ref(p.right),
    hash: p.hash,
    dirty: false,
  });
  collectComputed(p.left, out);
  collectComputed(p.right, out);
}

function cleanLeaf(l: LeafNode): LeafNode {
  return { type: 0, key: l.key, value: l.value, hash: l.hash, dirty: false };
}

function ref(p: Ptr): Ptr {
  // A hash reference is immutable: an unchanged child's is shared, not copied.
  return p === null || p.type === 2 ? p : hashRef(p.hash!);
}

/** A {@link RemoteFetcher} over a read syncer for trees at `root` (see the module comment). */
export class HostFetcher implements RemoteFetcher {
  constructor(
    private readonly syncer: ReadSyncer,
    private readonly root: Root,
    private readonly cache: NodeCache,
  ) {}

  /** A node verified earlier (by this or an earlier batch's tree), without asking the host. */
  peek(ref: HashRef): Node | undefined {
    return this.cache.get(ref.hash);
  }

  async fetch(ref: HashRef, key: Uint8Array | null): Promise<Map<string, Node>> {
    const cached = this.cache.get(ref.hash);
    if (cached) return new Map([[toHex(ref.hash), cached]]);
    let found = await this.request(ref, key, false);
    if (!found.has(toHex(ref.hash)) && key !== null) found = await this.request(ref, key, true);
    if (!found.has(toHex(ref.hash))) {
      throw new MkvsError(MkvsError.SYNCER, `host did not provide node ${toHex(ref.hash)}`);
    }
    this.cache.addAll(found);
    return found;
  }

  private async request(ref: HashRef, key: Uint8Array | null, siblings: boolean): Promise<Map<string, Node>> {
    const tree = { root: this.root, position: ref.hash };
    const res =
      key === null
        ? await this.syncer.syncIterate({
            tree,
            key: new Uint8Array(0),
            prefetch: PREFETCH,
            proof_version: 0,
          })
        : await this.syncer.syncGet({ tree, key, include_siblings: siblings || undefined, proof_version: 0 });
    return verified(res.proof, ref.hash, this.root.hash);
  }
}

function verified(proof: Proof, position: Uint8Array, root: Uint8Array): Map<string, Node> {
  const trusted = bytesEqual(proof.untrusted_root, position) ? position : root;
  return collectProofNodes(verifyProof(trusted, proof));
}
