// Hostile and malformed input to the engine: every bad proposal or vote is dropped with a reason
// and leaves the consensus state and vote sums exactly as they were; duplicates are idempotent;
// equivocation yields evidence; `decodeMessage` refuses non-canonical or oversized bytes.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { encode as cborgEncode } from 'cborg';
import { CborError, encodeCanonical, toHex } from '../../../src/common/index.js';
import {
  type Block,
  decodeMessage,
  Engine,
  type EngineInput,
  type EngineOutput,
  encodeMessage,
  MAX_MESSAGE_BYTES,
  MAX_ROUND_AHEAD,
  type Proposal,
  proposalSignBytes,
  type Vote,
  VoteType,
  voteBodyCodec,
} from '../../../src/consensus/bft/index.js';
import { idOf, Net, ofKind, type Run, snapshot, TIMEOUTS } from './engine-harness.js';

/** A follower at round 0 that holds a proposal and some prevotes and precommits. */
function busy(): { run: Run; net: Net; b: Block; x: number; y: number } {
  const net = new Net();
  const run = net.run(net.nonProposer(0, 1));
  run.start();
  const b = net.block(0);
  run.proposal(net.proposal(0, b));
  const [x, y] = net.others(run.self).filter((i) => i !== net.proposer(1)) as [number, number];
  run.votes([...net.prevotes([x], 0, b), ...net.precommits([x], 0, b)]);
  return { run, net, b, x, y };
}

/** Feed `i`: exactly one drop whose reason matches `why`, and nothing changed. */
function assertDropped(run: Run, i: EngineInput, why: RegExp): void {
  const before = snapshot(run.engine);
  const outs = run.input(i);
  assert.equal(outs.length, 1, `one output, got ${JSON.stringify(outs.map((o) => o.kind))}`);
  const [o] = ofKind(outs, 'drop');
  assert.ok(o, 'a drop');
  assert.match(o.reason, why);
  assert.equal(snapshot(run.engine), before);
}

const vote = (v: Vote): EngineInput => ({ kind: 'vote', vote: v });
const proposal = (p: Proposal): EngineInput => ({ kind: 'proposal', proposal: p });
const flip = (sig: Uint8Array) => sig.map((x, i) => (i === 0 ? x ^ 1 : x));

test('Input: a vote with a bad signature is dropped and changes nothing', () => {
  const { run, net, b, y } = busy();
  const v = net.vote(y, VoteType.Prevote, 0, b);
  assertDropped(run, vote({ ...v, signature: flip(v.signature) }), /bad vote signature/);
  const signedByOther = net.signVote(net.signers[(y + 1) % 4]!, v.body);
  assertDropped(run, vote(signedByOther), /bad vote signature/);
});

test('Input: a proposal with a bad signature is dropped and changes nothing', () => {
  const { run, net } = busy();
  const p = net.proposal(1, net.block(1));
  assertDropped(run, proposal({ ...p, signature: flip(p.signature) }), /bad proposal signature/);
  assert.equal(run.engine.proposalAt(1), undefined);
});

test('Input: votes and proposals of another height are dropped', () => {
  const { run, net, b, y } = busy();
  for (const h of [0n, 2n]) {
    assertDropped(run, vote(net.vote(y, VoteType.Prevote, 0, b, { height: h })), /height/);
    const p = net.proposal(1, net.block(1));
    const body = { ...p.body, height: h };
    const signature = net.signers[p.body.proposer]!.sign(net.ctx.proposal, proposalSignBytes(body));
    assertDropped(run, proposal({ ...p, body, signature }), /height/);
  }
});

test('Input: a round more than MAX_ROUND_AHEAD ahead is dropped; the limit itself is accepted', () => {
  const { run, net, y } = busy();
  const far = MAX_ROUND_AHEAD + 1;
  assertDropped(run, vote(net.vote(y, VoteType.Prevote, far, null)), /too far ahead/);
  assertDropped(run, proposal(net.proposal(far, net.block(far))), /too far ahead/);
  const outs = run.votes([net.vote(y, VoteType.Prevote, MAX_ROUND_AHEAD, null)]);
  assert.equal(ofKind(outs, 'drop').length, 0);
  assert.equal(run.engine.votes.get(MAX_ROUND_AHEAD, VoteType.Prevote).total, 1n);
});

test('Input: a vote from an unknown validator index is dropped', () => {
  const { run, net, b } = busy();
  const body = { ...net.vote(0, VoteType.Prevote, 0, b).body, validator: 4 };
  assertDropped(run, vote(net.signVote(net.signers[0]!, body)), /unknown validator index 4/);
});

test('Input: a proposal from a validator that is not the proposer of its round is dropped', () => {
  const { run, net } = busy();
  const notProposer = (net.proposer(1) + 1) % 4;
  assertDropped(run, proposal(net.proposal(1, net.block(1), -1, notProposer)), /non-proposer/);
});

test('Input: a proposal whose block does not match its signed hash is dropped', () => {
  const { run, net } = busy();
  const p = net.proposal(1, net.block(1, 'signed'));
  assertDropped(run, proposal({ ...p, block: net.block(1, 'swapped') }), /does not match its hash/);
});

test('Input: a proposal with an invalid valid_round is dropped', () => {
  const { run, net } = busy();
  for (const vr of [1, 2, -2]) {
    assertDropped(run, proposal(net.proposal(1, net.block(1), vr)), /invalid valid_round/);
  }
});

test('Input: a prevote with an extension and a vote of unknown type are dropped', () => {
  const { run, net, b, y } = busy();
  const ext = net.vote(y, VoteType.Prevote, 0, b, { extension: Uint8Array.of(1) });
  assertDropped(run, vote(ext), /prevote with an extension/);
  for (const type of [0, 3]) {
    assertDropped(run, vote(net.vote(y, type, 0, b)), new RegExp(`unknown vote type ${type}`));
  }
});

test('Input: a replayed vote or proposal changes nothing and outputs nothing', () => {
  const { run, net, b, x } = busy();
  const before = snapshot(run.engine);
  assert.deepEqual(run.votes([...net.prevotes([x], 0, b), ...net.precommits([x], 0, b)]), []);
  assert.deepEqual(run.proposal(net.proposal(0, b)), []);
  assert.equal(snapshot(run.engine), before);
});

test('Input: a second, different vote of a validator is evidence and is not counted', () => {
  const { run, net, b, x } = busy();
  const first = run.engine.votes.get(0, VoteType.Prevote).byValidator.get(x)!;
  const before = snapshot(run.engine);
  const second = net.vote(x, VoteType.Prevote, 0, null);
  const outs: EngineOutput[] = run.votes([second]);
  const [ev] = ofKind(outs, 'evidence');
  assert.ok(ev);
  assert.equal(toHex(ev.evidence.pub_key), toHex(net.set.validators[x]!.pubKey));
  assert.equal(ev.evidence.a, first);
  assert.equal(ev.evidence.b, second);
  assert.match(ofKind(outs, 'drop')[0]!.reason, /equivocating/);
  assert.equal(snapshot(run.engine), before);
  assert.equal(run.engine.votes.get(0, VoteType.Prevote).power(''), 0n);
  assert.equal(run.engine.votes.get(0, VoteType.Prevote).power(idOf(b)), 2n);
});

test('Input: a conflicting second proposal for a round is dropped; the first is kept', () => {
  const { run, net, b } = busy();
  assertDropped(run, proposal(net.proposal(0, net.block(0, 'other'))), /conflicting proposal/);
  assert.equal(idOf(run.engine.proposalAt(0)!.block), idOf(b));
});

test('Input: a validity answer for an unknown block changes nothing', () => {
  const { run, net } = busy();
  const before = snapshot(run.engine);
  assert.deepEqual(run.input({ kind: 'validated', hash: idOf(net.block(3)), valid: true }), []);
  assert.equal(run.engine.validityOf(idOf(net.block(3))), undefined);
  assert.equal(snapshot(run.engine), before);
});

test('Replay: a fresh engine fed the logged inputs gives the same outputs and state', () => {
  const { run, net, b, y } = busy();
  run.votes([...net.prevotes([y], 0, b), net.vote(y, VoteType.Prevote, 0, null)]);
  run.votes(net.precommits([y, net.proposer(0)], 0, b));
  assert.equal(run.engine.decided, true);
  const fresh = new Engine(
    { chain: net.ctx, selfKey: net.signers[run.self]!.publicKey, timeouts: TIMEOUTS },
    net.height,
    net.set,
  );
  const outs = [...fresh.start(), ...run.log.flatMap((i) => fresh.handle(i))];
  assert.deepEqual(outs, run.outputs);
  assert.equal(snapshot(fresh), snapshot(run.engine));
});

/** A wire vote message and its canonical bytes. */
function wireVote(): { v: Vote; bytes: Uint8Array } {
  const net = new Net();
  const v = net.vote(1, VoteType.Precommit, 5, net.block(0), { extension: Uint8Array.of(7) });
  return { v, bytes: encodeMessage({ vote: v }) };
}

const cborCode = (code: number) => (e: unknown) => e instanceof CborError && e.code === code;

test('decodeMessage: round-trips a canonical message', () => {
  const { v, bytes } = wireVote();
  assert.deepEqual(decodeMessage(bytes), { vote: v });
  const net = new Net();
  const p = net.proposal(0, net.block(0));
  assert.deepEqual(decodeMessage(encodeMessage({ proposal: p })), { proposal: p });
});

test('decodeMessage: rejects truncated input', () => {
  const { bytes } = wireVote();
  for (const n of [0, 1, bytes.length >> 1, bytes.length - 1]) {
    assert.throws(
      () => decodeMessage(bytes.subarray(0, n)),
      (e: unknown) => e instanceof CborError,
    );
  }
  assert.throws(() => decodeMessage(bytes.subarray(0, bytes.length - 1)), cborCode(CborError.TRUNCATED));
});

test('decodeMessage: rejects input above MAX_MESSAGE_BYTES before decoding it', () => {
  const big = new Uint8Array(MAX_MESSAGE_BYTES + 1);
  assert.throws(() => decodeMessage(big), cborCode(CborError.TOO_LARGE));
});

test('decodeMessage: rejects non-canonical encodings (non-minimal integer, unsorted keys, trailing bytes)', () => {
  const { bytes } = wireVote();
  // "round": 5 is the bytes 65 'round' 05; re-encode 5 in two bytes (0x18 0x05).
  const key = [0x65, ...'round'].map((c) => (typeof c === 'string' ? c.charCodeAt(0) : c));
  const at = toHex(bytes).indexOf(toHex(Uint8Array.from([...key, 5]))) / 2;
  assert.ok(at > 0);
  const nonMinimal = Uint8Array.from([...bytes.subarray(0, at + 6), 0x18, ...bytes.subarray(at + 6)]);
  assert.throws(() => decodeMessage(nonMinimal), cborCode(CborError.NON_MINIMAL_INTEGER));
  const raw = {
    vote: { body: voteBodyCodec.toCbor(wireVote().v.body, ''), signature: wireVote().v.signature },
  };
  const unsorted = cborgEncode(raw, { mapSorter: () => 1 } as never);
  assert.notEqual(toHex(unsorted), toHex(bytes));
  assert.throws(() => decodeMessage(unsorted), cborCode(CborError.NON_CANONICAL));
  assert.throws(() => decodeMessage(Uint8Array.from([...bytes, 0])), cborCode(CborError.TRAILING_BYTES));
});

test('decodeMessage: rejects unknown fields and unknown message kinds', () => {
  const { v } = wireVote();
  const body = { ...(voteBodyCodec.toCbor(v.body, '') as object), extra: 1 };
  const extra = encodeCanonical({ vote: { body, signature: v.signature } });
  assert.throws(() => decodeMessage(extra), cborCode(CborError.UNKNOWN_FIELD));
  assert.throws(() => decodeMessage(encodeCanonical({ ping: 1 })), cborCode(CborError.UNKNOWN_FIELD));
});
