import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kvRuntime } from '../../../examples/runtimes/kv/runtime.js';
import { encodeCanonical, fromHex, TandemError } from '../../../src/common/index.js';
import { Connection, duplexPair, hostHandshake, RhpError } from '../../../src/runtime/rhp/index.js';
import { runRuntime, SdkError, serveRuntime } from '../../../src/runtime/sdk/index.js';
import { genesisHeader } from '../../../src/runtime/testhost/index.js';

const ID = fromHex(kvRuntime.id, 32);
const info = (over: object = {}) => ({
  runtime_id: ID,
  consensus_backend: 'test',
  consensus_protocol_version: { major: 1, minor: 0, patch: 0 },
  consensus_chain_context: '0'.repeat(64),
  ...over,
});
const light = { height: 0n, meta: new Uint8Array(0) };

function pair(): Connection {
  const [h, r] = duplexPair();
  serveRuntime(kvRuntime, r);
  return new Connection(h, { role: 'host' });
}

function remote(code: number) {
  return (e: unknown) => {
    assert.ok(RhpError.is(e, 'rhp'), String(e));
    const w = (e as RhpError).remote ?? { module: '', code: 0 };
    assert.deepEqual([w.module, w.code], ['sdk', code], (e as Error).message);
    return true;
  };
}

test('serveRuntime: the handshake reports RHP 5 and the runtime version; a wrong runtime id or chain context is refused', async () => {
  const ok = pair();
  const res = await hostHandshake(ok, info(), 1000);
  assert.equal(res.protocol_version.major, 5);
  assert.deepEqual(res.runtime_version, kvRuntime.version);
  assert.deepEqual(await ok.call({ RuntimePingRequest: {} }), { Empty: {} });
  assert.deepEqual(await ok.call({ RuntimeAbortRequest: {} }), { RuntimeAbortResponse: {} });
  ok.close();
  await assert.rejects(hostHandshake(pair(), info({ runtime_id: new Uint8Array(32) }), 1000), (e: unknown) =>
    (e as Error).message.includes('sdk/13'),
  );
  await assert.rejects(hostHandshake(pair(), info({ consensus_chain_context: 'main' }), 1000), (e: unknown) =>
    (e as Error).message.includes('sdk/13'),
  );
});

test('serveRuntime: unknown queries, bad query arguments and blocks of another runtime are answered with sdk errors', async () => {
  const conn = pair();
  await hostHandshake(conn, info(), 1000);
  const header = genesisHeader(ID);
  const q = (method: string, args: Uint8Array, h = header) =>
    conn.request('RuntimeQueryRequest', {
      consensus_block: light,
      header: h,
      epoch: 0n,
      max_messages: 0,
      method,
      args,
    });
  await assert.rejects(q('nope', new Uint8Array(0)), remote(SdkError.UNKNOWN_QUERY));
  await assert.rejects(q('get', Uint8Array.of(0xff)), remote(SdkError.INVALID_QUERY_ARGS));
  await assert.rejects(q('get', Uint8Array.of(0x19, 0x00, 0x01)), remote(SdkError.INVALID_QUERY_ARGS));
  await assert.rejects(
    q('get', encodeCanonical({ key: 'a' }), genesisHeader(new Uint8Array(32))),
    remote(SdkError.INVALID_REQUEST),
  );
  assert.deepEqual(await q('get', encodeCanonical({ key: 'a' })), { data: encodeCanonical(null) });
  await assert.rejects(
    conn.request('RuntimeCheckTxBatchRequest', {
      consensus_block: light,
      inputs: [],
      block: { header: genesisHeader(new Uint8Array(32)) },
      epoch: 0n,
      max_messages: 0,
    }),
    remote(SdkError.INVALID_REQUEST),
  );
  conn.close();
});

test('runRuntime without a host socket fails with NO_HOST', async () => {
  await assert.rejects(runRuntime(kvRuntime, {}), (e: unknown) => TandemError.is(e, 'sdk', SdkError.NO_HOST));
  await assert.rejects(
    runRuntime(kvRuntime, { TANDEM_HOST_SOCKET: '/nonexistent/host.sock' }),
    (e: unknown) => TandemError.is(e, 'sdk', SdkError.NO_HOST),
  );
});
