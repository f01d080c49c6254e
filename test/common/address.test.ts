// Account addresses (§7) with bech32 text, and runtime ids with flags (RT-3).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  addressFromModule,
  addressFromPublicKey,
  addressFromRuntimeId,
  addressFromString,
  addressToString,
  CommonError,
  concatBytes,
  FLAG_KEY_MANAGER,
  FLAG_TEST,
  fromHex,
  hash,
  makeNamespace,
  namespaceFlags,
  namespaceFromSeed,
  namespaceFromString,
  namespaceToString,
  toHex,
  u64be,
  utf8,
  withContextPrefix,
} from '../../src/common/index.js';

const pub = fromHex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a');

test('§7 address = version ‖ first 20 bytes of H(context ‖ version ‖ data)', () => {
  const a = addressFromPublicKey(pub);
  const expected = concatBytes(
    Uint8Array.of(0),
    hash(utf8('tandem/address: staking'), Uint8Array.of(0), pub).subarray(0, 20),
  );
  assert.equal(toHex(a), toHex(expected));
  withContextPrefix('oasis-core', () => {
    const o = addressFromPublicKey(pub);
    const oe = hash(utf8('oasis-core/address: staking'), Uint8Array.of(0), pub).subarray(0, 20);
    assert.equal(toHex(o.subarray(1)), toHex(oe));
  });
  assert.notEqual(
    toHex(addressFromRuntimeId(new Uint8Array(32))),
    toHex(addressFromPublicKey(new Uint8Array(32))),
  );
  assert.equal(addressFromModule('staking', 'common-pool').length, 21);
});

test('bech32 text form round-trips and rejects bad checksums, prefixes, case mixes and lengths', () => {
  const a = addressFromPublicKey(pub);
  const s = addressToString(a);
  assert.ok(s.startsWith('tandem1'));
  assert.equal(toHex(addressFromString(s)), toHex(a));
  assert.equal(toHex(addressFromString(s.toUpperCase())), toHex(a));
  const last = s[s.length - 1] === 'q' ? 'p' : 'q';
  assert.throws(() => addressFromString(s.slice(0, -1) + last), CommonError);
  assert.throws(() => addressFromString(s.replace('tandem1', 'oasis1')), CommonError);
  assert.throws(() => addressFromString(s.slice(0, 10) + s.slice(10).toUpperCase()), CommonError);
  assert.throws(() => addressFromString('tandem1qqqqqqqq'), CommonError);
  assert.throws(() => addressToString(new Uint8Array(20)), CommonError);
  assert.throws(() => addressFromString(s.replace(/.$/, 'b')), CommonError); // 'b' is not in the charset
});

test('RT-3 runtime ids: flags bit 63 test, bit 62 key manager, other flag bits rejected', () => {
  const ident = hash(utf8('x')).subarray(0, 24);
  const plain = makeNamespace({}, ident);
  assert.deepEqual(namespaceFlags(plain), { test: false, keyManager: false });
  const t = makeNamespace({ test: true }, ident);
  assert.equal(t[0], 0x80);
  assert.deepEqual(namespaceFlags(t), { test: true, keyManager: false });
  const km = makeNamespace({ keyManager: true }, ident);
  assert.equal(km[0], 0x40);
  assert.deepEqual(namespaceFlags(km), { test: false, keyManager: true });
  assert.equal(namespaceFlags(makeNamespace({ test: true, keyManager: true }, ident)).keyManager, true);
  for (let bit = 0; bit < 62; bit++) {
    const bad = concatBytes(u64be(1n << BigInt(bit)), ident);
    assert.throws(() => namespaceFlags(bad), CommonError, `bit ${bit}`);
  }
  assert.throws(() => namespaceFlags(new Uint8Array(31)), CommonError);
  assert.ok(FLAG_TEST === 1n << 63n && FLAG_KEY_MANAGER === 1n << 62n);
});

test('runtime id text form round-trips; the seed helper uses H(seed)[0:24]', () => {
  const id = namespaceFromSeed('tandem kv runtime', { test: true });
  assert.equal(toHex(id.subarray(8)), toHex(hash(utf8('tandem kv runtime')).subarray(0, 24)));
  const s = namespaceToString(id);
  assert.equal(s.length, 64);
  assert.equal(toHex(namespaceFromString(s)), toHex(id));
  assert.throws(() => namespaceFromString(`01${s.slice(2)}`), CommonError);
  assert.throws(() => namespaceFromString(s.slice(2)), CommonError);
});

test('a signer address cached under one context prefix is derived again under another', () => {
  const under = (p: string) => withContextPrefix(p, () => addressFromPublicKey(pub));
  const tandem = addressFromPublicKey(pub);
  const oasis = under('oasis-core');
  assert.notDeepEqual(oasis, tandem);
  assert.deepEqual(
    oasis,
    concatBytes(
      Uint8Array.of(0),
      hash(utf8('oasis-core/address: staking'), Uint8Array.of(0), pub).subarray(0, 20),
    ),
  );
  assert.deepEqual(addressFromPublicKey(pub), tandem, 'back under the default prefix');
  const a = addressFromPublicKey(pub);
  a.fill(0);
  assert.deepEqual(addressFromPublicKey(pub), tandem, 'callers get copies');
});
