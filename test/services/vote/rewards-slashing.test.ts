// Rewards only to VED members (APE-25) and slashing of any vote account (APE-26).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toHex } from '../../../src/common/index.js';
import {
  DEFAULT_VOTE_PARAMS,
  distributeRewards,
  METHOD_ACTIVATE,
  METHOD_CREATE_ACCOUNT,
  METHOD_DEACTIVATE,
  readMembership,
  slashOnEvidence,
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
} from '../../helpers/vote-fixtures.js';

const params = { ...DEFAULT_VOTE_PARAMS, minStake: 100n, freezeEpochs: 3n };
const [member, poor, idle, leaving] = [operator(1), operator(2), operator(3), operator(4)];
const stake = new FakeStake(
  stakeOf([member.account, 1_000n], [poor.account, 100n], [idle.account, 5_000n], [leaving.account, 2_000n]),
);

/** Accounts in four states: a member, an active one under the minimum, an inactive one, one deactivating. */
async function setup(escrow = new FakeEscrow()) {
  const kv = new VoteTestKv();
  const membershipOf = (e: bigint) => readMembership(kv, e);
  const svc = voteService(params, { stake, escrow, membership: { membership: membershipOf } });
  for (const op of [member, poor, idle, leaving]) {
    const ctx = voteTxCtx(op.authority.publicKey, { epoch: 0n, state: kv });
    await runVoteMethod(svc, METHOD_CREATE_ACCOUNT, ctx, createBody(op));
    if (op !== idle) await runVoteMethod(svc, METHOD_ACTIVATE, ctx, { account: op.account });
  }
  await svc.onEpoch!(voteBlockCtx({ epoch: 1n, state: kv }), 1n); // membership of epoch 2
  const ctx = voteTxCtx(leaving.authority.publicKey, { epoch: 1n, state: kv });
  await runVoteMethod(svc, METHOD_DEACTIVATE, ctx, { account: leaving.account });
  return { kv, svc, escrow };
}

test('APE-25 rewards at an epoch start go only to the members of the ending epoch', async () => {
  const { kv, svc, escrow } = await setup();
  const m2 = await new VoteStateReader(kv).membership(2n);
  assert.deepEqual(
    m2?.members.map((m) => toHex(m.voteAccount)).sort(),
    [toHex(member.account), toHex(leaving.account)].sort(),
  );
  await svc.onEpoch!(voteBlockCtx({ epoch: 3n, domain: 'ued', state: kv }), 3n);
  assert.deepEqual(escrow.rewarded, [m2!.members.map((m) => toHex(m.voteAccount))]);
  // No membership for the ending epoch (e.g. epoch 0): nobody is paid.
  await svc.onEpoch!(voteBlockCtx({ epoch: 1n, domain: 'ued', state: kv }), 1n);
  assert.equal(escrow.rewarded.length, 1);
});

test('APE-25 rewards refuse a membership of another epoch than the ending one', async () => {
  const { kv, escrow } = await setup();
  const m2 = await new VoteStateReader(kv).membership(2n);
  const ctx = voteBlockCtx({ epoch: 4n, domain: 'ued', state: kv });
  await assert.rejects(distributeRewards(ctx, m2, escrow.rewardEscrows.bind(escrow)), (e) =>
    VoteError.is(e, 'vote', VoteError.MEMBERSHIP_EPOCH),
  );
  assert.equal(escrow.rewarded.length, 0);
});

test('APE-26 active, inactive, deactivating and VED-member accounts are all slashed and frozen', async () => {
  const { kv, escrow } = await setup();
  const ctx = voteBlockCtx({ epoch: 2n, state: kv });
  const st = new VoteStateReader(kv);
  for (const op of [member, poor, idle, leaving]) {
    const before = await st.account(op.account);
    const r = await slashOnEvidence(ctx, { validator: op.node.publicKey, height: 150n }, params, escrow);
    assert.ok(r, `slashed ${before?.status}`);
    assert.equal(r.amount, 50_000n);
    const after = await st.account(op.account);
    assert.equal(after?.frozenUntil, 5n);
    assert.equal(after?.status, before?.status === 'active' ? 'deactivating' : before?.status);
  }
  assert.deepEqual(
    escrow.slashed.map((s) => s.escrow),
    [member, poor, idle, leaving].map((o) => toHex(o.account)),
  );
  assert.deepEqual(escrow.slashed[0]?.fraction, params.slashFraction);
  assert.deepEqual(
    ctx.events.map((e) => e.kind),
    ['Slashed', 'Slashed', 'Slashed', 'Slashed'],
  );
});

test('APE-26 the same evidence slashes once; unknown keys slash nothing; frozen accounts cannot activate', async () => {
  const { kv, svc, escrow } = await setup();
  const ctx = voteBlockCtx({ epoch: 2n, state: kv });
  const ev = { validator: idle.node.publicKey, height: 7n };
  assert.ok(await slashOnEvidence(ctx, ev, params, escrow));
  assert.equal(await slashOnEvidence(ctx, ev, params, escrow), null);
  assert.equal(
    await slashOnEvidence(ctx, { validator: operator(40).node.publicKey, height: 7n }, params, escrow),
    null,
  );
  assert.equal(escrow.slashed.length, 1);
  const activate = (epoch: bigint) =>
    runVoteMethod(svc, METHOD_ACTIVATE, voteTxCtx(idle.authority.publicKey, { epoch, state: kv }), {
      account: idle.account,
    });
  const before = kv.dump();
  await assert.rejects(activate(4n), (e) => VoteError.is(e, 'vote', VoteError.FROZEN));
  assert.deepEqual(kv.dump(), before);
  await activate(5n);
  await assert.rejects(
    slashOnEvidence(ctx, { validator: new Uint8Array(3), height: 1n }, params, escrow),
    (e) => VoteError.is(e, 'vote', VoteError.INVALID_ARGUMENT),
  );
});

test('APE-26 a slashed member leaves the VED at the next computation', async () => {
  const { kv, svc, escrow } = await setup();
  await slashOnEvidence(
    voteBlockCtx({ epoch: 2n, state: kv }),
    { validator: member.node.publicKey, height: 9n },
    params,
    escrow,
  );
  await svc.onEpoch!(voteBlockCtx({ epoch: 3n, state: kv }), 3n);
  const m4 = await new VoteStateReader(kv).membership(4n);
  assert.deepEqual(
    m4?.members.map((m) => toHex(m.voteAccount)),
    [],
  );
});
