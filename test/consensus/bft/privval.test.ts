// The last-signed record (CometBFT privval): no signature at a lower (height, round, step), none
// for different bytes at the same position, the stored signature for identical bytes, state that
// survives a restart (memory and file stores), and a corrupt record that is an error.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { CborError, Ed25519Signer, toHex, verify } from '../../../src/common/index.js';
import {
  BftError,
  ChainContexts,
  FileSignStateStore,
  MemoryRecordStore,
  PrivValidator,
  type ProposalBody,
  proposalSignBytes,
  type RecordStore,
  type VoteBody,
  VoteType,
  voteSignBytes,
} from '../../../src/consensus/bft/index.js';
import { CHAIN_ID, seed } from './engine-harness.js';

const ctx = new ChainContexts(CHAIN_ID);
const signer = Ed25519Signer.fromSeed(seed(0));
const refused = (e: unknown) => e instanceof BftError && e.code === BftError.DOUBLE_SIGN_REFUSED;
const cbor = (code: number) => (e: unknown) => e instanceof CborError && e.code === code;
const H = new Uint8Array(32).fill(0xab);
const G = new Uint8Array(32).fill(0xcd);

function vote(type: number, height: bigint, round: number, hash: Uint8Array | null = H): VoteBody {
  return { type, height, round, block_hash: hash, validator: 0, extension: new Uint8Array(0) };
}
function prop(height: bigint, round: number, hash = H): ProposalBody {
  return { height, round, valid_round: -1, block_hash: hash, proposer: 0 };
}

function stores(): [string, () => RecordStore][] {
  const path = join(mkdtempSync(join(tmpdir(), 'tandem-privval-')), 'priv_validator_state');
  const mem = new MemoryRecordStore();
  return [
    ['memory', () => mem],
    ['file', () => new FileSignStateStore(path)],
  ];
}

test('PrivValidator: signs in order proposal < prevote < precommit and across rounds and heights', () => {
  const pv = new PrivValidator(signer, new MemoryRecordStore(), ctx);
  const p = prop(5n, 0);
  assert.ok(verify(signer.publicKey, ctx.proposal, proposalSignBytes(p), pv.signProposal(p)));
  const v = vote(VoteType.Prevote, 5n, 0);
  assert.ok(verify(signer.publicKey, ctx.vote, voteSignBytes(v), pv.signVote(v)));
  pv.signVote(vote(VoteType.Precommit, 5n, 0));
  pv.signVote(vote(VoteType.Prevote, 5n, 1, null));
  pv.signVote(vote(VoteType.Prevote, 6n, 0));
  assert.equal(toHex(pv.publicKey), toHex(signer.publicKey));
});

test('PrivValidator: refuses a lower height, round or step', () => {
  const pv = new PrivValidator(signer, new MemoryRecordStore(), ctx);
  pv.signVote(vote(VoteType.Precommit, 5n, 2));
  assert.throws(() => pv.signVote(vote(VoteType.Precommit, 4n, 9)), refused, 'lower height');
  assert.throws(() => pv.signVote(vote(VoteType.Precommit, 5n, 1)), refused, 'lower round');
  assert.throws(() => pv.signVote(vote(VoteType.Prevote, 5n, 2)), refused, 'lower step');
  assert.throws(() => pv.signProposal(prop(5n, 2)), refused, 'proposal after a vote of the round');
  pv.signProposal(prop(5n, 3));
});

test('PrivValidator: refuses different bytes at the same position', () => {
  const pv = new PrivValidator(signer, new MemoryRecordStore(), ctx);
  pv.signVote(vote(VoteType.Prevote, 5n, 0, H));
  assert.throws(() => pv.signVote(vote(VoteType.Prevote, 5n, 0, G)), refused, 'another block');
  assert.throws(() => pv.signVote(vote(VoteType.Prevote, 5n, 0, null)), refused, 'nil after a block');
  const ext = { ...vote(VoteType.Prevote, 5n, 0, H), extension: Uint8Array.of(1) };
  assert.throws(() => pv.signVote(ext), refused, 'same block, other extension');
  pv.signProposal(prop(6n, 0, H));
  assert.throws(() => pv.signProposal(prop(6n, 0, G)), refused, 'another proposal');
});

test('PrivValidator: identical bytes at the same position return the identical signature', () => {
  const pv = new PrivValidator(signer, new MemoryRecordStore(), ctx);
  const a = pv.signVote(vote(VoteType.Precommit, 5n, 0));
  const b = pv.signVote(vote(VoteType.Precommit, 5n, 0));
  assert.equal(toHex(b), toHex(a));
  const p = pv.signProposal(prop(5n, 1));
  assert.equal(toHex(pv.signProposal(prop(5n, 1))), toHex(p));
});

for (const [name, open] of stores()) {
  test(`PrivValidator: the last-signed record survives a restart (${name} store)`, () => {
    const first = new PrivValidator(signer, open(), ctx);
    const sig = first.signVote(vote(VoteType.Prevote, 7n, 3));
    const again = new PrivValidator(signer, open(), ctx);
    assert.equal(toHex(again.signVote(vote(VoteType.Prevote, 7n, 3))), toHex(sig));
    assert.throws(() => again.signVote(vote(VoteType.Prevote, 7n, 3, G)), refused);
    assert.throws(() => again.signVote(vote(VoteType.Precommit, 7n, 2)), refused);
    again.signVote(vote(VoteType.Precommit, 7n, 3));
    const third = new PrivValidator(signer, open(), ctx);
    assert.throws(() => third.signVote(vote(VoteType.Prevote, 7n, 3)), refused);
  });
}

test('PrivValidator: a refused signature leaves the record unchanged', () => {
  const store = new MemoryRecordStore();
  const pv = new PrivValidator(signer, store, ctx);
  pv.signVote(vote(VoteType.Precommit, 5n, 1));
  const before = toHex(store.load()!);
  assert.throws(() => pv.signVote(vote(VoteType.Prevote, 5n, 0)), refused);
  assert.equal(toHex(store.load()!), before);
});

test('PrivValidator: a corrupt stored record is an error, not "never signed"', () => {
  const mem = new MemoryRecordStore();
  mem.save(Uint8Array.of(0xa1, 0x61, 0x78, 0x01)); // {x: 1}: CBOR, but not a sign state
  assert.throws(() => new PrivValidator(signer, mem, ctx), cbor(CborError.UNKNOWN_FIELD));
  const good = new MemoryRecordStore();
  new PrivValidator(signer, good, ctx).signVote(vote(VoteType.Prevote, 5n, 0));
  const truncated = new MemoryRecordStore();
  truncated.save(good.load()!.subarray(0, 10));
  assert.throws(() => new PrivValidator(signer, truncated, ctx), cbor(CborError.TRUNCATED));

  const path = join(mkdtempSync(join(tmpdir(), 'tandem-privval-')), 'state');
  new PrivValidator(signer, new FileSignStateStore(path), ctx).signVote(vote(VoteType.Prevote, 5n, 0));
  writeFileSync(path, Uint8Array.of(1, 2, 3));
  assert.throws(
    () => new PrivValidator(signer, new FileSignStateStore(path), ctx),
    (e: unknown) => e instanceof BftError && e.code === BftError.SIGN_STATE_CORRUPT,
  );
});
