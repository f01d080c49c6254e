/**
 * An in-memory {@link KvState} for service tests: a Map keyed by lower-case hex, whose string
 * order is the bytewise key order. `entries` iterates a sorted snapshot, so deleting while
 * iterating is safe. Values are copied in and out, as a real store would.
 */
import { toHex } from '../../src/common/index.js';
import type { KvState } from '../../src/consensus/index.js';

export class MemKvState implements KvState {
  readonly map = new Map<string, [Uint8Array, Uint8Array]>();

  async get(key: Uint8Array): Promise<Uint8Array | null> {
    const e = this.map.get(toHex(key));
    return e ? e[1].slice() : null;
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.map.set(toHex(key), [key.slice(), value.slice()]);
  }

  delete(key: Uint8Array): void {
    this.map.delete(toHex(key));
  }

  async *entries(prefix: Uint8Array): AsyncIterable<[Uint8Array, Uint8Array]> {
    const p = toHex(prefix);
    const keys = [...this.map.keys()].filter((k) => k.startsWith(p)).sort();
    for (const k of keys) {
      const e = this.map.get(k);
      if (e) yield [e[0].slice(), e[1].slice()];
    }
  }

  /** A deep copy (to check that a failed call changed nothing, or to fork a chain). */
  clone(): MemKvState {
    const c = new MemKvState();
    for (const [k, [kk, v]] of this.map) c.map.set(k, [kk.slice(), v.slice()]);
    return c;
  }

  /** All entries as hex, sorted, for equality checks. */
  dump(): string[] {
    return [...this.map.entries()].map(([k, [, v]]) => `${k}=${toHex(v)}`).sort();
  }
}
