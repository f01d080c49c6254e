// Property test (seeded): thousands of random deposits, reclaims, slashes, rewards and epoch
// changes. After every step no amount is negative or above MAX_QUANTITY, pool shares equal the
// shares held, pools cover what their shares are worth (dust < one unit per holder), total value
// (ledger + pools + common pool) is exactly conserved (rewards move value from the common pool),
// and a refused transaction changes nothing by itself.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_QUANTITY, TandemError, toHex } from '../../../src/common/index.js';
import {
  rewardEscrows,
  StakingError,
  type StakingReader,
  slashEscrow,
} from '../../../src/services/staking/index.js';
import { Rng } from '../../helpers/rng.js';
import type { World } from '../../helpers/service-context.js';
import { addr, defaultGenesis, EPOCH_BLOCKS, pub, stakingWorld } from './setup.js';

const SIGNERS = [1, 2, 3, 4, 5, 6];
const ESCROWS = [addr(50), addr(51), addr(52), addr(53)];
const OPS = 2_000;

function inRange(v: bigint, what: string): void {
  assert.ok(v >= 0n && v <= MAX_QUANTITY, `${what} out of range: ${v}`);
}

interface Holder {
  shares: bigint;
}

async function checkPools(reader: StakingReader): Promise<bigint> {
  const active = new Map<string, Holder[]>();
  const debonding = new Map<string, Holder[]>();
  const push = (m: Map<string, Holder[]>, k: string, shares: bigint) =>
    m.set(k, [...(m.get(k) ?? []), { shares }]);
  for await (const d of reader.delegations()) push(active, toHex(d.account), d.shares);
  for (const d of await reader.allDebonding()) push(debonding, toHex(d.account), d.shares);
  let inPools = 0n;
  for await (const [account, e] of reader.escrows()) {
    for (const [pool, holders] of [
      [e.active, active.get(toHex(account)) ?? []],
      [e.debonding, debonding.get(toHex(account)) ?? []],
    ] as const) {
      inRange(pool.balance, 'pool balance');
      inRange(pool.total_shares, 'pool shares');
      const held = holders.reduce((s, h) => s + h.shares, 0n);
      assert.equal(pool.total_shares, held, 'pool shares equal the shares held');
      if (pool.total_shares === 0n) assert.equal(pool.balance, 0n, 'a pool without shares holds nothing');
      else {
        const worth = holders.reduce((s, h) => s + (h.shares * pool.balance) / pool.total_shares, 0n);
        assert.ok(worth <= pool.balance && pool.balance - worth < BigInt(holders.length) + 1n, 'dust bound');
      }
      inPools += pool.balance;
    }
  }
  return inPools;
}

async function total(world: World, reader: StakingReader): Promise<bigint> {
  for (const v of world.ledger.balances.values()) inRange(v, 'ledger balance');
  const pool = await reader.commonPool();
  inRange(pool, 'common pool');
  return world.ledger.total() + (await checkPools(reader)) + pool;
}

function amount(rng: Rng): bigint {
  const r = rng.int(20);
  if (r === 0) return 0n;
  if (r === 1) return MAX_QUANTITY - BigInt(rng.int(1000)); // hostile: overflow attempts
  if (r === 2) return 1n << BigInt(rng.range(64, 200));
  return BigInt(rng.range(1, 5_000));
}

/** Mostly a small fraction of the escrow, now and then all of it or an absurd amount. */
async function slashAmount(rng: Rng, reader: StakingReader, account: Uint8Array): Promise<bigint> {
  if (rng.chance(10)) return amount(rng);
  const e = await reader.escrow(account);
  return ((e.active.balance + e.debonding.balance) * BigInt(rng.range(0, 30))) / 100n;
}

/** One seeded run: a staking world and the random operations applied to it. */
async function newRun(seed: number) {
  const rng = new Rng(seed);
  const g = defaultGenesis({ common_pool: 50_000n });
  const sw = await stakingWorld(5, 200_000n, g);
  await sw.world.ledger.credit(addr(6), 1n << 200n); // a whale, to reach huge pools
  const stats = {
    ok: 0,
    refused: 0,
    epochs: 0,
    slashed: 0n,
    rewarded: 0n,
    codes: {} as Record<string, number>,
  };
  return { ...sw, rng, stats };
}

type Run = Awaited<ReturnType<typeof newRun>>;

/** Apply one random operation; a refusal is checked to have changed nothing. */
async function step(r: Run, i: number): Promise<void> {
  const { world, rng, reader, stats } = r;
  const op = rng.int(100);
  const who = rng.pick(SIGNERS);
  const account = rng.pick(ESCROWS);
  const writesBefore = world.state.writes;
  const ledgerBefore = world.ledger.snapshot();
  try {
    if (op < 40) await r.add.handle(world.tx(pub(who)), { account, amount: amount(rng) });
    else if (op < 70) {
      const held = await reader.delegation(addr(who), account);
      const depleted = (await reader.escrow(account)).active.balance === 0n;
      const pct = depleted || rng.chance(200) ? 100n : BigInt(rng.range(0, 100));
      const shares = rng.chance(50) ? held + 1n : (held * pct) / 100n;
      await r.reclaim.handle(world.tx(pub(who)), { account, shares });
    } else if (op < 80) {
      stats.slashed += await slashEscrow(world.block(), account, await slashAmount(rng, reader, account));
    } else if (op < 88) {
      const paid = await rewardEscrows(
        world.block(),
        ESCROWS.filter(() => rng.chance(500)),
      );
      stats.rewarded += paid.reduce((sum, p) => sum + p.balance, 0n);
    } else {
      await world.nextEpoch(r.service, EPOCH_BLOCKS);
      stats.epochs++;
    }
    stats.ok++;
  } catch (e) {
    assert.ok(e instanceof TandemError, `uncoded error: ${String(e)}`);
    assert.ok(e.module === StakingError.MODULE || e.module === 'fake-ledger', `${e.module}/${e.code}`);
    assert.equal(world.state.writes, writesBefore, `refused op ${i} wrote state`);
    assert.deepEqual(world.ledger.snapshot(), ledgerBefore, `refused op ${i} changed the ledger`);
    stats.refused++;
    stats.codes[`${e.module}/${e.code}`] = (stats.codes[`${e.module}/${e.code}`] ?? 0) + 1;
  }
}

test('property: amounts stay in range, shares add up and total value is conserved (seeded)', async () => {
  const r = await newRun(20261201);
  const start = await total(r.world, r.reader);
  for (let i = 0; i < OPS; i++) {
    await step(r, i);
    assert.equal(await total(r.world, r.reader), start, `value not conserved after op ${i}`);
    const pool = await r.reader.commonPool();
    assert.equal(
      pool,
      50_000n + r.stats.slashed - r.stats.rewarded,
      'common pool moves only by slashes and rewards',
    );
  }
  const { stats } = r;
  assert.ok(stats.slashed > 0n && stats.rewarded > 0n, 'slashes and rewards happened');
  const summary = JSON.stringify({ ...stats, slashed: `${stats.slashed}`, rewarded: `${stats.rewarded}` });
  assert.ok(stats.ok > OPS / 2 && stats.refused > 50 && stats.epochs > 100, summary);
});

test('determinism: the same operations on two instances give the same state and ledger', async () => {
  const [a, b] = [await newRun(7), await newRun(7)];
  for (let i = 0; i < 300; i++) {
    await step(a, i);
    await step(b, i);
  }
  assert.equal(a.world.state.dump(), b.world.state.dump());
  assert.deepEqual(a.world.ledger.snapshot(), b.world.ledger.snapshot());
  assert.deepEqual(a.world.events.length, b.world.events.length);
});
