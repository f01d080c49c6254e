// Determinism of the stored pool (DESIGN.md §3.2): the same commitments in any order give the same
// bytes, and a restored pool decides exactly like the original.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeWith, encodeWith, toHex } from '../../../src/common/index.js';
import {
  CommitmentPool,
  type ExecutorCommitment,
  poolSnapshotCodec,
  schedulerIndex,
  signStorageReceipt,
} from '../../../src/services/roothash/index.js';
import { Rng } from '../../helpers/rng.js';
import { CHAIN, commit, committeeOf, GENESIS, key, poolOf, RUNTIME, root } from './fixture.js';

const W = [key('w0'), key('w1'), key('w2')];
const B = [key('b0'), key('b1'), key('b2')];
const STORE = [key('s0'), key('s1')];
const C = committeeOf(W, B);
const P = W[schedulerIndex(C, 1n, 0n)]!;
const storage = { committee: STORE.map((s) => s.publicKey), minWriteReplication: 2 };

function inputs(): ExecutorCommitment[] {
  const others = W.filter((w) => w !== P);
  return [
    commit(P, P, GENESIS),
    commit(others[0]!, P, GENESIS),
    commit(others[1]!, P, GENESIS, { label: 'evil' }),
    commit(B[0]!, P, GENESIS),
    commit(B[2]!, P, GENESIS, { failure: 1 }),
  ];
}

function snapshotHex(p: CommitmentPool): string {
  return toHex(encodeWith(poolSnapshotCodec, p.snapshot()));
}

test('the same commitments and receipts in any order give the same stored bytes', () => {
  const receipts = STORE.map((s) =>
    signStorageReceipt(s, CHAIN, { runtime_id: RUNTIME, round: 1n, roots: [root('io/good'), root('good')] }),
  );
  const rng = new Rng(7);
  let first: string | undefined;
  for (let i = 0; i < 8; i++) {
    const p = poolOf(C, { storage });
    for (const c of rng.shuffle(inputs())) p.addCommitment(c);
    for (const r of rng.shuffle([...receipts])) p.addStorageReceipt(r);
    const hex = snapshotHex(p);
    first ??= hex;
    assert.equal(hex, first);
  }
});

test('a restored pool (through strict decoding) decides like the original', () => {
  const p = poolOf(C);
  for (const c of inputs()) p.addCommitment(c);
  const bytes = encodeWith(poolSnapshotCodec, p.snapshot());
  const q = CommitmentPool.restore(p.config, GENESIS, decodeWith(poolSnapshotCodec, bytes));
  assert.equal(snapshotHex(q), snapshotHex(p));
  const a = p.tryFinalize(false);
  const b = q.tryFinalize(false);
  assert.deepEqual(b, a);
  assert.equal(a.outcome.kind, 'still_waiting', 'one of three backups is not a majority yet');
  assert.equal(snapshotHex(q), snapshotHex(p));
});
