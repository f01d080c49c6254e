/**
 * The direct writer of ExecuteTxBatch requests and responses against the general encoder
 * (schema + canonical CBOR): the same bytes on random batches, the same refusal on bad ones.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EncodedCbor, encodePlain } from '../../../src/common/index.js';
import { writeLogBytes } from '../../../src/mkvs/index.js';
import {
  decodeMessage,
  encodeBatchMessage,
  encodeMessage,
  encodeMessageGeneral,
  MAX_FRAME_SIZE,
  type Message,
  messageCodec,
  RhpError,
} from '../../../src/runtime/rhp/index.js';
import { request, response } from '../../helpers/rhp-batches.js';
import { SAMPLE_BODIES } from '../../helpers/rhp-samples.js';
import { Rng } from '../../helpers/rng.js';

type Outcome = { ok: Uint8Array } | { code: number; message: string };

function outcome(f: (m: Message) => Uint8Array, m: Message): Outcome {
  try {
    return { ok: f(m) };
  } catch (e) {
    assert.ok(e instanceof RhpError, `not an RhpError: ${String(e)}`);
    return { code: e.code, message: e.message };
  }
}

function assertSame(m: Message): Outcome {
  const direct = outcome(encodeMessage, m);
  assert.deepEqual(direct, outcome(encodeMessageGeneral, m));
  return direct;
}

test('batch requests and responses encode as the general encoder does (random batches)', () => {
  const rng = new Rng(0x5eed5);
  for (let i = 0; i < 40; i++) {
    const n = rng.pick([0, 1, 2, 23, 24, 300]);
    for (const m of [request(rng, n), response(rng, n)]) {
      const out = assertSame(m);
      assert.ok('ok' in out);
      // An empty input list is left to the general path (nothing to gain).
      const taken = encodeBatchMessage(m, messageCodec) !== undefined;
      assert.equal(taken, n > 0 || m.message_type === 2, 'the direct path took it');
      assert.deepEqual(decodeMessage(out.ok, MAX_FRAME_SIZE).body, m.body);
    }
  }
});

test('sample bodies of every kind encode as before', () => {
  for (const [i, body] of SAMPLE_BODIES.entries()) {
    const kind = Object.keys(body)[0]!;
    assertSame({ id: BigInt(i), message_type: kind.includes('Response') || kind === 'Empty' ? 2 : 1, body });
  }
});

test("bad batches get the general encoder's refusal (wrong entry types, lengths, sizes)", () => {
  const rng = new Rng(7);
  const bads: ((m: Message) => void)[] = [
    (m) =>
      ((
        m.body as never as { RuntimeExecuteTxBatchRequest: { inputs: unknown[] } }
      ).RuntimeExecuteTxBatchRequest.inputs[1] = 'x'),
    (m) =>
      ((
        m.body as never as { RuntimeExecuteTxBatchRequest: { inputs: unknown } }
      ).RuntimeExecuteTxBatchRequest.inputs = 5),
    (m) =>
      ((
        m.body as never as { RuntimeExecuteTxBatchRequest: { epoch: unknown } }
      ).RuntimeExecuteTxBatchRequest.epoch = -1n),
  ];
  for (const bad of bads) {
    const m = request(rng, 3);
    bad(m);
    const out = assertSame(m);
    assert.ok('code' in out && out.code === RhpError.ENCODE);
  }
  type R = { RuntimeExecuteTxBatchResponse: Record<string, unknown> & { batch: Record<string, unknown> } };
  const badResponses: ((r: R['RuntimeExecuteTxBatchResponse']) => void)[] = [
    (r) => ((r.batch.io_write_log as { key: unknown }[])[0]!.key = 'k'),
    (r) => (r.batch.state_write_log as unknown[]).push({ key: new Uint8Array(8192), value: null }),
    (r) => ((r.tx_hashes as Uint8Array[])[1] = new Uint8Array(31)),
    (r) => (r.batch.io_write_log = {}),
    (r) => (r.batch.header = 1),
  ];
  for (const bad of badResponses) {
    const m = response(rng, 3);
    bad((m.body as never as R).RuntimeExecuteTxBatchResponse);
    const out = assertSame(m);
    assert.ok('code' in out && out.code === RhpError.ENCODE);
  }
});

test('writeLogBytes declines what the codec would refuse; EncodedCbor is written verbatim', () => {
  assert.equal(writeLogBytes([{ key: new Uint8Array(8192), value: null }]), undefined);
  assert.equal(writeLogBytes([{ key: 'a' as never, value: null }]), undefined);
  assert.equal(writeLogBytes([{ key: new Uint8Array(1), value: null }], 0), undefined);
  assert.deepEqual(writeLogBytes([]), new Uint8Array([0x80]));
  const raw = new Uint8Array([0x82, 0x41, 1, 0xf6]);
  assert.deepEqual(encodePlain({ a: new EncodedCbor(raw) }), new Uint8Array([0xa1, 0x61, 0x61, ...raw]));
});
