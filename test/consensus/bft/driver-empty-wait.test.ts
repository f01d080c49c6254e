// The proposer's wait for transactions (emptyBlockWaitMs) and the mempool update that runs
// beside the next height (only the next proposal waits for it).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toHex } from '../../../src/common/index.js';
import { MemoryWal, type MempoolPort } from '../../../src/consensus/bft/index.js';
import { SIM_TIMEOUTS, type VirtualClock } from '../../../src/sim/index.js';
import { driverNet } from './driver-net.js';

/**
 * A mempool holding raw transactions; `update` settles only after some turns of the real event
 * loop when `slow` (not of the virtual clock: an input waiting for a later virtual event would
 * hold the clock that must run it).
 */
class Pool implements MempoolPort {
  txs: Uint8Array[] = [];
  /** Virtual time each transaction was first seen committed, by hex. */
  readonly committedAt = new Map<string, number>();
  /** How many times each transaction was committed. */
  readonly commits = new Map<string, number>();

  constructor(
    private readonly clockOf: () => VirtualClock,
    private readonly slow = false,
  ) {}

  private get clock(): VirtualClock {
    return this.clockOf();
  }

  get size(): number {
    return this.txs.length;
  }

  reap(): Uint8Array[] {
    return this.txs.slice();
  }

  async update(committed: Uint8Array[]): Promise<void> {
    const keys = committed.map(toHex);
    for (const k of keys) {
      if (!this.committedAt.has(k)) this.committedAt.set(k, this.clock.now);
      this.commits.set(k, (this.commits.get(k) ?? 0) + 1);
    }
    if (this.slow) for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    this.txs = this.txs.filter((t) => !keys.includes(toHex(t)));
  }
}

const WAIT = { ...SIM_TIMEOUTS, proposeMs: 1000, commitMs: 20, emptyBlockWaitMs: 400 };

function setup(timeouts = WAIT, slowUpdate = false) {
  const pools: Pool[] = [];
  const net = driverNet({
    wal: () => new MemoryWal(),
    // The clock is read once the network exists (the pools are made while it is built).
    mempool: (i) => (pools[i] = new Pool(() => net.clock, slowUpdate)),
    timeouts,
  });
  return { net, pools };
}

/** Heights node 0 decides in the next `ms` of virtual time. */
async function blocksIn(net: ReturnType<typeof setup>['net'], ms: number): Promise<bigint> {
  const h0 = net.drivers[0]!.state.height;
  await net.clock.run(net.clock.now + ms);
  return net.drivers[0]!.state.height - h0;
}

test('driver: an idle proposer waits up to emptyBlockWaitMs for a transaction; without the setting it proposes at once', async () => {
  const waiting = setup();
  for (let i = 0; i < 4; i++) await waiting.net.start(i);
  await waiting.net.clock.run(3000);
  const idle = await blocksIn(waiting.net, 10_000);
  // Each idle height takes the 400 ms wait plus the commit wait and message delays.
  assert.ok(idle >= 15n && idle <= 25n, `idle blocks in 10 s with the wait: ${idle}`);
  const eager = setup({ ...WAIT, emptyBlockWaitMs: 0 });
  for (let i = 0; i < 4; i++) await eager.net.start(i);
  await eager.net.clock.run(200);
  const fast = await blocksIn(eager.net, 1000);
  assert.ok(fast > idle, `idle blocks in 1 s without the wait: ${fast}`);
});

test('driver: a transaction reaching a waiting proposer is proposed and decided within a few message delays', async () => {
  const { net, pools } = setup();
  for (let i = 0; i < 4; i++) await net.start(i);
  const latencies: number[] = [];
  for (let k = 0; k < 10; k++) {
    // Arrive at varying points of the idle wait.
    await net.clock.run(net.clock.now + 1000 + 37 * k);
    const tx = Uint8Array.of(1, 2, k);
    const at = net.clock.now;
    for (const p of pools) p.txs.push(tx);
    await net.clock.run(at + 2000, () => pools[0]!.committedAt.has(toHex(tx)));
    const done = pools[0]!.committedAt.get(toHex(tx));
    assert.ok(done !== undefined, `transaction ${k} was committed`);
    latencies.push(done - at);
  }
  latencies.sort((a, b) => a - b);
  // A waiting proposer looks every 10 ms; a height in progress (at most one) adds its own time.
  assert.ok(latencies[4]! <= 60, `median latency ${latencies[4]} ms (virtual)`);
  assert.ok(latencies[9]! < 400, `worst latency ${latencies[9]} ms (virtual)`);
});

test('driver: a proposal reaps only after the mempool update of the last block settled, so nothing is committed twice', async () => {
  const { net, pools } = setup({ ...WAIT, emptyBlockWaitMs: 0 }, true);
  for (let i = 0; i < 4; i++) await net.start(i);
  for (let k = 0; k < 20; k++) for (const p of pools) p.txs.push(Uint8Array.of(9, k));
  await net.clock.run(20_000, () => pools.every((p) => p.committedAt.size === 20));
  for (const p of pools) {
    assert.equal(p.committedAt.size, 20, 'every transaction committed');
    for (const [k, n] of p.commits) assert.equal(n, 1, `transaction ${k} committed once`);
  }
});
