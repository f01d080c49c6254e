// The UED side of roothash's outbox (RT-14, RT-27): runtime staking messages with the runtime's
// account as caller, penalties and their distribution, and strict decoding of the pinned record.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addressFromRuntimeId,
  encodeCanonical,
  encodeWith,
  namespaceFromSeed,
} from '../../src/common/index.js';
import type { BlockContext } from '../../src/consensus/index.js';
import {
  DomainsError,
  EVENT_MESSAGE_RESULT,
  EVENT_PENALTY,
  executeOutbox,
  Pinned,
} from '../../src/domains/index.js';
import {
  MAX_OUTBOX_ENTRIES,
  type OutboxEntry,
  outboxCodec,
  outboxEntryCodec,
} from '../../src/services/roothash/index.js';
import {
  type AllowBody,
  METHOD_ALLOW,
  StakingError,
  StakingReader,
  stakingService,
} from '../../src/services/staking/index.js';
import { method } from '../helpers/service-context.js';
import { addEscrow, addr, pub, stakingWorld } from '../services/staking/setup.js';

const RT = namespaceFromSeed('outbox-test-runtime');
const RT_ACCOUNT = addressFromRuntimeId(RT);

function ctxWith(block: BlockContext, entries: OutboxEntry[] | Uint8Array): BlockContext {
  const bytes = entries instanceof Uint8Array ? entries : encodeWith(outboxCodec, entries);
  return { ...block, crossDomain: { [Pinned.runtimeOutbox]: bytes } };
}

const msg = (index: number, staking: Record<string, unknown>): OutboxEntry => ({
  message: { runtime_id: RT, round: 7n, index, message: { staking: { v: 0, ...staking } } as never },
});

test('RT-27: staking messages run in order as the runtime account; a failing one changes nothing and the next still runs', async () => {
  const { world, reader } = await stakingWorld();
  await world.ledger.credit(RT_ACCOUNT, 1_000n);
  const entries = [
    msg(0, { transfer: { to: addr(1), amount: 300n } }),
    msg(1, { transfer: { to: addr(1), amount: 5_000n } }),
    msg(2, { add_escrow: { account: addr(2), amount: 200n } }),
    msg(3, { withdraw: { from: addr(3), amount: 1n } }),
    msg(4, { reclaim_escrow: { account: addr(2), shares: 50n } }),
  ];
  await executeOutbox(ctxWith(world.block(), entries));
  const results = world.events
    .filter((e) => e.kind === EVENT_MESSAGE_RESULT)
    .map((e) => e.value as { index: number; module: string; code: number });
  assert.deepEqual(
    results.map((r) => [r.index, r.module, r.code]),
    [
      [0, '', 0],
      [1, 'fake-ledger', 1],
      [2, '', 0],
      [3, 'staking', StakingError.INSUFFICIENT_ALLOWANCE],
      [4, '', 0],
    ],
  );
  assert.equal(await world.ledger.balance(RT_ACCOUNT), 500n, 'only the two successful debits');
  assert.equal(await world.ledger.balance(addr(1)), 10_300n);
  assert.equal(await reader.delegation(RT_ACCOUNT, addr(2)), 150n, 'the runtime account delegates');
});

test('RT-14: a penalty slashes into the common pool, pays the runtime its share and splits the rest equally', async () => {
  const { world, add, reader } = await stakingWorld();
  await addEscrow(world, add, 1, addr(7), 1_000n);
  await addEscrow(world, add, 2, addr(8), 1_000n);
  await addEscrow(world, add, 3, addr(9), 1_000n);
  const poolBefore = await reader.commonPool();
  const penalty: OutboxEntry = {
    penalty: {
      runtime_id: RT,
      reason: 0x80,
      slash: [{ account: addr(7), amount: 101n }],
      rewards: [addr(8), addr(9)],
      runtime_percent: 10,
    },
  };
  await executeOutbox(ctxWith(world.block(), [penalty]));
  assert.equal((await reader.escrow(addr(7))).active.balance, 899n);
  assert.equal(await world.ledger.balance(RT_ACCOUNT), 10n, '10 % of 101, rounded down');
  assert.equal((await reader.escrow(addr(8))).active.balance, 1_045n);
  assert.equal((await reader.escrow(addr(9))).active.balance, 1_045n);
  assert.equal(await reader.commonPool(), poolBefore + 1n, 'the division remainder stays in the pool');
  const ev = world.events.find((e) => e.kind === EVENT_PENALTY)!.value as {
    slashed: bigint;
    rewarded: bigint;
  };
  assert.equal(ev.slashed, 101n);
  assert.equal(ev.rewarded, 90n);
});

test('a malformed, non-canonical or oversized pinned outbox fails the block with domains/9 and changes nothing', async () => {
  const { world } = await stakingWorld();
  await world.ledger.credit(RT_ACCOUNT, 1_000n);
  const entry = msg(0, { transfer: { to: addr(1), amount: 1n } });
  const good = encodeWith(outboxCodec, [entry]);
  const rawEntry = outboxEntryCodec.toCbor(entry, '');
  const tooMany = encodeCanonical(Array.from({ length: MAX_OUTBOX_ENTRIES + 1 }, () => rawEntry));
  const bad = [
    Uint8Array.of(0xff),
    Uint8Array.of(...good, 0x00),
    new Uint8Array(0),
    Uint8Array.of(0xa1, 0x61, 0x78, 0x01),
    tooMany,
  ];
  for (const b of bad) {
    await assert.rejects(
      executeOutbox(ctxWith(world.block(), b)),
      (e: unknown) => e instanceof DomainsError && e.code === DomainsError.INVALID_PINNED,
    );
  }
  assert.equal(await world.ledger.balance(RT_ACCOUNT), 1_000n);
  assert.equal(world.events.length, 0);
});

test('the VED never executes the outbox', async () => {
  const { world } = await stakingWorld();
  await world.ledger.credit(RT_ACCOUNT, 1_000n);
  const entries = [msg(0, { transfer: { to: addr(1), amount: 1n } })];
  await executeOutbox(ctxWith(world.block({ domain: 'ved' }), entries));
  assert.equal(await world.ledger.balance(RT_ACCOUNT), 1_000n);
});

test('RT-27: a withdraw message takes at most what the owner allowed the runtime (staking.Allow)', async () => {
  const { world } = await stakingWorld();
  const allow = method<AllowBody>(stakingService(), METHOD_ALLOW);
  await world.run(allow, pub(3), { beneficiary: RT_ACCOUNT, negative: false, amount_change: 100n });
  await assert.rejects(
    world.run(allow, pub(3), { beneficiary: addr(3), negative: false, amount_change: 1n }),
    (e: unknown) => e instanceof StakingError && e.code === StakingError.INVALID_ARGUMENT,
  );
  const w = (i: number, amount: bigint) => msg(i, { withdraw: { from: addr(3), amount } });
  await executeOutbox(ctxWith(world.block(), [w(0, 60n), w(1, 60n), w(2, 40n)]));
  const codes = world.events
    .filter((e) => e.kind === EVENT_MESSAGE_RESULT)
    .map((e) => (e.value as { code: number }).code);
  assert.deepEqual(codes, [0, StakingError.INSUFFICIENT_ALLOWANCE, 0]);
  assert.equal(await world.ledger.balance(RT_ACCOUNT), 100n);
  assert.equal(await world.ledger.balance(addr(3)), 10_000n - 100n);
  assert.equal(await new StakingReader(world.state).allowance(addr(3), RT_ACCOUNT), 0n);
  await world.run(allow, pub(3), { beneficiary: RT_ACCOUNT, negative: true, amount_change: 5n });
  assert.equal(await new StakingReader(world.state).allowance(addr(3), RT_ACCOUNT), 0n, 'never below zero');
});
