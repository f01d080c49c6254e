/**
 * Insert and remove on a {@link NodeStore}, in place. The shapes are exactly those of the node
 * tree's copy-on-write `insertResident`/`removeAt` (tree/insert.ts, tree/mutate.ts): the same
 * splits, the same collapses, so equal key sets give equal roots (the tests compare the two).
 * Every node on a changed path is marked unhashed; an insert of an equal value changes nothing.
 */
import { bitAt, byteAt, commonPrefixFrom, extractBits, merge } from '../key.js';
import { HASHED, INTERNAL, KIND, LEAF, LEFT, LEN, NIL, type NodeStore, RIGHT, VOFF, W } from './nodes.js';

/**
 * What a mutation did: the key's previous value (a view, or null), whether anything changed, and
 * the leaf made for a new key (else {@link NIL}).
 */
export interface Change {
  old: Uint8Array | null;
  changed: boolean;
  leaf: number;
}

/** Leading bits internal node `n`'s label shares with `key` from bit `depth` (key.ts `commonPrefixAt`). */
function labelCommon(s: NodeStore, n: number, key: Uint8Array, depth: number, keyBits: number): number {
  const max = Math.min(s.m[n * W + LEN]!, keyBits - depth);
  for (let i = 0; i < max; i += 8) {
    const x = (s.labelByte(n, i >> 3) ^ byteAt(key, depth + i)) & 0xff;
    if (x !== 0) return Math.min(i + Math.clz32(x) - 24, max);
  }
  return max;
}

function setChild(s: NodeStore, n: number, bit: number, child: number): void {
  s.setChild(n, bit === 1 ? RIGHT : LEFT, child);
}

/** Insert `key` → `value` under `n` entered at bit `depth`; the subtree's new top. */
export function insertAt(
  s: NodeStore,
  n: number,
  depth: number,
  key: Uint8Array,
  value: Uint8Array,
  out: Change,
): number {
  if (n === NIL) {
    out.changed = true;
    out.leaf = s.newLeaf(key, value);
    return out.leaf;
  }
  const keyBits = key.length * 8;
  if (s.m[n * W + KIND] === LEAF) return atLeaf(s, n, depth, key, keyBits, value, out);
  const bits = s.m[n * W + LEN]!;
  const c = labelCommon(s, n, key, depth, keyBits);
  if (c !== bits) return splitInternal(s, n, depth, c, key, keyBits, value, out);
  const b = depth + bits;
  if (keyBits === b) {
    const slot = insertAt(s, s.m[n * W + VOFF]!, b, key, value, out);
    if (out.changed) {
      s.setChild(n, VOFF, slot);
      s.m[n * W + HASHED] = 0;
    }
    return n;
  }
  const right = bitAt(key, b) === 1;
  const nc = insertAt(s, right ? s.m[n * W + RIGHT]! : s.m[n * W + LEFT]!, b, key, value, out);
  if (out.changed) {
    s.setChild(n, right ? RIGHT : LEFT, nc);
    s.m[n * W + HASHED] = 0;
  }
  return n;
}

/** Insert at leaf `l`: replace its value, or split below the common prefix. */
function atLeaf(
  s: NodeStore,
  l: number,
  depth: number,
  key: Uint8Array,
  keyBits: number,
  value: Uint8Array,
  out: Change,
): number {
  if (s.keyEquals(l, key)) {
    out.old = s.value(l);
    if (s.valueEquals(l, value)) return l;
    s.setValue(l, value);
    out.changed = true;
    return l;
  }
  out.changed = true;
  const lKey = s.key(l);
  const lBits = lKey.length * 8;
  const c = commonPrefixFrom(lKey, lBits, key, keyBits, depth);
  const at = depth + c;
  const leaf = s.newLeaf(key, value);
  out.leaf = leaf;
  const parent = s.newInternal(extractBits(key, depth, at), c, NIL, NIL, NIL);
  if (keyBits === at) {
    s.setChild(parent, VOFF, leaf);
    setChild(s, parent, bitAt(lKey, at), l);
  } else if (lBits === at) {
    s.setChild(parent, VOFF, l);
    setChild(s, parent, bitAt(key, at), leaf);
  } else {
    setChild(s, parent, bitAt(key, at), leaf);
    setChild(s, parent, bitAt(lKey, at), l);
  }
  return parent;
}

/** Split internal node `n`'s label at bit `c` for `key`: a new parent takes the common part. */
function splitInternal(
  s: NodeStore,
  n: number,
  depth: number,
  c: number,
  key: Uint8Array,
  keyBits: number,
  value: Uint8Array,
  out: Change,
): number {
  out.changed = true;
  const bits = s.m[n * W + LEN]!;
  const label = s.label(n);
  const rest = extractBits(label, c, bits);
  s.setLabel(n, rest, bits - c);
  const leaf = s.newLeaf(key, value);
  out.leaf = leaf;
  const parent = s.newInternal(extractBits(label, 0, c), c, NIL, NIL, NIL);
  if (keyBits === depth + c) {
    s.setChild(parent, VOFF, leaf);
    setChild(s, parent, bitAt(rest, 0), n);
  } else {
    const bit = bitAt(key, depth + c);
    setChild(s, parent, bit, leaf);
    setChild(s, parent, 1 - bit, n);
  }
  return parent;
}

/** Remove `key` under `n` entered at bit `depth`; the subtree's new top. */
export function removeAt(s: NodeStore, n: number, depth: number, key: Uint8Array, out: Change): number {
  if (n === NIL) return NIL;
  if (s.m[n * W + KIND] === LEAF) {
    if (!s.keyEquals(n, key)) return n;
    out.old = s.value(n);
    out.changed = true;
    s.release(n);
    return NIL;
  }
  const keyBits = key.length * 8;
  const b = depth + s.m[n * W + LEN]!;
  if (keyBits < b) return n;
  if (keyBits === b) {
    const slot = removeAt(s, s.m[n * W + VOFF]!, b, key, out);
    if (!out.changed) return n;
    s.setChild(n, VOFF, slot);
  } else {
    const right = bitAt(key, b) === 1;
    const nc = removeAt(s, right ? s.m[n * W + RIGHT]! : s.m[n * W + LEFT]!, b, key, out);
    if (!out.changed) return n;
    s.setChild(n, right ? RIGHT : LEFT, nc);
  }
  s.m[n * W + HASHED] = 0;
  return collapse(s, n);
}

/** An internal node left with a single entry gives way to it (labels merge). */
function collapse(s: NodeStore, m: number): number {
  const slot = s.m[m * W + VOFF]!;
  const l = s.m[m * W + LEFT]!;
  const r = s.m[m * W + RIGHT]!;
  if (slot !== NIL && l === NIL && r === NIL) {
    s.release(m);
    return slot;
  }
  if (slot !== NIL || (l !== NIL && r !== NIL)) return m;
  const only = l !== NIL ? l : r;
  if (only !== NIL && s.m[only * W + KIND] === INTERNAL) {
    const bits = s.m[m * W + LEN]! + s.m[only * W + LEN]!;
    s.setLabel(only, merge(s.label(m), s.m[m * W + LEN]!, s.label(only), s.m[only * W + LEN]!), bits);
  }
  s.release(m);
  return only;
}
