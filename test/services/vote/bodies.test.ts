// Strict decoding: malformed and oversized bodies, corrupt stored records, params and genesis.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  concatBytes,
  decodeWith,
  encodeCanonical,
  encodeWith,
  TandemError,
} from '../../../src/common/index.js';
import {
  accountKey,
  DEFAULT_VOTE_PARAMS,
  decodeParams,
  METHOD_CREATE_ACCOUNT,
  METHOD_SET_FUND,
  VoteError,
  VoteStateReader,
  validateParams,
  voteParamsCodec,
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

const op = operator(1);
const stake = new FakeStake(stakeOf([op.account, 50_000n]));
const svc = voteService(DEFAULT_VOTE_PARAMS, { stake, escrow: new FakeEscrow() });
const method = (name: string) => svc.methods.find((m) => m.name === name)!;

/** What an executor does: strict decode, then the handler; a failure at either step changes nothing. */
async function submit(kv: VoteTestKv, name: string, raw: Uint8Array): Promise<void> {
  const m = method(name);
  await m.handle(voteTxCtx(op.authority.publicKey, { state: kv }), decodeWith(m.body, raw));
}

test('malformed and oversized bodies are refused with a coded error and change nothing', async () => {
  const kv = new VoteTestKv();
  await runVoteMethod(
    svc,
    METHOD_CREATE_ACCOUNT,
    voteTxCtx(op.authority.publicKey, { state: kv }),
    createBody(op),
  );
  const before = kv.dump();
  const good = encodeWith(method(METHOD_SET_FUND).body, { account: op.account, fund: op.feePayer });
  const hostile: [string, Uint8Array][] = [
    ['empty', new Uint8Array(0)],
    ['trailing byte', concatBytes(good, Uint8Array.of(0))],
    ['truncated', good.subarray(0, good.length - 3)],
    ['unknown field', encodeCanonical({ account: op.account, fund: op.fund, extra: 1 })],
    ['missing field', encodeCanonical({ account: op.account })],
    ['short address', encodeCanonical({ account: op.account, fund: new Uint8Array(20) })],
    ['oversized address', encodeCanonical({ account: op.account, fund: new Uint8Array(1 << 20) })],
    ['wrong type', encodeCanonical({ account: op.account, fund: 'tandem1xyz' })],
    ['not a map', encodeCanonical([op.account, op.fund])],
  ];
  for (const [what, raw] of hostile) {
    await assert.rejects(submit(kv, METHOD_SET_FUND, raw), (e) => e instanceof TandemError, what);
    assert.deepEqual(kv.dump(), before, what);
  }
  const body = createBody(operator(2));
  const bigSig = encodeCanonical({ ...body, node_signature: new Uint8Array(65) });
  await assert.rejects(submit(kv, METHOD_CREATE_ACCOUNT, bigSig), (e) => e instanceof TandemError);
  assert.deepEqual(kv.dump(), before);
});

test('a corrupt stored record is reported as MALFORMED_STATE', async () => {
  const kv = new VoteTestKv();
  kv.set(accountKey(op.account), encodeCanonical({ node: new Uint8Array(32) }));
  await assert.rejects(new VoteStateReader(kv).account(op.account), (e) =>
    VoteError.is(e, 'vote', VoteError.MALFORMED_STATE),
  );
});

test('parameters are validated and decoded strictly', () => {
  const bad = [
    { ...DEFAULT_VOTE_PARAMS, minStake: -1n },
    { ...DEFAULT_VOTE_PARAMS, maxValidators: 0 },
    { ...DEFAULT_VOTE_PARAMS, maxValidators: 10_001 },
    { ...DEFAULT_VOTE_PARAMS, slashFraction: { numerator: 2n, denominator: 1n } },
    { ...DEFAULT_VOTE_PARAMS, slashFraction: { numerator: 0n, denominator: 0n } },
    { ...DEFAULT_VOTE_PARAMS, freezeEpochs: -1n },
  ];
  for (const p of bad) {
    assert.throws(
      () => validateParams(p),
      (e) => VoteError.is(e, 'vote', VoteError.INVALID_PARAMS),
    );
    assert.throws(() => voteService(p, { stake, escrow: new FakeEscrow() }));
  }
  const wire = {
    min_stake: 7n,
    max_validators: 3,
    slash_numerator: 1n,
    slash_denominator: 2n,
    freeze_epochs: 9n,
  };
  assert.deepEqual(decodeParams(encodeWith(voteParamsCodec, wire)), {
    minStake: 7n,
    maxValidators: 3,
    slashFraction: { numerator: 1n, denominator: 2n },
    freezeEpochs: 9n,
  });
  const over = encodeWith(voteParamsCodec, { ...wire, slash_numerator: 3n });
  assert.throws(
    () => decodeParams(over),
    (e) => VoteError.is(e, 'vote', VoteError.INVALID_PARAMS),
  );
});

test('APE-6 genesis writes the memberships of epochs 0 and 1; replays give identical state', async () => {
  const genesis = {
    accounts: [operator(1), operator(2)].map((o) => ({
      node: o.node.publicKey,
      authority: o.authorityAddress,
      fee_payer: o.feePayer,
      fund: o.fund,
    })),
  };
  const replay = async () => {
    const kv = new VoteTestKv();
    await svc.initGenesis!(voteBlockCtx({ state: kv, height: 0n }), genesis);
    await svc.initGenesis!(voteBlockCtx({ state: kv, domain: 'ued' }), genesis); // VED only: no-op
    await svc.onEpoch!(voteBlockCtx({ epoch: 0n, state: kv }), 0n);
    await svc.onEpoch!(voteBlockCtx({ epoch: 1n, state: kv }), 1n);
    return kv;
  };
  const [a, b] = [await replay(), await replay()];
  assert.deepEqual(a.dump(), b.dump());
  const st = new VoteStateReader(a);
  for (const e of [0n, 1n, 2n]) {
    const m = await st.membership(e);
    assert.deepEqual(
      m?.members.map((x) => x.voteAccount),
      [op.account],
      `epoch ${e}: only the staked one`,
    );
  }
  const dup = { accounts: [genesis.accounts[0], genesis.accounts[0]] };
  for (const g of [dup, { accounts: 'x' }, null, { accounts: [], more: 1 }]) {
    await assert.rejects(svc.initGenesis!(voteBlockCtx({ state: new VoteTestKv() }), g), (e) =>
      VoteError.is(e, 'vote', VoteError.INVALID_GENESIS),
    );
  }
});
