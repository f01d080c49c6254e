import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChainApp } from '../../src/domains/index.js';
import { testGenesis } from '../helpers/chain-app.js';

test('APE-20 the default confirmation stake: the node setting, else the genesis confirm_stake_bps, else 5%', async () => {
  const g = testGenesis(4);
  const total = g.validators.reduce((s, v) => s + v.power, 0n);
  const plain = await ChainApp.create({ genesis: g });
  assert.equal(plain.defaultMinStake(), (total + 19n) / 20n);
  const all = { ...g, params: { ...g.params, confirm_stake_bps: 10_000 } };
  assert.equal((await ChainApp.create({ genesis: all })).defaultMinStake(), total);
  const quarter = { ...g, params: { ...g.params, confirm_stake_bps: 2_500 } };
  assert.equal((await ChainApp.create({ genesis: quarter })).defaultMinStake(), (total + 3n) / 4n);
  const node = await ChainApp.create({ genesis: all, confirmStake: { numerator: 1n, denominator: 2n } });
  assert.equal(node.defaultMinStake(), (total + 1n) / 2n);
});
