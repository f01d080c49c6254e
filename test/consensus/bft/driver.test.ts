import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ed25519Signer } from '../../../src/common/index.js';
import {
  BftDriver,
  ChainContexts,
  MemoryBlockStore,
  MemorySignStateStore,
  MemoryWal,
  type Message,
  PrivValidator,
  type Validator,
} from '../../../src/consensus/bft/index.js';
import { SIM_TIMEOUTS, TestApp, VirtualClock } from '../../../src/sim/index.js';

const chainId = 'driver-test';
const signers = [1, 2, 3, 4].map((i) => Ed25519Signer.fromSeed(new Uint8Array(32).fill(i)));
const validators: Validator[] = signers.map((s) => ({ pubKey: s.publicKey, power: 10n }));

/** Drivers on a virtual clock with 1 ms message delay; `online` decides who receives. */
function network(n: number, epochLength = 5n) {
  const clock = new VirtualClock();
  const drivers: BftDriver[] = [];
  const apps: TestApp[] = [];
  const stores: MemoryBlockStore[] = [];
  const online = new Set<number>();
  const deliver = (to: number, from: number, m: Message) =>
    clock.after(1, async () => {
      if (online.has(to) && online.has(from)) await drivers[to]!.receive(`n${from}`, m);
    });
  for (let i = 0; i < n; i++) {
    const app = new TestApp();
    apps.push(app);
    const blocks = new MemoryBlockStore();
    stores.push(blocks);
    drivers.push(
      new BftDriver({
        chainId,
        genesis: { validators, time: BigInt(clock.epochMs) },
        epochLength,
        priv: new PrivValidator(signers[i]!, new MemorySignStateStore(), new ChainContexts(chainId)),
        app,
        wal: new MemoryWal(),
        blocks,
        state: new MemorySignStateStore(),
        transport: {
          broadcast: (m) => {
            for (let j = 0; j < n; j++) if (j !== i) deliver(j, i, m);
          },
          send: (peer, m) => deliver(Number(peer.slice(1)), i, m),
        },
        timers: {
          now: () => BigInt(clock.epochMs + clock.now),
          after: (ms, f) => clock.after(ms, () => (online.has(i) ? f() : undefined)),
        },
        timeouts: SIM_TIMEOUTS,
      }),
    );
  }
  const start = async (i: number) => {
    online.add(i);
    await drivers[i]!.start();
  };
  return { clock, drivers, apps, stores, online, start };
}

test('driver: validator-set updates announced by the application take effect at the next epoch boundary', async () => {
  const net = network(4, 5n);
  for (let i = 0; i < 4; i++) await net.start(i);
  // Announce from every app at height 2: validator 0 gets power 40.
  const updated = validators.map((v, i) => (i === 0 ? { ...v, power: 40n } : v));
  const seen: { h: bigint; p0: bigint }[] = [];
  let announced = false;
  await net.clock.run(60_000, () => {
    const d = net.drivers[1]!;
    const h = d.state.height;
    if (h >= 2n && !announced) {
      announced = true;
      for (const a of net.apps) a.nextUpdates = updated;
    }
    const p0 = d.state.next.validators[d.state.next.indexOf(validators[0]!.pubKey)]!.power;
    if (seen.at(-1)?.h !== h) seen.push({ h, p0 });
    return h >= 12n;
  });
  const powerAt = (h: bigint) => seen.find((s) => s.h === h)?.p0;
  assert.ok(seen.length > 8, 'the chain advanced');
  // The state after height h holds the set of height h+1: the change applies from height 6.
  for (const s of seen) assert.equal(s.p0, s.h >= 5n ? 40n : 10n, `power after height ${s.h}`);
  assert.equal(powerAt(4n), 10n);
});

test('driver: a validator that starts late catches up by block sync and then takes part', async () => {
  const net = network(4);
  for (let i = 0; i < 3; i++) await net.start(i);
  await net.clock.run(60_000, () => net.drivers[0]!.state.height >= 15n);
  const lead = net.drivers[0]!.state.height;
  assert.ok(lead >= 15n);
  await net.start(3);
  await net.clock.run(120_000, () => net.drivers[3]!.state.height >= lead + 3n);
  const late = net.drivers[3]!;
  assert.ok(late.state.height >= lead + 3n, `late node at ${late.state.height}, leader was at ${lead}`);
  for (const h of [1n, lead, lead + 2n]) {
    assert.deepEqual(
      await net.stores[3]!.block(h),
      await net.stores[1]!.block(h),
      `same block at height ${h}`,
    );
  }
  // With one of the three others offline, the chain only moves if the late node now votes.
  net.online.delete(0);
  const h = late.state.height;
  await net.clock.run(net.clock.now + 30_000, () => late.state.height >= h + 3n);
  assert.ok(late.state.height >= h + 3n, 'the synced node votes: 3 of 4 keep deciding');
});

test('driver: messages of other chains, bad signatures and stale heights are dropped with a reason', async () => {
  const net = network(4);
  for (let i = 0; i < 4; i++) await net.start(i);
  const d = net.drivers[0]!;
  await net.clock.run(60_000, () => d.state.height >= 3n && !d.engine.decided);
  const before = d.state.height;
  const other = new ChainContexts('another-chain');
  const pv = new PrivValidator(signers[1]!, new MemorySignStateStore(), other);
  const body = {
    type: 1,
    height: d.engine.height,
    round: d.engine.round,
    block_hash: null,
    validator: 1,
    extension: new Uint8Array(0),
  };
  const drops = () => [...d.drops.entries()].reduce((a, [, n]) => a + n, 0);
  const n0 = drops();
  await d.receive('x', { vote: { body, signature: pv.signVote(body) } });
  assert.ok((d.drops.get('bad vote signature') ?? 0) >= 1);
  await d.receive('x', { vote: { body: { ...body, height: 1n }, signature: new Uint8Array(64) } });
  assert.ok((d.drops.get('message for an old height') ?? 0) >= 1);
  assert.ok(drops() >= n0 + 2);
  assert.equal(d.state.height, before, 'nothing changed');
});

test('driver: an application that forbids signing (APE-18 halt) makes its validator neither propose nor vote; it still follows decided blocks', async () => {
  const net = network(4);
  const halted = new Set<number>();
  net.apps.forEach((app, i) => {
    (app as TestApp & { canSign(): boolean }).canSign = () => !halted.has(i);
  });
  for (let i = 0; i < 4; i++) await net.start(i);
  await net.clock.run(60_000, () => net.drivers[0]!.state.height >= 3n);
  const refused = (i: number) => net.drivers[i]!.drops.get('signing halted by the application') ?? 0;
  halted.add(3);
  const h3 = net.drivers[3]!.state.height;
  await net.clock.run(net.clock.now + 60_000, () => net.drivers[3]!.state.height >= h3 + 6n);
  assert.ok(net.drivers[3]!.state.height >= h3 + 6n, 'three of four keep deciding; the halted one follows');
  assert.ok(refused(3) > 0);
  assert.equal(refused(0), 0);
  halted.add(2);
  const top = () => net.drivers.map((d) => d.state.height).sort((a, b) => (a < b ? 1 : -1))[0]!;
  const before = top();
  await net.clock.run(net.clock.now + 20_000, () => false);
  assert.ok(top() <= before + 1n, `two of four silent: no progress (${before} → ${top()})`);
  assert.ok(refused(2) > 0);
});
