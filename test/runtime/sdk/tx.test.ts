import assert from 'node:assert/strict';
import { test } from 'node:test';
import { addressFromPublicKey, bytesEqual, hash, toHex } from '../../../src/common/index.js';
import {
  defineRuntime,
  inputHashes,
  openTx,
  SdkError,
  signTx,
  txContext,
} from '../../../src/runtime/sdk/index.js';
import { signer } from '../testhost/helpers.js';

const domain = { runtimeId: new Uint8Array(32).fill(7), chainContext: 'cd'.repeat(32) };

test('runtime transactions: the context binds runtime and chain; openTx returns sender, nonce, method and hash', () => {
  assert.equal(
    txContext(domain),
    `tandem/runtime: tx for runtime ${'07'.repeat(32)} for chain ${'cd'.repeat(32)}`,
  );
  const s = signer(4);
  const bytes = signTx(s, domain, { nonce: 3n, method: 'insert', body: { key: 'a', value: 'b' } });
  const o = openTx(bytes, domain);
  assert.equal(o.tx.nonce, 3n);
  assert.equal(o.tx.method, 'insert');
  assert.deepEqual(o.tx.body, { key: 'a', value: 'b' });
  assert.ok(bytesEqual(o.sender, addressFromPublicKey(s.publicKey)));
  assert.equal(toHex(o.hash), toHex(hash(bytes)));
  assert.throws(
    () => openTx(bytes, domain, bytes.length - 1),
    (e) => SdkError.is(e, 'sdk', SdkError.TX_TOO_LARGE),
  );
  assert.throws(
    () => openTx(bytes, { ...domain, chainContext: 'ce'.repeat(32) }),
    (e) => SdkError.is(e, 'sdk', SdkError.INVALID_SIGNATURE),
  );
  assert.throws(
    () => signTx(s, domain, { nonce: -1n, method: 'x' }),
    (e) => SdkError.is(e, 'sdk', SdkError.INVALID_ARGUMENT),
  );
});

test('defineRuntime refuses bad ids, versions and names', () => {
  const base = { id: '00'.repeat(32), name: 'x', version: { major: 1, minor: 0, patch: 0 }, methods: {} };
  assert.equal(defineRuntime(base).name, 'x');
  for (const bad of [
    { ...base, id: 'zz' },
    { ...base, id: 'AB'.repeat(32) },
    { ...base, version: { major: 70000, minor: 0, patch: 0 } },
    { ...base, name: '' },
    { ...base, queries: { 'bad name': () => null } },
    { ...base, maxTxBytes: 0 },
  ]) {
    assert.throws(
      () => defineRuntime(bad),
      (e) => SdkError.is(e, 'sdk', SdkError.INVALID_DEFINITION),
    );
  }
});

test('openTx: nothing it returns aliases the submitted bytes; a given hash is used, a huge input is refused unhashed', () => {
  const s = signer(5);
  const bytes = signTx(s, domain, { nonce: 1n, method: 'put', body: { b: new Uint8Array([1, 2, 3]) } });
  const o = openTx(bytes, domain);
  const pub = o.publicKey.slice();
  bytes.fill(0);
  assert.deepEqual(o.publicKey, pub);
  assert.deepEqual(o.tx.body, { b: new Uint8Array([1, 2, 3]) });
  assert.equal(o.tx.method, 'put');
  const again = signTx(s, domain, { nonce: 2n, method: 'put' });
  const given = hash(again);
  const h = openTx(again, domain, undefined, undefined, undefined, given);
  assert.equal(h.hash, given);
  const max = again.length;
  assert.deepEqual(inputHashes([again, new Uint8Array(max + 1)], max), [hash(again), undefined]);
  assert.throws(
    () => openTx(new Uint8Array(max + 1), domain, max),
    (e) => SdkError.is(e, 'sdk', SdkError.TX_TOO_LARGE),
  );
});
