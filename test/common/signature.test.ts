// Ed25519 with Oasis-style domain separation: contexts, chain separation, rejections (§10).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ed25519 } from '@noble/curves/ed25519.js';
import {
  CommonError,
  context,
  Ed25519Signer,
  fromHex,
  fullContext,
  hash,
  isSmallOrderEncoding,
  openSigned,
  SMALL_ORDER_ENCODINGS,
  signerMessage,
  signValue,
  struct,
  toHex,
  u64,
  utf8,
  verify,
  verifyRaw,
  withContextPrefix,
} from '../../src/common/index.js';

const CHAIN_A = 'a'.repeat(64);
const CHAIN_B = 'b'.repeat(64);
const seed = fromHex('9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60');

test('context construction: prefix, dynamic suffix before the chain part, 255-byte bound', () => {
  assert.equal(context('consensus', 'tx'), 'tandem/consensus: tx');
  const c = fullContext(context('roothash', 'executor commitment'), {
    suffix: ` for runtime ${'00'.repeat(32)}`,
    chainContext: CHAIN_A,
  });
  assert.equal(c, `tandem/roothash: executor commitment for runtime ${'00'.repeat(32)} for chain ${CHAIN_A}`);
  withContextPrefix('oasis-core', () => {
    assert.equal(
      fullContext(context('consensus', 'tx'), { chainContext: CHAIN_A }),
      `oasis-core/consensus: tx for chain ${CHAIN_A}`,
    );
  });
  assert.equal(context('consensus', 'tx'), 'tandem/consensus: tx', 'prefix restored');
  assert.throws(() => context('x'.repeat(250), 'y'), CommonError);
  assert.throws(() => fullContext('tandem/x: y', { chainContext: 'not-hex' }), CommonError);
});

test('the signed message is SHA-512/256(context ‖ message), signed as RFC 8032 (checked against noble)', () => {
  const s = Ed25519Signer.fromSeed(seed);
  const ctx = fullContext(context('consensus', 'tx'), { chainContext: CHAIN_A });
  const msg = utf8('hello');
  const sig = s.sign(ctx, msg);
  const digest = hash(utf8(ctx), msg);
  assert.equal(toHex(signerMessage(ctx, msg)), toHex(digest));
  assert.equal(toHex(sig), toHex(ed25519.sign(digest, seed)));
  assert.equal(toHex(s.publicKey), toHex(ed25519.getPublicKey(seed)));
  assert.ok(verify(s.publicKey, ctx, msg, sig));
});

test('verification rejects a wrong context, a wrong chain, a truncated signature and every flipped bit', () => {
  const s = Ed25519Signer.fromSeed(seed);
  const base = context('consensus', 'vote');
  const ctx = fullContext(base, { chainContext: CHAIN_A });
  const msg = utf8('vote for block 7');
  const sig = s.sign(ctx, msg);
  assert.ok(verify(s.publicKey, ctx, msg, sig));
  assert.equal(
    verify(s.publicKey, fullContext(context('consensus', 'tx'), { chainContext: CHAIN_A }), msg, sig),
    false,
  );
  assert.equal(verify(s.publicKey, fullContext(base, { chainContext: CHAIN_B }), msg, sig), false);
  assert.equal(verify(s.publicKey, base, msg, sig), false, 'missing chain separation');
  assert.equal(verify(s.publicKey, ctx, msg, sig.subarray(0, 63)), false);
  assert.equal(verify(s.publicKey.subarray(0, 31), ctx, msg, sig), false);
  for (let bit = 0; bit < 512; bit++) {
    const bad = new Uint8Array(sig);
    bad[bit >> 3]! ^= 1 << (bit & 7);
    assert.equal(verify(s.publicKey, ctx, msg, bad), false, `flipped signature bit ${bit}`);
  }
  for (let bit = 0; bit < 256; bit++) {
    const bad = new Uint8Array(s.publicKey);
    bad[bit >> 3]! ^= 1 << (bit & 7);
    assert.equal(verify(bad, ctx, msg, sig), false, `flipped key bit ${bit}`);
  }
  const badMsg = new Uint8Array(msg);
  badMsg[0]! ^= 1;
  assert.equal(verify(s.publicKey, ctx, badMsg, sig), false);
});

test('small-order public keys and R values are rejected; the table matches noble', () => {
  for (const enc of SMALL_ORDER_ENCODINGS) {
    assert.ok(isSmallOrderEncoding(enc));
    const withSign = new Uint8Array(enc);
    withSign[31]! |= 0x80;
    assert.ok(isSmallOrderEncoding(withSign));
    // Canonical encodings decode in noble and are of small order.
    let p: ReturnType<typeof ed25519.Point.fromBytes> | undefined;
    try {
      p = ed25519.Point.fromBytes(enc);
    } catch {
      p = undefined; // non-canonical alias (y >= p): noble refuses it, which is expected
    }
    if (p) assert.ok(p.isSmallOrder(), toHex(enc));
  }
  assert.equal(SMALL_ORDER_ENCODINGS.length, 7);
  // Every point of the 8-torsion subgroup is in the table.
  const t8 = ed25519.Point.fromBytes(SMALL_ORDER_ENCODINGS[2]!);
  let q = ed25519.Point.ZERO;
  for (let i = 0; i < 8; i++) {
    assert.ok(isSmallOrderEncoding(q.toBytes()), `8-torsion point ${i}`);
    q = q.add(t8);
  }
  assert.equal(isSmallOrderEncoding(Ed25519Signer.fromSeed(seed).publicKey), false);
  // The identity as public key with the signature (R = identity, S = 0) that verifies cofactorless.
  const identity = fromHex('01'.padEnd(64, '0'));
  const sig = new Uint8Array(64);
  sig.set(identity, 0);
  assert.equal(verifyRaw(identity, utf8('anything'), sig), false);
});

test('Signed envelope: verified before decoding; tampering and wrong context refused', () => {
  const s = Ed25519Signer.fromSeed(seed);
  const codec = struct({ height: u64 });
  const ctx = fullContext(context('test', 'envelope'), { chainContext: CHAIN_A });
  const env = signValue(s, ctx, codec, { height: 5n });
  assert.equal(openSigned(env, ctx, codec).height, 5n);
  assert.throws(
    () => openSigned(env, fullContext(context('test', 'envelope'), { chainContext: CHAIN_B }), codec),
    CommonError,
  );
  const tampered = { ...env, untrusted_raw_value: new Uint8Array(env.untrusted_raw_value) };
  tampered.untrusted_raw_value[tampered.untrusted_raw_value.length - 1]! ^= 1;
  assert.throws(() => openSigned(tampered, ctx, codec), CommonError);
});

test('a signer never reveals its seed through JSON, String or inspection', async () => {
  const { inspect } = await import('node:util');
  const s = Ed25519Signer.fromSeed(seed);
  const secret = toHex(seed);
  for (const text of [JSON.stringify(s), String(s), inspect(s), inspect({ nested: s }, { depth: 5 })]) {
    assert.ok(!text.includes(secret), text);
    assert.ok(text.includes(toHex(s.publicKey)));
  }
});
