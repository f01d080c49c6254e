/**
 * ChainApp under the real BFT engine in the simulator (test/helpers/chain-app-sim.ts): 4
 * validators, 32 blocks, 3 epoch boundaries, the same VED and UED hashes on every node.
 */
import { test } from 'node:test';
import { simulateChainApp } from '../helpers/chain-app-sim.js';

test('APE-14/16/21/22/27 ChainApp in the BFT simulator: 4 validators, 32 blocks, 3 epoch boundaries, same hashes everywhere', async () => {
  await simulateChainApp();
});
