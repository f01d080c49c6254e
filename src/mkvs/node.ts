/**
 * Tree nodes and their hashes (spec/oasis.md §1.3). Clean nodes (committed, loaded or cached) are
 * immutable and may be shared between trees; a tree copies a clean node before changing it, so
 * an uncommitted tree is an overlay over its committed base. A child is either a resident node,
 * a {@link HashRef} to load on demand, or null.
 */
import { EMPTY_HASH, Hasher, u16le, u32le } from '../common/index.js';
import { MkvsError } from './errors.js';

export const LEAF_PREFIX = 0x00;
export const INTERNAL_PREFIX = 0x01;
export const NIL_PREFIX = 0x02;

/** A leaf: the full key and its value. */
export interface LeafNode {
  readonly type: 0;
  readonly key: Uint8Array;
  readonly value: Uint8Array;
  hash: Uint8Array | null;
  /** Dirty nodes belong to one tree and have not been committed. */
  dirty: boolean;
}

/** An internal node: label bits, an optional leaf slot and two children. */
export interface InternalNode {
  readonly type: 1;
  label: Uint8Array;
  labelBits: number;
  leaf: LeafNode | HashRef | null;
  left: Ptr;
  right: Ptr;
  hash: Uint8Array | null;
  dirty: boolean;
}

/** A subtree known only by its hash. */
export interface HashRef {
  readonly type: 2;
  readonly hash: Uint8Array;
}

export type Node = LeafNode | InternalNode;
export type Ptr = Node | HashRef | null;

/** A new dirty leaf. */
export function newLeaf(key: Uint8Array, value: Uint8Array): LeafNode {
  return { type: 0, key, value, hash: null, dirty: true };
}

/** A new dirty internal node. */
export function newInternal(
  label: Uint8Array,
  labelBits: number,
  leaf: LeafNode | HashRef | null,
  left: Ptr,
  right: Ptr,
): InternalNode {
  return { type: 1, label, labelBits, leaf, left, right, hash: null, dirty: true };
}

/** A dirty copy of an internal node, sharing children (copy-on-write). */
export function cloneInternal(n: InternalNode): InternalNode {
  return newInternal(n.label, n.labelBits, n.leaf, n.left, n.right);
}

export function hashRef(hash: Uint8Array): HashRef {
  return { type: 2, hash };
}

/** Leaf hash: H(00 ‖ u32le(len key) ‖ key ‖ u32le(len value) ‖ value). */
export function leafHash(key: Uint8Array, value: Uint8Array): Uint8Array {
  return new Hasher()
    .update(Uint8Array.of(LEAF_PREFIX))
    .update(u32le(key.length))
    .update(key)
    .update(u32le(value.length))
    .update(value)
    .digest();
}

/** Internal hash: H(01 ‖ u16le(bits) ‖ label ‖ H(leaf) ‖ H(left) ‖ H(right)). */
export function internalHash(
  label: Uint8Array,
  labelBits: number,
  leaf: Uint8Array,
  left: Uint8Array,
  right: Uint8Array,
): Uint8Array {
  return new Hasher()
    .update(Uint8Array.of(INTERNAL_PREFIX))
    .update(u16le(labelBits))
    .update(label)
    .update(leaf)
    .update(left)
    .update(right)
    .digest();
}

/** Hash of a pointer whose subtree is already hashed (nil → empty hash). */
export function ptrHash(p: Ptr): Uint8Array {
  if (p === null) return EMPTY_HASH;
  if (p.hash === null) throw new MkvsError(MkvsError.MALFORMED_NODE, 'internal: unhashed node');
  return p.hash;
}

/**
 * Hash every unhashed node under `p` post-order (leaf slot, left, right, node), each once.
 * Returns the number of hashes computed. Only dirty nodes lack hashes.
 */
export function hashSubtree(p: Ptr): number {
  if (p === null || p.type === 2 || p.hash !== null) return 0;
  if (p.type === 0) {
    p.hash = leafHash(p.key, p.value);
    return 1;
  }
  let n = hashSubtree(p.leaf) + hashSubtree(p.left) + hashSubtree(p.right);
  p.hash = internalHash(p.label, p.labelBits, ptrHash(p.leaf), ptrHash(p.left), ptrHash(p.right));
  n++;
  return n;
}
