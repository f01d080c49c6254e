import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bytesEqual, EMPTY_HASH, encodeWith, toHex } from '../../../src/common/index.js';
import { computeResultsHeaderCodec } from '../../../src/runtime/rhp/index.js';
import { SdkError } from '../../../src/runtime/sdk/index.js';
import { batchOutcomes, type LocalRuntimeHost } from '../../../src/runtime/testhost/index.js';
import { makeTx, openExample, signer } from '../testhost/helpers.js';
import { probeRuntime } from './fixtures.js';
import { openInProcess } from './helpers.js';

function headerBytes(out: Awaited<ReturnType<LocalRuntimeHost['execute']>>): string {
  return toHex(encodeWith(computeResultsHeaderCodec, out.response.batch.header));
}

test('RT-15 determinism: the same batches on two hosts (sandboxed and unconfined) give byte-identical compute results headers', async () => {
  const hosts = [await openExample('kv', 'sandboxed'), await openExample('kv', 'unconfined')];
  try {
    const [a, b] = hosts as [LocalRuntimeHost, LocalRuntimeHost];
    const s1 = signer(1);
    const s2 = signer(2);
    const batches = [
      [
        makeTx(a, s1, 0n, 'insert', { key: 'x', value: '1' }),
        makeTx(a, s2, 0n, 'insert', { key: 'y', value: '2' }),
      ],
      [makeTx(a, s1, 1n, 'burn', { iterations: 500 }), makeTx(a, s1, 9n, 'remove', { key: 'x' })],
      [makeTx(a, s2, 1n, 'remove', { key: 'y' }), makeTx(a, s1, 2n, 'burn', { iterations: 99_999_999 })],
    ];
    for (const batch of batches) {
      const [ra, rb] = [await a.execute(batch), await b.execute(batch)];
      assert.equal(headerBytes(ra), headerBytes(rb));
      assert.ok(bytesEqual(ra.header.state_root, rb.header.state_root));
    }
    assert.equal(a.head.round, 3n);
  } finally {
    for (const h of hosts) await h.close();
  }
});

test('RT-15 a runtime using Math.random or Date.now gives different headers on two hosts (discrepancy detection catches it)', async () => {
  for (const m of ['random', 'now']) {
    const [a, b] = [await openInProcess(probeRuntime), await openInProcess(probeRuntime)];
    try {
      const batch = [makeTx(a, signer(4), 0n, m, null)];
      const [ra, rb] = [await a.execute(batch), await b.execute(batch)];
      assert.deepEqual(ra.response.tx_hashes, rb.response.tx_hashes, 'both executed the transaction');
      assert.equal(ra.response.tx_hashes.length, 1);
      assert.notEqual(headerBytes(ra), headerBytes(rb), m);
    } finally {
      await a.close();
      await b.close();
    }
  }
});

test('ExecuteTxBatch: inputs that fail admission are rejected without a trace; a failing handler keeps only the nonce bump', async () => {
  const [a, b] = [await openInProcess(probeRuntime), await openInProcess(probeRuntime)];
  try {
    const s = signer(7);
    const good = makeTx(a, s, 0n, 'set', { n: 5 });
    const bad = [
      Uint8Array.of(0xa0),
      makeTx(a, s, 3n, 'set', { n: 6 }),
      makeTx(a, signer(8), 0n, 'nope', null),
    ];
    const ra = await a.execute([good]);
    const rb = await b.execute([bad[0]!, good, ...bad.slice(1)]);
    assert.equal(headerBytes(ra), headerBytes(rb), 'rejected inputs change nothing');
    assert.equal(rb.response.tx_reject_hashes.length, 3);
    assert.equal(rb.response.tx_hashes.length, 1);
    const before = a.head.state_root;
    const failed = await a.execute([makeTx(a, s, 1n, 'writeThenFail', null)]);
    const [out] = batchOutcomes(failed.response);
    assert.equal((out!.output as { err: { message: string } }).err.message, 'failing on purpose');
    assert.deepEqual(out!.events, [], 'events of a failed transaction are dropped');
    assert.ok(!bytesEqual(failed.header.state_root, before), 'the nonce moved');
    assert.equal(failed.response.batch.state_write_log.length, 1, 'only the nonce was written');
    const next = await a.execute([makeTx(a, s, 2n, 'set', { n: 9 })]);
    assert.deepEqual(batchOutcomes(next.response)[0]!.output, { ok: 9 });
  } finally {
    await a.close();
    await b.close();
  }
});

test('ExecuteTxBatch: runtime messages are bounded by max_messages and hashed into messages_hash', async () => {
  const host = await openInProcess(probeRuntime, 2);
  try {
    const s = signer(9);
    const r = await host.execute([
      makeTx(host, s, 0n, 'send', { count: 2 }),
      makeTx(host, s, 1n, 'send', { count: 1 }),
    ]);
    const outs = batchOutcomes(r.response).map((o) => o.output as { err?: { module: string; code: number } });
    assert.equal(outs[0]!.err, undefined);
    assert.equal(outs[1]!.err?.code, SdkError.TOO_MANY_MESSAGES);
    assert.equal(r.response.batch.messages.length, 2);
    assert.ok(!bytesEqual(r.header.messages_hash, EMPTY_HASH));
    const empty = await host.execute([]);
    assert.ok(bytesEqual(empty.header.messages_hash, EMPTY_HASH));
    assert.ok(bytesEqual(empty.header.io_root, EMPTY_HASH));
  } finally {
    await host.close();
  }
});

test('RuntimeAbortRequest: the batch in progress fails with ABORTED and the runtime keeps serving', async () => {
  const host = await openInProcess(probeRuntime);
  try {
    const s = signer(5);
    const running = host.execute([makeTx(host, s, 0n, 'slow', null), makeTx(host, s, 1n, 'set', { n: 1 })]);
    await new Promise((r) => setTimeout(r, 20));
    await host.host.abort();
    await assert.rejects(running, (e: unknown) => {
      const w = (e as { remote?: { module: string; code: number } }).remote;
      return w?.module === 'sdk' && w.code === SdkError.ABORTED;
    });
    assert.equal(host.head.round, 0n, 'nothing was committed');
    const r = await host.execute([makeTx(host, s, 0n, 'set', { n: 2 })]);
    assert.deepEqual(batchOutcomes(r.response)[0]!.output, { ok: 2 });
  } finally {
    await host.close();
  }
});
