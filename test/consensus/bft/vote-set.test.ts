import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ed25519Signer, signatureStats, toHex } from '../../../src/common/index.js';
import {
  ChainContexts,
  Heap,
  HeightVotes,
  ValidatorSet,
  type Vote,
  VoteType,
  verifyVote,
  voteSignBytes,
} from '../../../src/consensus/bft/index.js';
import { Rng } from '../../helpers/rng.js';

const signers = Array.from({ length: 8 }, (_, i) => Ed25519Signer.fromSeed(new Uint8Array(32).fill(i + 1)));
const set = new ValidatorSet(signers.map((s, i) => ({ pubKey: s.publicKey, power: BigInt(i + 1) })));

function vote(validator: number, hash: Uint8Array | null, type: number = VoteType.Prevote): Vote {
  const body = { type, height: 3n, round: 0, block_hash: hash, validator, extension: new Uint8Array(0) };
  return { body, signature: new Uint8Array(64).fill(validator) };
}

test('vote sums: ids sharing their first bytes, nil, duplicates and conflicts are tallied apart', () => {
  const hv = new HeightVotes(set);
  // Three ids in one bucket (same first three bytes) and one elsewhere.
  const ids = [0, 1, 2].map((k) => Uint8Array.from({ length: 32 }, (_, i) => (i < 3 ? 0xab : k)));
  const other = new Uint8Array(32).fill(0x11);
  const plan: (Uint8Array | null)[] = [ids[0]!, ids[1]!, ids[2]!, ids[0]!, null, other, null, ids[1]!];
  for (const [v, h] of plan.entries()) assert.equal(hv.add(vote(v, h)).kind, 'added');
  const vs = hv.get(0, VoteType.Prevote);
  const power = (vals: number[]) => vals.reduce((a, v) => a + set.validators[v]!.power, 0n);
  assert.equal(vs.power(toHex(ids[0]!)), power([0, 3]));
  assert.equal(vs.power(toHex(ids[1]!)), power([1, 7]));
  assert.equal(vs.power(toHex(ids[2]!)), power([2]));
  assert.equal(vs.power(toHex(other)), power([5]));
  assert.equal(vs.power(''), power([4, 6]));
  assert.equal(vs.total, set.totalPower);
  assert.deepEqual(
    vs.votesFor(toHex(ids[1]!)).map((v) => v.body.validator),
    [1, 7],
  );
  assert.deepEqual(vs.votesFor(toHex(new Uint8Array(32))), []);
  // The same vote again is a duplicate (a copy of the id, not the same array); another id conflicts.
  assert.equal(hv.add(vote(0, Uint8Array.from(ids[0]!))).kind, 'duplicate');
  assert.equal(hv.add(vote(4, null)).kind, 'duplicate');
  const c = hv.add(vote(0, ids[1]!));
  assert.equal(c.kind, 'conflict');
  assert.equal(hv.add(vote(4, other)).kind, 'conflict');
  assert.equal(vs.total, set.totalPower, 'neither a duplicate nor a conflict is counted');
});

test("verified-vote cache: a forged signature sharing a cached one's prefix is verified, and fails", () => {
  const ctx = new ChainContexts('vote-set-test');
  const body = {
    type: 1,
    height: 3n,
    round: 0,
    block_hash: null,
    validator: 0,
    extension: new Uint8Array(0),
  };
  const signer = signers.find((s) => set.indexOf(s.publicKey) === 0)!;
  const good: Vote = { body, signature: signer.sign(ctx.vote, voteSignBytes(body)) };
  assert.ok(verifyVote(ctx, set, good));
  const forged = Uint8Array.from(good.signature);
  forged[63]! ^= 1;
  const before = signatureStats.verifies;
  assert.equal(verifyVote(ctx, set, { body, signature: forged }), false);
  assert.equal(
    signatureStats.verifies,
    before + 1,
    'the forged signature was verified, not taken from the cache',
  );
  assert.ok(verifyVote(ctx, set, good), 'the cached signature still verifies');
});

test('Heap: pops in the order of its predicate, ties included, as a stable sort of the keys', () => {
  const rng = new Rng(5);
  for (let round = 0; round < 50; round++) {
    const items = Array.from({ length: rng.int(200) }, (_, seq) => ({ key: rng.int(20), seq }));
    const h = new Heap<{ key: number; seq: number }>(
      (a, b) => a.key < b.key || (a.key === b.key && a.seq < b.seq),
    );
    const heapified = new Heap<{ key: number; seq: number }>(
      (a, b) => a.key < b.key || (a.key === b.key && a.seq < b.seq),
      [...items],
    );
    for (const x of items) h.push(x);
    const want = [...items].sort((a, b) => a.key - b.key || a.seq - b.seq);
    const got: typeof items = [];
    const got2: typeof items = [];
    while (h.size > 0) got.push(h.pop()!);
    while (heapified.size > 0) got2.push(heapified.pop()!);
    assert.deepEqual(got, want);
    assert.deepEqual(got2, want);
    assert.equal(h.pop(), undefined);
  }
});
