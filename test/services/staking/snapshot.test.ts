// The stake snapshot (APE-6): written in the last block of each epoch, sorted, active balances
// only, the last two kept; the epoch's end found from epoch_interval or an injected function.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { compareBytes, TandemError, toHex } from '../../../src/common/index.js';
import {
  readStakeSnapshot,
  STAKING_PREFIX,
  StakingError,
  stakingService,
} from '../../../src/services/staking/index.js';
import { World } from '../../helpers/service-context.js';
import { addEscrow, addr, defaultGenesis, EPOCH_BLOCKS, reclaimEscrow, stakingWorld } from './setup.js';

test('APE-6 the last block of an epoch snapshots active balances, sorted by account', async () => {
  const { world, service, add, reclaim } = await stakingWorld(4);
  const accounts = [addr(20), addr(21), addr(22)];
  for (const [i, a] of accounts.entries()) await addEscrow(world, add, i + 1, a, 100n * BigInt(i + 1));
  await reclaimEscrow(world, reclaim, 1, accounts[0]!, 100n); // active 0, debonding 100: excluded
  await service.endBlock!(world.block({ height: 5n }));
  assert.equal(await readStakeSnapshot(world.state, 0n), null, 'not the last block: no snapshot');
  await world.nextEpoch(service, EPOCH_BLOCKS);
  const snap = await readStakeSnapshot(world.state, 0n);
  const expected = [
    { account: accounts[1]!, balance: 200n },
    { account: accounts[2]!, balance: 300n },
  ].sort((x, y) => compareBytes(x.account, y.account));
  assert.deepEqual(snap, { epoch: 0n, entries: expected });
  await addEscrow(world, add, 4, accounts[1]!, 1_000n);
  assert.deepEqual((await readStakeSnapshot(world.state, 0n))?.entries, expected, 'later changes not seen');
});

test('APE-6 only the last two snapshots are kept; older ones are deleted from state', async () => {
  const { world, service, add } = await stakingWorld();
  await addEscrow(world, add, 1, addr(9), 100n);
  for (let i = 0; i < 4; i++) {
    await addEscrow(world, add, 1, addr(9), 10n);
    await world.nextEpoch(service, EPOCH_BLOCKS);
  }
  assert.equal(await readStakeSnapshot(world.state, 0n), null);
  assert.equal(await readStakeSnapshot(world.state, 1n), null);
  assert.deepEqual((await readStakeSnapshot(world.state, 2n))?.entries, [
    { account: addr(9), balance: 130n },
  ]);
  assert.deepEqual((await readStakeSnapshot(world.state, 3n))?.entries, [
    { account: addr(9), balance: 140n },
  ]);
  const snapRows = world.state
    .dump()
    .split('\n')
    .filter((l) => l.startsWith(toHex(Uint8Array.of(STAKING_PREFIX, 0x07))));
  assert.equal(snapRows.length, 2, 'one row per kept snapshot, none left from pruned epochs');
});

test('APE-6 an epoch without stake has an empty snapshot, distinct from a missing one', async () => {
  const { world, service } = await stakingWorld();
  await world.nextEpoch(service, EPOCH_BLOCKS);
  assert.deepEqual(await readStakeSnapshot(world.state, 0n), { epoch: 0n, entries: [] });
  assert.equal(await readStakeSnapshot(world.state, 1n), null);
});

test('APE-6 an injected epoch function decides the last block (epoch_interval not needed)', async () => {
  const world = new World();
  // Epoch e spans heights [e², (e+1)²): uneven epochs no fixed interval describes.
  const epochOfHeight = (h: bigint) => {
    let e = 0n;
    while ((e + 1n) * (e + 1n) <= h) e++;
    return e;
  };
  const service = stakingService({ epochOfHeight });
  const g = defaultGenesis();
  delete (g.params as Record<string, unknown>).epoch_interval;
  await service.initGenesis!(world.block(), g);
  await service.endBlock!(world.block({ height: 2n, epoch: 1n }));
  assert.equal(await readStakeSnapshot(world.state, 1n), null, 'height 3 is still epoch 1');
  await service.endBlock!(world.block({ height: 3n, epoch: 1n }));
  assert.notEqual(await readStakeSnapshot(world.state, 1n), null, 'height 4 starts epoch 2');
});

test('without epoch_interval or an injected function, genesis is refused', async () => {
  const world = new World();
  const g = defaultGenesis();
  delete (g.params as Record<string, unknown>).epoch_interval;
  await assert.rejects(stakingService().initGenesis!(world.block(), g), (e) =>
    TandemError.is(e, StakingError.MODULE, StakingError.INVALID_GENESIS),
  );
  assert.equal(world.state.size, 0);
});

test('APE-5 staking lives in the UED: in the VED its genesis and hooks write nothing', async () => {
  const world = new World();
  const service = stakingService();
  const ved = (height: bigint) => world.block({ height, domain: 'ved' });
  await service.initGenesis!(ved(0n), defaultGenesis());
  await service.endBlock!(ved(EPOCH_BLOCKS - 1n));
  await service.onEpoch!(ved(EPOCH_BLOCKS), 1n);
  assert.equal(world.state.size, 0);
});
