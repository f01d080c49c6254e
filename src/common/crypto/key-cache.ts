/**
 * A bounded cache keyed by 32-byte public keys, for what the transaction path derives from a
 * signer's key once (its KeyObject, its address). A look-up costs an integer hash of eight of the
 * key's bytes and a 32-byte compare, not a string built from the key (what a `Map<string, …>`
 * look-up needs). Entries sit in one slot per hash: a key whose slot another key holds is a miss
 * and takes the slot over, so a crafted collision costs its sender a cache miss and nothing more.
 * Oldest entries go first once `max` slots are used.
 */
export class PublicKeyCache<T> {
  readonly #slots = new Map<number, { readonly key: Uint8Array; readonly value: T }>();

  constructor(readonly max: number) {}

  /** The value cached for `pub`, or undefined. */
  get(pub: Uint8Array): T | undefined {
    const e = this.#slots.get(slotOf(pub));
    return e !== undefined && sameKey(e.key, pub) ? e.value : undefined;
  }

  /** Cache `value` for `pub` (a copy of `pub` is kept). */
  set(pub: Uint8Array, value: T): void {
    const slot = slotOf(pub);
    if (!this.#slots.has(slot) && this.#slots.size >= this.max) {
      this.#slots.delete(this.#slots.keys().next().value as number);
    }
    this.#slots.set(slot, { key: pub.slice(), value });
  }

  get size(): number {
    return this.#slots.size;
  }
}

/** A small-integer hash of a key (public keys are uniform; 30 bits keep it a V8 small integer). */
function slotOf(p: Uint8Array): number {
  const lo = p[0]! | (p[1]! << 8) | (p[2]! << 16) | (p[3]! << 24);
  const hi = p[28]! | (p[29]! << 8) | (p[30]! << 16) | (p[31]! << 24);
  return (lo ^ Math.imul(hi, 0x9e3779b1)) & 0x3fffffff;
}

function sameKey(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
