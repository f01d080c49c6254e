import assert from 'node:assert/strict';
import { afterEach, test } from 'node:test';
import { TandemError, utf8 } from '../../src/common/index.js';
import { blockSyncProtocol, P2pError, stateSyncProtocol } from '../../src/p2p/index.js';
import { Nodes, TestRegistry } from '../helpers/p2p.js';

const CHAIN = 'test-chain';
const BLOCKS = blockSyncProtocol(CHAIN);
const nodes = new Nodes();
afterEach(() => nodes.stopAll());

async function pair(reg = new TestRegistry(), clientRegistered = true) {
  const server = nodes.make(reg);
  const client = nodes.make(reg, { registered: clientRegistered });
  await server.net.start();
  await client.net.start();
  await client.net.dial(server.net.addresses()[0]!);
  return { server, client, reg };
}

const isP2p = (code: number) => (e: unknown) => TandemError.is(e, 'p2p', code);

test('request/response round trip carries the requester id and both payloads', async () => {
  const { server, client } = await pair();
  let from = '';
  await server.net.handle(BLOCKS, async (peer, data) => {
    from = peer;
    return utf8(`blocks for ${new TextDecoder().decode(data)}`);
  });
  const resp = await client.net.request(server.net.peerId, BLOCKS, utf8('1..5'), 2000);
  assert.equal(new TextDecoder().decode(resp), 'blocks for 1..5');
  assert.equal(from, client.net.peerId);
  // An empty request and an empty response are valid frames too.
  await server.net.handle(stateSyncProtocol(CHAIN), async () => new Uint8Array(0));
  const empty = await client.net.request(
    server.net.peerId,
    stateSyncProtocol(CHAIN),
    new Uint8Array(0),
    2000,
  );
  assert.equal(empty.length, 0);
});

test('a request that gets no answer fails with TIMEOUT', async () => {
  const { server, client } = await pair();
  await server.net.handle(BLOCKS, () => new Promise<Uint8Array>(() => undefined));
  const t0 = Date.now();
  await assert.rejects(
    client.net.request(server.net.peerId, BLOCKS, utf8('x'), 300),
    isP2p(P2pError.TIMEOUT),
  );
  assert.ok(Date.now() - t0 < 2000);
});

test('an oversized response is refused from its header and scores the responder down', async () => {
  const { server, client } = await pair();
  await server.net.handle(BLOCKS, async () => new Uint8Array(64 * 1024));
  await assert.rejects(
    client.net.request(server.net.peerId, BLOCKS, utf8('x'), 2000, { maxResponseBytes: 1024 }),
    isP2p(P2pError.OVERSIZED),
  );
  assert.ok(client.net.scores.score(server.net.peerId) < 0);
  // Within the limit the same exchange works.
  const ok = await client.net.request(server.net.peerId, BLOCKS, utf8('x'), 2000);
  assert.equal(ok.length, 64 * 1024);
});

test('an oversized request is refused before the handler and scores the requester down', async () => {
  const { server, client } = await pair();
  let calls = 0;
  await server.net.handle(
    BLOCKS,
    async () => {
      calls++;
      return new Uint8Array(0);
    },
    { maxRequestBytes: 100 },
  );
  await assert.rejects(
    client.net.request(server.net.peerId, BLOCKS, new Uint8Array(101), 2000),
    isP2p(P2pError.REQUEST_FAILED),
  );
  assert.equal(calls, 0);
  assert.ok(server.net.scores.score(client.net.peerId) < 0);
});

test('requests from an unregistered peer are refused and never reach the handler; open protocols serve it', async () => {
  const { server, client, reg } = await pair(new TestRegistry(), false);
  let calls = 0;
  const handler = async () => {
    calls++;
    return utf8('ok');
  };
  await server.net.handle(BLOCKS, handler);
  await server.net.handle(stateSyncProtocol(CHAIN), handler, { access: 'open' });
  await assert.rejects(
    client.net.request(server.net.peerId, BLOCKS, utf8('x'), 2000),
    isP2p(P2pError.REQUEST_FAILED),
  );
  assert.equal(calls, 0);
  assert.equal(server.net.scores.score(client.net.peerId), 0, 'refused, not punished');
  await client.net.request(server.net.peerId, stateSyncProtocol(CHAIN), utf8('x'), 2000);
  assert.equal(calls, 1);
  reg.add(client.key.publicKey);
  await client.net.request(server.net.peerId, BLOCKS, utf8('x'), 2000);
  assert.equal(calls, 2);
});

test('a failing handler ends the exchange without an answer; bad peer ids and stopped networks are coded errors', async () => {
  const { server, client } = await pair();
  await server.net.handle(BLOCKS, async () => {
    throw new P2pError(P2pError.REQUEST_FAILED, 'no such blocks');
  });
  await assert.rejects(
    client.net.request(server.net.peerId, BLOCKS, utf8('x'), 2000),
    isP2p(P2pError.REQUEST_FAILED),
  );
  await assert.rejects(
    server.net.handle(BLOCKS, async () => utf8('')),
    isP2p(P2pError.DUPLICATE_HANDLER),
  );
  await assert.rejects(
    client.net.request('not-a-peer', BLOCKS, utf8('x'), 500),
    isP2p(P2pError.INVALID_PEER),
  );
  await client.net.stop();
  await assert.rejects(
    client.net.request(server.net.peerId, BLOCKS, utf8('x'), 500),
    isP2p(P2pError.NOT_STARTED),
  );
});

test('the serving side bounds an exchange by its own timeout', async () => {
  const reg = new TestRegistry();
  const server = nodes.make(reg, { serveTimeoutMs: 200 });
  const client = nodes.make(reg);
  await server.net.start();
  await client.net.start();
  await client.net.dial(server.net.addresses()[0]!);
  await server.net.handle(BLOCKS, () => new Promise<Uint8Array>(() => undefined));
  const t0 = Date.now();
  await assert.rejects(
    client.net.request(server.net.peerId, BLOCKS, utf8('x'), 5000),
    isP2p(P2pError.REQUEST_FAILED),
  );
  const took = Date.now() - t0;
  assert.ok(took >= 150 && took < 3000, `the server gave up (after ${took} ms) before the client would have`);
});
