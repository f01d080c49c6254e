/**
 * Insert, as one synchronous algorithm: {@link insertResident} walks the key's path over nodes it
 * can have at once (resident in the tree, in an in-memory database, already fetched and
 * verified) and builds the new path; if it meets a node it cannot have without waiting it returns
 * {@link NOT_RESIDENT} having changed nothing (copies are made on the way back up). `insertAt` is
 * the entry point: the same insert, after loading the path's nodes when they were not at hand.
 * Skipping one promise per tree level matters: inserts dominate building a batch's trees.
 */

import { MkvsError } from '../errors.js';
import { bitAt, commonPrefixAt } from '../key.js';
import { cloneInternal, type LeafNode, type Node, newLeaf, type Ptr } from '../node.js';
import { type MutationResult, splitInternal, splitLeaf, staleAbove } from './mutate.js';
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
  if (nc === NOT_RESIDENT) return nc;
  if (nc === child) return staleAbove(n, child);
  const m = n.dirty ? n : cloneInternal(n);
  if (right) m.right = nc;
  else m.left = nc;
  m.hash = null;
  return m;
}

/**
 * Insert `key` → `value` into the subtree at `p` entered at bit `depth`. The insert itself is the
 * synchronous {@link insertResident}; when a node on the key's path is not in memory, the path is
 * loaded first (the only part that waits) and the same insert runs over it.
 */
export async function insertAt(
  r: NodeResolver,
  p: Ptr,
  depth: number,
  key: Uint8Array,
  value: Uint8Array,
  out: MutationResult,
): Promise<Node> {
  const fast = insertResident(r, p, depth, key, value, out);
  if (fast !== NOT_RESIDENT) return fast;
  const loaded = await loadPath(r, p, depth, key);
  const withPath: NodeResolver = {
    resolve: (ref, k) => r.resolve(ref, k),
    peek: (ref) => loaded.get(ref) ?? r.peek?.(ref),
  };
  const done = insertResident(withPath, p, depth, key, value, out);
  if (done === NOT_RESIDENT) throw new MkvsError(MkvsError.NODE_NOT_FOUND, 'insert path not loaded');
  return done;
}

/** The nodes an insert of `key` visits below `p`, resolved, by the reference that names them. */
async function load(r: NodeResolver, p: Exclude<Ptr, null>, key: Uint8Array): Promise<Node> {
  return p.type === 2 ? r.resolve(p, key) : p;
}

async function loadPath(r: NodeResolver, p: Ptr, depth: number, key: Uint8Array): Promise<Map<Ptr, Node>> {
  const loaded = new Map<Ptr, Node>();
  const keyBits = key.length * 8;
  while (p !== null) {
    const n = await load(r, p, key);
    loaded.set(p, n);
    if (n.type === 0) break;
    if (commonPrefixAt(n.label, n.labelBits, key, depth, keyBits) !== n.labelBits) break;
    depth += n.labelBits;
    p = keyBits === depth ? n.leaf : bitAt(key, depth) === 1 ? n.right : n.left;
  }
  return loaded;
}
