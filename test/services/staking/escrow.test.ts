// AddEscrow and ReclaimEscrow: share issue, debonding through the interval, refusals that change
// nothing (insufficient balance, below minimum, zero shares, no or too few shares, undeclared).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TandemError } from '../../../src/common/index.js';
import {
  EVENT_DEBONDING_PAID,
  StakingError,
  StakingWriter,
  stakingService,
} from '../../../src/services/staking/index.js';
import { World } from '../../helpers/service-context.js';
import { addEscrow, addr, EPOCH_BLOCKS, pub, reclaimEscrow, stakingWorld } from './setup.js';

const isStaking = (code: number) => (e: unknown) => TandemError.is(e, StakingError.MODULE, code);

test('first deposit issues shares 1:1 and debits the signer through the ledger', async () => {
  const { world, add, reader } = await stakingWorld();
  const v = addr(9);
  await addEscrow(world, add, 1, v, 1_000n);
  assert.equal(await world.ledger.balance(addr(1)), 9_000n);
  assert.deepEqual((await reader.escrow(v)).active, { balance: 1_000n, total_shares: 1_000n });
  assert.equal(await reader.delegation(addr(1), v), 1_000n);
  await addEscrow(world, add, 2, v, 500n);
  assert.equal(await reader.delegation(addr(2), v), 500n);
  assert.deepEqual((await reader.escrow(v)).active, { balance: 1_500n, total_shares: 1_500n });
});

test('reclaim debonds and pays out in the first block of epoch + debonding_interval, not before', async () => {
  const { world, service, add, reclaim, reader } = await stakingWorld();
  const v = addr(9);
  await addEscrow(world, add, 1, v, 1_000n);
  await reclaimEscrow(world, reclaim, 1, v, 400n);
  assert.equal(await reader.delegation(addr(1), v), 600n);
  const e = await reader.escrow(v);
  assert.deepEqual(e.active, { balance: 600n, total_shares: 600n });
  assert.deepEqual(e.debonding, { balance: 400n, total_shares: 400n });
  const [d] = await reader.allDebonding();
  assert.equal(d?.end_epoch, 2n);
  await world.nextEpoch(service, EPOCH_BLOCKS); // epoch 1
  assert.equal(await world.ledger.balance(addr(1)), 9_000n, 'not paid before the interval');
  assert.equal((await reader.allDebonding()).length, 1);
  await world.nextEpoch(service, EPOCH_BLOCKS); // epoch 2
  assert.equal(await world.ledger.balance(addr(1)), 9_400n, 'paid at the end epoch');
  assert.equal((await reader.allDebonding()).length, 0);
  assert.deepEqual((await reader.escrow(v)).debonding, { balance: 0n, total_shares: 0n });
  assert.equal(world.events.filter((x) => x.kind === EVENT_DEBONDING_PAID).length, 1);
});

test('two reclaims in one epoch merge; payouts run in key order (end epoch, delegator, account)', async () => {
  const { world, service, add, reclaim, reader } = await stakingWorld();
  const [v, w] = [addr(9), addr(8)];
  await addEscrow(world, add, 2, v, 100n);
  await addEscrow(world, add, 1, v, 100n);
  await addEscrow(world, add, 1, w, 100n);
  await reclaimEscrow(world, reclaim, 2, v, 50n);
  await reclaimEscrow(world, reclaim, 1, w, 30n);
  await reclaimEscrow(world, reclaim, 1, w, 20n);
  await reclaimEscrow(world, reclaim, 1, v, 10n);
  const pending = await reader.allDebonding();
  assert.equal(pending.length, 3, 'same (delegator, account, end) merged');
  await world.nextEpoch(service, EPOCH_BLOCKS);
  await world.nextEpoch(service, EPOCH_BLOCKS);
  const paid = world.events.filter((x) => x.kind === EVENT_DEBONDING_PAID).map((x) => x.value as never);
  const order = paid.map((p: { delegator: Uint8Array; account: Uint8Array }) =>
    Buffer.concat([p.delegator, p.account]).toString('hex'),
  );
  assert.deepEqual(order, [...order].sort(), 'deterministic key order');
  assert.equal(await world.ledger.balance(addr(1)), 10_000n - 200n + 60n);
});

test('shares are priced at floor(amount·S/B) after a reward; a deposit worth no share is refused', async () => {
  const { world, add, reader } = await stakingWorld(3, 10n ** 30n);
  const v = addr(9);
  await addEscrow(world, add, 1, v, 10n);
  // Grow the pool's balance without shares (as a reward would): 10 shares own 1010.
  const st = new StakingWriter(world.state);
  st.setEscrow(v, { ...(await st.escrow(v)), active: { balance: 1_010n, total_shares: 10n } });
  await assert.rejects(addEscrow(world, add, 2, v, 100n), isStaking(StakingError.ZERO_SHARES));
  await addEscrow(world, add, 2, v, 1_000n);
  assert.equal(await reader.delegation(addr(2), v), 9n, 'floor(1000·10/1010) = 9');
  assert.deepEqual((await reader.escrow(v)).active, { balance: 2_010n, total_shares: 19n });
});

test('insufficient balance: the ledger refuses and nothing changes', async () => {
  const { world, add } = await stakingWorld(2, 100n);
  const before = world.state.dump();
  await assert.rejects(addEscrow(world, add, 1, addr(9), 101n), (e) => TandemError.is(e, 'fake-ledger'));
  assert.equal(world.state.dump(), before);
  assert.equal(await world.ledger.balance(addr(1)), 100n);
  assert.equal(world.events.length, 0);
});

test('handlers refuse before writing: min delegation, zero amount, no delegation, too many shares', async () => {
  const { world, add, reclaim, reader } = await stakingWorld();
  const v = addr(9);
  await addEscrow(world, add, 1, v, 100n);
  const before = world.state.dump();
  const cases: [Promise<void>, number][] = [
    [addEscrow(world, add, 1, v, 9n), StakingError.BELOW_MIN_DELEGATION],
    [addEscrow(world, add, 1, v, 0n), StakingError.INVALID_AMOUNT],
    [reclaimEscrow(world, reclaim, 2, v, 1n), StakingError.NO_DELEGATION],
    [reclaimEscrow(world, reclaim, 1, v, 101n), StakingError.INSUFFICIENT_SHARES],
    [reclaimEscrow(world, reclaim, 1, v, 0n), StakingError.INVALID_AMOUNT],
  ];
  for (const [p, code] of cases) await assert.rejects(p, isStaking(code));
  assert.equal(world.state.dump(), before);
  assert.equal(await reader.delegation(addr(1), v), 100n);
});

test('the handler itself writes nothing when it refuses (no executor rollback needed)', async () => {
  const { world, add, reclaim } = await stakingWorld(2, 50n);
  await addEscrow(world, add, 1, addr(9), 20n);
  const before = world.state.dump();
  const ctx = world.tx(pub(1));
  await assert.rejects(add.handle(ctx, { account: addr(9), amount: 31n }));
  await assert.rejects(reclaim.handle(ctx, { account: addr(9), shares: 21n }));
  assert.equal(world.state.dump(), before);
});

test('the signer must be the fee payer or declared writable', async () => {
  const { world, add, reader } = await stakingWorld();
  const other = addr(7);
  const ctx = world.tx(pub(1), { feePayer: other, accounts: [{ address: addr(1), writable: false }] });
  await assert.rejects(
    add.handle(ctx, { account: addr(9), amount: 100n }),
    isStaking(StakingError.ACCOUNT_NOT_DECLARED),
  );
  const ok = world.tx(pub(1), { feePayer: other, accounts: [{ address: addr(1), writable: true }] });
  await add.handle(ok, { account: addr(9), amount: 100n });
  assert.equal(await reader.delegation(addr(1), addr(9)), 100n);
});

test('methods are UED and charge their gas first', async () => {
  const { add, reclaim } = await stakingWorld();
  assert.equal(add.domain, 'ued');
  assert.equal(reclaim.domain, 'ued');
  assert.ok(add.gas > 0n && reclaim.gas > 0n);
});

test('before genesis every method is NOT_INITIALIZED', async () => {
  const w = new World();
  const s = stakingService();
  await w.ledger.credit(addr(1), 100n);
  await assert.rejects(
    s.methods[0]!.handle(w.tx(pub(1)), { account: addr(9), amount: 10n }),
    isStaking(StakingError.NOT_INITIALIZED),
  );
});

test('a reclaim worth less than one debonding share is refused; an end epoch past u64 too', async () => {
  const { world, add, reclaim, reader } = await stakingWorld();
  const v = addr(9);
  await addEscrow(world, add, 1, v, 100n);
  const st = new StakingWriter(world.state);
  st.setEscrow(v, { ...(await st.escrow(v)), debonding: { balance: 500n, total_shares: 1n } });
  await assert.rejects(reclaimEscrow(world, reclaim, 1, v, 2n), isStaking(StakingError.ZERO_SHARES));
  st.setEscrow(v, { ...(await st.escrow(v)), debonding: { balance: 0n, total_shares: 0n } });
  const far = world.tx(pub(1));
  Object.assign(far, { epoch: 0xffffffffffffffffn });
  await assert.rejects(reclaim.handle(far, { account: v, shares: 1n }), isStaking(StakingError.OVERFLOW));
  assert.equal(await reader.delegation(addr(1), v), 100n);
});
