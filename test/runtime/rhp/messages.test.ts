import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesEqual, concatBytes, encodeCanonical } from '../../../src/common/index.js';
import {
  BODY_CODECS,
  bodyKind,
  decodeMessage,
  encodeFrame,
  encodeMessage,
  FrameReader,
  isRequestKind,
  MAX_FRAME_SIZE,
  type Message,
  MessageType,
  PROTOCOL_VERSION,
  RhpError,
} from '../../../src/runtime/rhp/index.js';
import { SAMPLE_BODIES } from '../../helpers/rhp-samples.js';
import { Rng } from '../../helpers/rng.js';

function messageOf(body: Message['body'], id: bigint): Message {
  const type = isRequestKind(bodyKind(body)) ? MessageType.Request : MessageType.Response;
  return { id, message_type: type, body };
}

/** Feed `bytes` to a reader in random chunk sizes. */
function readAll(bytes: Uint8Array, rng: Rng): Uint8Array[] {
  const r = new FrameReader();
  const out: Uint8Array[] = [];
  for (let off = 0; off < bytes.length; ) {
    const n = Math.min(bytes.length - off, rng.range(1, 40));
    out.push(...r.push(bytes.subarray(off, off + n)));
    off += n;
  }
  r.finish();
  return out;
}

test('RHP: every variant has a sample', () => {
  const have = new Set(SAMPLE_BODIES.map(bodyKind));
  for (const k of Object.keys(BODY_CODECS)) assert.ok(have.has(k as never), `no sample for ${k}`);
});

test('RHP: every message round-trips through a frame, and re-encodes byte for byte', () => {
  const rng = new Rng(7);
  const msgs = SAMPLE_BODIES.map((b, i) => messageOf(b, BigInt(i) * 1_000_000_007n));
  const stream = msgs.map((m) => encodeFrame(encodeMessage(m)));
  const all = concatBytes(...stream);
  const frames = readAll(all, rng);
  assert.equal(frames.length, msgs.length);
  frames.forEach((f, i) => {
    const m = decodeMessage(f, MAX_FRAME_SIZE);
    assert.deepStrictEqual(m, msgs[i]);
    assert.ok(bytesEqual(encodeMessage(m), f), `re-encoding of #${i}`);
  });
});

test('RHP: a large u64 id survives', () => {
  const m: Message = { id: 0xffffffffffffffffn, message_type: 1, body: { RuntimePingRequest: {} } };
  assert.deepStrictEqual(decodeMessage(encodeMessage(m), MAX_FRAME_SIZE), m);
});

test('RHP: the wire uses Oasis names (snake_case fields, variant keys)', () => {
  const bytes = encodeMessage(messageOf(SAMPLE_BODIES[3]!, 1n));
  const text = new TextDecoder('latin1').decode(bytes);
  for (const s of ['message_type', 'RuntimeInfoRequest', 'consensus_chain_context', 'runtime_id']) {
    assert.ok(text.includes(s), s);
  }
  assert.equal(PROTOCOL_VERSION.major, 5);
});

test('RHP: the frame reader refuses an oversized length before its body arrives', () => {
  const r = new FrameReader();
  const prefix = new Uint8Array(4);
  new DataView(prefix.buffer).setUint32(0, MAX_FRAME_SIZE + 1);
  assert.throws(
    () => r.push(prefix),
    (e) => RhpError.is(e, 'rhp', RhpError.FRAME_TOO_LARGE),
  );
  assert.throws(
    () => encodeFrame(new Uint8Array(11), 10),
    (e) => RhpError.is(e, 'rhp', RhpError.FRAME_TOO_LARGE),
  );
});

test('RHP: the frame reader reports a truncated frame at end of stream', () => {
  const f = encodeFrame(encodeMessage(messageOf({ RuntimePingRequest: {} }, 1n)));
  for (const cut of [1, 3, 4, f.length - 1]) {
    const r = new FrameReader();
    assert.equal(r.push(f.subarray(0, cut)).length, 0);
    assert.throws(
      () => r.finish(),
      (e) => RhpError.is(e, 'rhp', RhpError.FRAME_TRUNCATED),
    );
  }
});

const ping = { id: 1, message_type: 1, body: { RuntimePingRequest: {} } };
const bad: [string, Uint8Array, number][] = [
  ['trailing bytes', new Uint8Array([...encodeCanonical(ping), 0]), RhpError.MALFORMED_MESSAGE],
  ['not CBOR', new Uint8Array([0xff, 0x00]), RhpError.MALFORMED_MESSAGE],
  ['empty frame', new Uint8Array(0), RhpError.MALFORMED_MESSAGE],
  [
    'non-minimal id',
    hexBytes(
      'a362696418016462 6f6479a1725275 6e74696d6550696e 6752657175657374 a06c6d6573736167 655f7479706501',
    ),
    RhpError.NON_CANONICAL,
  ],
  [
    'unsorted keys',
    hexBytes('a36c6d6573736167655f74797065016269640164626f6479a17252756e74696d6550696e6752657175657374a0'),
    RhpError.NON_CANONICAL,
  ],
  [
    'unknown variant',
    encodeCanonical({ ...ping, body: { RuntimeFooRequest: {} } }),
    RhpError.UNKNOWN_VARIANT,
  ],
  [
    'two variants',
    encodeCanonical({ ...ping, body: { RuntimePingRequest: {}, Empty: {} } }),
    RhpError.MALFORMED_MESSAGE,
  ],
  [
    'unknown body field',
    encodeCanonical({ ...ping, body: { RuntimePingRequest: { x: 1 } } }),
    RhpError.MALFORMED_MESSAGE,
  ],
  ['unknown envelope field', encodeCanonical({ ...ping, span: 1 }), RhpError.MALFORMED_MESSAGE],
  ['message_type 3', encodeCanonical({ ...ping, message_type: 3 }), RhpError.WRONG_MESSAGE_TYPE],
  ['response type, request body', encodeCanonical({ ...ping, message_type: 2 }), RhpError.WRONG_MESSAGE_TYPE],
  [
    'request type, response body',
    encodeCanonical({ ...ping, body: { Empty: {} } }),
    RhpError.WRONG_MESSAGE_TYPE,
  ],
  [
    'omitempty field present',
    encodeCanonical({ ...ping, message_type: 2, body: { Error: { code: 0 } } }),
    RhpError.NON_CANONICAL,
  ],
  ['negative id', encodeCanonical({ ...ping, id: -1 }), RhpError.MALFORMED_MESSAGE],
  [
    'bad storage endpoint',
    encodeCanonical({ ...ping, body: { HostStorageSyncRequest: { endpoint: 2, SyncGet: {} } } }),
    RhpError.MALFORMED_MESSAGE,
  ],
];

function hexBytes(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
}

for (const [name, bytes, code] of bad) {
  test(`RHP: a frame with ${name} is refused with code ${code}`, () => {
    assert.throws(
      () => decodeMessage(bytes, MAX_FRAME_SIZE),
      (e) => e instanceof RhpError && e.code === code,
    );
  });
}
