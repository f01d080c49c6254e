// Limits: requests per second per client IP (token bucket, -32005) and concurrent waiters; both
// refuse cleanly and the server keeps serving once the pressure is gone.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { RpcCode } from '../../src/api/index.js';
import { type Harness, type Msg, post, RawWs, rpc, startServer } from './helpers.js';

let hx: Harness;
before(async () => {
  hx = await startServer({ ratePerSecond: 2, rateBurst: 3, maxWaiters: 1 });
});
after(() => hx.server.close());

const statusCall = (id: number) => post(hx.server.url, JSON.stringify(rpc('status', undefined, id)));

test('calls beyond the per-IP rate get -32005 "rate limited"; the bucket refills with time', async () => {
  hx.clock.now += 10_000; // a full bucket
  const codes: (number | undefined)[] = [];
  for (let i = 0; i < 5; i++) codes.push((await statusCall(i)).json.error?.code);
  assert.deepEqual(codes, [undefined, undefined, undefined, RpcCode.RATE_LIMITED, RpcCode.RATE_LIMITED]);
  const limited = await statusCall(9);
  assert.equal(limited.json.error.message, 'rate limited');
  assert.equal(limited.json.id, 9);
  hx.clock.now += 500; // one token at 2 per second
  assert.equal((await statusCall(10)).json.result.height, 7);
  assert.equal((await statusCall(11)).json.error.code, RpcCode.RATE_LIMITED);
});

test('each call of a batch takes a token; the WebSocket shares the IP bucket', async () => {
  hx.clock.now += 10_000;
  const r = await post(hx.server.url, JSON.stringify([1, 2, 3, 4].map((i) => rpc('status', undefined, i))));
  const limited = r.json.filter((x: Msg) => x.error?.code === RpcCode.RATE_LIMITED);
  assert.equal(limited.length, 1);
  const ws = await RawWs.open(hx.server.wsUrl);
  try {
    assert.equal((await ws.call('status', undefined, 1)).error.code, RpcCode.RATE_LIMITED);
    hx.clock.now += 10_000;
    assert.equal((await ws.call('status', undefined, 2)).result.height, 7);
  } finally {
    ws.ws.close();
  }
  assert.equal((await statusCall(5)).json.result.height, 7);
});

test('waiters beyond the limit are refused before the transaction is submitted', async () => {
  hx.clock.now += 10_000;
  hx.backend.holdWaits = true;
  try {
    const first = post(hx.server.url, JSON.stringify(rpc('submitTx', { tx: '01', wait: 'inclusion' }, 1)));
    for (let i = 0; i < 100 && !hx.backend.release; i++) await new Promise((r) => setTimeout(r, 5));
    const second = await post(
      hx.server.url,
      JSON.stringify(rpc('submitTx', { tx: '02', wait: 'execution' }, 2)),
    );
    assert.equal(second.json.error.code, RpcCode.APPLICATION);
    assert.equal(second.json.error.data.module, 'api');
    assert.match(second.json.error.message, /waiters/);
    assert.deepEqual(hx.backend.submitted, ['01'], 'the refused transaction never reached the mempool');
    hx.backend.release!();
    const done = await first;
    assert.equal(done.json.result.included.height, 7);
  } finally {
    hx.backend.holdWaits = false;
  }
  hx.clock.now += 10_000;
  const third = await post(
    hx.server.url,
    JSON.stringify(rpc('submitTx', { tx: '03', wait: 'inclusion' }, 3)),
  );
  assert.equal(third.json.result.included.index, 1, 'the slot is free again');
  assert.equal((await statusCall(4)).json.result.height, 7);
});
