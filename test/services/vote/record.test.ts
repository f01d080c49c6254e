// Recording of precommits and UED reports (APE-15).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hash, toHex, utf8 } from '../../../src/common/index.js';
import {
  DEFAULT_VOTE_PARAMS,
  MAX_COMMIT_VOTES,
  METHOD_CREATE_ACCOUNT,
  readReports,
  recordCommit,
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
  testKey,
} from '../../helpers/vote-fixtures.js';

const svc = voteService(DEFAULT_VOTE_PARAMS, { stake: new FakeStake(), escrow: new FakeEscrow() });
const ops = [operator(1), operator(2)];
const h = (s: string) => hash(utf8(s));

async function setup(): Promise<VoteTestKv> {
  const kv = new VoteTestKv();
  for (const op of ops) {
    await runVoteMethod(
      svc,
      METHOD_CREATE_ACCOUNT,
      voteTxCtx(op.authority.publicKey, { state: kv }),
      createBody(op),
    );
  }
  return kv;
}

const node = (i: number) => ops[i]!.node.publicKey;

test('APE-15 each precommit credits its vote account once and stores the carried UED report', async () => {
  const kv = await setup();
  const ctx = voteBlockCtx({ state: kv, height: 10n });
  await recordCommit(ctx, [
    { validator: node(0), ued: { height: 8n, hash: h('8') } },
    { validator: node(1) },
    { validator: node(0), ued: { height: 9n, hash: h('9') } }, // repeat: ignored
    { validator: testKey(999).publicKey, ued: { height: 8n, hash: h('8') } }, // no vote account
  ]);
  const st = new VoteStateReader(kv);
  assert.equal((await st.account(ops[0]!.account))?.credits, 1n);
  assert.equal((await st.account(ops[1]!.account))?.credits, 1n);
  const reports = await readReports(kv);
  assert.deepEqual([...reports.keys()], [toHex(node(0))]);
  assert.deepEqual(reports.get(toHex(node(0))), { height: 8n, hash: h('8') });
});

test('APE-15 reports are monotonic: older or equal heights are ignored', async () => {
  const kv = await setup();
  const ctx = voteBlockCtx({ state: kv });
  await recordCommit(ctx, [{ validator: node(0), ued: { height: 20n, hash: h('20') } }]);
  await recordCommit(ctx, [{ validator: node(0), ued: { height: 19n, hash: h('19') } }]);
  await recordCommit(ctx, [{ validator: node(0), ued: { height: 20n, hash: h('20') } }]);
  assert.deepEqual((await readReports(kv)).get(toHex(node(0))), { height: 20n, hash: h('20') });
  await recordCommit(ctx, [{ validator: node(0), ued: { height: 21n, hash: h('21') } }]);
  assert.deepEqual((await readReports(kv)).get(toHex(node(0))), { height: 21n, hash: h('21') });
  assert.equal((await new VoteStateReader(kv).account(ops[0]!.account))?.credits, 4n);
  assert.equal(ctx.events.length, 0);
});

test('APE-15 a changed report for the same height keeps the first and is counted as a conflict', async () => {
  const kv = await setup();
  const ctx = voteBlockCtx({ state: kv });
  await recordCommit(ctx, [{ validator: node(1), ued: { height: 30n, hash: h('a') } }]);
  await recordCommit(ctx, [{ validator: node(1), ued: { height: 30n, hash: h('b') } }]);
  const acct = await new VoteStateReader(kv).account(ops[1]!.account);
  assert.deepEqual(acct?.lastReport, { height: 30n, hash: h('a') });
  assert.equal(acct?.reportConflicts, 1n);
  assert.deepEqual(
    ctx.events.map((e) => e.kind),
    ['ReportConflict'],
  );
});

test('APE-15 malformed or oversized commits are refused and change nothing', async () => {
  const kv = await setup();
  const before = kv.dump();
  const ctx = voteBlockCtx({ state: kv });
  const cases: [unknown[], number][] = [
    [[{ validator: new Uint8Array(31) }], VoteError.INVALID_ARGUMENT],
    [
      [{ validator: node(0) }, { validator: node(1), ued: { height: 1n, hash: new Uint8Array(5) } }],
      VoteError.INVALID_ARGUMENT,
    ],
    [[{ validator: node(0), ued: { height: -1n, hash: h('x') } }], VoteError.INVALID_ARGUMENT],
    [Array.from({ length: MAX_COMMIT_VOTES + 1 }, () => ({ validator: node(0) })), VoteError.TOO_MANY_VOTES],
  ];
  for (const [votes, code] of cases) {
    // biome-ignore lint/suspicious/noExplicitAny: hostile input on purpose
    await assert.rejects(recordCommit(ctx, votes as any), (e) => VoteError.is(e, 'vote', code));
    assert.deepEqual(kv.dump(), before);
  }
});
