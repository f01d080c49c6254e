/** End-to-end flows through the composed programs and both domains (APE-7, APE-8). */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encodeWith, toHex } from '../../src/common/index.js';
import { accountKey, decodeAccount } from '../../src/consensus/index.js';
import { ChainApp, membershipIn } from '../../src/domains/index.js';
import { StakingReader } from '../../src/services/staking/index.js';
import { createConsentCodec, createConsentContext } from '../../src/services/vote/index.js';
import {
  addrOf,
  key,
  quantityRaw,
  signTx,
  step,
  testGenesis,
  transferTx,
  user,
  validatorKeys,
} from '../helpers/chain-app.js';

function createVote(app: ChainApp, nonce: bigint, node: ReturnType<typeof key>) {
  const authority = validatorKeys(0).authority;
  const a = addrOf(authority);
  const consent = { authority: a, fee_payer: a, fund: a };
  const node_signature = node.sign(
    createConsentContext(app.programs.params.chainContext),
    encodeWith(createConsentCodec, consent),
  );
  return signTx(app, authority, nonce, 'vote.CreateAccount', {
    node: node.publicKey,
    ...consent,
    node_signature,
  });
}

const keysOf = (vs: { pubKey: Uint8Array }[] | undefined) => (vs ?? []).map((v) => toHex(v.pubKey));

test('APE-7 a new vote account joins the VED membership only once activated and staked above the minimum', async () => {
  const app = await ChainApp.create({ genesis: testGenesis(2, { epochInterval: 4n }) });
  const auth = validatorKeys(0).authority;
  const [rich, poor] = [key(50, 12), key(51, 12)];
  const escrow = (nonce: bigint, node: typeof rich, amount: bigint) =>
    signTx(app, user(0), nonce, 'staking.AddEscrow', { account: addrOf(node), amount: quantityRaw(amount) });
  await step(app, [
    createVote(app, 0n, rich),
    createVote(app, 1n, poor),
    escrow(0n, rich, 5000n),
    escrow(1n, poor, 1000n),
  ]);
  await step(app, []); // h2
  await step(app, []); // h3: end of epoch 0 (stake snapshot)
  const at4 = await step(app, []); // h4: start of epoch 1 computes the membership of epoch 2
  const at5 = (await step(app, [])) as { validatorUpdates?: { pubKey: Uint8Array }[] };
  assert.equal(at4.validatorUpdates, undefined);
  assert.ok(!keysOf(at5.validatorUpdates).includes(toHex(rich.publicKey)), 'inactive: not a member');
  const activate = (n: bigint, node: typeof rich) =>
    signTx(app, auth, n, 'vote.Activate', { account: addrOf(node) });
  await step(app, [activate(2n, rich), activate(3n, poor)]); // h6, epoch 1
  for (let h = 7; h <= 8; h++) await step(app, []);
  const at9 = (await step(app, [])) as { validatorUpdates?: { pubKey: Uint8Array }[] };
  const members = keysOf(at9.validatorUpdates);
  assert.ok(members.includes(toHex(rich.publicKey)), 'activated with stake 5000 > 1000: member of epoch 3');
  assert.ok(!members.includes(toHex(poor.publicKey)), 'stake equal to the minimum is not enough');
  assert.equal(members.length, 3);
  const m3 = await membershipIn(app.vedTree, 3n);
  assert.ok(
    m3!.vedAccounts.some((a) => toHex(a) === toHex(addrOf(auth))),
    'its role accounts are VED accounts',
  );
});

async function domainOf(app: ChainApp, a: Uint8Array): Promise<string> {
  if ((await app.vedTree.get(accountKey(a))) !== null) return 'ved';
  return (await app.ued.get(accountKey(a))) !== null ? 'ued' : 'none';
}

test('APE-8 fund handover: the new fund enters the VED with the recomputed membership, the old one returns to the UED', async () => {
  const app = await ChainApp.create({ genesis: testGenesis(2, { epochInterval: 4n }) });
  const v = validatorKeys(0);
  const account = addrOf(v.node);
  const newFund = user(2);
  // Epoch 0: the authority names the new fund; its owner moves it into the VED (effective epoch 2).
  await step(app, [
    signTx(app, v.authority, 0n, 'vote.SetFund', { account, fund: addrOf(newFund) }),
    signTx(app, newFund, 0n, 'system.RequestRemap', { to: 'ved' }),
  ]);
  for (let h = 2; h <= 4; h++) await step(app, []);
  const m2 = await membershipIn(app.vedTree, 2n);
  const mine = m2!.members.find((m) => toHex(m.voteAccount) === toHex(account))!;
  assert.equal(toHex(mine.fund), toHex(addrOf(newFund)), 'the membership of epoch 2 carries the new fund');
  const m1 = (await membershipIn(app.vedTree, 1n))!.members.find(
    (m) => toHex(m.voteAccount) === toHex(account),
  );
  assert.equal(toHex(m1!.fund), toHex(addrOf(v.fund)), 'the old fund stays in the membership of epoch 1');
  assert.ok(
    m2!.vedAccounts.some((a) => toHex(a) === toHex(addrOf(newFund))),
    'and maps it into the VED',
  );
  assert.equal(await domainOf(app, addrOf(newFund)), 'ued', 'still UED during epoch 1');
  for (let h = 5; h <= 8; h++) await step(app, []);
  assert.equal(await domainOf(app, addrOf(newFund)), 'ved', 'in the VED from epoch 2');
  // The new fund tops up the fee payer in the VED; the old fund goes back to the UED.
  await step(app, [
    transferTx(app, newFund, 1n, addrOf(v.feePayer), 1000n),
    signTx(app, v.fund, 0n, 'system.RequestRemap', { to: 'ued' }),
  ]);
  const fp = decodeAccount((await app.vedTree.get(accountKey(addrOf(v.feePayer))))!);
  assert.equal(fp.balance, 1_000_000n + 1000n, 'top-up from the new fund executed in the VED');
  for (let h = 10; h <= 16; h++) await step(app, []);
  assert.equal(await domainOf(app, addrOf(v.fund)), 'ued', 'the old fund is a UED account again');
  await step(app, [transferTx(app, v.fund, 1n, addrOf(user(3)), 500n)]);
  const u3 = decodeAccount((await app.ued.get(accountKey(addrOf(user(3)))))!);
  assert.equal(u3.balance, 1_000_000n + 500n, 'its funds return to UED accounts');
});

test('APE-2/APE-12 a debonding payout to a delegator remapped out of the UED waits instead of failing the block', async () => {
  const app = await ChainApp.create({ genesis: testGenesis(2, { epochInterval: 4n }) });
  const u = user(0);
  const account = addrOf(validatorKeys(0).node);
  await step(app, [
    signTx(app, u, 0n, 'staking.AddEscrow', { account, amount: quantityRaw(2000n) }),
    signTx(app, u, 1n, 'staking.ReclaimEscrow', { account, shares: quantityRaw(2000n) }),
    signTx(app, u, 2n, 'system.RequestRemap', { to: 'ved' }),
  ]);
  for (let h = 2; h <= 9; h++) await step(app, []); // epoch 2 starts at 8: matured, but u left the UED
  const view = { get: (k: Uint8Array) => app.ued.get(k), set() {}, delete() {}, async *entries() {} };
  const st = new StakingReader(view);
  assert.equal(await st.debonding(2n, addrOf(u), account), 0n);
  assert.equal(await st.debonding(3n, addrOf(u), account), 2000n, 'postponed to the next epoch');
  assert.equal(await domainOf(app, addrOf(u)), 'ved');
});
