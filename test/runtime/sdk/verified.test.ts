// A runtime verifies each transaction's signature once: what CheckTxBatch verified is not verified
// again by ExecuteTxBatch (same session, same bytes); anything else still is. Sender addresses,
// derived once per key, follow the context prefix.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kvRuntime } from '../../../examples/runtimes/kv/runtime.js';
import { addressFromPublicKey, hash, signatureStats, withContextPrefix } from '../../../src/common/index.js';
import { openTx, SdkError, signTx, VerifiedTxCache } from '../../../src/runtime/sdk/index.js';
import { makeTx, signer } from '../testhost/helpers.js';
import { openInProcess } from './helpers.js';

test('VerifiedTxCache remembers at most its bound, oldest out first', () => {
  const c = new VerifiedTxCache(2);
  const [a, b, d] = [1, 2, 3].map((i) => hash(Uint8Array.of(i))) as [Uint8Array, Uint8Array, Uint8Array];
  c.add(a);
  c.add(b);
  c.add(a);
  assert.ok(c.has(a) && c.has(b));
  c.add(d);
  assert.ok(!c.has(a) && c.has(b) && c.has(d));
});

test('openTx skips the verification of bytes that verified before, never of others', async () => {
  const host = await openInProcess(kvRuntime);
  try {
    const domain = { runtimeId: host.runtimeId, chainContext: host.chainContext };
    const tx = makeTx(host, signer(1), 0n, 'insert', { key: 'a', value: 'x' });
    const cache = new VerifiedTxCache();
    const before = signatureStats.verifies;
    const first = openTx(tx, domain, undefined, cache);
    const second = openTx(tx, domain, undefined, cache);
    assert.equal(signatureStats.verifies - before, 1);
    assert.deepEqual(second, first);
    const bad = new Uint8Array(tx);
    bad[bad.length - 1]! ^= 1; // the last byte of the signed payload: the signature no longer holds
    for (let i = 0; i < 2; i++) {
      assert.throws(
        () => openTx(bad, domain, undefined, cache),
        (e) => e instanceof SdkError && e.code === SdkError.INVALID_SIGNATURE,
      );
    }
    assert.ok(!cache.has(hash(bad)), 'a failed verification is not remembered');
  } finally {
    await host.close();
  }
});

test('a transaction checked then executed by the same runtime is verified once', async () => {
  const host = await openInProcess(kvRuntime);
  try {
    const s = signer(2);
    const txs = [0n, 1n, 2n].map((n) => makeTx(host, s, n, 'insert', { key: `k${n}`, value: 'v' }));
    const before = signatureStats.verifies;
    const checked = await host.check(txs);
    assert.deepEqual(
      checked.map((r) => r.error.code),
      [0, 0, 0],
    );
    const out = await host.execute(txs);
    assert.equal(out.response.tx_hashes.length, 3);
    assert.equal(signatureStats.verifies - before, 3);
    const fresh = makeTx(host, s, 3n, 'insert', { key: 'k3', value: 'v' });
    await host.execute([fresh]);
    assert.equal(signatureStats.verifies - before, 4, 'an unchecked transaction is verified');
  } finally {
    await host.close();
  }
});

test('openTx derives the sender address under the context prefix in force', () => {
  const domain = { runtimeId: new Uint8Array(32).fill(4), chainContext: '0'.repeat(64) };
  const s = signer(3);
  const body = { key: 'a', value: 'b' };
  const plain = openTx(signTx(s, domain, { nonce: 0n, method: 'insert', body }), domain);
  assert.deepEqual(plain.sender, addressFromPublicKey(s.publicKey));
  withContextPrefix('oasis-core', () => {
    const other = openTx(signTx(s, domain, { nonce: 0n, method: 'insert', body }), domain);
    assert.deepEqual(other.sender, addressFromPublicKey(s.publicKey));
    assert.notDeepEqual(other.sender, plain.sender);
  });
  const again = openTx(signTx(s, domain, { nonce: 1n, method: 'insert', body }), domain);
  assert.deepEqual(again.sender, plain.sender);
  again.sender.fill(0);
  assert.deepEqual(
    openTx(signTx(s, domain, { nonce: 2n, method: 'insert', body }), domain).sender,
    plain.sender,
  );
});
