/**
 * In-memory fakes of the service contract's state and ledger, for testing programs without the
 * executor: a KvState over a Map kept in bytewise key order, and a Ledger over a Map.
 */
import { fromHex, TandemError, toHex } from '../../src/common/index.js';
import type { KvState, Ledger } from '../../src/consensus/index.js';

/** A KvState over a Map; lowercase hex keys sort exactly like the bytes they encode. */
export class MemoryKvState implements KvState {
  private map = new Map<string, Uint8Array>();
  /** Number of set and delete calls so far (a cheap "did anything write?" check). */
  writes = 0;

  async get(key: Uint8Array): Promise<Uint8Array | null> {
    return this.map.get(toHex(key)) ?? null;
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.writes++;
    this.map.set(toHex(key), Uint8Array.from(value));
  }

  delete(key: Uint8Array): void {
    this.writes++;
    this.map.delete(toHex(key));
  }

  /** Entries under `prefix` in key order, as of the call (later writes do not disturb it). */
  async *entries(prefix: Uint8Array): AsyncIterable<[Uint8Array, Uint8Array]> {
    const p = toHex(prefix);
    const keys = [...this.map.keys()].filter((k) => k.startsWith(p)).sort();
    for (const k of keys) yield [fromHex(k), this.map.get(k)!];
  }

  /** Number of keys. */
  get size(): number {
    return this.map.size;
  }

  /** The whole state as sorted `key=value` hex lines, to compare states. */
  dump(): string {
    return [...this.map.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${k}=${toHex(v)}`)
      .join('\n');
  }

  /** A copy, to roll back to. */
  clone(): MemoryKvState {
    const c = new MemoryKvState();
    for (const [k, v] of this.map) c.map.set(k, v);
    return c;
  }

  /** Replace this state's contents with `other`'s (rollback). */
  restore(other: MemoryKvState): void {
    this.map = new Map(other.map);
  }
}

/** The fake ledger's insufficient-balance error. */
export class FakeLedgerError extends TandemError {
  constructor(message: string) {
    super('fake-ledger', 1, message);
  }
}

/** A Ledger over a Map from hex address to balance. */
export class MapLedger implements Ledger {
  readonly balances = new Map<string, bigint>();

  async balance(address: Uint8Array): Promise<bigint> {
    return this.balances.get(toHex(address)) ?? 0n;
  }

  async credit(address: Uint8Array, amount: bigint): Promise<void> {
    if (amount < 0n) throw new FakeLedgerError('negative credit');
    this.balances.set(toHex(address), (await this.balance(address)) + amount);
  }

  async debit(address: Uint8Array, amount: bigint): Promise<void> {
    const have = await this.balance(address);
    if (amount < 0n || have < amount) throw new FakeLedgerError('insufficient balance');
    this.balances.set(toHex(address), have - amount);
  }

  /** Sum of all balances. */
  total(): bigint {
    let t = 0n;
    for (const v of this.balances.values()) t += v;
    return t;
  }

  /** A copy of the balances, to roll back to. */
  snapshot(): Map<string, bigint> {
    return new Map(this.balances);
  }

  /** Restore balances saved by {@link snapshot}. */
  restore(saved: Map<string, bigint>): void {
    this.balances.clear();
    for (const [k, v] of saved) this.balances.set(k, v);
  }
}
