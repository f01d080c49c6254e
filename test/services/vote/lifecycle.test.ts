// Vote account lifecycle and authority checks (APE-7), through the service's method table.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toHex } from '../../../src/common/index.js';
import {
  computeAndStoreMembership,
  DEFAULT_VOTE_PARAMS,
  METHOD_ACTIVATE,
  METHOD_CREATE_ACCOUNT,
  METHOD_DEACTIVATE,
  METHOD_SET_AUTHORITY,
  METHOD_SET_FEE_PAYER,
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

const params = { ...DEFAULT_VOTE_PARAMS, minStake: 1_000n };
const op = operator(1);
const stake = new FakeStake(stakeOf([op.account, 5_000n]));
const svc = voteService(params, { stake, escrow: new FakeEscrow() });

async function run(kv: VoteTestKv, epoch: bigint, signer: Uint8Array, name: string, body: unknown) {
  await runVoteMethod(svc, name, voteTxCtx(signer, { epoch, state: kv }), body);
}

/** Runs a method that must fail with `code` and leave the state untouched. */
async function refused(
  kv: VoteTestKv,
  epoch: bigint,
  signer: Uint8Array,
  name: string,
  body: unknown,
  code: number,
) {
  const before = kv.dump();
  await assert.rejects(run(kv, epoch, signer, name, body), (e) => VoteError.is(e, 'vote', code));
  assert.deepEqual(kv.dump(), before, 'a refused transaction changes nothing');
}

async function membersAt(kv: VoteTestKv, computedAt: bigint): Promise<string[]> {
  const m = await computeAndStoreMembership(
    voteBlockCtx({ epoch: computedAt, state: kv }),
    computedAt,
    params,
    { stake },
  );
  return m.members.map((x) => toHex(x.voteAccount));
}

async function created(epoch = 0n): Promise<VoteTestKv> {
  const kv = new VoteTestKv();
  await run(kv, epoch, op.authority.publicKey, METHOD_CREATE_ACCOUNT, createBody(op));
  return kv;
}

test('APE-7 a new vote account starts inactive and is in no membership', async () => {
  const kv = await created();
  const acct = await new VoteStateReader(kv).account(op.account);
  assert.equal(acct?.status, 'inactive');
  assert.equal(acct?.credits, 0n);
  assert.deepEqual(await membersAt(kv, 1n), []);
});

test('APE-7 an activated account joins at the next VED computation, not the one already run', async () => {
  const kv = await created();
  await run(kv, 3n, op.authority.publicKey, METHOD_ACTIVATE, { account: op.account });
  assert.deepEqual(await membersAt(kv, 3n), [], 'the computation of epoch 3 ran before the activation');
  assert.deepEqual(await membersAt(kv, 4n), [toHex(op.account)], 'member of epoch 5');
});

test('APE-7 membership needs strictly more than the minimum stake', async () => {
  const kv = await created();
  await run(kv, 0n, op.authority.publicKey, METHOD_ACTIVATE, { account: op.account });
  stake.byEpoch.set(0n, stakeOf([op.account, params.minStake]));
  stake.byEpoch.set(1n, stakeOf([op.account, params.minStake + 1n]));
  assert.deepEqual(await membersAt(kv, 1n), [], 'stake equal to the minimum is not enough');
  assert.deepEqual(await membersAt(kv, 2n), [toHex(op.account)]);
  stake.byEpoch.clear();
});

test('APE-7 a deactivated account leaves the VED at N+1 and can be activated again after', async () => {
  const kv = await created();
  await run(kv, 0n, op.authority.publicKey, METHOD_ACTIVATE, { account: op.account });
  await run(kv, 4n, op.authority.publicKey, METHOD_DEACTIVATE, { account: op.account });
  assert.deepEqual(await membersAt(kv, 4n), [toHex(op.account)], 'membership of epoch 5 was computed before');
  assert.deepEqual(await membersAt(kv, 5n), [], 'deactivated in epoch 4 = N-1: gone at N+1 = 6');
  assert.equal((await new VoteStateReader(kv).account(op.account))?.status, 'deactivating');
  await refused(
    kv,
    5n,
    op.authority.publicKey,
    METHOD_ACTIVATE,
    { account: op.account },
    VoteError.STILL_DEACTIVATING,
  );
  await run(kv, 6n, op.authority.publicKey, METHOD_ACTIVATE, { account: op.account });
  assert.deepEqual(await membersAt(kv, 7n), [toHex(op.account)]);
});

test('APE-7 status transitions are refused when they make no sense', async () => {
  const kv = await created();
  const a = op.authority.publicKey;
  await refused(kv, 0n, a, METHOD_DEACTIVATE, { account: op.account }, VoteError.NOT_ACTIVE);
  await run(kv, 0n, a, METHOD_ACTIVATE, { account: op.account });
  await refused(kv, 0n, a, METHOD_ACTIVATE, { account: op.account }, VoteError.ALREADY_ACTIVE);
  await refused(kv, 0n, a, METHOD_ACTIVATE, { account: operator(9).account }, VoteError.ACCOUNT_NOT_FOUND);
});

test('APE-7 creation needs the node key consent and happens once per node key', async () => {
  const kv = new VoteTestKv();
  const forged = { ...createBody(op), authority: operator(2).authorityAddress };
  await refused(
    kv,
    0n,
    testKey(77).publicKey,
    METHOD_CREATE_ACCOUNT,
    forged,
    VoteError.INVALID_NODE_SIGNATURE,
  );
  await run(kv, 0n, testKey(77).publicKey, METHOD_CREATE_ACCOUNT, createBody(op));
  await refused(
    kv,
    0n,
    op.authority.publicKey,
    METHOD_CREATE_ACCOUNT,
    createBody(op),
    VoteError.ACCOUNT_EXISTS,
  );
});

test('only the authority manages a vote account; a new authority takes over at once', async () => {
  const kv = await created();
  const stranger = testKey(55).publicKey;
  for (const [name, body] of [
    [METHOD_ACTIVATE, { account: op.account }],
    [METHOD_SET_AUTHORITY, { account: op.account, authority: op.feePayer }],
    [METHOD_SET_FEE_PAYER, { account: op.account, fee_payer: op.fund }],
  ] as const) {
    await refused(kv, 0n, stranger, name, body, VoteError.NOT_AUTHORIZED);
  }
  await run(kv, 0n, op.authority.publicKey, METHOD_SET_AUTHORITY, {
    account: op.account,
    authority: operator(5).authorityAddress,
  });
  await refused(
    kv,
    0n,
    op.authority.publicKey,
    METHOD_ACTIVATE,
    { account: op.account },
    VoteError.NOT_AUTHORIZED,
  );
  await run(kv, 0n, operator(5).authority.publicKey, METHOD_SET_FEE_PAYER, {
    account: op.account,
    fee_payer: operator(5).feePayer,
  });
  await run(kv, 0n, operator(5).authority.publicKey, METHOD_ACTIVATE, { account: op.account });
  const m = await computeAndStoreMembership(voteBlockCtx({ epoch: 1n, state: kv }), 1n, params, { stake });
  assert.deepEqual(m.members[0]?.authority, operator(5).authorityAddress);
  assert.deepEqual(m.members[0]?.feePayer, operator(5).feePayer);
});
