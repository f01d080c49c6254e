import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signTransaction } from '../../src/consensus/index.js';
import { ChainApp, takeWithinUedBudget } from '../../src/domains/index.js';
import {
  addrOf,
  GENESIS_MS,
  quantityRaw,
  testGenesis,
  transferTx,
  user,
  validatorKeys,
} from '../helpers/chain-app.js';

/** A UED transfer from user `i` declaring `gas`. */
function uedTransfer(app: ChainApp, i: number, nonce: bigint, gas: bigint): Uint8Array {
  const to = addrOf(user(3));
  return signTransaction(user(i), app.programs.params.chainContext, {
    nonce,
    fee: { amount: 10n, gas },
    method: 'system.Transfer',
    body: { to, amount: quantityRaw(1n) },
    accounts: [
      { address: addrOf(user(i)), writable: true },
      { address: to, writable: true },
    ],
  });
}

async function propose(app: ChainApp, candidates: Uint8Array[]): Promise<Uint8Array[]> {
  const r = await app.prepareProposal({ height: 1n, time: GENESIS_MS + 1n, candidates, evidence: [] });
  return r.txs;
}

test('APE-6 leader UED budget: UED transactions past the declared gas wait; VED and unreadable ones are taken in order', async () => {
  const app = await ChainApp.create({ genesis: testGenesis(4), maxBlockUedGas: 250_000n });
  const u0 = uedTransfer(app, 0, 0n, 100_000n);
  const u1 = uedTransfer(app, 1, 0n, 100_000n);
  const u2 = uedTransfer(app, 2, 0n, 100_000n);
  const small = uedTransfer(app, 0, 1n, 10n);
  const v = transferTx(app, validatorKeys(0).feePayer, 0n, addrOf(validatorKeys(1).feePayer), 1n);
  const junk = new Uint8Array([0xa1, 0x01, 0x02]);
  const txs = await propose(app, [u0, u1, v, u2, junk, small]);
  // u2 would bring the UED gas to 300,000; `small` fits but comes after a UED tx that did not.
  assert.deepEqual(txs, [u0, u1, v, junk]);
});

test('APE-6 leader UED budget: without a budget every candidate up to maxBlockTxs is taken', async () => {
  const app = await ChainApp.create({ genesis: testGenesis(4), maxBlockTxs: 3 });
  const c = [0, 1, 2].map((i) => uedTransfer(app, i, 0n, 1_000_000n));
  const v = transferTx(app, validatorKeys(0).feePayer, 0n, addrOf(validatorKeys(1).feePayer), 1n);
  assert.deepEqual(await propose(app, [...c, v]), c);
});

test('APE-6 leader UED budget: the count limit applies with a budget too; a zero-gas budget takes no UED work', async () => {
  const app = await ChainApp.create({ genesis: testGenesis(4) });
  const c = [0, 1, 2].map((i) => uedTransfer(app, i, 0n, 5n));
  // A view whose VED set holds nobody: every user pays from the UED.
  const viewOf = { vedSet: { has: () => false } as never, programs: app.programs.params.programs };
  assert.deepEqual(takeWithinUedBudget(c, 2, 100n, viewOf), c.slice(0, 2));
  assert.deepEqual(takeWithinUedBudget(c, 10, 0n, viewOf), []);
});
