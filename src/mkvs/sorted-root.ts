/**
 * The root hash of a tree holding a given key set, computed straight from the keys in order,
 * without building the tree. For a set where no key is a prefix of another (e.g. keys of one
 * length), the path-compressed trie is fixed by the keys alone: each internal node's label is
 * what its keys share below their parent, and it splits on the next bit. So hashing that shape
 * bottom-up gives the root a {@link Tree} would, with one hash per node and nothing else; a
 * per-block receipts root over transaction hashes is the use.
 */
import { compareBytes, EMPTY_HASH } from '../common/index.js';
import { bitAt, commonPrefixFrom, extractBits } from './key.js';
import { internalHash, leafHash } from './node.js';

/** A key and its value. */
export interface KeyValue {
  readonly key: Uint8Array;
  readonly value: Uint8Array;
}

function build(e: readonly KeyValue[], lo: number, hi: number, depth: number): Uint8Array {
  const first = e[lo]!.key;
  if (hi - lo === 1) return leafHash(first, e[lo]!.value);
  const last = e[hi - 1]!.key;
  const c = commonPrefixFrom(first, first.length * 8, last, last.length * 8, depth);
  const at = depth + c;
  // Keys are sorted, so those with a 0 at bit `at` come first.
  let a = lo;
  let b = hi - 1;
  while (a < b) {
    const m = (a + b) >> 1;
    if (bitAt(e[m]!.key, at) === 0) a = m + 1;
    else b = m;
  }
  const left = build(e, lo, a, at);
  const right = build(e, a, hi, at);
  return internalHash(extractBits(first, depth, at), c, EMPTY_HASH, left, right);
}

/**
 * The root hash of the tree holding `entries` (keys strictly increasing bytewise, none a prefix of
 * another), or undefined when they are not so (build a {@link Tree} then).
 */
export function sortedRoot(entries: readonly KeyValue[]): Uint8Array | undefined {
  if (entries.length === 0) return EMPTY_HASH;
  for (let i = 1; i < entries.length; i++) {
    const p = entries[i - 1]!.key;
    const k = entries[i]!.key;
    if (compareBytes(p, k) >= 0 || p.length === 0) return undefined;
    // A prefix sorts right before the keys it starts, so checking neighbours suffices.
    if (p.length < k.length && commonPrefixFrom(p, p.length * 8, k, k.length * 8, 0) === p.length * 8) {
      return undefined;
    }
  }
  return build(entries, 0, entries.length, 0);
}
