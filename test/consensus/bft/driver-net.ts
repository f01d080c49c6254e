// A small network of BFT drivers on a virtual clock with 1 ms message delay, for driver tests
// that need to choose each node's WAL, mempool or timeouts.
import { Ed25519Signer } from '../../../src/common/index.js';
import {
  BftDriver,
  ChainContexts,
  MemoryBlockStore,
  MemorySignStateStore,
  type MempoolPort,
  type Message,
  PrivValidator,
  type TimeoutConfig,
  type Validator,
  type WalPort,
} from '../../../src/consensus/bft/index.js';
import { SIM_TIMEOUTS, TestApp, VirtualClock } from '../../../src/sim/index.js';

export const chainId = 'driver-net-test';
export const signers = [1, 2, 3, 4].map((i) => Ed25519Signer.fromSeed(new Uint8Array(32).fill(i)));
const validators: Validator[] = signers.map((s) => ({ pubKey: s.publicKey, power: 10n }));

/** What each node may be given instead of the defaults. */
export interface NetOptions {
  wal: (i: number) => WalPort;
  mempool?: (i: number) => MempoolPort;
  timeouts?: TimeoutConfig;
  /** Called with each message node `i` broadcasts, before it is delivered. */
  onBroadcast?: (i: number, m: Message) => void;
  /** Virtual milliseconds each message takes (default 1). */
  delayMs?: number;
}

/**
 * Four drivers; `start(i)` brings node i online; `restart(i, wal)` replaces node i by a new
 * incarnation over the same stores and the given WAL (what a crash left), and starts it.
 */
export function driverNet(o: NetOptions) {
  const n = 4;
  const clock = new VirtualClock();
  const drivers: BftDriver[] = [];
  const stores: MemoryBlockStore[] = [];
  const online = new Set<number>();
  const deliver = (to: number, from: number, m: Message) =>
    clock.after(o.delayMs ?? 1, async () => {
      if (online.has(to) && online.has(from)) await drivers[to]!.receive(`n${from}`, m);
    });
  const signState = [0, 1, 2, 3].map(() => new MemorySignStateStore());
  const consensusState = [0, 1, 2, 3].map(() => new MemorySignStateStore());
  const apps = [0, 1, 2, 3].map(() => new TestApp());
  const make = (i: number, wal: WalPort) => {
    const mempool = o.mempool?.(i);
    return new BftDriver({
      chainId,
      genesis: { validators, time: BigInt(clock.epochMs) },
      epochLength: 100n,
      priv: new PrivValidator(signers[i]!, signState[i]!, new ChainContexts(chainId)),
      app: apps[i]!,
      wal,
      blocks: stores[i]!,
      state: consensusState[i]!,
      transport: {
        broadcast: (m) => {
          o.onBroadcast?.(i, m);
          for (let j = 0; j < n; j++) if (j !== i) deliver(j, i, m);
        },
        send: (peer, m) => deliver(Number(peer.slice(1)), i, m),
      },
      timers: {
        now: () => BigInt(clock.epochMs + clock.now),
        after: (ms, f) => clock.after(ms, () => (online.has(i) ? f() : undefined)),
      },
      ...(mempool ? { mempool } : {}),
      timeouts: o.timeouts ?? SIM_TIMEOUTS,
    });
  };
  for (let i = 0; i < n; i++) {
    stores.push(new MemoryBlockStore());
    drivers.push(make(i, o.wal(i)));
  }
  const start = async (i: number) => {
    online.add(i);
    await drivers[i]!.start();
  };
  const restart = async (i: number, wal: WalPort) => {
    drivers[i]!.stop();
    drivers[i] = make(i, wal);
    await drivers[i]!.start();
  };
  return { clock, drivers, stores, online, start, restart };
}
