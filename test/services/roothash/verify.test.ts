// Commitment verification (spec/oasis.md §3.3): every rejection carries a code and leaves the
// pool unchanged (RT-19, RT-20).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMPTY_HASH, encodeWith } from '../../../src/common/index.js';
import {
  type CommitmentPool,
  computeResultsHeaderCodec,
  computeResultsHeaderContext,
  type ExecutorCommitment,
  Failure,
  RoothashError,
  type RuntimeMessage,
  schedulerIndex,
  signExecutorCommitment,
  validateBasic,
} from '../../../src/services/roothash/index.js';
import { commit, committeeOf, EXECUTOR, GENESIS, key, poolOf, throwsCode } from './fixture.js';

const W = [key('w0'), key('w1')];
const C = committeeOf(W, [key('b0')]);
const P = W[schedulerIndex(C, 1n, 0n)]!;
const S = W[schedulerIndex(C, 1n, 1n)]!;
const msg: RuntimeMessage = { staking: { v: 0, transfer: { to: new Uint8Array(21), amount: 5n } } };

function rejects(p: CommitmentPool, c: ExecutorCommitment, code: number): void {
  throwsCode(() => p.addCommitment(c), code);
  assert.equal(p.entry(0n), undefined, 'nothing was added');
  assert.equal(p.entry(1n), undefined, 'nothing was added');
}

test('RT-19 wrong round or previous hash → NOT_BASED_ON_CORRECT_BLOCK', () => {
  const p = poolOf(C);
  rejects(p, commit(P, P, GENESIS, { round: 2n }), RoothashError.NOT_BASED_ON_CORRECT_BLOCK);
  rejects(p, commit(P, P, GENESIS, { previousHash: EMPTY_HASH }), RoothashError.NOT_BASED_ON_CORRECT_BLOCK);
});

test('RT-19 a bad signature, or one for another chain, → INVALID_SIGNATURE', () => {
  const p = poolOf(C);
  const c = commit(P, P, GENESIS);
  const sig = Uint8Array.from(c.sig);
  sig[5]! ^= 1;
  rejects(p, { ...c, sig }, RoothashError.INVALID_SIGNATURE);
  rejects(poolOf(C, { chainContext: 'c1'.repeat(32) }), c, RoothashError.INVALID_SIGNATURE);
  const forged = { ...c, node_id: S.publicKey };
  rejects(p, forged, RoothashError.INVALID_SIGNATURE);
});

test('the scheduler may send at most max_messages messages, hashing to messages_hash', () => {
  const p = poolOf(C, { executor: { ...EXECUTOR, max_messages: 1 } });
  rejects(p, commit(P, P, GENESIS, { messages: [msg, msg] }), RoothashError.INVALID_MESSAGES);
  rejects(
    p,
    commit(P, P, GENESIS, { messages: [msg], messagesHash: EMPTY_HASH }),
    RoothashError.INVALID_MESSAGES,
  );
  p.addCommitment(commit(P, P, GENESIS, { messages: [msg] }));
  assert.ok(p.entry(0n)?.commitment);
});

test('messages from a non-scheduler → INVALID_MESSAGES', () => {
  const p = poolOf(C);
  rejects(p, commit(S, P, GENESIS, { messages: [msg] }), RoothashError.INVALID_MESSAGES);
});

test('the scheduler may not indicate failure for its own batch', () => {
  const p = poolOf(C);
  rejects(p, commit(P, P, GENESIS, { failure: Failure.Unknown }), RoothashError.SCHEDULER_INDICATES_FAILURE);
});

test('RT-19 ValidateBasic: roots required without failure, forbidden with one; unknown failure values', () => {
  const ok = commit(P, P, GENESIS);
  const noRoot = { ...ok, header: { ...ok.header, header: { ...ok.header.header, state_root: undefined } } };
  throwsCode(() => validateBasic(noRoot), RoothashError.BAD_EXECUTOR_COMMITMENT);
  const f = commit(S, P, GENESIS, { failure: Failure.Unknown });
  validateBasic(f);
  throwsCode(
    () => validateBasic({ ...f, header: { ...f.header, failure: 3 } }),
    RoothashError.BAD_EXECUTOR_COMMITMENT,
  );
  const withRoot = { ...f, header: { ...f.header, header: { ...f.header.header, io_root: EMPTY_HASH } } };
  throwsCode(() => validateBasic(withRoot), RoothashError.BAD_EXECUTOR_COMMITMENT);
  const withCount = { ...f, header: { ...f.header, header: { ...f.header.header, in_msgs_count: 1 } } };
  throwsCode(() => validateBasic(withCount), RoothashError.BAD_EXECUTOR_COMMITMENT);
  throwsCode(() => validateBasic({ ...f, messages: [msg] }), RoothashError.BAD_EXECUTOR_COMMITMENT);
  const rak = { ...f, header: { ...f.header, rak_sig: new Uint8Array(64) } };
  throwsCode(() => validateBasic(rak), RoothashError.BAD_EXECUTOR_COMMITMENT);
});

test('RT-19 TEE runtimes: a result needs a RAK signature over the results header (RAK_SIG_INVALID)', () => {
  const rak = key('rak-of-P');
  const p = poolOf(C, { rakOf: (id) => (Buffer.compare(id, P.publicKey) === 0 ? rak.publicKey : undefined) });
  rejects(p, commit(P, P, GENESIS), RoothashError.RAK_SIG_INVALID);
  rejects(p, commit(S, P, GENESIS), RoothashError.RAK_SIG_INVALID);
  const unsigned = commit(P, P, GENESIS);
  const body = encodeWith(computeResultsHeaderCodec, unsigned.header.header);
  // The RAK signature sits inside the signed header, so the node signs over it.
  const header = { ...unsigned.header, rak_sig: rak.sign(computeResultsHeaderContext(), body) };
  p.addCommitment(signExecutorCommitment(P, p.config.runtimeId, p.config.chainContext, header));
  assert.ok(p.entry(0n)?.commitment);
  // A RAK signature by another key is refused; failures carry none and need none.
  const wrong = { ...unsigned.header, rak_sig: key('other-rak').sign(computeResultsHeaderContext(), body) };
  throwsCode(
    () => p.addCommitment(signExecutorCommitment(P, p.config.runtimeId, p.config.chainContext, wrong)),
    RoothashError.RAK_SIG_INVALID,
  );
  p.addCommitment(commit(S, P, GENESIS, { failure: Failure.Unknown }));
});
