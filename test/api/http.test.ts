// JSON-RPC 2.0 over HTTP: requests, batches, notifications, and every kind of bad input gets the
// right error while the server keeps serving.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { RpcCode } from '../../src/api/index.js';
import { TandemError } from '../../src/common/index.js';
import { type Harness, type Msg, post, rpc, startServer } from './helpers.js';

let hx: Harness;
before(async () => {
  hx = await startServer({ maxBatch: 3, maxBodyBytes: 4096, rateBurst: 1000 });
});
after(() => hx.server.close());

async function call(body: unknown): Promise<{ status: number; json: Msg }> {
  return post(hx.server.url, typeof body === 'string' ? body : JSON.stringify(body));
}

async function assertStillServes(): Promise<void> {
  const r = await call(rpc('status', undefined, 'alive'));
  assert.equal(r.json.id, 'alive');
  assert.equal(r.json.result.chain_id, 'tandem-test');
}

test('a single call echoes its id and returns the encoded result', async () => {
  for (const id of [1, 'abc', null]) {
    const r = await call(rpc('getBlock', { height: 7 }, id));
    assert.equal(r.status, 200);
    assert.equal(r.json.jsonrpc, '2.0');
    assert.equal(r.json.id, id);
    assert.equal(r.json.result.height, 7);
    assert.match(r.json.result.hash, /^[0-9a-f]{64}$/);
  }
  const none = await call(rpc('getBlock', { height: 8 }));
  assert.equal(none.json.result, null);
});

test('a batch answers each call in one array; notifications get no response', async () => {
  const r = await call([
    rpc('status', undefined, 1),
    rpc('getEpoch', {}, 2),
    { jsonrpc: '2.0', method: 'status' },
  ]);
  assert.equal(r.status, 200);
  assert.equal(r.json.length, 2);
  assert.deepEqual(r.json.map((x: Msg) => x.id).sort(), [1, 2]);
  const onlyNotes = await call([{ jsonrpc: '2.0', method: 'status' }]);
  assert.equal(onlyNotes.status, 204);
  assert.equal(onlyNotes.json, undefined);
  const single = await call({ jsonrpc: '2.0', method: 'nope' });
  assert.equal(single.status, 204, 'a failing notification is not answered either');
});

test('malformed JSON gives -32700 with a null id', async () => {
  const r = await call('{"jsonrpc": "2.0", "method": ');
  assert.equal(r.json.error.code, RpcCode.PARSE_ERROR);
  assert.equal(r.json.id, null);
  const empty = await call('');
  assert.equal(empty.json.error.code, RpcCode.PARSE_ERROR);
  await assertStillServes();
});

test('invalid requests give -32600: wrong version, missing method, extra members, empty batch', async () => {
  const cases: unknown[] = [
    { jsonrpc: '1.0', id: 1, method: 'status' },
    { id: 1, method: 'status' },
    { jsonrpc: '2.0', id: 1 },
    { jsonrpc: '2.0', id: 1, method: 42 },
    { jsonrpc: '2.0', id: 1, method: 'status', extra: true },
    { jsonrpc: '2.0', id: 1, method: 'status', params: 'x' },
    { jsonrpc: '2.0', id: { a: 1 }, method: 'status' },
    [],
    42,
  ];
  for (const c of cases) {
    const r = await call(c);
    assert.equal(r.json.error.code, RpcCode.INVALID_REQUEST, JSON.stringify(c));
  }
  const inBatch = await call([
    { jsonrpc: '2.0', id: 5, method: 'status', x: 1 },
    rpc('status', undefined, 6),
  ]);
  assert.equal(inBatch.json.find((x: Msg) => x.id === 5).error.code, RpcCode.INVALID_REQUEST);
  assert.equal(inBatch.json.find((x: Msg) => x.id === 6).result.height, 7);
  await assertStillServes();
});

test('unknown method gives -32601', async () => {
  for (const m of ['nope', 'toString', '__proto__', 'subscribe']) {
    const r = await call(rpc(m, {}));
    assert.equal(r.json.error.code, RpcCode.METHOD_NOT_FOUND, m);
  }
  await assertStillServes();
});

test('wrong param types, unknown fields, bad hex and bad addresses give -32602', async () => {
  const cases: [string, unknown][] = [
    ['getBlock', { height: '7' }],
    ['getBlock', { height: -1 }],
    ['getBlock', { height: 1.5 }],
    ['getBlock', {}],
    ['getBlock', { height: 7, extra: 1 }],
    ['getBlock', [7]],
    ['getTx', { hash: 'zz'.repeat(32) }],
    ['getTx', { hash: 'ab'.repeat(31) }],
    ['getAccount', { address: 'tandem1notanaddress' }],
    ['getAccount', { address: 'x'.repeat(1000) }],
    ['executionStatus', { hash: 'ab'.repeat(32), minStake: '-5' }],
    ['executionStatus', { hash: 'ab'.repeat(32), minStake: 5 }],
    ['submitTx', { tx: 'abc' }],
    ['submitTx', { tx: '' }],
    ['submitTx', { tx: 'abcd', wait: 'forever' }],
    ['submitTx', { tx: 'abcd', timeoutMs: 0 }],
    ['status', { verbose: true }],
  ];
  for (const [m, p] of cases) {
    const r = await call(rpc(m, p));
    assert.equal(r.json.error.code, RpcCode.INVALID_PARAMS, `${m} ${JSON.stringify(p).slice(0, 60)}`);
    assert.ok(r.json.error.message.length < 1200);
  }
  assert.deepEqual(hx.backend.submitted, [], 'nothing reached the backend');
  await assertStillServes();
});

test('an oversized body gets HTTP 413 with -32600', async () => {
  const r = await call(rpc('submitTx', { tx: 'ab'.repeat(4096) }));
  assert.equal(r.status, 413);
  assert.equal(r.json.error.code, RpcCode.INVALID_REQUEST);
  await assertStillServes();
});

test('a batch over the limit gets -32600 and runs none of its calls', async () => {
  const r = await call([1, 2, 3, 4].map((i) => rpc('submitTx', { tx: `0${i}` }, i)));
  assert.equal(r.json.error.code, RpcCode.INVALID_REQUEST);
  assert.match(r.json.error.message, /batch/);
  assert.deepEqual(hx.backend.submitted, []);
  await assertStillServes();
});

test('a checkTx rejection (Tandem error) maps to -32000 with module, code and message', async () => {
  hx.backend.rejectTx = new TandemError('mempool', 4, 'fee too low');
  try {
    const r = await call(rpc('submitTx', { tx: '0102' }));
    assert.equal(r.json.error.code, RpcCode.APPLICATION);
    assert.deepEqual(r.json.error.data, {
      module: 'mempool',
      code: 4,
      message: 'fee too low',
    });
  } finally {
    hx.backend.rejectTx = undefined;
  }
});

test('a backend that throws gives -32603 without its message or stack, and is logged', async () => {
  const secret = 'leaked detail at /secret/path';
  hx.backend.fail = new TypeError(secret);
  try {
    const r = await call(rpc('getEpoch', {}));
    assert.equal(r.json.error.code, RpcCode.INTERNAL);
    assert.equal(r.json.error.message, 'internal error');
    assert.equal(r.json.error.data, undefined);
    assert.doesNotMatch(JSON.stringify(r.json), /secret|at |TypeError/);
    const health = await fetch(new URL('health', hx.server.url));
    assert.equal(health.status, 503);
    hx.backend.fail = 'a string';
    const r2 = await call(rpc('status'));
    assert.equal(r2.json.error.code, RpcCode.INTERNAL);
  } finally {
    hx.backend.fail = undefined;
  }
  assert.ok(hx.logger.records.some((l) => l.level === 'error' && l.msg === 'api backend exception'));
  await assertStillServes();
});

test('GET /health reports the node state', async () => {
  const res = await fetch(new URL('health', hx.server.url));
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), { status: 'ok', height: 7, ued_lag: 1 });
});
