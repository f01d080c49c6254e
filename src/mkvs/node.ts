/**
 * Tree nodes and their hashes (spec/oasis.md §1.3). Clean nodes (committed, loaded or cached) are
 * immutable and may be shared between trees; a tree copies a clean node before changing it, so
 * an uncommitted tree is an overlay over its committed base. A child is either a resident node,
 * a {@link HashRef} to load on demand, or null.
 */
import { EMPTY_HASH, hashBytes } from '../common/index.js';
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

// Preimages are written into one reusable scratch buffer and hashed in one shot: node hashing is
// the hot path of every commit, and this avoids a Hash object and several small arrays per node.
let scratch = new Uint8Array(4096);
/** Views of the scratch buffer's first n bytes by n (preimage lengths repeat: one view each). */
const MAX_VIEW = 512;
const views: (Uint8Array | undefined)[] = new Array(MAX_VIEW + 1).fill(undefined);

function ensure(n: number): Uint8Array {
  if (scratch.length < n) {
    scratch = new Uint8Array(Math.max(n, scratch.length * 2));
    views.fill(undefined);
  }
  return scratch;
}

function digest(len: number): Uint8Array {
  if (len > MAX_VIEW) return hashBytes(scratch.subarray(0, len));
  let v = views[len];
  if (v === undefined) {
    v = scratch.subarray(0, len);
    views[len] = v;
  }
  return hashBytes(v);
}

function putU32le(b: Uint8Array, off: number, v: number): void {
  b[off] = v & 0xff;
  b[off + 1] = (v >>> 8) & 0xff;
  b[off + 2] = (v >>> 16) & 0xff;
  b[off + 3] = (v >>> 24) & 0xff;
}

/** Leaf hash: H(00 ‖ u32le(len key) ‖ key ‖ u32le(len value) ‖ value). */
export function leafHash(key: Uint8Array, value: Uint8Array): Uint8Array {
  const len = 9 + key.length + value.length;
  const b = ensure(len);
  b[0] = LEAF_PREFIX;
  putU32le(b, 1, key.length);
  b.set(key, 5);
  putU32le(b, 5 + key.length, value.length);
  b.set(value, 9 + key.length);
  return digest(len);
}

/** Internal hash: H(01 ‖ u16le(bits) ‖ label ‖ H(leaf) ‖ H(left) ‖ H(right)). */
export function internalHash(
  label: Uint8Array,
  labelBits: number,
  leaf: Uint8Array,
  left: Uint8Array,
  right: Uint8Array,
): Uint8Array {
  const len = 3 + label.length + 96;
  const b = ensure(len);
  b[0] = INTERNAL_PREFIX;
  b[1] = labelBits & 0xff;
  b[2] = (labelBits >>> 8) & 0xff;
  b.set(label, 3);
  b.set(leaf, 3 + label.length);
  b.set(left, 35 + label.length);
  b.set(right, 67 + label.length);
  return digest(len);
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
