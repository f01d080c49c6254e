/**
 * Short byte strings cut from shared slabs. V8 keeps a typed array of at most 64 bytes inside its
 * own object on the heap, but gives a longer one its own backing store (an allocation outside the
 * heap, registered with the collector and freed by it): about twenty times the cost. The
 * executor's per-transaction encodings (an event, a receipt) are just over that size; cutting
 * them as views of one larger array makes them as cheap as the small ones.
 *
 * A view keeps its whole slab alive, so this is for bytes that die soon (within a block), and a
 * view's `buffer` is shared: it must never be transferred to another thread or read past the
 * view's own range. Each range is handed out once and never written here again.
 */

/** Size of one slab: a few hundred receipts or events. */
const SLAB_BYTES = 1 << 16;
/** Longer strings get an array of their own (they would waste a slab's tail). */
const MAX_CUT = 2048;

let slab = new Uint8Array(0);
let used = 0;

/**
 * A zeroed array of `n` bytes, a view of a shared slab when `n` is small (see the module
 * comment: short-lived bytes only, never transferred).
 */
export function slabBytes(n: number): Uint8Array {
  if (n > MAX_CUT) return new Uint8Array(n);
  if (used + n > slab.length) {
    slab = new Uint8Array(SLAB_BYTES);
    used = 0;
  }
  const out = slab.subarray(used, used + n);
  used += n;
  return out;
}

/** A copy of `src[from..to]` as {@link slabBytes}. */
export function slabCopy(src: Uint8Array, from: number, to: number): Uint8Array {
  const out = slabBytes(to - from);
  out.set(src.subarray(from, to));
  return out;
}
