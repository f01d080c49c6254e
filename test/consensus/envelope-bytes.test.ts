// The dedicated envelope reader accepts exactly what the generic strict decoder accepts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesEqual, decodeWith, encodeWith, signedCodec } from '../../src/common/index.js';
import { ConsensusError, readEnvelope } from '../../src/consensus/index.js';
import { Rng } from '../helpers/rng.js';

function generic(b: Uint8Array): { raw: Uint8Array; pk: Uint8Array; sig: Uint8Array } | null {
  try {
    const s = decodeWith(signedCodec, b);
    return { raw: s.untrusted_raw_value, pk: s.signature.public_key, sig: s.signature.signature };
  } catch {
    return null;
  }
}

function fast(b: Uint8Array): { raw: Uint8Array; pk: Uint8Array; sig: Uint8Array } | null {
  try {
    const s = readEnvelope(b);
    return { raw: s.raw, pk: s.publicKey, sig: s.signature };
  } catch (e) {
    assert.ok(ConsensusError.is(e, 'consensus', ConsensusError.MALFORMED_TX));
    return null;
  }
}

function same(b: Uint8Array): void {
  const g = generic(b);
  const f = fast(b);
  assert.equal(
    f === null,
    g === null,
    `acceptance differs for ${Buffer.from(b.subarray(0, 40)).toString('hex')}…`,
  );
  if (g !== null && f !== null) {
    assert.ok(bytesEqual(g.raw, f.raw) && bytesEqual(g.pk, f.pk) && bytesEqual(g.sig, f.sig));
  }
}

test('envelope reader: equivalent to the strict decoder on valid and mutated envelopes', () => {
  const r = new Rng(99);
  const lengths = [0, 1, 23, 24, 255, 256, 1000, 65535, 65536];
  for (let i = 0; i < 300; i++) {
    const len = i < lengths.length ? lengths[i]! : r.int(600);
    const env = encodeWith(signedCodec, {
      untrusted_raw_value: r.bytes(len),
      signature: { public_key: r.bytes(32), signature: r.bytes(64) },
    });
    same(env);
    const m = new Uint8Array(env);
    const at = r.int(Math.min(m.length, 200));
    m[at] = r.u32() & 0xff;
    same(m);
    same(env.subarray(0, r.int(env.length)));
    same(new Uint8Array([...env, r.u32() & 0xff]));
  }
  same(new Uint8Array(0));
});
