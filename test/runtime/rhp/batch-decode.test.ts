/**
 * The direct reader of ExecuteTxBatch frames (lists read from the frame, the rest decoded
 * strictly) against the strict cborg path: the same message on valid frames, the same refusal
 * (code and text) on mutants and hand-made non-canonical frames; views into the frame only when
 * the caller owns it, and then only for a request's inputs and a response's IO write log.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  decodeMessage,
  decodeMessageStrict,
  encodeMessage,
  MAX_FRAME_SIZE,
  type Message,
  RhpError,
  takeBatchLists,
} from '../../../src/runtime/rhp/index.js';
import { request, response } from '../../helpers/rhp-batches.js';
import { Rng } from '../../helpers/rng.js';

type Outcome = { ok: Message } | { code: number; message: string };

function outcome(f: () => Message): Outcome {
  try {
    return { ok: f() };
  } catch (e) {
    assert.ok(e instanceof RhpError, `not an RhpError: ${String(e)}`);
    return { code: e.code, message: e.message };
  }
}

/** Both fast variants (copying and owning) give what the strict path gives. */
function assertSame(b: Uint8Array, max = MAX_FRAME_SIZE): Outcome {
  const strict = outcome(() => decodeMessageStrict(b, max));
  assert.deepEqual(
    outcome(() => decodeMessage(b, max)),
    strict,
  );
  assert.deepEqual(
    outcome(() => decodeMessage(b.slice(), max, true)),
    strict,
  );
  return strict;
}

const shares = (x: Uint8Array, b: Uint8Array) => x.buffer === b.buffer;

test('batch frames decode as the strict decoder does, through the direct reader (random batches)', () => {
  const rng = new Rng(11);
  for (let i = 0; i < 30; i++) {
    const n = rng.pick([0, 1, 2, 24, 200]);
    for (const m of [request(rng, n), response(rng, n)]) {
      const b = encodeMessage(m);
      const out = assertSame(b);
      assert.ok('ok' in out);
      assert.deepEqual(out.ok.body, m.body);
      assert.equal(takeBatchLists(b, MAX_FRAME_SIZE) !== undefined, n > 0 || m.message_type === 2);
    }
  }
});

test('views into the frame only when owned, and only inputs and the IO write log', () => {
  const rng = new Rng(12);
  const q = request(rng, 5);
  const bq = encodeMessage(q);
  const copied = decodeMessage(bq, MAX_FRAME_SIZE).body as {
    RuntimeExecuteTxBatchRequest: { inputs: Uint8Array[] };
  };
  assert.ok(copied.RuntimeExecuteTxBatchRequest.inputs.every((x) => !shares(x, bq)));
  const viewed = decodeMessage(bq, MAX_FRAME_SIZE, true).body as typeof copied;
  assert.ok(viewed.RuntimeExecuteTxBatchRequest.inputs.every((x) => shares(x, bq)));

  type R = {
    RuntimeExecuteTxBatchResponse: {
      batch: { io_write_log: { key: Uint8Array }[]; state_write_log: { key: Uint8Array }[] };
      tx_hashes: Uint8Array[];
    };
  };
  const br = encodeMessage(response(rng, 5));
  const r = (decodeMessage(br, MAX_FRAME_SIZE, true).body as R).RuntimeExecuteTxBatchResponse;
  assert.ok(r.batch.io_write_log.every((e) => shares(e.key, br)));
  assert.ok(r.batch.state_write_log.every((e) => !shares(e.key, br)));
  assert.ok(r.tx_hashes.every((h) => !shares(h, br)));
  const c = (decodeMessage(br, MAX_FRAME_SIZE).body as R).RuntimeExecuteTxBatchResponse;
  assert.ok(c.batch.io_write_log.every((e) => !shares(e.key, br)));
  // A Buffer's `slice` shares memory: the copies must still be copies, and plain arrays.
  const buf = Buffer.from(br);
  const fromBuffer = (decodeMessage(buf, MAX_FRAME_SIZE).body as R).RuntimeExecuteTxBatchResponse;
  assert.ok(fromBuffer.batch.io_write_log.every((e) => !shares(e.key, buf)));
  assert.ok(fromBuffer.tx_hashes.every((h) => Object.getPrototypeOf(h) === Uint8Array.prototype));
  assert.deepEqual(fromBuffer, c);
});

test('mutated batch frames get the strict refusal (or the same message)', () => {
  const rng = new Rng(13);
  const frames = [encodeMessage(request(rng, 4)), encodeMessage(response(rng, 4))];
  for (let i = 0; i < 600; i++) {
    const b = rng.pick(frames).slice();
    const k = 1 + rng.int(3);
    for (let j = 0; j < k; j++)
      b[rng.int(b.length)] = rng.pick([0, 0x80, 0xf6, 0x18, 0x58, 0x20, rng.int(256)]);
    assertSame(b);
  }
  // Too large for the limit: refused as before.
  assertSame(frames[1]!, frames[1]!.length - 1);
});

test('explicit empty lists, truncation and trailing bytes are refused as before', () => {
  const rng = new Rng(14);
  const one = request(rng, 1);
  const input = (one.body as { RuntimeExecuteTxBatchRequest: { inputs: Uint8Array[] } })
    .RuntimeExecuteTxBatchRequest.inputs[0]!;
  const b = encodeMessage(one);
  const at = Buffer.from(b).indexOf(Buffer.from('inputs')) + 6;
  // `inputs: []` written out (Go omits it): not the canonical encoding.
  const withHead = input.length < 24 ? 1 : input.length < 256 ? 2 : input.length < 65536 ? 3 : 5;
  const empty = new Uint8Array([...b.subarray(0, at), 0x80, ...b.subarray(at + 1 + withHead + input.length)]);
  const out = assertSame(empty);
  assert.ok('code' in out && out.code === RhpError.NON_CANONICAL);
  assertSame(b.subarray(0, b.length - 1));
  assertSame(new Uint8Array([...b, 0]));
  const resp = encodeMessage(response(rng, 2));
  assertSame(resp.subarray(0, resp.length - 5));
});
