// The fast envelope reader accepts exactly the canonical layout, with the fields the strict
// decoder gives; every other input (mutated, truncated, extended, non-minimal) is left to it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  bytesEqual,
  decodeWith,
  encodeWith,
  readCanonicalSigned,
  signedCodec,
} from '../../src/common/index.js';
import { Rng } from '../helpers/rng.js';

function strict(b: Uint8Array): ReturnType<typeof signedCodec.fromCbor> | undefined {
  try {
    return decodeWith(signedCodec, b, { maxSize: 1 << 20 });
  } catch {
    return undefined;
  }
}

function envelope(r: Rng, rawLen: number): Uint8Array {
  return encodeWith(signedCodec, {
    untrusted_raw_value: r.bytes(rawLen),
    signature: { public_key: r.bytes(32), signature: r.bytes(64) },
  });
}

test('signed envelope: canonical envelopes of every header size read as the strict decoder reads them', () => {
  const r = new Rng(3);
  for (const len of [0, 1, 23, 24, 255, 256, 1000, 65_535, 65_536, 70_000]) {
    const b = envelope(r, len);
    const fast = readCanonicalSigned(b);
    const want = strict(b)!;
    assert.ok(fast, `length ${len}`);
    assert.ok(bytesEqual(fast.raw, want.untrusted_raw_value));
    assert.ok(bytesEqual(fast.publicKey, want.signature.public_key));
    assert.ok(bytesEqual(fast.signature, want.signature.signature));
  }
});

test('signed envelope: hostile variants are never read unless the strict decoder accepts them identically', () => {
  const r = new Rng(5);
  const base = envelope(r, 40);
  const variants: Uint8Array[] = [
    new Uint8Array(0),
    base.subarray(0, base.length - 1),
    Uint8Array.of(...base, 0),
  ];
  for (let i = 0; i < 3000; i++) {
    const b = new Uint8Array(base);
    const at = r.int(b.length);
    b[at] = r.int(256);
    variants.push(b);
  }
  // A non-minimal header for a short raw value (58 05 instead of 45).
  const raw = r.bytes(5);
  const canon = encodeWith(signedCodec, {
    untrusted_raw_value: raw,
    signature: { public_key: r.bytes(32), signature: r.bytes(64) },
  });
  variants.push(Uint8Array.of(...canon.subarray(0, canon.length - 6), 0x58, 5, ...raw));
  let read = 0;
  for (const b of variants) {
    const fast = readCanonicalSigned(b);
    if (!fast) continue;
    read++;
    const want = strict(b);
    assert.ok(want, 'read only what the strict decoder accepts');
    assert.ok(bytesEqual(fast.raw, want.untrusted_raw_value));
    assert.ok(bytesEqual(fast.publicKey, want.signature.public_key));
    assert.ok(bytesEqual(fast.signature, want.signature.signature));
  }
  assert.ok(read > 0, 'mutations inside the key bytes and values still read');
  assert.equal(readCanonicalSigned(variants.at(-1)!), undefined, 'non-minimal header refused');
  assert.ok(strict(variants.at(-1)!) === undefined, 'the strict decoder refuses it too');
});
