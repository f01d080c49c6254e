/**
 * Values by 32-byte hash (nodes by their hash): a `Map` keyed by 31 bits of the hash, a small
 * integer that the map hashes and compares far faster than a string key, with the few values
 * that share those bits chained and told apart by the full hash. Node hashes are SHA-512/256
 * outputs, so the 31 bits are evenly spread; a chain grows only where someone has searched for
 * hashes agreeing in them (2^31 work per extra link), and then costs only look-up time.
 */
import { bytesEqual } from '../common/index.js';

/** One value and the hash it is kept under; `next` shares the same 31 bits. */
interface Slot<V> {
  readonly hash: Uint8Array;
  value: V;
  next: Slot<V> | undefined;
}

/** 31 bits of a hash (of any length ≥ 4): a non-negative small integer. */
function bits31(h: Uint8Array): number {
  return ((h[0]! << 23) | (h[1]! << 15) | (h[2]! << 7) | (h[3]! >>> 1)) >>> 0;
}

/** A map from hashes to values (see the module comment). Keys are kept, not copied: never mutate them. */
export class HashIndex<V> {
  private readonly slots = new Map<number, Slot<V>>();
  private count = 0;

  /** Number of values. */
  get size(): number {
    return this.count;
  }

  /** The value kept under `hash`, if any. */
  get(hash: Uint8Array): V | undefined {
    for (let s = this.slots.get(bits31(hash)); s !== undefined; s = s.next) {
      if (bytesEqual(s.hash, hash)) return s.value;
    }
    return undefined;
  }

  /** Keep `value` under `hash` (replacing any value already there). */
  set(hash: Uint8Array, value: V): void {
    const k = bits31(hash);
    const head = this.slots.get(k);
    for (let s = head; s !== undefined; s = s.next) {
      if (bytesEqual(s.hash, hash)) {
        s.value = value;
        return;
      }
    }
    this.slots.set(k, { hash, value, next: head });
    this.count++;
  }

  /** Drop the value under `hash`; true when there was one. */
  delete(hash: Uint8Array): boolean {
    const k = bits31(hash);
    let prev: Slot<V> | undefined;
    for (let s = this.slots.get(k); s !== undefined; prev = s, s = s.next) {
      if (!bytesEqual(s.hash, hash)) continue;
      if (prev !== undefined) prev.next = s.next;
      else if (s.next !== undefined) this.slots.set(k, s.next);
      else this.slots.delete(k);
      this.count--;
      return true;
    }
    return false;
  }

  /** Drop everything. */
  clear(): void {
    this.slots.clear();
    this.count = 0;
  }

  /** Every value (in no particular order). */
  *values(): IterableIterator<V> {
    for (const head of this.slots.values()) {
      for (let s: Slot<V> | undefined = head; s !== undefined; s = s.next) yield s.value;
    }
  }
}
