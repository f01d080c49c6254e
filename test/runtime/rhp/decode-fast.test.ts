/**
 * The fast path of `decodeMessage` (scan, direct plain reader, schema, re-encoding comparison)
 * against the strict cborg path: on valid frames, mutants and hand-made non-canonical frames,
 * both must give the same message or the same refusal (code and text).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { concatBytes, decodeChecked, encodeCanonical } from '../../../src/common/index.js';
import {
  bodyKind,
  decodeMessage,
  decodeMessageStrict,
  encodeMessage,
  isRequestKind,
  MAX_FRAME_SIZE,
  type Message,
  RhpError,
} from '../../../src/runtime/rhp/index.js';
import { SAMPLE_BODIES } from '../../helpers/rhp-samples.js';
import { Rng } from '../../helpers/rng.js';

type Outcome = { ok: Message } | { code: number; message: string };

function outcome(f: (b: Uint8Array, max: number) => Message, b: Uint8Array, max = MAX_FRAME_SIZE): Outcome {
  try {
    return { ok: f(b, max) };
  } catch (e) {
    assert.ok(e instanceof RhpError, `not an RhpError: ${String(e)}`);
    return { code: e.code, message: e.message };
  }
}

function assertSame(b: Uint8Array, max = MAX_FRAME_SIZE): Outcome {
  const fast = outcome(decodeMessage, b, max);
  assert.deepEqual(fast, outcome(decodeMessageStrict, b, max));
  return fast;
}

function kvResponse(rng: Rng, n: number): Message['body'] {
  const entry = () => ({
    key: rng.bytes(rng.range(1, 40)),
    value: rng.chance(5) ? null : rng.bytes(rng.int(60)),
  });
  const sorted = (xs: { key: Uint8Array; value: Uint8Array | null }[]) =>
    xs
      .sort((a, b) => Buffer.compare(a.key, b.key))
      .filter((x, i, a) => i === 0 || Buffer.compare(a[i - 1]!.key, x.key) !== 0);
  const h = () => rng.bytes(32);
  return {
    RuntimeExecuteTxBatchResponse: {
      batch: {
        header: {
          round: 7n,
          previous_hash: h(),
          io_root: h(),
          state_root: h(),
          messages_hash: h(),
          in_msgs_hash: h(),
          in_msgs_count: 0,
        },
        io_write_log: sorted(Array.from({ length: n }, entry)),
        state_write_log: sorted(Array.from({ length: n }, entry)),
        messages: [],
      },
      tx_hashes: Array.from({ length: n }, h),
      tx_reject_hashes: [],
      tx_input_write_log: [],
    },
  };
}

function frames(rng: Rng): Uint8Array[] {
  const bodies = [...SAMPLE_BODIES, kvResponse(rng, 20), kvResponse(rng, 3)];
  return bodies.map((body, i) =>
    encodeMessage({ id: BigInt(i * 1_000_003), message_type: isRequestKind(bodyKind(body)) ? 1 : 2, body }),
  );
}

function mutate(f: Uint8Array, rng: Rng): Uint8Array {
  const b = f.slice();
  const at = rng.int(b.length);
  const k = rng.int(5);
  if (k === 0) b[at]! ^= 1 << rng.int(8);
  else if (k === 1) b[at] = rng.int(256);
  else if (k === 2) return concatBytes(b.subarray(0, at), Uint8Array.of(rng.int(256)), b.subarray(at));
  else if (k === 3) return concatBytes(b.subarray(0, at), b.subarray(at + rng.range(1, 4)));
  else return b.subarray(0, at);
  return b;
}

test('decodeMessage: every valid frame decodes to what the strict path gives', () => {
  const rng = new Rng(11);
  for (const f of frames(rng)) assert.ok('ok' in assertSame(f));
});

test('decodeMessage: 6,000 mutated and truncated frames give the strict outcome exactly', () => {
  const rng = new Rng(12);
  const valid = frames(rng);
  let refused = 0;
  for (let i = 0; i < 6_000; i++) {
    let b = rng.pick(valid);
    for (let j = rng.range(1, 3); j > 0; j--) b = mutate(b, rng);
    if (!('ok' in assertSame(b))) refused++;
  }
  assert.ok(refused > 3_000, `only ${refused} mutants refused`);
});

const T = (s: string) => concatBytes(Uint8Array.of(0x60 + s.length), new TextEncoder().encode(s));
const EMPTY_BODY = concatBytes(Uint8Array.of(0xa1), T('Empty'), Uint8Array.of(0xa0));

test('decodeMessage: hand-made non-canonical frames are refused as before', () => {
  const cases = {
    unsorted: concatBytes(
      Uint8Array.of(0xa3),
      T('body'),
      EMPTY_BODY,
      T('id'),
      Uint8Array.of(1),
      T('message_type'),
      Uint8Array.of(2),
    ),
    duplicate: concatBytes(
      Uint8Array.of(0xa4),
      T('id'),
      Uint8Array.of(1),
      T('id'),
      Uint8Array.of(1),
      T('body'),
      EMPTY_BODY,
      T('message_type'),
      Uint8Array.of(2),
    ),
    longInt: concatBytes(
      Uint8Array.of(0xa3),
      T('id'),
      Uint8Array.of(0x18, 1),
      T('body'),
      EMPTY_BODY,
      T('message_type'),
      Uint8Array.of(2),
    ),
    proto: concatBytes(
      Uint8Array.of(0xa3),
      T('id'),
      Uint8Array.of(1),
      T('body'),
      Uint8Array.of(0xa1),
      T('__proto__'),
      Uint8Array.of(0xa0),
      T('message_type'),
      Uint8Array.of(2),
    ),
    trailing: concatBytes(encodeMessage({ id: 1n, message_type: 2, body: { Empty: {} } }), Uint8Array.of(0)),
  };
  for (const [name, b] of Object.entries(cases)) {
    const r = assertSame(b);
    assert.ok(!('ok' in r), `${name} accepted`);
  }
  // Over the size limit: refused by the scan on both paths.
  const big = encodeMessage({ id: 1n, message_type: 2, body: kvResponse(new Rng(3), 50) });
  assert.ok(!('ok' in assertSame(big, 100)));
});

/** Change one value somewhere in a decoded frame: drop or add a key, retype or replace a value. */
function mutateValue(v: unknown, rng: Rng): unknown {
  if (Array.isArray(v)) {
    if (v.length === 0 || rng.chance(6)) return rng.chance(2) ? [...v, 0] : v.slice(1);
    const i = rng.int(v.length);
    return v.map((x, j) => (j === i ? mutateValue(x, rng) : x));
  }
  if (v !== null && typeof v === 'object' && !(v instanceof Uint8Array)) {
    const o = { ...(v as Record<string, unknown>) };
    const keys = Object.keys(o);
    const k = rng.int(4);
    if (keys.length === 0 || k === 0)
      o[rng.pick(['mode', 'code', 'extra', 'rak_sig', 'messages'])] = rng.pick([0, 1, '', []]);
    else if (k === 1) delete o[rng.pick(keys)];
    else {
      const key = rng.pick(keys);
      o[key] = mutateValue(o[key], rng);
    }
    return o;
  }
  return rng.pick([
    0,
    1,
    2 ** 40,
    -1,
    2n ** 64n - 1n,
    '',
    'x',
    null,
    true,
    new Uint8Array(0),
    new Uint8Array(32),
    [],
    {},
  ]);
}

test('decodeMessage: 3,000 canonical frames with schema-level changes give the strict outcome', () => {
  const rng = new Rng(13);
  const valid = frames(rng).map((f) => decodeChecked(f));
  let accepted = 0;
  for (let i = 0; i < 3_000; i++) {
    let v = rng.pick(valid);
    for (let j = rng.range(1, 2); j > 0; j--) v = mutateValue(v, rng);
    if ('ok' in assertSame(encodeCanonical(v))) accepted++;
  }
  assert.ok(accepted < 3_000);
});

test('decodeMessage: explicit default fields are refused; wide ids decode alike', () => {
  const explicit = encodeCanonical({
    id: 1,
    message_type: 2,
    body: { Error: { module: 'rhp', code: 0, message: 'x' } },
  });
  assert.ok(!('ok' in assertSame(explicit)));
  for (const id of [0n, 23n, 24n, 2n ** 32n, 2n ** 53n + 1n, 2n ** 64n - 1n]) {
    assert.ok('ok' in assertSame(encodeMessage({ id, message_type: 2, body: { Empty: {} } })));
  }
});

test('decodeMessage: non-ASCII text (declined by the direct reader) still decodes through cborg', () => {
  const b = encodeMessage({
    id: 5n,
    message_type: 2,
    body: { Error: { module: 'rhp', code: 1, message: 'déjà vu ✓' } },
  });
  const r = assertSame(b);
  assert.ok('ok' in r);
});
