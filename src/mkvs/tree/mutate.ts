/**
 * Insert and remove (spec/oasis.md §1.5, §1.6), copy-on-write: clean nodes are never changed;
 * each changed node on the path is a dirty copy. Both return the new subtree pointer (the same
 * object when nothing changed) and report the previous value through `out`.
 */
import { bytesEqual } from '../../common/index.js';
import { bitAt, commonPrefixFrom, extractBits, merge } from '../key.js';
import {
  cloneInternal,
  type InternalNode,
  type LeafNode,
  type Node,
  newInternal,
  newLeaf,
  type Ptr,
} from '../node.js';
import type { NodeResolver } from './resolver.js';

/** Previous value of the key (null when absent). */
export interface MutationResult {
  old: Uint8Array | null;
}

async function load(r: NodeResolver, p: Exclude<Ptr, null>, key: Uint8Array): Promise<Node> {
  return p.type === 2 ? r.resolve(p, key) : p;
}

/** Split internal node `n`'s label at bit `c` to insert `key` (a new parent takes the common part). */
export function splitInternal(
  n: InternalNode,
  depth: number,
  c: number,
  key: Uint8Array,
  keyBits: number,
  value: Uint8Array,
  out: MutationResult,
): Node {
  out.old = null;
  const rest = newInternal(extractBits(n.label, c, n.labelBits), n.labelBits - c, n.leaf, n.left, n.right);
  const parent = newInternal(extractBits(n.label, 0, c), c, null, null, null);
  const leaf = newLeaf(key, value);
  if (keyBits === depth + c) {
    parent.leaf = leaf;
    if (bitAt(rest.label, 0) === 1) parent.right = rest;
    else parent.left = rest;
  } else if (bitAt(key, depth + c) === 1) {
    parent.right = leaf;
    parent.left = rest;
  } else {
    parent.left = leaf;
    parent.right = rest;
  }
  return parent;
}

/** Insert `key` at a leaf: replace its value, or split below the common prefix. */
export function splitLeaf(
  l: LeafNode,
  depth: number,
  key: Uint8Array,
  keyBits: number,
  value: Uint8Array,
  out: MutationResult,
): Node {
  if (bytesEqual(l.key, key)) {
    out.old = l.value;
    return bytesEqual(l.value, value) ? l : newLeaf(key, value);
  }
  out.old = null;
  const lBits = l.key.length * 8;
  const c = commonPrefixFrom(l.key, lBits, key, keyBits, depth);
  const parent = newInternal(extractBits(key, depth, depth + c), c, null, null, null);
  const leaf = newLeaf(key, value);
  const at = depth + c;
  if (keyBits === at) {
    parent.leaf = leaf;
    setChild(parent, bitAt(l.key, at), l);
  } else if (lBits === at) {
    parent.leaf = l;
    setChild(parent, bitAt(key, at), leaf);
  } else {
    setChild(parent, bitAt(key, at), leaf);
    setChild(parent, bitAt(l.key, at), l);
  }
  return parent;
}

function setChild(n: InternalNode, bit: number, child: Node): void {
  if (bit === 1) n.right = child;
  else n.left = child;
}

/**
 * `n` after its dirty child `child` was changed in place (a dirty node is its tree's own, so it is
 * not copied again): if that cleared the child's hash (a hash `rootHash` computed before this
 * change), `n`'s hash is stale too.
 */
export function staleAbove(n: InternalNode, child: Ptr): InternalNode {
  if (child !== null && child.hash === null) n.hash = null;
  return n;
}

/** Remove `key` from the subtree at `p`; collapses nodes left with a single entry. */
export async function removeAt(
  r: NodeResolver,
  p: Ptr,
  depth: number,
  key: Uint8Array,
  out: MutationResult,
): Promise<Ptr> {
  if (p === null) return null;
  const n = await load(r, p, key);
  if (n.type === 0) {
    if (!bytesEqual(n.key, key)) return n;
    out.old = n.value;
    return null;
  }
  const keyBits = key.length * 8;
  const b = depth + n.labelBits;
  if (keyBits < b) return n;
  let m: InternalNode;
  if (keyBits === b) {
    const leaf = (await removeAt(r, n.leaf, b, key, out)) as LeafNode | null;
    if (leaf === n.leaf) return n;
    m = n.dirty ? n : cloneInternal(n);
    m.leaf = leaf;
  } else {
    const right = bitAt(key, b) === 1;
    const child = right ? n.right : n.left;
    const nc = await removeAt(r, child, b, key, out);
    if (nc === child) return staleAbove(n, child);
    m = n.dirty ? n : cloneInternal(n);
    if (right) m.right = nc;
    else m.left = nc;
  }
  m.hash = null;
  return collapse(r, m, key);
}

async function collapse(r: NodeResolver, m: InternalNode, key: Uint8Array): Promise<Ptr> {
  if (m.leaf !== null && m.left === null && m.right === null) return load(r, m.leaf, key);
  if (m.leaf === null && (m.left === null || m.right === null)) {
    const only = m.left ?? m.right;
    if (only === null) return null;
    const c = await load(r, only, key);
    if (c.type === 0) return c;
    return newInternal(
      merge(m.label, m.labelBits, c.label, c.labelBits),
      m.labelBits + c.labelBits,
      c.leaf,
      c.left,
      c.right,
    );
  }
  return m;
}
