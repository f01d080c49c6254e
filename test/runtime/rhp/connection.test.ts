import assert from 'node:assert/strict';
import type { Duplex } from 'node:stream';
import { test } from 'node:test';
import { encodeCanonical } from '../../../src/common/index.js';
import {
  type Body,
  Connection,
  duplexPair,
  encodeFrame,
  encodeMessage,
  hostHandshake,
  MAX_FRAME_SIZE,
  PROTOCOL_VERSION,
  RhpError,
  type RuntimeInfoRequest,
} from '../../../src/runtime/rhp/index.js';

const INFO: RuntimeInfoRequest = {
  runtime_id: new Uint8Array(32),
  consensus_backend: 'tandem',
  consensus_protocol_version: { major: 1, minor: 0, patch: 0 },
  consensus_chain_context: 'test',
};

function runtimeHandler(version = PROTOCOL_VERSION) {
  return async (b: Body): Promise<Body> => {
    if ('RuntimeInfoRequest' in b) {
      return {
        RuntimeInfoResponse: { protocol_version: version, runtime_version: { major: 1, minor: 0, patch: 0 } },
      };
    }
    if ('RuntimeQueryRequest' in b) return { RuntimeQueryResponse: { data: b.RuntimeQueryRequest!.args } };
    if ('RuntimeAbortRequest' in b) throw new RhpError(RhpError.NO_HANDLER, 'cannot abort');
    return { Empty: {} };
  };
}

/** A host and a runtime connection over an in-memory pair, plus the raw streams. */
function pair(version = PROTOCOL_VERSION) {
  const [a, b] = duplexPair();
  const host = new Connection(a, { role: 'host' });
  const rt = new Connection(b, { role: 'runtime', handler: runtimeHandler(version) });
  return { host, rt, a, b };
}

function closed(c: Connection): Promise<RhpError | undefined> {
  return new Promise((resolve) => c.onClose(resolve));
}

function frame(obj: unknown): Uint8Array {
  return encodeFrame(encodeCanonical(obj));
}

async function readyPair() {
  const p = pair();
  await hostHandshake(p.host, INFO, 1000);
  return p;
}

test('RHP: handshake moves both sides to ready and calls work both ways', async () => {
  const { host, rt } = pair();
  assert.equal(host.state, 'uninitialized');
  const res = await hostHandshake(host, INFO, 1000);
  assert.deepStrictEqual(res.protocol_version, PROTOCOL_VERSION);
  assert.equal(host.state, 'ready');
  assert.equal(rt.state, 'ready');
  host.setHandler(() => ({ HostLocalStorageGetResponse: { value: new Uint8Array([4]) } }));
  const [q, g] = await Promise.all([
    host.request('RuntimeQueryRequest', queryReq(new Uint8Array([1, 2]))),
    rt.request('HostLocalStorageGetRequest', { key: new Uint8Array([1]) }),
  ]);
  assert.deepStrictEqual(q.data, new Uint8Array([1, 2]));
  assert.deepStrictEqual(g.value, new Uint8Array([4]));
  host.close();
});

function queryReq(args: Uint8Array) {
  const h = new Uint8Array(32);
  return {
    consensus_block: { height: 1n, meta: new Uint8Array(0) },
    header: {
      version: 0,
      namespace: h,
      round: 1n,
      timestamp: 0n,
      header_type: 1,
      previous_hash: h,
      io_root: h,
      state_root: h,
      messages_hash: h,
      in_msgs_hash: h,
    },
    epoch: 0n,
    max_messages: 0,
    method: 'echo',
    args,
  };
}

test('RHP: an incompatible major version fails the handshake and closes', async () => {
  const { host } = pair({ major: 4, minor: 0, patch: 0 });
  await assert.rejects(hostHandshake(host, INFO, 1000), (e) =>
    RhpError.is(e, 'rhp', RhpError.INCOMPATIBLE_VERSION),
  );
  assert.equal(host.state, 'closed');
});

test('RHP: calls before the handshake are refused on both sides', async () => {
  const { host, rt } = pair();
  await assert.rejects(host.call({ RuntimePingRequest: {} }), (e) =>
    RhpError.is(e, 'rhp', RhpError.NOT_READY),
  );
  await assert.rejects(rt.call({ HostFetchConsensusBlockRequest: { height: 1n } }), (e) =>
    RhpError.is(e, 'rhp', RhpError.NOT_READY),
  );
  await assert.rejects(host.call({ HostLocalStorageGetRequest: { key: new Uint8Array(0) } }), (e) =>
    RhpError.is(e, 'rhp', RhpError.UNKNOWN_VARIANT),
  );
});

test('RHP: an Error body becomes an RhpError carrying the remote module and code', async () => {
  const { host } = await readyPair();
  await assert.rejects(host.call({ RuntimeAbortRequest: {} }), (e) => {
    assert.ok(RhpError.is(e, 'rhp', RhpError.REMOTE_ERROR));
    assert.deepStrictEqual((e as RhpError).remote, {
      module: 'rhp',
      code: RhpError.NO_HANDLER,
      message: 'cannot abort',
    });
    return true;
  });
  assert.equal(host.state, 'ready');
  host.close();
});

test('RHP: a call times out, and its late answer is dropped without closing', async () => {
  const [a, b] = duplexPair();
  const host = new Connection(a, { role: 'host' });
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  new Connection(b, {
    role: 'runtime',
    handler: async (body) => {
      if ('RuntimeInfoRequest' in body) return runtimeHandler()(body);
      await gate;
      return { Empty: {} };
    },
  });
  await hostHandshake(host, INFO, 1000);
  await assert.rejects(host.call({ RuntimePingRequest: {} }, { timeoutMs: 20 }), (e) =>
    RhpError.is(e, 'rhp', RhpError.TIMEOUT),
  );
  release();
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(host.state, 'ready');
  host.close();
});

/** Raw bytes written by the runtime's stream into a ready host (or vice versa). */
async function violation(target: 'host' | 'runtime', bytes: Uint8Array[], code: number) {
  const p = await readyPair();
  const [victim, other, raw] = target === 'host' ? [p.host, p.rt, p.b] : [p.rt, p.host, p.a];
  const pendingCall =
    target === 'host' ? p.host.call({ RuntimePingRequest: {} }, { id: 1000n }).catch((e) => e) : undefined;
  const otherClosed = closed(other);
  const why = closed(victim);
  for (const b of bytes) (raw as Duplex).write(b);
  const err = await why;
  assert.ok(err instanceof RhpError, 'closed with an RhpError');
  assert.equal(err.code, code, err.message);
  assert.equal(victim.state, 'closed');
  if (pendingCall) assert.ok(RhpError.is(await pendingCall, 'rhp'));
  assert.equal(await otherClosed, undefined, 'the other side sees a clean close');
}

const ping = (id: number) => ({ id, message_type: 1, body: { RuntimePingRequest: {} } });

test('RHP: oversized length prefix closes the connection at once', async () => {
  const prefix = new Uint8Array(4);
  new DataView(prefix.buffer).setUint32(0, MAX_FRAME_SIZE + 1);
  await violation('runtime', [prefix], RhpError.FRAME_TOO_LARGE);
});

test('RHP: a truncated frame at end of stream closes with FRAME_TRUNCATED', async () => {
  const p = await readyPair();
  const why = closed(p.rt);
  p.a.end(frame(ping(5)).subarray(0, 7));
  assert.equal((await why)?.code, RhpError.FRAME_TRUNCATED);
});

test('RHP: a non-canonical frame closes the connection', async () => {
  const f = frame({ message_type: 1, id: 5, body: { RuntimePingRequest: {} } });
  const body = Buffer.from(f.subarray(4)).toString('hex').replace('626964 05'.replace(' ', ''), '6269641805');
  const bytes = Uint8Array.from(Buffer.from(body, 'hex'));
  await violation('runtime', [encodeFrame(bytes)], RhpError.NON_CANONICAL);
});

test('RHP: an unknown variant closes the connection', async () => {
  await violation(
    'runtime',
    [frame({ ...ping(5), body: { RuntimeFrobRequest: {} } })],
    RhpError.UNKNOWN_VARIANT,
  );
});

test('RHP: a request for the wrong direction closes the connection', async () => {
  await violation('host', [frame(ping(5))], RhpError.UNKNOWN_VARIANT);
});

test('RHP: a wrong message type closes the connection', async () => {
  await violation('host', [frame({ ...ping(5), message_type: 7 })], RhpError.WRONG_MESSAGE_TYPE);
});

test('RHP: a response to an unknown id closes the connection and fails pending calls', async () => {
  await violation(
    'host',
    [frame({ id: 77, message_type: 2, body: { Empty: {} } })],
    RhpError.UNKNOWN_RESPONSE_ID,
  );
});

test('RHP: a response of the wrong variant closes the connection', async () => {
  await violation(
    'host',
    [frame({ id: 1000, message_type: 2, body: { RuntimeAbortResponse: {} } })],
    RhpError.UNEXPECTED_RESPONSE,
  );
});

test('RHP: a duplicate in-flight request id closes the connection', async () => {
  const [a, b] = duplexPair();
  const rt = new Connection(b, { role: 'runtime', handler: () => new Promise<Body>(() => {}) });
  const why = closed(rt);
  a.write(frame({ ...ping(9), body: { RuntimeInfoRequest: { ...INFO, consensus_protocol_version: {} } } }));
  a.write(frame(ping(9)));
  assert.equal((await why)?.code, RhpError.DUPLICATE_REQUEST_ID);
});

test('RHP: frames split at every byte boundary are reassembled', async () => {
  const [c, d] = duplexPair();
  const rt2 = new Connection(d, { role: 'runtime', handler: runtimeHandler() });
  const got: Uint8Array[] = [];
  c.on('data', (x: Uint8Array) => got.push(x));
  const f = encodeFrame(encodeMessage({ id: 3n, message_type: 1, body: { RuntimeInfoRequest: INFO } }));
  for (const byte of f) c.write(Uint8Array.of(byte));
  await new Promise((r) => setTimeout(r, 20));
  assert.equal(rt2.state, 'ready', rt2.closeError?.message);
  assert.ok(got.length > 0);
  rt2.close();
});

test('RHP: caller-chosen ids must be unique in flight; counter ids skip them', async () => {
  const [a, b] = duplexPair();
  const host = new Connection(a, { role: 'host' });
  const hang = (body: Body) =>
    body.RuntimeInfoRequest ? runtimeHandler()(body) : new Promise<Body>(() => {});
  new Connection(b, { role: 'runtime', handler: hang });
  await hostHandshake(host, INFO, 1000); // took counter id 1
  const first = host.call({ RuntimePingRequest: {} }, { id: 2n, timeoutMs: 30 }).catch((e: unknown) => e);
  await assert.rejects(host.call({ RuntimePingRequest: {} }, { id: 2n }), (e) =>
    RhpError.is(e, 'rhp', RhpError.ID_IN_USE),
  );
  // The counter would give 2 next; it must skip the caller's in-flight id.
  await assert.rejects(host.call({ RuntimePingRequest: {} }, { timeoutMs: 30 }), (e) =>
    RhpError.is(e, 'rhp', RhpError.TIMEOUT),
  );
  assert.ok(RhpError.is(await first, 'rhp', RhpError.TIMEOUT));
  host.close();
});
