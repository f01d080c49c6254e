/**
 * A dedicated encoder for the vote body: it produces exactly the canonical CBOR that
 * `encodeWith(voteBodyCodec, …)` produces (tests compare the two), without the generic encoder's
 * per-call map sorting and buffer management. Every node encodes every vote it receives once (its
 * signed bytes), so this is on the consensus hot path.
 */
import { cborHeadLength, putCborHead } from '../../common/index.js';
import { allocLasting } from './byte-slab.js';
import { BftError } from './errors.js';
import { MAX_EXTENSION_BYTES, type VoteBody } from './messages.js';

// Keys in canonical order (shorter first, then bytewise): type, round, height, extension,
// validator, block_hash. Each is a CBOR text string header byte followed by its ASCII.
const KEYS = ['type', 'round', 'height', 'extension', 'validator', 'block_hash'].map((k) =>
  Uint8Array.of(0x60 + k.length, ...Buffer.from(k, 'ascii')),
);

const KEYS_LEN = KEYS.reduce((a, k) => a + k.length, 0);

/** Length of a CBOR head for `v` (major type irrelevant). */
function headLen(v: bigint): number {
  if (v < 24n) return 1;
  if (v < 0x100n) return 2;
  if (v < 0x10000n) return 3;
  if (v < 0x100000000n) return 5;
  return 9;
}

function putHead(out: Uint8Array, off: number, major: number, v: bigint): number {
  const m = major << 5;
  if (v < 24n) {
    out[off] = m | Number(v);
    return off + 1;
  }
  const len = headLen(v) - 1;
  out[off] = m | (len === 1 ? 24 : len === 2 ? 25 : len === 4 ? 26 : 27);
  for (let i = len; i >= 1; i--) {
    out[off + i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return off + len + 1;
}

/** Copy key `i` to `off` (keys are a few bytes: a loop beats `set` there). */
function putKey(out: Uint8Array, off: number, i: number): number {
  const k = KEYS[i]!;
  for (let j = 0; j < k.length; j++) out[off + j] = k[j]!;
  return off + k.length;
}

/** Canonical CBOR of a vote body. */
export function encodeVoteBody(b: VoteBody): Uint8Array {
  if (
    b.height < 0n ||
    b.height > 0xffffffffffffffffn ||
    b.round < 0 ||
    b.round > 0xffffffff ||
    b.type < 0 ||
    b.type > 0xff
  ) {
    throw new BftError(BftError.MALFORMED_MESSAGE, 'vote body field out of range');
  }
  if (
    b.validator < 0 ||
    b.validator > 0xffff ||
    !Number.isInteger(b.validator) ||
    !Number.isInteger(b.round)
  ) {
    throw new BftError(BftError.MALFORMED_MESSAGE, 'vote body field out of range');
  }
  if (b.extension.length > MAX_EXTENSION_BYTES) {
    throw new BftError(BftError.MALFORMED_MESSAGE, `vote extension above ${MAX_EXTENSION_BYTES} bytes`);
  }
  const ext = b.extension.length;
  const size =
    1 +
    KEYS_LEN +
    cborHeadLength(b.type) +
    cborHeadLength(b.round) +
    (b.height < 0x100000000n ? cborHeadLength(Number(b.height)) : headLen(b.height)) +
    cborHeadLength(ext) +
    ext +
    cborHeadLength(b.validator) +
    (b.block_hash === null ? 1 : 2 + 32);
  const out = allocLasting(size);
  out[0] = 0xa6; // map of 6
  let o = putKey(out, 1, 0);
  o = putCborHead(out, o, 0, b.type);
  o = putKey(out, o, 1);
  o = putCborHead(out, o, 0, b.round);
  o = putKey(out, o, 2);
  o = b.height < 0x100000000n ? putCborHead(out, o, 0, Number(b.height)) : putHead(out, o, 0, b.height);
  o = putKey(out, o, 3);
  o = putCborHead(out, o, 2, ext);
  out.set(b.extension, o);
  o += b.extension.length;
  o = putKey(out, o, 4);
  o = putCborHead(out, o, 0, b.validator);
  o = putKey(out, o, 5);
  if (b.block_hash === null) {
    out[o++] = 0xf6;
  } else {
    if (b.block_hash.length !== 32)
      throw new BftError(BftError.MALFORMED_MESSAGE, 'block hash must be 32 bytes');
    out[o++] = 0x58;
    out[o++] = 32;
    out.set(b.block_hash, o);
    o += 32;
  }
  return out;
}
