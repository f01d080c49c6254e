import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { utf8 } from '../../src/common/index.js';
import { consensusTopic, txTopic } from '../../src/p2p/index.js';
import { collector, type Got, Nodes, sleep, TestRegistry, until } from '../helpers/p2p.js';

const CHAIN = 'test-chain';
const TX = txTopic(CHAIN);
const CONS = consensusTopic(CHAIN);
const nodes = new Nodes();
afterEach(() => nodes.stopAll());

test('three nodes gossip on a topic and all receive (bootstrap wiring, forwarded by the middle node)', async () => {
  const reg = new TestRegistry();
  const a = nodes.make(reg);
  await a.net.start();
  const b = nodes.make(reg, { bootstrap: a.net.addresses() });
  const got: Got[] = [[], [], []];
  a.net.subscribe(TX, collector(got[0]!), { access: 'open' });
  b.net.subscribe(TX, collector(got[1]!), { access: 'open' });
  await b.net.start();
  const c = nodes.make(reg, { bootstrap: b.net.addresses() });
  c.net.subscribe(TX, collector(got[2]!), { access: 'open' });
  await c.net.start();
  // A and C are not connected: C hears A only through B's mesh.
  await until(() => b.net.topicPeers(TX).length === 2 && c.net.topicPeers(TX).length === 1, 5000, 'mesh');
  await sleep(300);
  assert.ok(!a.net.peers().includes(c.net.peerId));
  await a.net.publish(TX, utf8('tx from a'));
  await until(() => got[1]!.length === 1 && got[2]!.length === 1, 5000, 'delivery');
  // Messages carry no libp2p signature (transactions and votes sign themselves): the sender a
  // handler sees is the peer that forwarded the message.
  assert.deepEqual(got[2], [{ from: b.net.peerId, text: 'tx from a' }]);
  assert.equal(got[0]!.length, 0, 'own message is not delivered to self');
});

test('an unregistered peer may gossip transactions but its consensus messages are ignored', async () => {
  const reg = new TestRegistry();
  const a = nodes.make(reg);
  const u = nodes.make(reg, { registered: false });
  const txs: Got = [];
  const cons: Got = [];
  a.net.subscribe(TX, collector(txs), { access: 'open' });
  a.net.subscribe(CONS, collector(cons));
  u.net.subscribe(TX, () => 'accept', { access: 'open' });
  u.net.subscribe(CONS, () => 'accept');
  await a.net.start();
  await u.net.start();
  await u.net.dial(a.net.addresses()[0]!);
  await until(() => u.net.topicPeers(CONS).includes(a.net.peerId) && u.net.topicPeers(TX).length === 1);
  await u.net.publish(CONS, utf8('vote from u'));
  await u.net.publish(TX, utf8('tx from u'));
  await until(() => txs.length === 1, 5000, 'tx');
  await sleep(300);
  assert.equal(txs[0]!.from, u.net.peerId);
  assert.equal(cons.length, 0, 'the consensus handler never saw the unregistered peer');
  assert.equal(a.net.scores.score(u.net.peerId), 0, 'ignored, not punished');
  // Once registered, the same peer is heard on the consensus topic.
  reg.add(u.key.publicKey);
  await u.net.publish(CONS, utf8('vote 2 from u'));
  await until(() => cons.length === 1, 5000, 'registered consensus message');
});

test('a peer sending invalid messages is scored down, disconnected and refused', async () => {
  const reg = new TestRegistry();
  const a = nodes.make(reg, { score: { penalties: { reject: 30, malformed: 30, oversized: 60 } } });
  const bad = nodes.make(reg);
  let seen = 0;
  a.net.subscribe(CONS, () => {
    seen++;
    return 'reject';
  });
  bad.net.subscribe(CONS, () => 'accept');
  await a.net.start();
  await bad.net.start();
  await bad.net.dial(a.net.addresses()[0]!);
  await until(() => bad.net.topicPeers(CONS).includes(a.net.peerId));
  for (let i = 0; i < 4; i++) await bad.net.publish(CONS, utf8(`junk ${i}`));
  await until(() => a.net.scores.banned(bad.net.peerId), 5000, 'ban');
  assert.equal(seen, 4);
  await until(() => !a.net.peers().includes(bad.net.peerId), 5000, 'disconnect');
  // Noise tells the responder who dialed only at the end of the handshake, so the dialer may
  // see a connection for a moment before the gater on A drops it.
  await bad.net.dial(a.net.addresses()[0]!).catch(() => undefined);
  await until(() => !bad.net.peers().includes(a.net.peerId), 5000, 'refusal');
  await sleep(200);
  assert.ok(!a.net.peers().includes(bad.net.peerId), 'the banned peer stays out');
  assert.ok(!bad.net.peers().includes(a.net.peerId));
});

test('an oversized gossip message is rejected before the handler and scores the sender', async () => {
  const reg = new TestRegistry();
  const a = nodes.make(reg);
  const b = nodes.make(reg);
  const got: Got = [];
  a.net.subscribe(TX, collector(got), { access: 'open', maxBytes: 16 });
  b.net.subscribe(TX, () => 'accept', { access: 'open' });
  await a.net.start();
  await b.net.start();
  await b.net.dial(a.net.addresses()[0]!);
  await until(() => b.net.topicPeers(TX).includes(a.net.peerId));
  await b.net.publish(TX, new Uint8Array(17));
  await until(() => a.net.scores.score(b.net.peerId) < 0, 5000, 'penalty');
  assert.equal(got.length, 0);
  await assert.rejects(a.net.publish(TX, new Uint8Array(17)), /17 bytes/);
});
