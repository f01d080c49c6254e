/**
 * Reading a tree one does not hold: missing nodes are fetched from a {@link ReadSyncer} with a
 * proof, verified against the hash the tree already trusts (the parent's pointer), and only then
 * used. A runtime reading state through its host, or a syncing node, uses this.
 */
import { toHex } from '../../common/index.js';
import { MkvsError } from '../errors.js';
import type { HashRef, Node, Ptr } from '../node.js';
import type { NodeDB } from '../nodedb/api.js';
import { MemoryNodeDB } from '../nodedb/memory.js';
import type { ProofVersion } from '../proof/proof.js';
import { verifyProof } from '../proof/verify.js';
import type { Root } from '../root.js';
import type { RemoteFetcher } from '../tree/resolver.js';
import { Tree } from '../tree/tree.js';
import type { ReadSyncer } from './api.js';

/** Prefetch size for iteration fetches. */
const ITERATE_PREFETCH = 32;

/** Fetches nodes through a read syncer, verifying every proof before use. */
export class SyncerFetcher implements RemoteFetcher {
  constructor(
    private readonly syncer: ReadSyncer,
    private readonly root: Root,
    private readonly proofVersion: ProofVersion = 0,
  ) {}

  async fetch(ref: HashRef, key: Uint8Array | null): Promise<Map<string, Node>> {
    const tree = { root: this.root, position: ref.hash };
    const res =
      key === null
        ? await this.syncer.syncIterate({
            tree,
            key: new Uint8Array(0),
            prefetch: ITERATE_PREFETCH,
            proof_version: this.proofVersion,
          })
        : await this.syncer.syncGet({ tree, key, proof_version: this.proofVersion });
    let verified: Ptr;
    try {
      verified = verifyProof(ref.hash, res.proof);
    } catch (e) {
      // A node off the key's path (a sibling a removal collapses into) is only in a proof that
      // includes siblings; ask again that way, as Oasis's remove does. Still verified.
      if (key === null || !MkvsError.is(e, 'mkvs', MkvsError.PROOF_ROOT_MISMATCH)) throw e;
      const again = await this.syncer.syncGet({
        tree,
        key,
        include_siblings: true,
        proof_version: this.proofVersion,
      });
      verified = verifyProof(ref.hash, again.proof);
    }
    return collectProofNodes(verified);
  }
}

/** Every node of a verified proof tree (full nodes only), by hex hash. */
export function collectProofNodes(p: Ptr, out: Map<string, Node> = new Map()): Map<string, Node> {
  collect(p, out);
  return out;
}

function collect(p: Ptr, out: Map<string, Node>): void {
  if (p === null || p.type === 2) return;
  out.set(toHex(p.hash!), p);
  if (p.type === 1) {
    collect(p.leaf, out);
    collect(p.left, out);
    collect(p.right, out);
  }
}

/** A tree at `root` whose nodes come from `syncer` (verified), with local writes as an overlay. */
export function remoteTree(
  syncer: ReadSyncer,
  root: Root,
  opts: { db?: NodeDB; proofVersion?: ProofVersion } = {},
): Tree {
  return new Tree({
    db: opts.db ?? new MemoryNodeDB(),
    rootHash: root.hash,
    remote: new SyncerFetcher(syncer, root, opts.proofVersion ?? 0),
  });
}
