// Slashing active and debonding pools into the common pool (APE-26), share pricing after a slash,
// and rewards from the common pool to the listed (VED) accounts only, bounded by the pool (APE-25).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TandemError } from '../../../src/common/index.js';
import {
  EVENT_REWARD,
  rewardEscrows,
  StakingError,
  StakingWriter,
  slashEscrow,
} from '../../../src/services/staking/index.js';
import { addEscrow, addr, defaultGenesis, EPOCH_BLOCKS, reclaimEscrow, stakingWorld } from './setup.js';

const isStaking = (code: number) => (e: unknown) => TandemError.is(e, StakingError.MODULE, code);

test('APE-26 a slash takes from active and debonding in proportion into the common pool', async () => {
  const { world, add, reclaim, reader } = await stakingWorld();
  const v = addr(9);
  await addEscrow(world, add, 1, v, 1_000n);
  await reclaimEscrow(world, reclaim, 1, v, 250n); // active 750, debonding 250
  const taken = await slashEscrow(world.block(), v, 101n);
  assert.equal(taken, 101n);
  const e = await reader.escrow(v);
  assert.equal(e.active.balance, 750n - 75n, 'floor(101·750/1000) = 75 from active');
  assert.equal(e.debonding.balance, 250n - 26n, 'the rest, 26, from debonding');
  assert.equal(e.active.total_shares, 750n, 'shares untouched');
  assert.equal(await reader.commonPool(), 1_000n + 101n);
});

test('APE-26 a slash never takes more than exists, and an account without escrow gives 0', async () => {
  const { world, add, reader } = await stakingWorld();
  const v = addr(9);
  await addEscrow(world, add, 1, v, 300n);
  assert.equal(await slashEscrow(world.block(), v, 10n ** 40n), 300n);
  assert.deepEqual((await reader.escrow(v)).active, { balance: 0n, total_shares: 300n });
  assert.equal(await slashEscrow(world.block(), addr(8), 5n), 0n);
  assert.equal(await reader.commonPool(), 1_300n);
  await assert.rejects(slashEscrow(world.block(), v, -1n), isStaking(StakingError.INVALID_ARGUMENT));
});

test('after a slash, new shares are cheaper and old shares are worth less (floor pricing)', async () => {
  const { world, service, add, reclaim, reader } = await stakingWorld();
  const v = addr(9);
  await addEscrow(world, add, 1, v, 1_000n);
  await slashEscrow(world.block(), v, 500n); // 1000 shares own 500
  await addEscrow(world, add, 2, v, 100n);
  assert.equal(await reader.delegation(addr(2), v), 200n, 'floor(100·1000/500)');
  await reclaimEscrow(world, reclaim, 1, v, 1_000n);
  assert.deepEqual((await reader.escrow(v)).debonding, { balance: 500n, total_shares: 500n });
  await world.nextEpoch(service, EPOCH_BLOCKS);
  await world.nextEpoch(service, EPOCH_BLOCKS);
  assert.equal(await world.ledger.balance(addr(1)), 9_000n + 500n);
});

test('a slash of the debonding pool reduces what matured delegations pay', async () => {
  const { world, service, add, reclaim } = await stakingWorld();
  const v = addr(9);
  await addEscrow(world, add, 1, v, 100n);
  await reclaimEscrow(world, reclaim, 1, v, 100n); // all debonding
  assert.equal(await slashEscrow(world.block(), v, 30n), 30n);
  await world.nextEpoch(service, EPOCH_BLOCKS);
  await world.nextEpoch(service, EPOCH_BLOCKS);
  assert.equal(await world.ledger.balance(addr(1)), 10_000n - 100n + 70n);
});

test('a pool slashed to zero refuses deposits until its worthless shares are reclaimed', async () => {
  const { world, add, reclaim, reader } = await stakingWorld();
  const v = addr(9);
  await addEscrow(world, add, 1, v, 100n);
  await slashEscrow(world.block(), v, 100n);
  await assert.rejects(addEscrow(world, add, 2, v, 50n), isStaking(StakingError.POOL_DEPLETED));
  await reclaimEscrow(world, reclaim, 1, v, 100n);
  assert.equal((await reader.allDebonding()).length, 0, 'worthless shares are burnt, no debonding entry');
  await addEscrow(world, add, 2, v, 50n);
  assert.deepEqual((await reader.escrow(v)).active, { balance: 50n, total_shares: 50n });
});

test('APE-25 rewards go only to the listed accounts, at the scheduled rate, from the common pool', async () => {
  const { world, add, reader } = await stakingWorld();
  const [v, w] = [addr(9), addr(8)];
  await addEscrow(world, add, 1, v, 1_000n);
  await addEscrow(world, add, 2, w, 2_000n);
  const paid = await rewardEscrows(world.block(), [v, v]);
  assert.deepEqual(paid, [{ account: v, balance: 100n }], 'listed once even if repeated');
  assert.equal((await reader.escrow(v)).active.balance, 1_100n);
  assert.equal((await reader.escrow(w)).active.balance, 2_000n, 'unlisted account not paid');
  assert.equal(await reader.commonPool(), 900n);
  assert.equal(world.events.filter((e) => e.kind === EVENT_REWARD).length, 1);
});

test('APE-25 rewards are bounded by the common pool and scaled evenly when it is short', async () => {
  const g = defaultGenesis({ common_pool: 150n });
  const { world, add, reader } = await stakingWorld(4, 10_000n, g);
  const [v, w] = [addr(9), addr(8)];
  await addEscrow(world, add, 1, v, 1_000n); // due 100
  await addEscrow(world, add, 2, w, 2_000n); // due 200
  await rewardEscrows(world.block(), [w, v]);
  assert.equal((await reader.escrow(v)).active.balance, 1_050n, 'floor(100·150/300)');
  assert.equal((await reader.escrow(w)).active.balance, 2_100n, 'floor(200·150/300)');
  assert.equal(await reader.commonPool(), 0n);
  await rewardEscrows(world.block(), [v, w]);
  assert.equal((await reader.escrow(v)).active.balance, 1_050n, 'an empty pool pays nothing');
});

test('APE-25 no reward after the schedule ends; a pool without shares gets nothing', async () => {
  const { world, add, reader } = await stakingWorld();
  const v = addr(9);
  await addEscrow(world, add, 1, v, 1_000n);
  assert.deepEqual(await rewardEscrows(world.block({ epoch: 100n }), [v]), []);
  const st = new StakingWriter(world.state);
  st.setEscrow(addr(8), {
    active: { balance: 0n, total_shares: 0n },
    debonding: { balance: 5n, total_shares: 5n },
  });
  assert.deepEqual(await rewardEscrows(world.block(), [addr(8)]), []);
  assert.equal(await reader.commonPool(), 1_000n);
  await assert.rejects(
    rewardEscrows(world.block(), [new Uint8Array(3)]),
    isStaking(StakingError.INVALID_ARGUMENT),
  );
});

test('rewards do not depend on the order the caller lists accounts in', async () => {
  const run = async (order: number[]) => {
    const { world, add } = await stakingWorld(4, 10_000n, defaultGenesis({ common_pool: 77n }));
    for (const i of [1, 2, 3]) await addEscrow(world, add, i, addr(10 + i), 100n * BigInt(i * 3));
    await rewardEscrows(
      world.block(),
      order.map((i) => addr(10 + i)),
    );
    return world.state.dump();
  };
  assert.equal(await run([1, 2, 3]), await run([3, 1, 2]));
});
