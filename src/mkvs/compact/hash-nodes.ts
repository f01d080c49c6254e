/**
 * Hashing of a {@link NodeStore}'s changed nodes, by the MKVS rules of `node.ts` (spec/oasis.md
 * §1.3). Preimages are assembled straight in the WebAssembly hasher's message area from the arena
 * (leaves), the node's inline label and its copies of its children's hashes (internal nodes), and
 * the digest is copied into the node's hash slot and its parent's copy: no array is made per node,
 * and an unchanged child is never read. Long preimages (and a runtime without WebAssembly) go
 * through `hashBytes`.
 */
import { EMPTY_HASH, hashBytes, inPlaceHasher, WASM_HASH_MAX } from '../../common/index.js';
import { INTERNAL_PREFIX, LEAF_PREFIX } from '../node.js';
import {
  ALL_HASHED,
  CACHE,
  CACHED_LEFT,
  CACHED_RIGHT,
  HASH,
  HASHED,
  INTERNAL,
  IS_HASHED,
  KIND,
  LEFT,
  LEN,
  NIL,
  type NodeStore,
  OFF,
  RIGHT,
  VLEN,
  VOFF,
  W,
} from './nodes.js';

const hp = inPlaceHasher;
let scratch = new Uint8Array(4096);
// Int32 views of the hasher's message area and digest (both 4-byte aligned): most internal
// nodes have a one-byte label, which puts their three child hashes at aligned offsets 4, 36 and
// 68, so hashes move as 8 words instead of 32 bytes.
const msg32 = hp === undefined ? undefined : new Int32Array(hp.msg.buffer, hp.msg.byteOffset, 64);
const out32 = hp === undefined ? undefined : new Int32Array(hp.out.buffer, hp.out.byteOffset, 8);
const EMPTY32 = new Int32Array(EMPTY_HASH.slice().buffer);
/**
 * The padding of a 100-byte preimage (an internal node with a one-byte label) as message words
 * 25..31 (built from bytes, so in the host's byte order): the 0x80 byte at 100, zeros, and the length in
 * bits (800) big-endian in the last bytes.
 */
const PAD100 = new Int32Array(Uint8Array.of(0x80, ...new Array<number>(25).fill(0), 3, 0x20).buffer);

function putU32le(b: Uint8Array, at: number, v: number): void {
  b[at] = v & 0xff;
  b[at + 1] = (v >>> 8) & 0xff;
  b[at + 2] = (v >>> 16) & 0xff;
  b[at + 3] = (v >>> 24) & 0xff;
}

function copy(from: Uint8Array, at: number, n: number, to: Uint8Array, to0: number): void {
  for (let j = 0; j < n; j++) to[to0 + j] = from[at + j]!;
}

/** A buffer for a preimage of `len` bytes: the hasher's message area when it fits. */
function preimage(len: number): Uint8Array {
  if (hp !== undefined && len <= WASM_HASH_MAX) return hp.msg;
  if (scratch.length < len) scratch = new Uint8Array(Math.max(len, scratch.length * 2));
  return scratch;
}

/** Hash the preimage of `len` bytes in `b` into node `i`'s slot; its {@link HASHED} becomes `state`. */
function finish(s: NodeStore, i: number, b: Uint8Array, len: number, state: number): void {
  if (hp !== undefined && b === hp.msg) {
    hp.run(len);
    const h = s.m;
    const o = out32!;
    const at = i * W + HASH;
    for (let j = 0; j < 8; j++) h[at + j] = o[j]!;
  } else s.bytes.set(hashBytes(b.subarray(0, len)), (i * W + HASH) * 4);
  s.m[i * W + HASHED] = state;
}

function hashLeaf(s: NodeStore, i: number): void {
  const kl = s.m[i * W + LEN]!;
  const vl = s.m[i * W + VLEN]!;
  const len = 9 + kl + vl;
  const b = preimage(len);
  b[0] = LEAF_PREFIX;
  putU32le(b, 1, kl);
  s.copyKeyOut(i, b, 5);
  putU32le(b, 5 + kl, vl);
  s.copyOut(s.m[i * W + VOFF]!, vl, b, 9 + kl);
  finish(s, i, b, len, IS_HASHED);
}

/** Child `c`'s hash (the empty hash for nil) into `b` at `at`. */
function childHash(s: NodeStore, c: number, b: Uint8Array, at: number): void {
  if (c === NIL) copy(EMPTY_HASH, 0, 32, b, at);
  else copy(s.bytes, (c * W + HASH) * 4, 32, b, at);
}

/** Child `c`'s hash (the empty hash for nil) into the message area at word `w`. */
function childHash32(s: NodeStore, c: number, w: number): void {
  const from = c === NIL ? EMPTY32 : s.m;
  const at = c === NIL ? 0 : c * W + HASH;
  const m = msg32!;
  for (let j = 0; j < 8; j++) m[w + j] = from[at + j]!;
}

function hashInternal(s: NodeStore, i: number): void {
  const bits = s.m[i * W + LEN]!;
  const lb = (bits + 7) >> 3;
  if (lb === 1 && msg32 !== undefined) {
    hashInternalAligned(s, i, bits);
    return;
  }
  const len = 3 + lb + 96;
  const b = preimage(len);
  b[0] = INTERNAL_PREFIX;
  b[1] = bits & 0xff;
  b[2] = (bits >>> 8) & 0xff;
  for (let j = 0; j < lb; j++) b[3 + j] = s.labelByte(i, j);
  childHash(s, s.m[i * W + VOFF]!, b, 3 + lb);
  copy(s.bytes, (i * W + CACHE) * 4, 64, b, 35 + lb);
  finish(s, i, b, len, ALL_HASHED);
}

/** {@link hashInternal} for a one-byte label: the child hashes go in as aligned words. */
function hashInternalAligned(s: NodeStore, i: number, bits: number): void {
  const b = hp!.msg;
  b[0] = INTERNAL_PREFIX;
  b[1] = bits;
  b[2] = 0;
  b[3] = s.m[i * W + OFF]! >>> 24; // inline (one byte)
  childHash32(s, s.m[i * W + VOFF]!, 1);
  const m = msg32!;
  const h = s.m;
  const c = i * W + CACHE;
  for (let j = 0; j < 16; j++) m[9 + j] = h[c + j]!;
  for (let j = 0; j < 7; j++) m[25 + j] = PAD100[j]!;
  hp!.compress(1);
  const o = out32!;
  const at = i * W + HASH;
  for (let j = 0; j < 8; j++) h[at + j] = o[j]!;
  h[i * W + HASHED] = ALL_HASHED;
}

/** Hash every unhashed node under `i`, children first; the number hashed. */
export function hashDirty(s: NodeStore, i: number): number {
  if (i === NIL || (s.m[i * W + HASHED]! & IS_HASHED) !== 0) return 0;
  return hashNode(s, i);
}

/**
 * Hash unhashed node `i` and what it needs first: its leaf slot if unhashed, and each child whose
 * hash copy is not valid, if that child is unhashed (refreshing the copy). A child whose copy is
 * valid is not read at all: on a changed path that is every unchanged sibling.
 */
function hashNode(s: NodeStore, i: number): number {
  const m = s.m;
  if (m[i * W + KIND] !== INTERNAL) {
    hashLeaf(s, i);
    return 1;
  }
  let n = 1;
  const slot = m[i * W + VOFF]!;
  if (slot !== NIL && (m[slot * W + HASHED]! & IS_HASHED) === 0) n += hashNode(s, slot);
  const h = m[i * W + HASHED]!;
  if ((h & CACHED_LEFT) === 0) n += refresh(s, m[i * W + LEFT]!, i * W + CACHE);
  if ((h & CACHED_RIGHT) === 0) n += refresh(s, m[i * W + RIGHT]!, i * W + CACHE + 8);
  hashInternal(s, i);
  return n;
}

/** Hash child `c` if unhashed and copy its hash (the empty hash for nil) to word `at`; the number hashed. */
function refresh(s: NodeStore, c: number, at: number): number {
  const m = s.m;
  if (c === NIL) {
    for (let j = 0; j < 8; j++) m[at + j] = EMPTY32[j]!;
    return 0;
  }
  const n = (m[c * W + HASHED]! & IS_HASHED) === 0 ? hashNode(s, c) : 0;
  const from = c * W + HASH;
  for (let j = 0; j < 8; j++) m[at + j] = m[from + j]!;
  return n;
}

/** Node `i`'s hash as a fresh array (the empty hash for nil); `i` must be hashed. */
export function hashOf(s: NodeStore, i: number): Uint8Array {
  const at = (i * W + HASH) * 4;
  return i === NIL ? EMPTY_HASH.slice() : s.bytes.slice(at, at + 32);
}

/**
 * For checks (tests): a problem with internal node `n`'s copies of its children's hashes (a copy
 * marked valid that is not its child's hash, or whose child is unhashed), or undefined.
 */
export function staleCopy(s: NodeStore, n: number): string | undefined {
  const m = s.m;
  for (const [bit, field, at] of [
    [CACHED_LEFT, LEFT, CACHE],
    [CACHED_RIGHT, RIGHT, CACHE + 8],
  ] as const) {
    if ((m[n * W + HASHED]! & bit) === 0) continue;
    const c = m[n * W + field]!;
    if (c !== NIL && (m[c * W + HASHED]! & IS_HASHED) === 0) return `node ${n} copies unhashed ${c}'s hash`;
    const want = c === NIL ? EMPTY32 : m.subarray(c * W + HASH, c * W + HASH + 8);
    for (let j = 0; j < 8; j++)
      if (m[n * W + at + j] !== want[j]) return `node ${n}'s copy of ${c}'s hash is stale`;
  }
  return undefined;
}
