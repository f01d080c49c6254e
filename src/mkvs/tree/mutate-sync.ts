/**
 * A synchronous insert for the common case where every node on the key's path is already in
 * memory: resident in the tree, or one the resolver can hand over at once (an in-memory node
 * database, nodes already fetched and verified). It follows
 * exactly the steps of the async `insertAt` and gives the same nodes; it only refuses to go on
 * when it meets a node it cannot have without waiting, and then has changed nothing (copies are made on the way back
 * up, after the whole path was reached), so the caller can run the async insert instead.
 * Skipping one promise per level is what makes it worth having: inserts dominate batch building.
 */
import { bitAt, commonPrefixAt } from '../key.js';
import { cloneInternal, type LeafNode, type Node, newLeaf, type Ptr } from '../node.js';
import { type MutationResult, splitInternal, splitLeaf } from './mutate.js';
import type { NodeResolver } from './resolver.js';

/** Returned when the path holds a node that is not in memory. */
export const NOT_RESIDENT = Symbol('not resident');

/** Insert `key` → `value` at `p` entered at bit `depth`, or {@link NOT_RESIDENT} (nothing changed). */
export function insertResident(
  r: NodeResolver,
  p: Ptr,
  depth: number,
  key: Uint8Array,
  value: Uint8Array,
  out: MutationResult,
): Node | typeof NOT_RESIDENT {
  const keyBits = key.length * 8;
  if (p === null) {
    out.old = null;
    return newLeaf(key, value);
  }
  const n = p.type === 2 ? r.peek?.(p) : p;
  if (n === undefined) return NOT_RESIDENT;
  if (n.type === 0) return splitLeaf(n, depth, key, keyBits, value, out);
  const c = commonPrefixAt(n.label, n.labelBits, key, depth, keyBits);
  if (c !== n.labelBits) return splitInternal(n, depth, c, key, keyBits, value, out);
  const b = depth + n.labelBits;
  if (keyBits === b) {
    const leaf = insertResident(r, n.leaf, b, key, value, out);
    if (leaf === NOT_RESIDENT || leaf === n.leaf) return leaf === NOT_RESIDENT ? leaf : n;
    const m = n.dirty ? n : cloneInternal(n);
    m.leaf = leaf as LeafNode;
    m.hash = null;
    return m;
  }
  const right = bitAt(key, b) === 1;
  const child = right ? n.right : n.left;
  const nc = insertResident(r, child, b, key, value, out);
  if (nc === NOT_RESIDENT || nc === child) return nc === NOT_RESIDENT ? nc : n;
  const m = n.dirty ? n : cloneInternal(n);
  if (right) m.right = nc;
  else m.left = nc;
  m.hash = null;
  return m;
}
