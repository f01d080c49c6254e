// The Tendermint rules of spec/bft.md (Algorithm 1 of arXiv:1807.04938), one by one, on the pure
// engine: each test names the rule it covers and checks what the engine asks to sign, schedule and
// decide, and its lock/valid state.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { toHex } from '../../../src/common/index.js';
import { type Block, blockHash, VoteType, verifyCommit } from '../../../src/consensus/bft/index.js';
import { idOf, Net, ofKind, type Run, signedVotes, TIMEOUTS } from './engine-harness.js';

const pv = (r: number, b: Block | null) => `prevote:${r}:${b ? idOf(b) : 'nil'}`;
const pc = (r: number, b: Block | null) => `precommit:${r}:${b ? idOf(b) : 'nil'}`;

/** A non-proposer of rounds 0..2 in a 4-validator net, started. */
function follower(net = new Net(), rounds = [0, 1, 2]): Run {
  const run = net.run(net.nonProposer(...rounds));
  run.start();
  return run;
}

/** Drive `run` (at `round`) to lock on `b`: the proposal, then prevotes of everyone else. */
function lockOn(run: Run, round: number, b: Block): void {
  const { net } = run;
  run.proposal(net.proposal(round, b));
  run.votes(net.prevotes(net.others(run.self), round, b));
  assert.equal(run.engine.lockedKey, idOf(b));
  assert.equal(run.engine.lockedRound, round);
}

test('StartRound: the proposer asks for a block, then asks to sign a proposal of it', () => {
  const net = new Net();
  const run = net.run(net.proposer(0));
  const outs = run.start();
  assert.deepEqual(ofKind(outs, 'build-block'), [{ kind: 'build-block', height: 1n, round: 0 }]);
  assert.equal(ofKind(outs, 'sign-proposal').length, 0);
  const block = net.block(0);
  const after = run.input({ kind: 'block', height: 1n, round: 0, block });
  const [sp] = ofKind(after, 'sign-proposal');
  assert.equal(sp?.block, block);
  const want = { height: 1n, round: 0, valid_round: -1, block_hash: blockHash(block), proposer: run.self };
  assert.deepEqual(sp.body, want);
  assert.equal(ofKind(run.input({ kind: 'block', height: 1n, round: 0, block }), 'sign-proposal').length, 0);
});

test('StartRound: a proposer with a validValue re-proposes it with its validRound', () => {
  const net = new Net();
  const run = net.run(net.proposer(1));
  run.start();
  const a = net.block(0);
  lockOn(run, 0, a);
  assert.equal(run.engine.validRound, 0);
  const outs = run.nextRound();
  assert.equal(ofKind(outs, 'build-block').length, 0, 'no new block is built');
  const [sp] = ofKind(outs, 'sign-proposal');
  assert.equal(sp?.block, a);
  assert.deepEqual([sp.body.round, sp.body.valid_round, toHex(sp.body.block_hash)], [1, 0, idOf(a)]);
  assert.deepEqual(signedVotes(outs), [pv(1, a)], 'it prevotes its own re-proposal through L28');
});

test('StartRound: a non-proposer schedules TimeoutPropose with base + r·delta and proposes nothing', () => {
  const net = new Net();
  const run = net.run(net.nonProposer(0, 1));
  const outs = run.start();
  assert.deepEqual(outs, [{ kind: 'schedule', height: 1n, round: 0, step: 'propose', ms: 1000 }]);
  const next = run.nextRound();
  assert.deepEqual(ofKind(next, 'schedule'), [
    { kind: 'schedule', height: 1n, round: 1, step: 'propose', ms: 1100 },
  ]);
  assert.equal(ofKind(next, 'build-block').length + ofKind(next, 'sign-proposal').length, 0);
});

test('L22: prevotes a valid proposal when unlocked', () => {
  const run = follower();
  const b = run.net.block(0);
  const outs = run.proposal(run.net.proposal(0, b));
  assert.deepEqual(
    ofKind(outs, 'validate').map((o) => o.hash),
    [idOf(b)],
  );
  assert.deepEqual(signedVotes(outs), [pv(0, b)]);
  assert.equal(run.engine.step, 'prevote');
});

test('L22: prevotes nil for an invalid proposal, and waits while validity is pending', () => {
  const net = new Net();
  let answer: boolean | undefined;
  const run = net.run(net.nonProposer(0), { verdict: () => answer });
  run.start();
  const b = net.block(0);
  assert.deepEqual(signedVotes(run.proposal(net.proposal(0, b))), [], 'no prevote before the verdict');
  assert.equal(run.engine.step, 'propose');
  answer = false;
  assert.deepEqual(signedVotes(run.input({ kind: 'validated', hash: idOf(b), valid: false })), [pv(0, null)]);
});

test('L22: prevotes nil when locked on another value', () => {
  const run = follower();
  lockOn(run, 0, run.net.block(0, 'A'));
  run.nextRound();
  assert.deepEqual(signedVotes(run.proposal(run.net.proposal(1, run.net.block(1, 'B')))), [pv(1, null)]);
});

test('L22: prevotes the value it is locked on', () => {
  const run = follower();
  const a = run.net.block(0, 'A');
  lockOn(run, 0, a);
  run.nextRound();
  assert.deepEqual(signedVotes(run.proposal(run.net.proposal(1, a))), [pv(1, a)]);
});

test('L28: prevotes a re-proposal with its proof of lock when unlocked (and waits without the POL)', () => {
  const run = follower();
  const { net } = run;
  const b = net.block(0, 'B');
  run.nextRound();
  assert.deepEqual(signedVotes(run.proposal(net.proposal(1, b, 0))), [], 'no POL yet: no prevote');
  assert.equal(run.engine.step, 'propose');
  const outs = run.votes(net.prevotes(net.others(run.self), 0, b));
  assert.deepEqual(signedVotes(outs), [pv(1, b)]);
});

test('L28: prevotes the re-proposal when lockedRound ≤ vr even if locked on another value', () => {
  const run = follower();
  const { net } = run;
  const a = net.block(0, 'A');
  const b = net.block(1, 'B');
  lockOn(run, 0, a);
  run.nextRound();
  run.votes(net.prevotes(net.others(run.self), 1, b)); // POL for B at round 1 (no round-1 proposal seen)
  run.nextRound();
  assert.deepEqual(signedVotes(run.proposal(net.proposal(2, b, 1))), [pv(2, b)]);
});

test('L28: prevotes nil when locked later than vr on another value', () => {
  const run = follower();
  const { net } = run;
  const a = net.block(1, 'A');
  const b = net.block(0, 'B');
  run.votes(net.prevotes(net.others(run.self), 0, b)); // POL for B at round 0
  run.nextRound();
  lockOn(run, 1, a);
  run.nextRound();
  assert.deepEqual(signedVotes(run.proposal(net.proposal(2, b, 0))), [pv(2, null)]);
});

test('L34: TimeoutPrevote is scheduled once on 2f+1 prevotes for anything, not on ≤ 2/3', () => {
  const run = follower();
  const { net } = run;
  const [x, y, z] = net.others(run.self) as [number, number, number];
  run.timeout(0, 'propose'); // own nil prevote
  assert.equal(ofKind(run.votes([net.vote(x, VoteType.Prevote, 0, net.block(0))]), 'schedule').length, 0);
  const outs = run.votes([net.vote(y, VoteType.Prevote, 0, null)]);
  assert.deepEqual(ofKind(outs, 'schedule'), [
    { kind: 'schedule', height: 1n, round: 0, step: 'prevote', ms: 500 },
  ]);
  assert.deepEqual(signedVotes(outs), [], 'mixed prevotes: no precommit');
  assert.equal(ofKind(run.votes([net.vote(z, VoteType.Prevote, 0, null)]), 'schedule').length, 0);
});

test('L36: locks and precommits the proposal on 2f+1 prevotes for it, only the first time', () => {
  const run = follower();
  const { net } = run;
  const b = net.block(0);
  const [x, y, z] = net.others(run.self) as [number, number, number];
  run.proposal(net.proposal(0, b));
  assert.deepEqual(signedVotes(run.votes(net.prevotes([x], 0, b))), []);
  assert.deepEqual(signedVotes(run.votes(net.prevotes([y], 0, b))), [pc(0, b)]);
  const e = run.engine;
  assert.deepEqual([e.lockedKey, e.lockedRound, e.validRound, e.step], [idOf(b), 0, 0, 'precommit']);
  assert.equal(e.validBlock, b);
  const again = run.votes(net.prevotes([z], 0, b));
  assert.deepEqual(signedVotes(again), []);
  assert.equal(ofKind(again, 'schedule').length, 0);
});

test('L36: from the precommit step it updates validValue/validRound but does not lock', () => {
  const run = follower();
  const { net } = run;
  const b = net.block(0);
  const [x, y, z] = net.others(run.self) as [number, number, number];
  run.timeout(0, 'propose');
  run.votes(net.prevotes([x, y], 0, b));
  assert.deepEqual(signedVotes(run.timeout(0, 'prevote')), [pc(0, null)]);
  run.votes(net.prevotes([z], 0, b));
  const outs = run.proposal(net.proposal(0, b));
  assert.deepEqual(signedVotes(outs), []);
  const e = run.engine;
  assert.deepEqual([e.lockedKey, e.lockedRound, e.validRound], ['', -1, 0]);
  assert.equal(e.validBlock, b);
});

test('L36: does not lock on 2f+1 prevotes for an invalid block', () => {
  const net = new Net();
  const run = net.run(net.nonProposer(0), { verdict: () => false });
  run.start();
  const b = net.block(0);
  run.proposal(net.proposal(0, b));
  assert.deepEqual(signedVotes(run.votes(net.prevotes(net.others(run.self), 0, b))), []);
  assert.deepEqual([run.engine.lockedRound, run.engine.validRound], [-1, -1]);
});

test('L44: precommits nil on 2f+1 nil prevotes', () => {
  const run = follower();
  const { net } = run;
  const [x, y] = net.others(run.self) as [number, number];
  run.timeout(0, 'propose');
  assert.deepEqual(signedVotes(run.votes(net.prevotes([x], 0, null))), []);
  assert.deepEqual(signedVotes(run.votes(net.prevotes([y], 0, null))), [pc(0, null)]);
  assert.equal(run.engine.lockedRound, -1);
});

test('L47: TimeoutPrecommit is scheduled once on 2f+1 precommits for anything', () => {
  const run = follower();
  const { net } = run;
  const [x, y, z] = net.others(run.self) as [number, number, number];
  const b = net.block(0);
  assert.equal(
    ofKind(run.votes([...net.precommits([x], 0, b), ...net.precommits([y], 0, null)]), 'schedule').length,
    0,
  );
  const outs = run.votes(net.precommits([z], 0, null));
  assert.deepEqual(ofKind(outs, 'schedule'), [
    { kind: 'schedule', height: 1n, round: 0, step: 'precommit', ms: 700 },
  ]);
  run.timeout(0, 'propose');
  const own = run.timeout(0, 'prevote');
  assert.deepEqual(signedVotes(own), [pc(0, null)]);
  assert.equal(ofKind(own, 'schedule').length, 0, 'the fourth precommit schedules nothing');
  assert.equal(run.engine.votes.get(0, VoteType.Precommit).total, 4n);
});

test('L49: decides on the proposal and 2f+1 precommits; the commit proves the block', () => {
  const run = follower();
  const { net } = run;
  const b = net.block(0);
  run.proposal(net.proposal(0, b));
  const outs = run.votes(net.precommits(net.others(run.self), 0, b));
  const [d] = ofKind(outs, 'decide');
  assert.ok(d);
  assert.equal(d.block, b);
  assert.deepEqual([d.commit.height, d.commit.round, toHex(d.commit.block_hash)], [1n, 0, idOf(b)]);
  assert.ok(d.commit.votes.length >= 3);
  for (const v of d.commit.votes) {
    assert.equal(v.body.type, VoteType.Precommit);
    assert.equal(toHex(v.body.block_hash!), idOf(b));
  }
  verifyCommit(net.ctx, net.set, 1n, blockHash(b), d.commit);
  assert.deepEqual([run.engine.decided, run.engine.step], [true, 'commit']);
  assert.deepEqual(run.votes(net.precommits([run.self], 0, b)), [], 'nothing after the decision');
});

test('L49: decides for a proposal of a past round', () => {
  const run = follower();
  const { net } = run;
  const b = net.block(0);
  run.proposal(net.proposal(0, b));
  run.nextRound();
  run.nextRound();
  assert.equal(run.engine.round, 2);
  const [d] = ofKind(run.votes(net.precommits(net.others(run.self), 0, b)), 'decide');
  assert.ok(d);
  assert.equal(d.commit.round, 0);
  assert.equal(d.block, b);
});

test('L49: exactly 2/3 of the power in precommits does not decide; more does', () => {
  const net = new Net([1n, 1n, 1n]);
  const run = follower(net, [0]);
  const b = net.block(0);
  run.proposal(net.proposal(0, b));
  const others = net.others(run.self);
  assert.equal(ofKind(run.votes(net.precommits(others, 0, b)), 'decide').length, 0);
  assert.equal(run.engine.decided, false);
  const outs = run.votes(net.prevotes(others, 0, b)); // lock, own precommit → 3/3
  assert.deepEqual(signedVotes(outs), [pc(0, b)]);
  assert.equal(ofKind(outs, 'decide').length, 1);
});

test('L49: does not decide an invalid block', () => {
  const net = new Net();
  const run = net.run(net.nonProposer(0), { verdict: () => false });
  run.start();
  const b = net.block(0);
  run.proposal(net.proposal(0, b));
  assert.equal(ofKind(run.votes(net.precommits(net.others(run.self), 0, b)), 'decide').length, 0);
  assert.equal(run.engine.decided, false);
});

test('L55: f+1 power of messages from a higher round moves to that round', () => {
  const run = follower();
  const { net } = run;
  const [x, y] = net.others(run.self) as [number, number];
  assert.equal(run.engine.round, 0);
  run.votes(net.prevotes([x], 2, null));
  assert.equal(run.engine.round, 0, '1/4 of the power is not enough');
  const outs = run.votes(net.precommits([y], 2, null));
  assert.deepEqual([run.engine.round, run.engine.step], [2, 'propose']);
  assert.deepEqual(ofKind(outs, 'schedule'), [
    { kind: 'schedule', height: 1n, round: 2, step: 'propose', ms: 1200 },
  ]);
});

test('L55: a proposal counts as a message of its round', () => {
  const net = new Net();
  const run = follower(net, [0, 1]);
  const other = net.others(run.self).find((i) => i !== net.proposer(1))!;
  run.proposal(net.proposal(1, net.block(1)));
  assert.equal(run.engine.round, 0);
  const outs = run.votes(net.prevotes([other], 1, null));
  assert.equal(run.engine.round, 1);
  assert.deepEqual(signedVotes(outs), [pv(1, net.block(1))], 'the held proposal is prevoted at once');
});

test('L55: exactly 1/3 of the power does not move to a higher round', () => {
  const net = new Net([1n, 1n, 1n]);
  const run = follower(net, [0]);
  run.votes(net.prevotes([net.others(run.self)[0]!], 3, null));
  assert.equal(run.engine.round, 0);
});

test('Timeouts: TimeoutPropose prevotes nil, TimeoutPrevote precommits nil, TimeoutPrecommit starts the next round', () => {
  const run = follower();
  assert.deepEqual(signedVotes(run.timeout(0, 'propose')), [pv(0, null)]);
  assert.equal(run.engine.step, 'prevote');
  assert.deepEqual(signedVotes(run.timeout(0, 'prevote')), [pc(0, null)]);
  assert.equal(run.engine.step, 'precommit');
  const outs = run.timeout(0, 'precommit');
  assert.deepEqual([run.engine.round, run.engine.step], [1, 'propose']);
  assert.deepEqual(
    ofKind(outs, 'schedule').map((o) => `${o.step}${o.round}`),
    ['propose1'],
  );
});

test('Timeouts: stale timeouts of another round, height or step are ignored', () => {
  const run = follower();
  run.nextRound();
  const e = run.engine;
  const before = [e.round, e.step];
  assert.deepEqual(run.timeout(0, 'propose'), []);
  assert.deepEqual(run.timeout(0, 'precommit'), []);
  assert.deepEqual(run.timeout(1, 'propose', 2n), []);
  assert.deepEqual(run.timeout(1, 'precommit', 0n), []);
  assert.deepEqual(run.timeout(1, 'prevote'), [], 'TimeoutPrevote in the propose step');
  assert.deepEqual([e.round, e.step], before);
  run.timeout(1, 'propose');
  assert.deepEqual(run.timeout(1, 'propose'), [], 'a second TimeoutPropose after prevoting');
});

test('Timeouts: every step timeout grows by its delta per round', () => {
  const run = follower();
  const { net } = run;
  const got: string[] = [];
  for (let r = 0; r < 3; r++) {
    if (r > 0) got.push(...ofKind(run.nextRound(), 'schedule').map((o) => `${o.step}${o.round}=${o.ms}`));
    run.timeout(r, 'propose');
    const pvs = ofKind(run.votes(net.prevotes(net.others(run.self), r, null)), 'schedule');
    const pcs = ofKind(run.votes(net.precommits(net.others(run.self), r, null)), 'schedule');
    got.push(...[...pvs, ...pcs].map((o) => `${o.step}${o.round}=${o.ms}`));
  }
  const t = TIMEOUTS;
  const want = [0, 1, 2].flatMap((r) => [
    ...(r > 0 ? [`propose${r}=${t.proposeMs + r * t.proposeDeltaMs}`] : []),
    `prevote${r}=${t.prevoteMs + r * t.prevoteDeltaMs}`,
    `precommit${r}=${t.precommitMs + r * t.precommitDeltaMs}`,
  ]);
  assert.deepEqual(got, want);
});

test('Weighted power: a validator with more than 2/3 of the power decides alone', () => {
  const net = new Net([10n, 1n, 1n, 1n]);
  const big = net.withPower(10n);
  assert.equal(net.proposer(0), big, 'the heaviest validator proposes first');
  const run = net.run(big);
  run.autoBuild = true;
  const outs = run.start();
  const b = net.block(0);
  assert.deepEqual(signedVotes(outs), [pv(0, b), pc(0, b)]);
  const signers = ofKind(outs, 'decide').map((d) => d.commit.votes.map((v) => v.body.validator));
  assert.deepEqual(signers, [[big]], 'one decision, proven by its precommit alone');
});

test('Weighted power: thresholds count power, not validators', () => {
  const net = new Net([7n, 1n, 1n, 1n]);
  const big = net.withPower(7n);
  const small = net.others(big);
  const run = net.run(small[0]!);
  run.start();
  const b = net.block(0);
  run.proposal(net.proposal(0, b));
  const three = run.votes(net.prevotes(small.slice(1), 0, b));
  assert.deepEqual(signedVotes(three), [], '3 of 4 validators but 3 of 10 power');
  assert.equal(ofKind(three, 'schedule').length, 0);
  assert.deepEqual(signedVotes(run.votes(net.prevotes([big], 0, b))), [pc(0, b)]);
  assert.equal(run.engine.lockedRound, 0);
});
