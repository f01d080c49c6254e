import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kvRuntime } from '../../../examples/runtimes/kv/runtime.js';
import { decodeWith, encodeWith, fromHex, signedCodec } from '../../../src/common/index.js';
import { SdkError, signTx } from '../../../src/runtime/sdk/index.js';
import { addr, makeTx, signer } from '../testhost/helpers.js';
import { openInProcess } from './helpers.js';

test('CheckTxBatch accepts consecutive nonces and reports sender and sequence', async () => {
  const host = await openInProcess(kvRuntime);
  try {
    const s = signer(1);
    const res = await host.check([
      makeTx(host, s, 0n, 'insert', { key: 'a', value: 'x' }),
      makeTx(host, s, 1n, 'insert', { key: 'b', value: 'y' }),
    ]);
    assert.deepEqual(
      res.map((r) => r.error.code),
      [0, 0],
    );
    assert.deepEqual(res[1]!.meta?.sender, addr(1));
    assert.equal(res[1]!.meta?.sender_seq, 1n);
    assert.equal(res[1]!.meta?.sender_state_seq, 0n);
    await host.execute([makeTx(host, s, 0n, 'insert', { key: 'a', value: 'x' })]);
    const [after] = await host.check([makeTx(host, s, 0n, 'insert', { key: 'a', value: 'x' })]);
    assert.equal(after!.error.code, SdkError.INVALID_NONCE, 'a replayed nonce is refused');
    assert.equal(await host.nonceOf(addr(1)), 1n);
  } finally {
    await host.close();
  }
});

test('CheckTxBatch rejects bad signatures, wrong nonces, oversized and malformed transactions', async () => {
  const host = await openInProcess(kvRuntime);
  try {
    const s = signer(2);
    const good = makeTx(host, s, 0n, 'insert', { key: 'k', value: 'v' });
    const env = decodeWith(signedCodec, good);
    const flipped = new Uint8Array(env.signature.signature);
    flipped[0]! ^= 1;
    const badSig = encodeWith(signedCodec, { ...env, signature: { ...env.signature, signature: flipped } });
    const otherKey = encodeWith(signedCodec, {
      ...env,
      signature: { ...env.signature, public_key: signer(3).publicKey },
    });
    const otherChain = signTx(
      s,
      { runtimeId: host.runtimeId, chainContext: 'ab'.repeat(32) },
      { nonce: 0n, method: 'insert', body: { key: 'k', value: 'v' } },
    );
    const otherRuntime = signTx(
      s,
      { runtimeId: fromHex('11'.repeat(32)), chainContext: host.chainContext },
      { nonce: 0n, method: 'insert', body: { key: 'k', value: 'v' } },
    );
    const cases: [string, Uint8Array, number][] = [
      ['tampered signature', badSig, SdkError.INVALID_SIGNATURE],
      ['signature by another key', otherKey, SdkError.INVALID_SIGNATURE],
      ['signed for another chain', otherChain, SdkError.INVALID_SIGNATURE],
      ['signed for another runtime', otherRuntime, SdkError.INVALID_SIGNATURE],
      [
        'nonce from the future',
        makeTx(host, s, 5n, 'insert', { key: 'k', value: 'v' }),
        SdkError.INVALID_NONCE,
      ],
      [
        'oversized',
        makeTx(host, s, 0n, 'insert', { key: 'k', value: 'v'.repeat(70_000) }),
        SdkError.TX_TOO_LARGE,
      ],
      ['garbage', Uint8Array.of(1, 2, 3), SdkError.MALFORMED_TX],
      ['empty', new Uint8Array(0), SdkError.MALFORMED_TX],
      ['unknown method', makeTx(host, s, 0n, 'nope', null), SdkError.UNKNOWN_METHOD],
      ['bad body', makeTx(host, s, 0n, 'insert', { key: 7 }), SdkError.INVALID_BODY],
    ];
    const res = await host.check(cases.map((c) => c[1]));
    cases.forEach(([what, , code], i) => {
      assert.equal(res[i]!.error.module, 'sdk', what);
      assert.equal(res[i]!.error.code, code, `${what}: ${res[i]!.error.message}`);
      assert.equal(res[i]!.meta, undefined, what);
    });
    // None of them changed anything: the good transaction still checks with nonce 0.
    assert.equal((await host.check([good]))[0]!.error.code, 0);
  } finally {
    await host.close();
  }
});
