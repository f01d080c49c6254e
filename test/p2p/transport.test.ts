import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { concatBytes, Ed25519Signer, TandemError, utf8 } from '../../src/common/index.js';
import {
  ChainContexts,
  encodeMessage,
  MemoryRecordStore,
  type Message,
  PrivValidator,
  ValidatorSet,
  type Vote,
  VoteType,
  verifyVote,
} from '../../src/consensus/bft/index.js';
import { BftTransport, P2pError } from '../../src/p2p/index.js';
import { Nodes, sleep, TestRegistry, until } from '../helpers/p2p.js';

const CHAIN = 'test-chain';
const nodes = new Nodes();
afterEach(() => nodes.stopAll());

async function twoTransports() {
  const reg = new TestRegistry();
  const a = nodes.make(reg);
  const b = nodes.make(reg);
  const ta = new BftTransport(a.net, CHAIN);
  const tb = new BftTransport(b.net, CHAIN);
  const gotA: { from: string; m: Message }[] = [];
  const gotB: { from: string; m: Message }[] = [];
  await ta.attach((from, m) => void gotA.push({ from, m }));
  await tb.attach((from, m) => void gotB.push({ from, m }));
  await a.net.start();
  await b.net.start();
  await b.net.dial(a.net.addresses()[0]!);
  await until(
    () => a.net.topicPeers(ta.topic).includes(b.net.peerId) && b.net.topicPeers(ta.topic).length > 0,
  );
  return { a, b, ta, tb, gotA, gotB };
}

test('the BFT transport carries a real signed vote between two nodes (broadcast by push, or by gossip while the push stream opens)', async () => {
  const { a, ta, gotB } = await twoTransports();
  const ctx = new ChainContexts(CHAIN);
  const val = Ed25519Signer.generate();
  const priv = new PrivValidator(val, new MemoryRecordStore(), ctx);
  const body = {
    type: VoteType.Prevote,
    height: 7n,
    round: 0,
    block_hash: new Uint8Array(32).fill(9),
    validator: 0,
    extension: new Uint8Array(0),
  };
  const signed = { vote: { body, signature: priv.signVote(body) } };
  ta.broadcast(signed);
  await until(() => gotB.length === 1, 5000, 'vote');
  const { from, m } = gotB[0]!;
  assert.equal(from, a.net.peerId);
  assert.ok('vote' in m);
  const vote = (m as { vote: Vote }).vote;
  assert.deepEqual(vote.body, body);
  const set = new ValidatorSet([{ pubKey: val.publicKey, power: 10n }]);
  assert.ok(verifyVote(new ChainContexts(CHAIN), set, vote), 'the received vote verifies');
  // Sending the same vote again (as a validator does for liveness) is a new gossip message, not a
  // duplicate the mesh drops: message ids are hashes of the data, and each broadcast has its own
  // sequence.
  ta.broadcast(signed);
  await until(() => gotB.length === 2, 5000, 'the re-broadcast vote');
  assert.deepEqual(gotB[1]!.m, gotB[0]!.m);
});

test('send delivers a sync request directly to one peer; the answer comes back the same way', async () => {
  const { a, b, ta, tb, gotA, gotB } = await twoTransports();
  tb.send(a.net.peerId, { sync_request: { from: 3n, to: 5n } });
  await until(() => gotA.length === 1, 5000, 'sync request');
  assert.deepEqual(gotA[0], { from: b.net.peerId, m: { sync_request: { from: 3n, to: 5n } } });
  ta.send(gotA[0]!.from, { sync_response: [] });
  await until(() => gotB.length === 1, 5000, 'sync response');
  assert.deepEqual(gotB[0]!.m, { sync_response: [] });
});

test('undecodable or misplaced BFT messages are rejected and score the sender down', async () => {
  const { a, b, ta, gotA } = await twoTransports();
  // Garbage on the consensus topic, and block sync where only proposals and votes belong.
  await b.net.publish(ta.topic, utf8('not cbor at all'));
  const seq = new Uint8Array(8);
  await b.net.publish(ta.topic, concatBytes(seq, encodeMessage({ sync_request: { from: 1n, to: 2n } })));
  await until(() => a.net.scores.score(b.net.peerId) <= -20, 5000, 'gossip penalties');
  const before = a.net.scores.score(b.net.peerId);
  await assert.rejects(b.net.request(a.net.peerId, ta.protocol, utf8('junk'), 2000), (e: unknown) =>
    TandemError.is(e, 'p2p', P2pError.REQUEST_FAILED),
  );
  await sleep(50);
  assert.ok(a.net.scores.score(b.net.peerId) < before, 'malformed direct frame penalized');
  assert.equal(gotA.length, 0);
});

test('BFT transport: a first broadcast is pushed to direct peers only; the same message again is gossiped and relayed', async () => {
  const reg = new TestRegistry();
  const [a, b, c] = [nodes.make(reg), nodes.make(reg), nodes.make(reg)];
  const ts = [a, b, c].map((n) => new BftTransport(n.net, CHAIN));
  const got: Message[][] = [[], [], []];
  for (const [i, t] of ts.entries()) await t.attach((_from, m) => void got[i]!.push(m));
  for (const n of [a, b, c]) await n.net.start();
  // a — b — c: c is not directly connected to a.
  await b.net.dial(a.net.addresses()[0]!);
  await c.net.dial(b.net.addresses()[0]!);
  const topic = ts[0]!.topic;
  await until(
    () => b.net.topicPeers(topic).length === 2 && c.net.topicPeers(topic).length === 1,
    5000,
    'mesh',
  );
  const body = (height: bigint) => ({
    type: VoteType.Prevote,
    height,
    round: 0,
    block_hash: new Uint8Array(32).fill(1),
    validator: 0,
    extension: new Uint8Array(0),
  });
  const vote = (h: bigint): Message => ({ vote: { body: body(h), signature: new Uint8Array(64).fill(2) } });
  // Warm up until a's push stream to b is open (before that, a first broadcast also goes by gossip).
  for (let h = 1n; !a.net.pushPeers(topic).includes(b.net.peerId); h++) {
    ts[0]!.broadcast(vote(h));
    await sleep(50);
  }
  const [nb, nc] = [got[1]!.length, got[2]!.length];
  ts[0]!.broadcast(vote(1000n));
  await until(() => got[1]!.length === nb + 1, 5000, 'b');
  await sleep(400);
  assert.equal(got[2]!.length, nc, 'the pushed message is not forwarded by b');
  ts[0]!.broadcast(vote(1000n));
  await until(() => got[2]!.length === nc + 1, 5000, 'the re-sent message relayed to c');
  assert.deepEqual(got[2]![nc], vote(1000n));
  assert.equal(got[1]!.length, nb + 2, 'b hears the re-send once more, as before');
});
