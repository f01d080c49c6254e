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

/**
 * Arrays cut from slabs of `slabSize` bytes, up to `maxCut` bytes each (longer ones get an array
 * of their own). A slab is never reused, so every array starts zeroed; cuts start at multiples of
 * 8 bytes. Keep arrays of different lifetimes in different instances, so one long-lived array
 * does not keep a slab of short-lived ones alive.
 */
export class ByteSlabs {
  #slab = new Uint8Array(0);
  #used = 0;

  constructor(
    readonly slabSize: number,
    readonly maxCut: number,
  ) {}

  /** A zeroed array of `n` bytes (see the class comment). */
  alloc(n: number): Uint8Array {
    if (n > this.maxCut) return new Uint8Array(n);
    if (this.#used + n > this.#slab.length) {
      this.#slab = new Uint8Array(this.slabSize);
      this.#used = 0;
    }
    const out = this.#slab.subarray(this.#used, this.#used + n);
    this.#used += (n + 7) & ~7;
    return out;
  }
}

/** The executor's: a few hundred receipts or events per slab, longer strings on their own. */
const executorSlabs = new ByteSlabs(1 << 16, 2048);

/**
 * A zeroed array of `n` bytes, a view of a shared slab when `n` is small (see the module
 * comment: short-lived bytes only, never transferred).
 */
export function slabBytes(n: number): Uint8Array {
  return executorSlabs.alloc(n);
}

/** A copy of `src[from..to]` as {@link slabBytes}. */
export function slabCopy(src: Uint8Array, from: number, to: number): Uint8Array {
  const out = slabBytes(to - from);
  out.set(src.subarray(from, to));
  return out;
}
