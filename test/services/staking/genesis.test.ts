// Staking genesis: strict validation (every refusal writes nothing) and the state it writes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressToString, MAX_QUANTITY, TandemError } from '../../../src/common/index.js';
import { initGenesis, StakingError, StakingReader } from '../../../src/services/staking/index.js';
import { World } from '../../helpers/service-context.js';
import { addr, defaultGenesis } from './setup.js';

const code = (c: number) => (e: unknown) => TandemError.is(e, StakingError.MODULE, c);

test('genesis writes params, the common pool and delegations (amounts as bigint, number or text)', async () => {
  const world = new World();
  const g = defaultGenesis({
    common_pool: '5000',
    delegations: [
      { delegator: addr(1), account: addr(9), amount: 100n },
      { delegator: addressToString(addr(2)), account: addressToString(addr(9)), amount: 300 },
      { delegator: addr(1), account: addr(8), amount: '25' },
    ],
  });
  await initGenesis(world.block(), g);
  const r = new StakingReader(world.state);
  assert.equal(await r.commonPool(), 5_000n);
  assert.equal((await r.params()).debonding_interval, 2n);
  assert.deepEqual((await r.escrow(addr(9))).active, { balance: 400n, total_shares: 400n });
  assert.equal(await r.delegation(addr(2), addr(9)), 300n);
  assert.equal(await r.delegation(addr(1), addr(8)), 25n);
  assert.equal(await world.ledger.balance(addr(1)), 0n, 'genesis escrow debits no one');
  await assert.rejects(initGenesis(world.block(), g), code(StakingError.ALREADY_INITIALIZED));
});

const d = (over: Record<string, unknown> = {}) => ({
  delegator: addr(1),
  account: addr(9),
  amount: 100n,
  ...over,
});
const p = (over: Record<string, unknown>) => ({ ...(defaultGenesis().params as object), ...over });

const BAD: [string, unknown][] = [
  ['not an object', 7],
  ['an array', []],
  ['a Map', new Map()],
  ['unknown top-level field', defaultGenesis({ extra: 1 })],
  ['missing common_pool', { params: defaultGenesis().params, delegations: [] }],
  ['negative common pool', defaultGenesis({ common_pool: -1n })],
  ['float common pool', defaultGenesis({ common_pool: 1.5 })],
  ['leading-zero decimal', defaultGenesis({ common_pool: '01' })],
  ['signed decimal', defaultGenesis({ common_pool: '+1' })],
  ['common pool above MAX_QUANTITY', defaultGenesis({ common_pool: MAX_QUANTITY + 1n })],
  ['unknown params field', defaultGenesis({ params: p({ foo: 1n }) })],
  ['zero debonding interval', defaultGenesis({ params: p({ debonding_interval: 0n }) })],
  ['debonding interval above u64', defaultGenesis({ params: p({ debonding_interval: 1n << 64n }) })],
  ['zero epoch interval', defaultGenesis({ params: p({ epoch_interval: 0n }) })],
  ['schedule not an array', defaultGenesis({ params: p({ reward_schedule: {} }) })],
  [
    'schedule not ascending',
    defaultGenesis({
      params: p({
        reward_schedule: [
          { until_epoch: 5n, rate_numerator: 1n, rate_denominator: 2n },
          { until_epoch: 5n, rate_numerator: 1n, rate_denominator: 2n },
        ],
      }),
    }),
  ],
  [
    'rate above 1',
    defaultGenesis({
      params: p({ reward_schedule: [{ until_epoch: 5n, rate_numerator: 3n, rate_denominator: 2n }] }),
    }),
  ],
  [
    'zero denominator',
    defaultGenesis({
      params: p({ reward_schedule: [{ until_epoch: 5n, rate_numerator: 0n, rate_denominator: 0n }] }),
    }),
  ],
  [
    'too many reward steps',
    defaultGenesis({
      params: p({
        reward_schedule: Array.from({ length: 65 }, (_, i) => ({
          until_epoch: BigInt(i + 1),
          rate_numerator: 0n,
          rate_denominator: 1n,
        })),
      }),
    }),
  ],
  ['delegations not an array', defaultGenesis({ delegations: 'x' })],
  ['delegation unknown field', defaultGenesis({ delegations: [d({ memo: 'x' })] })],
  ['delegation missing amount', defaultGenesis({ delegations: [{ delegator: addr(1), account: addr(9) }] })],
  ['short address', defaultGenesis({ delegations: [d({ account: new Uint8Array(20) })] })],
  ['bad bech32 address', defaultGenesis({ delegations: [d({ account: 'tandem1qqqq' })] })],
  ['address of another type', defaultGenesis({ delegations: [d({ account: 42 })] })],
  ['zero amount', defaultGenesis({ delegations: [d({ amount: 0n })] })],
  ['amount below min_delegation', defaultGenesis({ delegations: [d({ amount: 9n })] })],
  ['duplicate delegation', defaultGenesis({ delegations: [d(), d({ amount: 50n })] })],
];

for (const [name, raw] of BAD) {
  test(`genesis refuses ${name} with INVALID_GENESIS and writes nothing`, async () => {
    const world = new World();
    await assert.rejects(initGenesis(world.block(), raw), code(StakingError.INVALID_GENESIS));
    assert.equal(world.state.size, 0);
  });
}

test('genesis delegations whose escrow would overflow MAX_QUANTITY are refused without writes', async () => {
  const world = new World();
  const g = defaultGenesis({
    delegations: [d({ amount: MAX_QUANTITY }), d({ delegator: addr(2), amount: 1_000n })],
  });
  await assert.rejects(initGenesis(world.block(), g), code(StakingError.OVERFLOW));
  assert.equal(world.state.size, 0);
});
