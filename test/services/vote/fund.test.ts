// Fee-payer fund handover timing (APE-8).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressFromPublicKey, toHex } from '../../../src/common/index.js';
import {
  computeAndStoreMembership,
  DEFAULT_VOTE_PARAMS,
  METHOD_ACTIVATE,
  METHOD_CREATE_ACCOUNT,
  METHOD_SET_FUND,
  type VedMembership,
  VoteError,
  VoteStateReader,
  voteService,
} from '../../../src/services/vote/index.js';
import { VoteTestKv, voteBlockCtx, voteTxCtx } from '../../helpers/kv-state-vote.js';
import {
  createBody,
  FakeEscrow,
  FakeStake,
  operator,
  runVoteMethod,
  stakeOf,
  testKey,
} from '../../helpers/vote-fixtures.js';

const op = operator(3);
const stake = new FakeStake(stakeOf([op.account, 10_000n]));
const params = DEFAULT_VOTE_PARAMS;
const svc = voteService(params, { stake, escrow: new FakeEscrow() });
const F2 = addressFromPublicKey(testKey(500).publicKey);
const F3 = addressFromPublicKey(testKey(501).publicKey);

async function run(kv: VoteTestKv, epoch: bigint, name: string, body: unknown) {
  await runVoteMethod(svc, name, voteTxCtx(op.authority.publicKey, { epoch, state: kv }), body);
}

const computeAt = (kv: VoteTestKv, n: bigint) =>
  computeAndStoreMembership(voteBlockCtx({ epoch: n, state: kv }), n, params, { stake });
const inSet = (m: VedMembership, a: Uint8Array) => m.vedAccounts.some((x) => toHex(x) === toHex(a));

test('APE-8 the old fund stays until the end of the next epoch, then the new one enters', async () => {
  const kv = new VoteTestKv();
  await run(kv, 0n, METHOD_CREATE_ACCOUNT, createBody(op));
  await run(kv, 0n, METHOD_ACTIVATE, { account: op.account });
  await computeAt(kv, 3n); // first block of epoch 3: membership of epoch 4
  await run(kv, 3n, METHOD_SET_FUND, { account: op.account, fund: F2 });
  const forEpoch4 = await new VoteStateReader(kv).membership(4n);
  assert.ok(forEpoch4 && inSet(forEpoch4, op.fund) && !inSet(forEpoch4, F2), 'epoch 4 keeps the old fund');
  // Even recomputed after the change (a node catching up), epoch 4 keeps the old fund.
  assert.deepEqual((await computeAt(kv, 3n)).members[0]?.fund, op.fund);
  const forEpoch5 = await computeAt(kv, 4n);
  assert.ok(inSet(forEpoch5, F2), 'the new fund enters with the recomputed VED');
  assert.ok(!inSet(forEpoch5, op.fund), 'the old fund returns to the UED');
  assert.deepEqual(forEpoch5.members[0]?.fund, F2);
});

test('APE-8 one fund change at a time; the next may start once the previous is in effect', async () => {
  const kv = new VoteTestKv();
  await run(kv, 0n, METHOD_CREATE_ACCOUNT, createBody(op));
  await run(kv, 0n, METHOD_ACTIVATE, { account: op.account });
  await run(kv, 3n, METHOD_SET_FUND, { account: op.account, fund: F2 });
  const before = kv.dump();
  await assert.rejects(run(kv, 4n, METHOD_SET_FUND, { account: op.account, fund: F3 }), (e) =>
    VoteError.is(e, 'vote', VoteError.FUND_CHANGE_PENDING),
  );
  assert.deepEqual(kv.dump(), before);
  await run(kv, 5n, METHOD_SET_FUND, { account: op.account, fund: F3 });
  const acct = await new VoteStateReader(kv).account(op.account);
  assert.deepEqual(acct?.fund, F2, 'the change in effect is folded into the record');
  assert.deepEqual(acct?.pendingFund, { address: F3, epoch: 7n });
  assert.deepEqual((await computeAt(kv, 5n)).members[0]?.fund, F2);
  assert.deepEqual((await computeAt(kv, 6n)).members[0]?.fund, F3);
});
