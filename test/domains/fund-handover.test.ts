/**
 * APE-8 fund handover through the composed chain: the old fee-payer fund, sent back to the UED
 * together with the fund change, stays usable in the VED until the switch; the new fund, coming
 * from the UED, is frozen there until it moves.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { accountKey, ConsensusError, decodeAccount, Mapping } from '../../src/consensus/index.js';
import { ChainApp } from '../../src/domains/index.js';
import { addrOf, signTx, step, testGenesis, transferTx, user, validatorKeys } from '../helpers/chain-app.js';

type Where = 'ved' | 'ued';

async function record(app: ChainApp, where: Where, a: Uint8Array) {
  const raw = where === 'ved' ? await app.vedTree.get(accountKey(a)) : await app.ued.get(accountKey(a));
  return raw === null ? null : decodeAccount(raw);
}

async function run(app: ChainApp, upTo: bigint): Promise<void> {
  while (app.committed.height < upTo) await step(app, []);
}

// Epoch interval 4: epoch 0 is heights 1–3, epoch 1 is 4–7, epoch 2 starts at 8.
async function handoverChain() {
  const app = await ChainApp.create({ genesis: testGenesis(2, { epochInterval: 4n }) });
  const v = validatorKeys(0);
  const newFund = user(2);
  await step(app, [
    signTx(app, v.authority, 0n, 'vote.SetFund', { account: addrOf(v.node), fund: addrOf(newFund) }),
    signTx(app, newFund, 0n, 'system.RequestRemap', { to: 'ved' }),
    signTx(app, v.fund, 0n, 'system.RequestRemap', { to: 'ued' }),
  ]);
  return { app, v, newFund, oldFund: v.fund, feePayer: addrOf(v.feePayer) };
}

test('APE-8 the old fund keeps topping up the fee payer until the switch, then returns to the UED with its final balance', async () => {
  const { app, oldFund, feePayer } = await handoverChain();
  const old = addrOf(oldFund);
  assert.equal((await record(app, 'ved', old))!.moving_at, 2n, 'the return is pending for epoch 2');
  assert.equal((await app.checkTx(transferTx(app, oldFund, 1n, feePayer, 100n))).ok, true, 'mempool');
  await step(app, [transferTx(app, oldFund, 1n, feePayer, 100n)]); // h2, epoch 0
  await run(app, 6n);
  await step(app, [transferTx(app, oldFund, 2n, feePayer, 200n)]); // h7: last block of epoch 1
  const fp = await record(app, 'ved', feePayer);
  assert.equal(fp!.balance, 1_000_000n + 300n, 'both top-ups executed in the VED');
  const before = (await record(app, 'ved', old))!;
  assert.equal(before.balance, 1_000_000n - 3n * 10n - 300n);
  assert.equal(await record(app, 'ued', old), null, 'not in the UED before the switch');
  await step(app, []); // h8: epoch 2 starts
  assert.equal(await record(app, 'ved', old), null, 'left the VED at the switch');
  assert.deepEqual(await record(app, 'ued', old), {
    balance: before.balance,
    nonce: 3n,
    mapping: Mapping.RW_UED,
    owner: 'system',
  });
  const u3 = addrOf(user(3));
  await step(app, [transferTx(app, oldFund, 3n, u3, 500n)]);
  assert.equal((await record(app, 'ued', u3))!.balance, 1_000_000n + 500n, 'its funds reach UED accounts');
});

test('APE-8 the new fund enters at the switch and tops up the fee payer; before, it is frozen in the UED', async () => {
  const { app, newFund, feePayer } = await handoverChain();
  const nf = addrOf(newFund);
  const u3 = addrOf(user(3));
  const out = transferTx(app, newFund, 1n, u3, 5n);
  const refused = await app.checkTx(out);
  assert.equal(refused.ok, false);
  assert.equal(!refused.ok && refused.code, ConsensusError.ACCOUNT_FROZEN, 'mempool refuses a frozen payer');
  const failed = app.stats.failedReceipts;
  await step(app, [out, transferTx(app, user(0), 0n, nf, 5n)]); // h2
  assert.equal((await record(app, 'ued', u3))!.balance, 1_000_000n, 'a frozen payer is skipped');
  assert.equal(app.stats.failedReceipts, failed + 1, 'a credit to a frozen account fails');
  assert.equal((await record(app, 'ued', nf))!.balance, 1_000_000n - 10n, 'and changes nothing');
  await run(app, 7n);
  assert.equal(await record(app, 'ved', nf), null, 'still UED during epoch 1');
  await step(app, []); // h8
  assert.equal(await record(app, 'ued', nf), null);
  await step(app, [transferTx(app, newFund, 1n, feePayer, 1000n)]);
  assert.equal((await record(app, 'ved', feePayer))!.balance, 1_000_000n + 1000n, 'the new fund tops up');
});

test('APE-8 failure paths: one pending return at a time, and after the switch the old fund is no VED payer', async () => {
  const { app, oldFund, feePayer } = await handoverChain();
  const old = addrOf(oldFund);
  const failed = app.stats.failedReceipts;
  await step(app, [signTx(app, oldFund, 1n, 'system.RequestRemap', { to: 'ued' })]);
  assert.equal(app.stats.failedReceipts, failed + 1, 'a second request fails');
  const rec = (await record(app, 'ved', old))!;
  assert.equal(rec.moving_at, 2n, 'and leaves the pending return as it was');
  assert.equal(rec.nonce, 2n, 'its fee is charged');
  await step(app, [transferTx(app, oldFund, 2n, feePayer, 1_000_000n)]); // more than it holds
  assert.equal((await record(app, 'ved', old))!.balance, rec.balance - 10n, 'an overdraft moves nothing');
  await run(app, 8n);
  const fpBefore = (await record(app, 'ved', feePayer))!.balance;
  const ok = app.stats.okReceipts;
  await step(app, [transferTx(app, oldFund, 3n, feePayer, 1n)]); // h9: the fee payer is VED-only now
  assert.equal((await record(app, 'ved', feePayer))!.balance, fpBefore, 'no top-up after the switch');
  assert.equal(app.stats.okReceipts, ok, 'the VED skips it and the UED fails it');
  assert.equal((await record(app, 'ued', old))!.nonce, 4n, 'the UED charged its fee');
});
