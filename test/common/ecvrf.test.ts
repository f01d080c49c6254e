// ECVRF-EDWARDS25519-SHA512-ELL2 (RFC 9381, suite 0x04): vectors, intermediates and rejection.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BASE, encodeToCurve, expandSecret, L, nonce } from '../../src/common/crypto/ecvrf-suite.js';
import {
  CommonError,
  ECVRF_OUTPUT_SIZE,
  ECVRF_PROOF_SIZE,
  ecvrfProofToHash,
  ecvrfProve,
  ecvrfPublicKey,
  ecvrfValidatePublicKey,
  ecvrfVerify,
  fromHex,
  SMALL_ORDER_ENCODINGS,
  toHex,
} from '../../src/common/index.js';
import { readVectors } from '../helpers/paths.js';

interface Vector {
  sk: string;
  pk: string;
  alpha: string;
  pi: string;
  beta: string;
}
const vectors = readVectors<{ vectors: Vector[] }>('ecvrf-edwards25519-sha512-ell2.json').vectors;

// RFC 9381 Appendix B.4 (Examples 19–21) intermediates, for the same keys and inputs: H, the
// nonce k (little-endian), U = k·B and V = k·H.
const RFC_INTERMEDIATES: Record<string, { h: string; k: string; u: string; v: string }> = {
  d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a: {
    h: 'b8066ebbb706c72b64390324e4a3276f129569eab100c26b9f05011200c1bad9',
    k: '55cbb247af9b8372259a97b2cfec656d78868deb33b203d51b9961c364522400',
    u: '762f5c178b68f0cddcc1157918edf45ec334ac8e8286601a3256c3bbf858edd9',
    v: '4652eba1c4612e6fce762977a59420b451e12964adbe4fbecd58a7aeff5860af',
  },
  '3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c': {
    h: '76ac3ccb86158a9104dff819b1ca293426d305fd76b39b13c9356d9b58c08e57',
    k: '9565956daeedf376cad61b829b2a4d21ba1b52e9b3e2457477a64630a9711003',
    u: '8ec26e77b8cb3114dd2265fe1564a4efb40d109aa3312536d93dfe3d8d80a061',
    v: 'fe799eb5770b4e3a5a27d22518bb631db183c8316bb552155f442c62a47d1c8b',
  },
  fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025: {
    h: '13d2a8b5ca32db7e98094a61f656a08c6c964344e058879a386a947a4e189ed1',
    k: '1fda4077f737098b3f361c33a36cccafd7e9e9b720e1f84011254e25f37eed02',
    u: 'a012f35433df219a88ab0f9481f4e0065d00422c3285f3d34a8b0202f20bac60',
    v: 'fb613986d171b3e98319c7ca4dc44c5dd8314a6e5616c1a4f16ce72bd7a0c25a',
  },
};

function leHex(n: bigint): string {
  return toHex(Uint8Array.from({ length: 32 }, (_, i) => Number((n >> BigInt(8 * i)) & 0xffn)));
}

/** Asserts `f` throws a CommonError with one of `codes`. */
function rejects(f: () => unknown, codes: number[], what: string): void {
  assert.throws(
    f,
    (e: unknown) => e instanceof CommonError && e.module === 'common' && codes.includes(e.code),
    `${what} should be rejected with ${codes.join('/')}`,
  );
}

const v0 = vectors[0]!;
const pk0 = fromHex(v0.pk);
const alpha0 = fromHex(v0.alpha);
const pi0 = fromHex(v0.pi);

test('every vector: public key, exact pi from prove, exact beta from verify and proof_to_hash', () => {
  assert.ok(vectors.length >= 3);
  for (const v of vectors) {
    const sk = fromHex(v.sk);
    assert.equal(toHex(ecvrfPublicKey(sk)), v.pk);
    const pi = ecvrfProve(sk, fromHex(v.alpha));
    assert.equal(pi.length, ECVRF_PROOF_SIZE);
    assert.equal(toHex(pi), v.pi);
    const beta = ecvrfVerify(fromHex(v.pk), fromHex(v.alpha), fromHex(v.pi));
    assert.equal(beta.length, ECVRF_OUTPUT_SIZE);
    assert.equal(toHex(beta), v.beta);
    assert.equal(toHex(ecvrfProofToHash(fromHex(v.pi))), v.beta);
  }
});

test('intermediates match RFC 9381 Appendix B.4: H (encode_to_curve), nonce k, U and V', () => {
  for (const v of vectors) {
    const want = RFC_INTERMEDIATES[v.pk];
    assert.ok(want, `no RFC intermediates for ${v.pk}`);
    const h = encodeToCurve(fromHex(v.pk), fromHex(v.alpha));
    assert.equal(toHex(h.toBytes()), want.h);
    const k = nonce(expandSecret(fromHex(v.sk)).prefix, h.toBytes());
    assert.equal(leHex(k), want.k);
    assert.equal(toHex(BASE.multiply(k).toBytes()), want.u);
    assert.equal(toHex(h.multiply(k).toBytes()), want.v);
  }
});

test('flipping any single bit of a valid proof makes verify fail', () => {
  for (let bit = 0; bit < ECVRF_PROOF_SIZE * 8; bit++) {
    const bad = pi0.slice();
    bad[bit >> 3]! ^= 1 << (bit & 7);
    rejects(
      () => ecvrfVerify(pk0, alpha0, bad),
      [CommonError.VRF_MALFORMED_PROOF, CommonError.VRF_INVALID_PROOF],
      `bit ${bit}`,
    );
  }
});

test('a proof fails for a different alpha or a different key', () => {
  rejects(() => ecvrfVerify(pk0, Uint8Array.of(0x72), pi0), [CommonError.VRF_INVALID_PROOF], 'wrong alpha');
  rejects(
    () => ecvrfVerify(fromHex(vectors[1]!.pk), alpha0, pi0),
    [CommonError.VRF_INVALID_PROOF],
    'wrong key',
  );
});

test('every small-order public key is rejected, with either sign bit', () => {
  assert.ok(SMALL_ORDER_ENCODINGS.length >= 7);
  ecvrfValidatePublicKey(pk0);
  for (const enc of SMALL_ORDER_ENCODINGS) {
    for (const sign of [0, 0x80]) {
      const pk = enc.slice();
      pk[31]! |= sign;
      rejects(() => ecvrfVerify(pk, alpha0, pi0), [CommonError.VRF_INVALID_KEY], `key ${toHex(pk)}`);
      rejects(() => ecvrfValidatePublicKey(pk), [CommonError.VRF_INVALID_KEY], `validate ${toHex(pk)}`);
    }
  }
});

test('a public key that is not a curve point, or not canonical, is rejected', () => {
  const offCurve = fromHex('0200000000000000000000000000000000000000000000000000000000000000');
  rejects(() => ecvrfVerify(offCurve, alpha0, pi0), [CommonError.VRF_INVALID_KEY], 'off-curve key');
  // y = p + 3 encodes the point with y = 3 (on the curve, not of small order) non-canonically:
  // lenient (ZIP-215) decoders take it, RFC 8032 decoding must not.
  const nonCanonical = fromHex('f0ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f');
  rejects(() => ecvrfVerify(nonCanonical, alpha0, pi0), [CommonError.VRF_INVALID_KEY], 'key with y >= p');
  const pi = pi0.slice();
  pi.set(nonCanonical, 0);
  rejects(() => ecvrfVerify(pk0, alpha0, pi), [CommonError.VRF_MALFORMED_PROOF], 'Gamma with y >= p');
});

test('malformed lengths and types are rejected', () => {
  for (const n of [0, 79, 81, 160]) {
    const pi = new Uint8Array(n);
    pi.set(pi0.subarray(0, Math.min(n, 80)));
    rejects(() => ecvrfVerify(pk0, alpha0, pi), [CommonError.VRF_MALFORMED_PROOF], `proof of ${n} bytes`);
    rejects(() => ecvrfProofToHash(pi), [CommonError.VRF_MALFORMED_PROOF], `proof_to_hash of ${n} bytes`);
  }
  for (const n of [0, 31, 33, 64]) {
    rejects(() => ecvrfVerify(new Uint8Array(n), alpha0, pi0), [CommonError.VRF_INVALID_KEY], `key of ${n}`);
    rejects(() => ecvrfProve(new Uint8Array(n), alpha0), [CommonError.VRF_INVALID_INPUT], `secret of ${n}`);
  }
  const notBytes = 'ab' as unknown as Uint8Array;
  rejects(() => ecvrfVerify(pk0, notBytes, pi0), [CommonError.VRF_INVALID_INPUT], 'string alpha');
  rejects(() => ecvrfProve(fromHex(v0.sk), notBytes), [CommonError.VRF_INVALID_INPUT], 'string alpha');
});

test('a non-canonical scalar s >= L is rejected (s + L, and s = L exactly)', () => {
  const s = BigInt(`0x${toHex(pi0.slice(48).reverse())}`);
  for (const bad of [s + L, L, 2n ** 256n - 1n]) {
    const pi = pi0.slice();
    pi.set(fromHex(leHex(bad)), 48);
    rejects(() => ecvrfVerify(pk0, alpha0, pi), [CommonError.VRF_MALFORMED_PROOF], `s = ${bad}`);
  }
});

test('prove is deterministic and its proof verifies for arbitrary alpha', () => {
  const sk = fromHex(vectors[2]!.sk);
  const alpha = new Uint8Array(1000).fill(7);
  const pi = ecvrfProve(sk, alpha);
  assert.deepEqual(ecvrfProve(sk, alpha), pi);
  assert.deepEqual(ecvrfVerify(ecvrfPublicKey(sk), alpha, pi), ecvrfProofToHash(pi));
});

test('ECVRF error codes are CommonError codes 20..29', () => {
  const vrf = Object.entries(CommonError).filter(([k]) => k.startsWith('VRF_'));
  assert.ok(vrf.length >= 3);
  for (const [, c] of vrf) assert.ok((c as number) >= 20 && (c as number) <= 29);
});
