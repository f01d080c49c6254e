/** Direct push (src/p2p/push.ts) between real libp2p nodes on loopback. */
import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import type { Libp2p } from '@libp2p/interface';
import { peerIdFromString } from '@libp2p/peer-id';
import { utf8 } from '../../src/common/index.js';
import { consensusTopic, type Libp2pNetwork, pushProtocol, txTopic } from '../../src/p2p/index.js';
import {
  collector,
  type Got,
  link,
  Nodes,
  sleep,
  type TestNode,
  TestRegistry,
  until,
} from '../helpers/p2p.js';

const CHAIN = 'push-chain';
const TX = txTopic(CHAIN);
const CONS = consensusTopic(CHAIN);
const nodes = new Nodes();
afterEach(() => nodes.stopAll());

/** Start `n` registered nodes, each subscribed to the direct consensus topic with its own list. */
async function directNodes(n: number, reg = new TestRegistry()): Promise<{ ns: TestNode[]; got: Got[] }> {
  const ns: TestNode[] = [];
  const got: Got[] = [];
  for (let i = 0; i < n; i++) {
    const node = nodes.make(reg);
    got.push([]);
    node.net.subscribe(CONS, collector(got[i]!), { direct: true });
    await node.net.start();
    ns.push(node);
  }
  return { ns, got };
}

/** Publish warm-up messages from `a` until its push streams to `peers` are open. */
async function warm(a: Libp2pNetwork, peers: Libp2pNetwork[]): Promise<void> {
  for (let i = 0; !peers.every((p) => a.pushPeers(CONS).includes(p.peerId)); i++) {
    if (i > 100) throw new Error('push streams did not open');
    await a.publish(CONS, utf8(`warm ${i}`));
    await sleep(50);
  }
}

/** The raw libp2p node of a network (hostile tests write frames by hand). */
function raw(net: Libp2pNetwork): Libp2p {
  return (net as unknown as { node: Libp2p }).node;
}

/** Open a push stream from `from` to `to` and write `bytes`, then close it. */
async function writeRaw(from: Libp2pNetwork, to: Libp2pNetwork, bytes: Uint8Array[]): Promise<void> {
  const stream = await raw(from).dialProtocol(peerIdFromString(to.peerId), pushProtocol(CONS));
  await stream
    .sink(
      (async function* () {
        yield* bytes;
      })(),
    )
    .catch(() => undefined);
}

function frame(data: Uint8Array, len = data.length): Uint8Array {
  const out = new Uint8Array(4 + data.length);
  new DataView(out.buffer).setUint32(0, len);
  out.set(data, 4);
  return out;
}

test('direct push: in a full mesh each peer gets each message once, from its author, never twice', async () => {
  const { ns, got } = await directNodes(3);
  const [a, b, c] = ns.map((n) => n.net) as [Libp2pNetwork, Libp2pNetwork, Libp2pNetwork];
  await link(a, b, CONS);
  await link(a, c, CONS);
  await link(b, c, CONS);
  // The first messages go by gossip as well while the streams open: still one delivery each.
  await warm(a, [b, c]);
  for (let i = 0; i < 20; i++) await a.publish(CONS, utf8(`m${i}`));
  await until(() => got[1]!.filter((g) => g.text.startsWith('m')).length === 20, 5000, 'b');
  await until(() => got[2]!.filter((g) => g.text.startsWith('m')).length === 20, 5000, 'c');
  await sleep(300);
  for (const g of [got[1]!, got[2]!]) {
    const texts = g.map((x) => x.text);
    assert.equal(new Set(texts).size, texts.length, 'no message delivered twice');
    assert.ok(
      g.filter((x) => x.text.startsWith('m')).every((x) => x.from === a.peerId),
      'straight from a',
    );
  }
  assert.equal(got[0]!.length, 0, 'own messages are not delivered to self');
});

test('direct push is not forwarded; a publish asked to gossip is relayed beyond direct peers', async () => {
  const { ns, got } = await directNodes(3);
  const [a, b, c] = ns.map((n) => n.net) as [Libp2pNetwork, Libp2pNetwork, Libp2pNetwork];
  await link(a, b, CONS);
  await link(b, c, CONS);
  assert.ok(!a.peers().includes(c.peerId));
  await warm(a, [b]);
  const before = got[2]!.length;
  await a.publish(CONS, utf8('pushed'));
  await until(() => got[1]!.some((g) => g.text === 'pushed'), 5000, 'b');
  await sleep(500);
  assert.ok(!got[2]!.slice(before).some((g) => g.text === 'pushed'), 'c is not directly connected');
  await a.publish(CONS, utf8('gossiped'), { gossip: true });
  await until(() => got[2]!.some((g) => g.text === 'gossiped'), 5000, 'relay to c');
  assert.equal(got[2]!.find((g) => g.text === 'gossiped')!.from, b.peerId, 'relayed by b');
  assert.equal(got[1]!.filter((g) => g.text === 'gossiped').length, 1);
});

test('direct push: a relaying node (a full node) gossips what it accepted by push to peers beyond it', async () => {
  const reg = new TestRegistry();
  const got: Got[] = [[], [], []];
  const ns = [0, 1, 2].map((i) => {
    const node = nodes.make(reg);
    node.net.subscribe(CONS, collector(got[i]!), { direct: true, relay: i === 1 });
    return node.net;
  });
  for (const n of ns) await n.start();
  const [a, b, c] = ns as [Libp2pNetwork, Libp2pNetwork, Libp2pNetwork];
  await link(a, b, CONS);
  await link(b, c, CONS);
  await warm(a, [b]);
  for (let i = 0; i < 5; i++) await a.publish(CONS, utf8(`r${i}`));
  await until(() => got[2]!.filter((g) => g.text.startsWith('r')).length === 5, 5000, 'relayed to c');
  await sleep(300);
  for (const [name, g] of [
    ['b', got[1]!],
    ['c', got[2]!],
  ] as const) {
    const texts = g.filter((x) => x.text.startsWith('r')).map((x) => x.text);
    assert.deepEqual([...texts].sort(), ['r0', 'r1', 'r2', 'r3', 'r4'], `${name} has each once`);
  }
  assert.ok(
    got[2]!.every((g) => g.from === b.peerId),
    'c hears them from b',
  );
  assert.equal(got[0]!.length, 0, 'the relayed copies do not come back to a as new messages');
});

test('direct push: an unregistered peer is refused before anything is read; open topics hear it', async () => {
  const reg = new TestRegistry();
  const { ns, got } = await directNodes(1, reg);
  const a = ns[0]!.net;
  const txs: Got = [];
  a.subscribe(TX, collector(txs), { access: 'open', direct: true });
  const u = nodes.make(reg, { registered: false });
  u.net.subscribe(CONS, () => 'accept', { direct: true });
  u.net.subscribe(TX, () => 'accept', { access: 'open', direct: true });
  await u.net.start();
  await link(u.net, a, CONS);
  await until(() => u.net.topicPeers(TX).includes(a.peerId), 5000, 'tx subscription');
  for (let i = 0; i < 10; i++) {
    await u.net.publish(CONS, utf8(`vote ${i}`));
    await u.net.publish(TX, utf8(`tx ${i}`));
    await sleep(50);
  }
  await until(() => u.net.pushPeers(TX).includes(a.peerId), 5000, 'tx push stream');
  await until(() => txs.length === 10, 5000, 'transactions');
  assert.ok(!u.net.pushPeers(CONS).includes(a.peerId), 'the consensus push stream was refused');
  await writeRaw(u.net, a, [frame(utf8('raw vote'))]);
  await sleep(300);
  assert.equal(got[0]!.length, 0, 'the consensus handler never heard the unregistered peer');
  assert.equal(a.scores.score(u.net.peerId), 0, 'not heard, not punished');
});

test('direct push: malformed, oversized and rejected frames score the sender; the handler sees none of the bad ones', async () => {
  const reg = new TestRegistry();
  const a = nodes.make(reg);
  const bad = nodes.make(reg);
  const got: Got = [];
  a.net.subscribe(CONS, (from, data) => collector(got, data[0] === 0x21 ? 'reject' : 'accept')(from, data), {
    direct: true,
    maxBytes: 64,
  });
  bad.net.subscribe(CONS, () => 'accept', { direct: true });
  await a.net.start();
  await bad.net.start();
  await link(bad.net, a.net, CONS);
  const score = () => a.net.scores.score(bad.net.peerId);
  await writeRaw(bad.net, a.net, [frame(utf8('fine')), frame(utf8('!rejected'))]);
  await until(() => score() <= -9, 5000, 'reject penalty');
  assert.deepEqual(
    got.map((g) => g.text),
    ['fine', '!rejected'],
  );
  await writeRaw(bad.net, a.net, [frame(utf8('cut'), 9)]);
  await until(() => score() <= -30, 5000, 'malformed penalty');
  await writeRaw(bad.net, a.net, [frame(new Uint8Array(0), 65), new Uint8Array(65)]);
  await until(() => score() <= -80, 5000, 'oversized penalty');
  const after = score();
  assert.equal(got.length, 2, 'neither the truncated nor the oversized frame reached the handler');
  // Duplicates are dropped before the handler (and before the score): a message is handled once.
  await writeRaw(bad.net, a.net, [frame(utf8('fine')), frame(utf8('fine'))]);
  await sleep(300);
  assert.equal(got.length, 2);
  assert.ok(score() >= after, 'no penalty for a duplicate');
});
