/**
 * Node encodings (spec/oasis.md §1.3). Leaf: `00 ‖ u16le(len key) ‖ key ‖ u32le(len value) ‖
 * value` (the key length is 2 bytes here but 4 in the hash). Internal, full (node DB):
 * `01 ‖ u16le(bits) ‖ label ‖ (leaf | 02) ‖ leftHash ‖ rightHash`; compact v0 (proofs):
 * `01 ‖ u16le(bits) ‖ label ‖ (leaf | 02)`; compact v1: `01 ‖ u16le(bits) ‖ label ‖ 02`.
 * Decoders are bounded by the input: every length is checked before it is used.
 */
import { bytesEqual, EMPTY_HASH } from '../common/index.js';
import { MkvsError } from './errors.js';
import {
  type HashRef,
  hashRef,
  INTERNAL_PREFIX,
  type InternalNode,
  LEAF_PREFIX,
  type LeafNode,
  NIL_PREFIX,
  type Node,
  type Ptr,
  ptrHash,
} from './node.js';

/** Encoding flavours. */
export type NodeEncoding = 'full' | 'v0' | 'v1';

function leafLength(l: LeafNode): number {
  return 7 + l.key.length + l.value.length;
}

function writeLeaf(out: Uint8Array, off: number, l: LeafNode): number {
  out[off] = LEAF_PREFIX;
  out[off + 1] = l.key.length & 0xff;
  out[off + 2] = (l.key.length >>> 8) & 0xff;
  out.set(l.key, off + 3);
  let o = off + 3 + l.key.length;
  const vl = l.value.length;
  out[o] = vl & 0xff;
  out[o + 1] = (vl >>> 8) & 0xff;
  out[o + 2] = (vl >>> 16) & 0xff;
  out[o + 3] = (vl >>> 24) & 0xff;
  o += 4;
  out.set(l.value, o);
  return o + vl;
}

/** Serialize a leaf. */
export function encodeLeaf(l: LeafNode): Uint8Array {
  const out = new Uint8Array(leafLength(l));
  writeLeaf(out, 0, l);
  return out;
}

/** Serialize a node in one of the encodings (children must be hashed for `full`), in one allocation. */
export function encodeNode(n: Node, enc: NodeEncoding): Uint8Array {
  const out = new Uint8Array(encodedLength(n, enc));
  writeNode(out, 0, n, enc);
  return out;
}

/** Longest encoding whose view {@link encodeNodeInto} keeps for reuse. */
const MAX_KEPT_VIEW = 1024;

/**
 * The node's encoding written into `out` at 0 (grown when too small): a view of `out` or of its
 * replacement, valid until the buffer is written again. Lets a commit encode many nodes with no
 * allocation per node when each encoding is copied at once (a LevelDB batch put, a cache). With
 * `views`, the view of each length is made once and reused (node encodings repeat a few lengths),
 * so a long run of nodes allocates nothing at all.
 */
export function encodeNodeInto(
  n: Node,
  enc: NodeEncoding,
  out: { buf: Uint8Array; views?: (Uint8Array | undefined)[] },
): Uint8Array {
  const len = encodedLength(n, enc);
  if (out.buf.length < len) {
    out.buf = new Uint8Array(Math.max(len, out.buf.length * 2));
    if (out.views !== undefined) out.views = [];
  }
  writeNode(out.buf, 0, n, enc);
  const views = out.views;
  if (views === undefined || len > MAX_KEPT_VIEW) return out.buf.subarray(0, len);
  let v = views[len];
  if (v === undefined) {
    v = out.buf.subarray(0, len);
    views[len] = v;
  }
  return v;
}

function inlineLeaf(n: InternalNode, enc: NodeEncoding): LeafNode | null {
  const leaf = n.leaf;
  if (enc !== 'v1' && leaf !== null && leaf.type !== 0) {
    throw new MkvsError(
      MkvsError.MALFORMED_NODE,
      'cannot encode an internal node whose leaf is not resident',
    );
  }
  return enc !== 'v1' && leaf !== null && leaf.type === 0 ? leaf : null;
}

function encodedLength(n: Node, enc: NodeEncoding): number {
  if (n.type === 0) return leafLength(n);
  const inline = inlineLeaf(n, enc);
  return 3 + n.label.length + (inline ? leafLength(inline) : 1) + (enc === 'full' ? 64 : 0);
}

function writeNode(out: Uint8Array, off: number, n: Node, enc: NodeEncoding): number {
  if (n.type === 0) return writeLeaf(out, off, n);
  const inline = inlineLeaf(n, enc);
  let o = off;
  out[o++] = INTERNAL_PREFIX;
  out[o++] = n.labelBits & 0xff;
  out[o++] = (n.labelBits >>> 8) & 0xff;
  out.set(n.label, o);
  o += n.label.length;
  if (inline) o = writeLeaf(out, o, inline);
  else out[o++] = NIL_PREFIX;
  if (enc === 'full') {
    out.set(ptrHash(n.left), o);
    out.set(ptrHash(n.right), o + 32);
    o += 64;
  }
  return o;
}

class Reader {
  constructor(
    readonly b: Uint8Array,
    public pos: number,
    readonly end: number,
  ) {}
  need(n: number, what: string): void {
    if (this.pos + n > this.end) throw new MkvsError(MkvsError.MALFORMED_NODE, `truncated node: ${what}`);
  }
  u8(what: string): number {
    this.need(1, what);
    return this.b[this.pos++]!;
  }
  u16(what: string): number {
    this.need(2, what);
    const v = this.b[this.pos]! | (this.b[this.pos + 1]! << 8);
    this.pos += 2;
    return v;
  }
  u32(what: string): number {
    this.need(4, what);
    const b = this.b;
    const p = this.pos;
    this.pos += 4;
    return (b[p]! | (b[p + 1]! << 8) | (b[p + 2]! << 16)) + b[p + 3]! * 0x1000000;
  }
  bytes(n: number, what: string): Uint8Array {
    this.need(n, what);
    const v = this.b.slice(this.pos, this.pos + n);
    this.pos += n;
    return v;
  }
}

function readLeafBody(r: Reader): LeafNode {
  const klen = r.u16('key length');
  const key = r.bytes(klen, 'key');
  const vlen = r.u32('value length');
  const value = r.bytes(vlen, 'value');
  return { type: 0, key, value, hash: null, dirty: false };
}

/**
 * Decode one node, the bytes `start..end` of `b` (default: all of it; a cache can decode in
 * place). `full`: children become {@link HashRef}s (the empty hash becomes nil).
 * `v0`/`v1`: compact, children unset (null) for the proof decoder to fill. Trailing bytes are
 * an error. Decoded nodes are clean and share no memory with `b`; hashes are computed by the
 * caller.
 */
export function decodeNode(b: Uint8Array, enc: NodeEncoding, start = 0, end = b.length): Node {
  if (start < 0 || end > b.length || start > end)
    throw new MkvsError(MkvsError.MALFORMED_NODE, 'node bounds outside the buffer');
  const r = new Reader(b, start, end);
  const t = r.u8('type');
  let n: Node;
  if (t === LEAF_PREFIX) n = readLeafBody(r);
  else if (t === INTERNAL_PREFIX) n = readInternal(r, enc);
  else throw new MkvsError(MkvsError.MALFORMED_NODE, `unknown node type byte 0x${t.toString(16)}`);
  if (r.pos !== end) throw new MkvsError(MkvsError.MALFORMED_NODE, `${end - r.pos} trailing bytes in node`);
  return n;
}

function readInternal(r: Reader, enc: NodeEncoding): InternalNode {
  const labelBits = r.u16('label bits');
  const labelLen = (labelBits + 7) >> 3;
  if (enc === 'full' && r.pos + labelLen < r.end && r.b[r.pos + labelLen] === NIL_PREFIX)
    return readPlainFull(r, labelBits, labelLen);
  const label = r.bytes(labelLen, 'label');
  const lt = r.u8('leaf marker');
  let leaf: LeafNode | null = null;
  if (lt === LEAF_PREFIX) {
    if (enc === 'v1') throw new MkvsError(MkvsError.MALFORMED_NODE, 'v1 compact node with an inline leaf');
    leaf = readLeafBody(r);
  } else if (lt !== NIL_PREFIX) {
    throw new MkvsError(MkvsError.MALFORMED_NODE, `bad leaf marker 0x${lt.toString(16)}`);
  }
  let left: Ptr = null;
  let right: Ptr = null;
  if (enc === 'full') {
    left = refOrNil(r.bytes(32, 'left hash'));
    right = refOrNil(r.bytes(32, 'right hash'));
  }
  return { type: 1, label, labelBits, leaf, left, right, hash: null, dirty: false };
}

/**
 * The common full internal node with no leaf: label, marker and both child hashes are copied
 * in one piece and the three fields are views of that copy (decoded nodes are the tree reads'
 * main allocation, and every copy is an extra buffer for the garbage collector).
 */
function readPlainFull(r: Reader, labelBits: number, labelLen: number): InternalNode {
  const all = r.bytes(labelLen + 65, 'label and child hashes');
  const label = all.subarray(0, labelLen);
  const left = refOrNil(all.subarray(labelLen + 1, labelLen + 33));
  const right = refOrNil(all.subarray(labelLen + 33, labelLen + 65));
  return { type: 1, label, labelBits, leaf: null, left, right, hash: null, dirty: false };
}

function refOrNil(h: Uint8Array): HashRef | null {
  return bytesEqual(h, EMPTY_HASH) ? null : hashRef(h);
}
