import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ed25519Signer, signatureStats } from '../../../src/common/index.js';
import {
  ChainContexts,
  decodeValidatorList,
  encodeValidatorList,
  ValidatorSet,
  type Vote,
  type VoteBody,
  verifyVote,
  voteSignBytes,
} from '../../../src/consensus/bft/index.js';

const signers = [1, 2, 3].map((i) => Ed25519Signer.fromSeed(new Uint8Array(32).fill(i)));
const set = new ValidatorSet(signers.map((s) => ({ pubKey: s.publicKey, power: 10n })));

function vote(ctx: ChainContexts, validator: number, round: number): Vote {
  const body: VoteBody = {
    type: 1,
    height: 5n,
    round,
    block_hash: new Uint8Array(32).fill(7),
    validator,
    extension: new Uint8Array(0),
  };
  const signer = signers.find((s) => set.indexOf(s.publicKey) === validator)!;
  return { body, signature: signer.sign(ctx.vote, voteSignBytes(body)) };
}

test('verified-vote cache: a repeat costs no verification, a signature moved to another body or validator fails', () => {
  const ctx = new ChainContexts('chain-a');
  const v = vote(ctx, 0, 0);
  assert.equal(verifyVote(ctx, set, v), true);
  const before = signatureStats.verifies;
  assert.equal(verifyVote(ctx, set, { body: { ...v.body }, signature: v.signature }), true);
  assert.equal(signatureStats.verifies, before, 'the repeat was served from the cache');
  // Same signature, other round: must be verified again and rejected.
  assert.equal(verifyVote(ctx, set, { body: { ...v.body, round: 1 }, signature: v.signature }), false);
  // Same signature and body claimed by another validator: rejected.
  assert.equal(verifyVote(ctx, set, { body: { ...v.body, validator: 1 }, signature: v.signature }), false);
  // Another chain's contexts do not accept it.
  assert.equal(verifyVote(new ChainContexts('chain-b'), set, v), false);
});

test('validator list: encoded once per epoch, hash stable across next(), strict round trip', () => {
  const next = set.next().next();
  assert.deepEqual(next.hash(), set.hash());
  assert.equal(next.listBytes(), set.listBytes(), 'next() shares the encoded list');
  const back = decodeValidatorList(set.listBytes());
  assert.deepEqual(
    back.map((v) => v.power),
    set.validators.map((v) => v.power),
  );
  assert.deepEqual(encodeValidatorList(back), set.listBytes());
  const bad = set.listBytes().slice(0, -1);
  assert.throws(() => decodeValidatorList(bad));
  const changed = set.withUpdates([{ pubKey: signers[0]!.publicKey, power: 1n }]);
  assert.notDeepEqual(changed.hash(), set.hash());
});
