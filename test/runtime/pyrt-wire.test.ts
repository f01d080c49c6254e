// The Python runtime on the wire, driven by a raw host socket: Error bodies (same id) for
// requests it cannot serve, a clean exit on malformed frames, refusal of tampered modules, and
// its CBOR codec byte for byte against src/common's encodeCanonical.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { encodeCanonical, fromHex, toHex, utf8 } from '../../src/common/index.js';
import { loadBundle, type RuntimeExit, UnconfinedProvisioner } from '../../src/runtime/host/index.js';
import {
  decodeMessage,
  encodeFrame,
  encodeMessage,
  FrameReader,
  MAX_FRAME_SIZE,
  type Message,
} from '../../src/runtime/rhp/index.js';
import { buildPyBundle, CONSENSUS, childEnv, PY_SRC, PY_VERSION, PYTHON } from './pyrt-helpers.js';

const bundleDir = buildPyBundle();

/** A runtime process connected to a socket this test drives by hand. */
interface Raw {
  send(b: Uint8Array): void;
  end(): void;
  next(): Promise<Message>;
  readonly exit: Promise<RuntimeExit>;
  readonly stderr: string[];
  /** Resolves when the runtime closed its end of the socket. */
  readonly closed: Promise<void>;
}

async function rawRuntime(dir = bundleDir): Promise<Raw> {
  const path = join(mkdtempSync(join(tmpdir(), 'tandem-pyrt-sock-')), 'host.sock');
  const server = createServer();
  await new Promise<void>((res) => server.listen(path, res));
  const connected = new Promise<Socket>((res) => server.once('connection', res));
  const stderr: string[] = [];
  const rt = await new UnconfinedProvisioner().spawn(await loadBundle(dir), {
    socketPath: path,
    onStderr: (l) => stderr.push(l),
  });
  const sock = await Promise.race([
    connected,
    rt.exited.then((e) => Promise.reject(new Error(`runtime exited ${JSON.stringify(e)}: ${stderr}`))),
  ]);
  server.close();
  const reader = new FrameReader();
  const frames: Uint8Array[] = [];
  const waiting: ((f: Uint8Array) => void)[] = [];
  sock.on('data', (d) => {
    for (const f of reader.push(new Uint8Array(d))) {
      const w = waiting.shift();
      if (w) w(f);
      else frames.push(f);
    }
  });
  sock.on('error', () => {});
  const closed = new Promise<void>((res) => sock.once('close', () => res()));
  return {
    send: (b) => sock.write(b),
    end: () => sock.end(),
    next: async () =>
      decodeMessage(
        frames.shift() ?? (await new Promise<Uint8Array>((r) => waiting.push(r))),
        MAX_FRAME_SIZE,
      ),
    exit: rt.exited,
    stderr,
    closed,
  };
}

const request = (id: bigint, body: Record<string, unknown>) =>
  encodeFrame(encodeCanonical({ id, message_type: 1, body }));
const INFO = { RuntimeInfoRequest: { ...CONSENSUS, runtime_id: new Uint8Array(32) } };

test('py-counter answers requests it cannot serve with an Error body of the same id, and keeps serving', async () => {
  const rt = await rawRuntime();
  rt.send(request(1n, { RuntimePingRequest: {} }));
  assert.deepEqual(await rt.next(), {
    id: 1n,
    message_type: 2,
    body: { Error: { module: 'rhp', code: 13, message: 'RuntimePingRequest before the handshake' } },
  });
  rt.send(request(2n, INFO));
  const info = await rt.next();
  assert.equal(info.id, 2n);
  assert.deepEqual(info.body.RuntimeInfoResponse?.runtime_version, PY_VERSION);
  for (const [id, body, code] of [
    [3n, { RuntimeFooRequest: {} }, 5],
    [4n, { HostLocalStorageGetRequest: { key: new Uint8Array(0) } }, 5],
    [5n, { RuntimeExecuteTxBatchRequest: {} }, 3],
    [6n, { RuntimeQueryRequest: { header: 1 } }, 3],
  ] as const) {
    rt.send(request(id, body));
    const m = await rt.next();
    assert.equal(m.id, id);
    assert.equal(m.body.Error?.module, 'rhp', JSON.stringify(body));
    assert.equal(m.body.Error?.code, code);
  }
  const max = 2n ** 64n - 1n;
  rt.send(encodeFrame(encodeMessage({ id: max, message_type: 1, body: { RuntimePingRequest: {} } })));
  assert.deepEqual(await rt.next(), { id: max, message_type: 2, body: { Empty: {} } });
  rt.send(request(7n, { RuntimeShutdownRequest: {} }));
  assert.deepEqual(await rt.next(), { id: 7n, message_type: 2, body: { Empty: {} } });
  assert.deepEqual(await rt.exit, { code: 0, signal: null });
});

test('py-counter closes cleanly (exit 2, no traceback) on malformed, oversized, truncated or misdirected frames', async () => {
  const ping = encodeMessage({ id: 1n, message_type: 1, body: { RuntimePingRequest: {} } });
  const nonMinimalId = fromHex(toHex(ping).replace('62696401', '6269641801'));
  assert.notDeepEqual(nonMinimalId, ping);
  const prefix = (n: number) => Uint8Array.of(n >>> 24, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff);
  const cases: [string, Uint8Array, boolean][] = [
    ['not CBOR', encodeFrame(Uint8Array.of(0xff)), false],
    ['trailing byte', encodeFrame(Uint8Array.of(...ping, 0)), false],
    ['non-minimal id', encodeFrame(nonMinimalId), false],
    [
      'envelope without message_type',
      encodeFrame(encodeCanonical({ id: 1n, body: { RuntimePingRequest: {} } })),
      false,
    ],
    [
      'response from the host',
      encodeFrame(encodeCanonical({ id: 1n, message_type: 2, body: { Empty: {} } })),
      false,
    ],
    ['body is not a map', request(1n, { RuntimePingRequest: utf8('x') }), false],
    ['oversized prefix (body never sent)', prefix(MAX_FRAME_SIZE + 1), false],
    ['truncated frame', Uint8Array.of(...prefix(10), 1, 2, 3), true],
  ];
  await Promise.all(
    cases.map(async ([what, bytes, end]) => {
      const rt = await rawRuntime();
      rt.send(bytes);
      if (end) rt.end();
      assert.deepEqual(await rt.exit, { code: 2, signal: null }, what);
      await rt.closed;
      assert.ok(
        rt.stderr.some((l) => l.includes('protocol violation')),
        `${what}: ${rt.stderr}`,
      );
      assert.ok(!rt.stderr.some((l) => l.includes('Traceback')), `${what}: ${rt.stderr}`);
    }),
  );
  const rt = await rawRuntime();
  rt.end();
  assert.deepEqual(await rt.exit, { code: 0, signal: null }, 'host closed between frames');
});

test('py-counter refuses to start when a module differs from the hash runtime.py pins', async () => {
  const dir = buildPyBundle();
  appendFileSync(join(dir, 'rhp.py'), '\n# tampered\n');
  const stderr: string[] = [];
  const rt = await new UnconfinedProvisioner().spawn(await loadBundle(dir), {
    socketPath: '/nonexistent.sock',
    onStderr: (l) => stderr.push(l),
  });
  assert.deepEqual(await rt.exited, { code: 3, signal: null });
  assert.ok(
    stderr.some((l) => l.includes('rhp.py') && l.includes('refusing to start')),
    stderr.join('\n'),
  );
});

test('py-counter tcbor and mkvs unit tests pass (python3 -m unittest)', () => {
  const r = spawnSync(PYTHON, ['-B', '-m', 'unittest', 'discover', '-s', PY_SRC, '-p', 'test_*.py'], {
    env: childEnv(),
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /OK/);
});

test('py-counter tcbor encodes byte for byte like encodeCanonical, and re-encodes its output unchanged', () => {
  const cases: [string, unknown][] = [
    ['0', 0],
    [
      '[0, 23, 24, 255, 256, 65535, 65536, 2**32-1, 2**32, 2**64-1, -1, -24, -25, -2**64]',
      [0, 23, 24, 255, 256, 65535, 65536, 2 ** 32 - 1, 2n ** 32n, 2n ** 64n - 1n, -1, -24, -25, -(2n ** 64n)],
    ],
    ["{'bb': 1, 'a': 2, 'c': 3, 'aaa': 4, 'b': {}}", { bb: 1, a: 2, c: 3, aaa: 4, b: {} }],
    [
      "[b'', b'\\x00\\xff', '', 'é', 'ü\\u20ac', True, False, None, []]",
      [new Uint8Array(0), Uint8Array.of(0, 255), '', 'é', 'ü€', true, false, null, []],
    ],
    [
      "{'id': 2**64-1, 'message_type': 1, 'body': {'RuntimePingRequest': {}}}",
      { id: 2n ** 64n - 1n, message_type: 1, body: { RuntimePingRequest: {} } },
    ],
    [
      "{'header': {'round': 5, 'previous_hash': bytes(32)}, 'io_write_log': [[b'k', None], [b'', b'v']]}",
      {
        header: { round: 5, previous_hash: new Uint8Array(32) },
        io_write_log: [
          [utf8('k'), null],
          [new Uint8Array(0), utf8('v')],
        ],
      },
    ],
  ];
  const tsHex = cases.map(([, v]) => toHex(encodeCanonical(v)));
  const script = [
    'import json, sys',
    `sys.path.insert(0, ${JSON.stringify(PY_SRC)})`,
    'import tcbor',
    'd = json.load(sys.stdin)',
    "enc = [tcbor.encode(eval(s)).hex() for s in d['literals']]",
    "rt = [tcbor.encode(tcbor.decode(bytes.fromhex(h))).hex() for h in d['hex']]",
    "print(json.dumps({'enc': enc, 'rt': rt}))",
  ].join('\n');
  const r = spawnSync(PYTHON, ['-B', '-c', script], {
    input: JSON.stringify({ literals: cases.map(([s]) => s), hex: tsHex }),
    env: childEnv(),
    encoding: 'utf8',
  });
  assert.equal(r.status, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { enc: string[]; rt: string[] };
  assert.deepEqual(out.enc, tsHex);
  assert.deepEqual(out.rt, tsHex);
});
