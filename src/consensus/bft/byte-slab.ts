/**
 * Small byte arrays carved out of shared slabs. Every vote a node receives produces a few short
 * arrays (its sign bytes, its WAL record and frame); allocating each with its own backing store
 * costs more than the bytes themselves, so arrays up to 1 KiB are views into a 16 KiB slab
 * instead (as Node's `Buffer` pool does). Slabs are never reused, so every array starts zeroed;
 * a slab is freed once no array in it is referenced. Arrays kept for a while (memoized sign
 * bytes) come from their own slabs, so that one of them does not keep a slab of short-lived
 * records alive.
 */

import { ByteSlabs } from '../../common/index.js';

const SLAB = 16 * 1024;
const MAX_CARVED = 1024;
const shortLived = new ByteSlabs(SLAB, MAX_CARVED);
const lasting = new ByteSlabs(SLAB, MAX_CARVED);

/** A zeroed byte array of length `n` for short-lived data (records, frames, scratch encodings). */
export function allocBytes(n: number): Uint8Array {
  return shortLived.alloc(n);
}

/** A zeroed byte array of length `n` for data a node keeps for a while (memoized sign bytes). */
export function allocLasting(n: number): Uint8Array {
  return lasting.alloc(n);
}
