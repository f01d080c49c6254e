// A message that arrives while BftDriver.start() is still recovering (its handshake awaits the
// block store) must wait for recovery, not fail (start() runs recovery on the input queue).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  BftDriver,
  type BlockStorePort,
  ChainContexts,
  MemorySignStateStore,
  MemoryWal,
  PrivValidator,
  VoteType,
} from '../../../src/consensus/bft/index.js';
import { TestApp } from '../../../src/sim/index.js';
import {
  CRASH_GENESIS_TIME,
  CRASH_TIMEOUTS,
  crashSigner,
  crashValidators,
} from '../../fixtures/bft-crash-chain.js';
import { CrashNet } from './crash-net.js';

const CHAIN = 'tandem-start-race';

/** A block store holding a few decided blocks, whose reads take a few milliseconds (a disk). */
async function slowStoreWithBlocks(): Promise<BlockStorePort> {
  const net = new CrashNet('/nonexistent', 'crash-', CHAIN); // the child is never spawned
  await net.startLocals();
  while (net.localHeight() < 2n) await sleep(20);
  net.stop();
  const src = net.locals[1]!.blocks;
  return {
    save: (h, b, c) => src.save(h, b, c),
    block: async (h) => {
      await sleep(5);
      return src.block(h);
    },
    commit: (h) => src.commit(h),
    height: () => src.height(),
  };
}

test('driver: a message received while start() recovers is handled after it, not lost', async () => {
  const d = new BftDriver({
    chainId: CHAIN,
    genesis: { validators: crashValidators('crash-'), time: CRASH_GENESIS_TIME },
    epochLength: 1000n,
    priv: new PrivValidator(crashSigner('crash-', 0), new MemorySignStateStore(), new ChainContexts(CHAIN)),
    app: new TestApp(),
    wal: new MemoryWal(),
    blocks: await slowStoreWithBlocks(),
    state: new MemorySignStateStore(), // empty: the handshake re-applies the stored blocks
    transport: { broadcast() {}, send() {} },
    timers: { now: () => BigInt(Date.now()), after() {} },
    timeouts: CRASH_TIMEOUTS,
  });
  const starting = d.start();
  const body = { type: VoteType.Prevote, height: 1n, round: 0, block_hash: null, validator: 1 };
  const vote = { body: { ...body, extension: new Uint8Array(0) }, signature: new Uint8Array(64) };
  // Settled into a value at once, so a rejection is an assertion failure, not an unhandled one.
  const early = d.receive('v1', { vote }).then(
    () => undefined,
    (e: unknown) => e,
  );
  await starting;
  assert.equal(await early, undefined, 'the early message waited for recovery');
  assert.ok(d.state.height >= 2n, 'recovery re-applied the stored blocks');
});
