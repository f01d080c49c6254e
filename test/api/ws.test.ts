// The WebSocket endpoint: the same methods, subscriptions with notifications, unsubscribe, and the
// limits (subscriptions per connection, message size) closing or refusing cleanly.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { RpcCode } from '../../src/api/index.js';
import { addressToString, toHex } from '../../src/common/index.js';
import { addr, block7, h } from './fake-backend.js';
import { type Harness, type Msg, post, RawWs, rpc, startServer } from './helpers.js';

let hx: Harness;
before(async () => {
  hx = await startServer({ maxSubscriptions: 2, maxBodyBytes: 2048 });
});
after(() => hx.server.close());

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

test('methods work over the WebSocket with ids echoed; batches too', async () => {
  const ws = await RawWs.open(hx.server.wsUrl);
  try {
    const r = await ws.call('getBlock', { height: 7 }, 11);
    assert.equal(r.result.hash, toHex(block7.hash));
    ws.send([rpc('status', undefined, 12), rpc('getEpoch', undefined, 13)]);
    const batch = await ws.next(Array.isArray);
    assert.deepEqual(batch.map((x: Msg) => x.id).sort(), [12, 13]);
    ws.send('not json');
    const bad = await ws.next((m) => m.id === null);
    assert.equal(bad.error.code, RpcCode.PARSE_ERROR);
  } finally {
    ws.ws.close();
  }
});

test('every topic delivers its events as subscription notifications; unsubscribe stops them', async () => {
  const ws = await RawWs.open(hx.server.wsUrl);
  try {
    const events = {
      blocks: block7,
      uedReports: { validator: addr('v1'), height: 6, hash: h('ued6'), stake: 2n ** 65n },
      alerts: { kind: 'divergence' as const, height: 9, message: 'a third of the stake disagrees (APE-18)' },
    };
    for (const [i, topic] of (['blocks', 'uedReports', 'alerts'] as const).entries()) {
      const sub = await ws.call('subscribe', { topic }, 100 + i);
      const id = sub.result as string;
      assert.equal(typeof id, 'string');
      const emitter = hx.backend.events[topic] as { emit(e: unknown): void; listeners: Set<unknown> };
      emitter.emit(events[topic]);
      const note = await ws.next((m) => m.method === 'subscription' && m.params.subscription === id);
      assert.equal(note.jsonrpc, '2.0');
      if (topic === 'blocks') assert.equal(note.params.result.ved_hash, toHex(block7.ved_hash));
      if (topic === 'uedReports') {
        assert.equal(note.params.result.validator, addressToString(addr('v1')));
        assert.equal(note.params.result.stake, (2n ** 65n).toString());
      }
      if (topic === 'alerts') assert.equal(note.params.result.kind, 'divergence');
      const un = await ws.call('unsubscribe', { subscription: id }, 200 + i);
      assert.equal(un.result, true);
      assert.equal(emitter.listeners.size, 0, 'the backend listener is removed');
      emitter.emit(events[topic]);
      await sleep(30);
      assert.equal(ws.received.filter((m) => m.method === 'subscription').length, 0);
    }
    const again = await ws.call('unsubscribe', { subscription: 'ff' }, 300);
    assert.equal(again.error.code, RpcCode.APPLICATION);
    assert.equal(again.error.data.module, 'api');
  } finally {
    ws.ws.close();
  }
});

test('too many subscriptions are refused; closing the connection drops its subscriptions', async () => {
  const ws = await RawWs.open(hx.server.wsUrl);
  await ws.call('subscribe', { topic: 'blocks' }, 1);
  await ws.call('subscribe', { topic: 'blocks' }, 2);
  const third = await ws.call('subscribe', { topic: 'alerts' }, 3);
  assert.equal(third.error.code, RpcCode.APPLICATION);
  assert.equal(third.error.data.module, 'api');
  assert.match(third.error.message, /at most 2/);
  const bad = await ws.call('subscribe', { topic: 'mempool' }, 4);
  assert.equal(bad.error.code, RpcCode.INVALID_PARAMS);
  const st = await ws.call('status', undefined, 5);
  assert.equal(st.result.height, 7, 'the connection still serves');
  assert.equal(hx.backend.events.blocks.listeners.size, 2);
  ws.ws.close();
  await ws.closed();
  for (let i = 0; i < 50 && hx.backend.events.blocks.listeners.size > 0; i++) await sleep(10);
  assert.equal(hx.backend.events.blocks.listeners.size, 0);
});

test('an oversized WebSocket message closes that connection (1009); the server keeps serving', async () => {
  const ws = await RawWs.open(hx.server.wsUrl);
  ws.send(rpc('submitTx', { tx: 'ab'.repeat(4096) }));
  assert.equal(await ws.closed(), 1009);
  assert.deepEqual(hx.backend.submitted, []);
  const other = await RawWs.open(hx.server.wsUrl);
  try {
    assert.equal((await other.call('status', undefined, 1)).result.chain_id, 'tandem-test');
  } finally {
    other.ws.close();
  }
  const r = await post(hx.server.url, JSON.stringify(rpc('status')));
  assert.equal(r.json.result.height, 7);
});

test('upgrades to other paths are refused', async () => {
  await assert.rejects(RawWs.open(hx.server.wsUrl.replace('/ws', '/other')));
});
