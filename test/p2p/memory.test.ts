import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Ed25519Signer, TandemError, utf8 } from '../../src/common/index.js';
import {
  ChainContexts,
  MemoryRecordStore,
  type Message,
  PrivValidator,
  VoteType,
} from '../../src/consensus/bft/index.js';
import {
  BftTransport,
  blockSyncProtocol,
  consensusTopic,
  MemoryHub,
  MemoryNetwork,
  P2pError,
  type PeerEvent,
  txTopic,
} from '../../src/p2p/index.js';
import { TestRegistry } from '../helpers/p2p.js';

const CHAIN = 'mem-chain';
const isP2p = (code: number) => (e: unknown) => TandemError.is(e, 'p2p', code);

function member(hub: MemoryHub, reg: TestRegistry, registered = true) {
  const key = Ed25519Signer.generate();
  if (registered) reg.add(key.publicKey);
  return new MemoryNetwork(hub, key.exportSeed(), reg);
}

test('memory network: same admission, verdict and size rules as the libp2p network', async () => {
  const hub = new MemoryHub();
  const reg = new TestRegistry();
  const a = member(hub, reg);
  const b = member(hub, reg);
  const u = member(hub, reg, false);
  const events: PeerEvent[] = [];
  a.onPeer((e) => events.push(e));
  await a.start();
  await b.start();
  await u.start();
  assert.deepEqual(
    events.map((e) => e.type),
    ['connect', 'connect'],
  );
  assert.deepEqual(a.peers().sort(), [b.peerId, u.peerId].sort());
  const got: string[] = [];
  a.subscribe(consensusTopic(CHAIN), (from, d) => {
    got.push(`${from === b.peerId ? 'b' : 'u'}:${new TextDecoder().decode(d)}`);
    return d.length === 3 ? 'reject' : 'accept';
  });
  a.subscribe(txTopic(CHAIN), () => 'accept', { access: 'open', maxBytes: 4 });
  await b.publish(consensusTopic(CHAIN), utf8('vote'));
  await u.publish(consensusTopic(CHAIN), utf8('vote'));
  await b.publish(consensusTopic(CHAIN), utf8('bad'));
  assert.deepEqual(got, ['b:vote', 'b:bad']);
  assert.equal(a.scores.score(b.peerId), -10);
  await u.publish(txTopic(CHAIN), utf8('12345'));
  assert.equal(a.scores.score(u.peerId), -50);
  await u.stop();
  assert.deepEqual(events.at(-1), { type: 'disconnect', peer: u.peerId });
});

test('memory network: request/response, refusal, timeout and response limit', async () => {
  const hub = new MemoryHub();
  const reg = new TestRegistry();
  const a = member(hub, reg);
  const b = member(hub, reg);
  const u = member(hub, reg, false);
  await Promise.all([a.start(), b.start(), u.start()]);
  const proto = blockSyncProtocol(CHAIN);
  await a.handle(proto, async (_from, d) => (d.length === 0 ? new Promise(() => undefined) : d));
  assert.deepEqual(await b.request(a.peerId, proto, utf8('hi'), 1000), utf8('hi'));
  await assert.rejects(u.request(a.peerId, proto, utf8('hi'), 1000), isP2p(P2pError.REQUEST_FAILED));
  await assert.rejects(b.request(a.peerId, proto, new Uint8Array(0), 50), isP2p(P2pError.TIMEOUT));
  await assert.rejects(
    b.request(a.peerId, proto, utf8('hello'), 1000, { maxResponseBytes: 4 }),
    isP2p(P2pError.OVERSIZED),
  );
  await a.stop();
  await assert.rejects(b.request(a.peerId, proto, utf8('hi'), 1000), isP2p(P2pError.REQUEST_FAILED));
});

test('the BFT transport works over the memory network too', async () => {
  const hub = new MemoryHub();
  const reg = new TestRegistry();
  const a = member(hub, reg);
  const b = member(hub, reg);
  const got: Message[] = [];
  const ta = new BftTransport(a, CHAIN);
  await ta.attach(() => undefined);
  await new BftTransport(b, CHAIN).attach((_f, m) => void got.push(m));
  await a.start();
  await b.start();
  const priv = new PrivValidator(Ed25519Signer.generate(), new MemoryRecordStore(), new ChainContexts(CHAIN));
  const body = {
    type: VoteType.Precommit,
    height: 1n,
    round: 0,
    block_hash: null,
    validator: 0,
    extension: new Uint8Array(0),
  };
  ta.broadcast({ vote: { body, signature: priv.signVote(body) } });
  ta.send(b.peerId, { sync_request: { from: 1n, to: 1n } });
  await new Promise((r) => setImmediate(r));
  assert.equal(got.length, 2);
  assert.ok('vote' in got[0]! && 'sync_request' in got[1]!);
});
