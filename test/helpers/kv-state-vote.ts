/**
 * In-memory fakes of the service contract for the vote program's tests: a KvState over a Map
 * iterated in bytewise key order, a Ledger over a Map, and block/transaction context builders.
 * Named apart from other areas' helpers so parallel branches do not collide.
 */
import { addressFromPublicKey, compareBytes, fromHex, toHex } from '../../src/common/index.js';
import type {
  BlockContext,
  DomainId,
  KvState,
  Ledger,
  ServiceEvent,
  TxContext,
} from '../../src/consensus/index.js';

/** A KvState over a Map keyed by hex; `entries` sorts, so iteration is bytewise ordered. */
export class VoteTestKv implements KvState {
  readonly map = new Map<string, Uint8Array>();

  async get(key: Uint8Array): Promise<Uint8Array | null> {
    const v = this.map.get(toHex(key));
    return v === undefined ? null : v.slice();
  }

  set(key: Uint8Array, value: Uint8Array): void {
    this.map.set(toHex(key), value.slice());
  }

  delete(key: Uint8Array): void {
    this.map.delete(toHex(key));
  }

  async *entries(prefix: Uint8Array): AsyncIterable<[Uint8Array, Uint8Array]> {
    const p = toHex(prefix);
    const keys = [...this.map.keys()].filter((k) => k.startsWith(p)).map((k) => fromHex(k));
    keys.sort(compareBytes);
    for (const k of keys) yield [k, this.map.get(toHex(k))!.slice()];
  }

  /** A comparable copy of everything stored (for "changes nothing" assertions). */
  dump(): Map<string, string> {
    return new Map([...this.map].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, toHex(v)]));
  }
}

/** A Ledger over a Map keyed by address hex. */
export class VoteTestLedger implements Ledger {
  readonly balances = new Map<string, bigint>();

  async balance(address: Uint8Array): Promise<bigint> {
    return this.balances.get(toHex(address)) ?? 0n;
  }

  async credit(address: Uint8Array, amount: bigint): Promise<void> {
    this.balances.set(toHex(address), (await this.balance(address)) + amount);
  }

  async debit(address: Uint8Array, amount: bigint): Promise<void> {
    const b = await this.balance(address);
    if (b < amount) throw new RangeError('insufficient balance');
    this.balances.set(toHex(address), b - amount);
  }
}

/** A chain context (64 lower-case hex digits) used by every vote test. */
export const VOTE_TEST_CHAIN = 'ab'.repeat(32);

/** Options of the context builders. */
export interface VoteCtxOptions {
  epoch?: bigint;
  height?: bigint;
  domain?: DomainId;
  state?: VoteTestKv;
  ledger?: VoteTestLedger;
}

/** A block context plus the events it collected. */
export type VoteTestBlockCtx = BlockContext & { events: ServiceEvent[]; state: VoteTestKv };

/** A block context over in-memory state. */
export function voteBlockCtx(o: VoteCtxOptions = {}): VoteTestBlockCtx {
  const events: ServiceEvent[] = [];
  const epoch = o.epoch ?? 0n;
  return {
    chainContext: VOTE_TEST_CHAIN,
    domain: o.domain ?? 'ved',
    height: o.height ?? epoch * 100n + 1n,
    epoch,
    timeMs: 1_700_000_000_000n,
    state: o.state ?? new VoteTestKv(),
    ledger: o.ledger ?? new VoteTestLedger(),
    events,
    emit: (e) => events.push(e),
  };
}

/** A transaction context signed by `signer` (its address is the fee payer). */
export function voteTxCtx(signer: Uint8Array, o: VoteCtxOptions = {}): TxContext & VoteTestBlockCtx {
  return {
    ...voteBlockCtx(o),
    signer,
    feePayer: addressFromPublicKey(signer),
    accounts: [],
    useGas: () => {},
  };
}
