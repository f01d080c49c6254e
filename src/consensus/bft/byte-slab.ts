/**
 * Small byte arrays carved out of shared slabs. Every vote a node receives produces a few short
 * arrays (its sign bytes, its WAL record and frame); allocating each with its own backing store
 * costs more than the bytes themselves, so arrays up to 1 KiB are views into a 16 KiB slab
 * instead (as Node's `Buffer` pool does). Slabs are never reused, so every array starts zeroed;
 * a slab is freed once no array in it is referenced.
 */

const SLAB = 16 * 1024;
const MAX_CARVED = 1024;

let slab = new ArrayBuffer(SLAB);
let used = 0;

/** A zeroed byte array of length `n` (a view into a shared slab when small). */
export function allocBytes(n: number): Uint8Array {
  if (n > MAX_CARVED) return new Uint8Array(n);
  if (used + n > SLAB) {
    slab = new ArrayBuffer(SLAB);
    used = 0;
  }
  const out = new Uint8Array(slab, used, n);
  used += (n + 7) & ~7;
  return out;
}
