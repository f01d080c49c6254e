/**
 * Which nodes a proof includes: those a lookup (SyncGet), a prefix scan (SyncGetPrefixes) or an
 * iteration (SyncIterate) visits. Builds the proof from the requested position if it was
 * visited, else from the root (Oasis's rule).
 */
import { compareBytes } from '../../common/index.js';
import { bitAt } from '../key.js';
import type { Node, Ptr } from '../node.js';
import { ProofBuilder } from '../proof/builder.js';
import type { Proof, ProofVersion } from '../proof/proof.js';
import type { Tree } from '../tree/tree.js';

async function load(tree: Tree, p: Exclude<Ptr, null>, key: Uint8Array): Promise<Node> {
  return p.type === 2 ? tree.resolver.resolve(p, key) : p;
}

/** Include the nodes on the lookup path of `key` (and siblings if asked). */
export async function includeGetPath(
  tree: Tree,
  b: ProofBuilder,
  key: Uint8Array,
  siblings: boolean,
): Promise<void> {
  tree.rootHash();
  const keyBits = key.length * 8;
  let p = tree.rootPtr();
  let depth = 0;
  while (p !== null) {
    const n = await load(tree, p, key);
    b.include(n);
    if (n.type === 0) return;
    const leaf = n.leaf !== null ? await load(tree, n.leaf, key) : null;
    if (b.version === 0 && leaf) b.include(leaf); // v0 encodes the leaf slot inline anyway
    const end = depth + n.labelBits;
    if (siblings && leaf) b.include(leaf);
    if (keyBits < end) return;
    if (keyBits === end) {
      if (leaf) b.include(leaf);
      // The key sits in this node's leaf slot: its "siblings" are both children (removing the
      // leaf may collapse the node into its only child, which the client then needs).
      if (siblings) for (const c of [n.left, n.right]) if (c !== null) b.include(await load(tree, c, key));
      return;
    }
    const right = bitAt(key, end) === 1;
    const sib = right ? n.left : n.right;
    if (siblings && sib !== null) b.include(await load(tree, sib, key));
    p = right ? n.right : n.left;
    depth = end;
  }
}

/** Include what iterating from `key` visits while reading up to `count` entries. */
export async function includeIteration(
  tree: Tree,
  b: ProofBuilder,
  key: Uint8Array,
  count: number,
  prefix?: Uint8Array,
): Promise<void> {
  tree.rootHash();
  const it = tree.iterator((n) => b.include(n));
  await it.seek(key);
  for (let i = 0; i < count && it.valid; i++) {
    if (prefix && !startsWith(it.key!, prefix)) break;
    await it.next();
  }
}

function startsWith(k: Uint8Array, p: Uint8Array): boolean {
  return k.length >= p.length && compareBytes(k.subarray(0, p.length), p) === 0;
}

/** Build the proof from `position` if it was included, else from the root. */
export function buildFrom(tree: Tree, b: ProofBuilder, position: Uint8Array | undefined): Proof {
  const start = position ? b.get(position) : undefined;
  return b.build(start ?? tree.rootPtr());
}

/** A SyncGet proof for `key` (Tandem's debug command and tests use this directly). */
export async function buildGetProof(
  tree: Tree,
  key: Uint8Array,
  version: ProofVersion,
  siblings = false,
): Promise<Proof> {
  const b = new ProofBuilder(version);
  await includeGetPath(tree, b, key, siblings);
  return b.build(tree.rootPtr());
}
