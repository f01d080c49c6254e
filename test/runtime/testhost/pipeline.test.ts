import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kvRuntime } from '../../../examples/runtimes/kv/runtime.js';
import { bytesEqual, encodeWith, TandemError, utf8 } from '../../../src/common/index.js';
import { RootType } from '../../../src/mkvs/index.js';
import {
  computeResultsHeaderCodec,
  type RuntimeExecuteTxBatchResponse,
} from '../../../src/runtime/rhp/index.js';
import {
  type BatchOutcome,
  type LocalRuntimeHost,
  LocalState,
  TestHostError,
} from '../../../src/runtime/testhost/index.js';
import { openInProcess } from '../sdk/helpers.js';
import { makeTx, query, signer } from './helpers.js';

/** `count` batches of `size` inserts (keys `k<batch>-<i>`), nonces following on from 0. */
function batches(host: LocalRuntimeHost, count: number, size: number): Uint8Array[][] {
  let nonce = 0n;
  return Array.from({ length: count }, (_, b) =>
    Array.from({ length: size }, (_, i) =>
      makeTx(host, signer(1), nonce++, 'insert', { key: `k${b}-${i}`, value: `v${b}-${i}` }),
    ),
  );
}

const resultsHeader = (o: BatchOutcome) => encodeWith(computeResultsHeaderCodec, o.response.batch.header);

/** Wrap `host`'s requests: `edit` sees the n-th ExecuteTxBatch response (0-based) and may change it. */
function tamper(host: LocalRuntimeHost, edit: (n: number, r: RuntimeExecuteTxBatchResponse) => void) {
  const rhp = host.host as unknown as { request: (k: string, v: unknown) => Promise<unknown> };
  const orig = rhp.request.bind(host.host);
  let n = 0;
  rhp.request = async (k, v) => {
    const r = await orig(k, v);
    if (k === 'RuntimeExecuteTxBatchRequest') edit(n++, r as RuntimeExecuteTxBatchResponse);
    return r;
  };
  return { sent: () => n, restore: () => (rhp.request = orig) };
}

test('pipelined batches commit in order and give byte-identical compute-results headers to sequential execution (RT determinism)', async () => {
  const piped = await openInProcess(kvRuntime);
  const seq = await openInProcess(kvRuntime);
  try {
    const work = batches(piped, 4, 20);
    const seen: number[] = [];
    const out = await piped.executeBatches(work, (o, i) => {
      // Reported only once committed: the head is this batch's block.
      assert.equal(piped.head, o.header);
      seen.push(i);
    });
    assert.deepEqual(seen, [0, 1, 2, 3]);
    assert.equal(piped.head.round, 4n);
    for (const [i, b] of work.entries()) {
      const s = await seq.execute(b);
      assert.equal(out[i]!.response.tx_hashes.length, 20);
      assert.ok(
        bytesEqual(resultsHeader(out[i]!), resultsHeader(s)),
        `batch ${i}: same compute-results header`,
      );
      assert.deepEqual(out[i]!.header, s.header);
    }
    for (const b of [0, 3]) assert.equal(await query(piped, 'get', { key: `k${b}-19` }), `v${b}-19`);
    assert.deepEqual(await piped.executeBatches([]), []);
  } finally {
    await piped.close();
    await seq.close();
  }
});

test('a refused batch N discards N+1 (executed on N claimed state): nothing after N-1 is committed, and a re-run succeeds', async () => {
  const host = await openInProcess(kvRuntime);
  try {
    const work = batches(host, 3, 10);
    // Batch 1's state write log loses an entry on its way to the checks: its state root fails.
    const t = tamper(host, (n, r) => {
      if (n === 1) r.batch.state_write_log = r.batch.state_write_log.slice(1);
    });
    const committed: number[] = [];
    await assert.rejects(
      host.executeBatches(work, (_, i) => committed.push(i)),
      (e: unknown) => TandemError.is(e, 'testhost', TestHostError.STATE_ROOT_MISMATCH),
    );
    assert.equal(t.sent(), 3, 'batch 2 was sent while batch 1 was being checked');
    assert.deepEqual(committed, [0]);
    assert.equal(host.head.round, 1n);
    assert.equal(await query(host, 'get', { key: 'k0-9' }), 'v0-9');
    assert.equal(await query(host, 'get', { key: 'k1-9' }), null);
    assert.equal(await query(host, 'get', { key: 'k2-9' }), null);
    t.restore();
    const again = await host.executeBatches(work.slice(1));
    assert.deepEqual(
      again.map((o) => o.header.round),
      [2n, 3n],
    );
    assert.equal(await query(host, 'get', { key: 'k2-9' }), 'v2-9');
  } finally {
    await host.close();
  }
});

test('a failure while executing N+1 leaves N committed and is reported', async () => {
  const host = await openInProcess(kvRuntime);
  try {
    const work = batches(host, 3, 5);
    const t = tamper(host, (n) => {
      if (n === 2) throw new TestHostError(TestHostError.CLOSED, 'runtime went away');
    });
    const committed: number[] = [];
    await assert.rejects(
      host.executeBatches(work, (_, i) => committed.push(i)),
      /runtime went away/,
    );
    t.restore();
    assert.deepEqual(committed, [0, 1]);
    assert.equal(host.head.round, 2n);
  } finally {
    await host.close();
  }
});

test('a throwing onCommitted stops the pipeline after that batch: the next one is dropped, not committed', async () => {
  const host = await openInProcess(kvRuntime);
  try {
    const work = batches(host, 3, 5);
    await assert.rejects(
      host.executeBatches(work, () => {
        throw new RangeError('caller gives up');
      }),
      /caller gives up/,
    );
    assert.equal(host.head.round, 1n);
    assert.equal(await query(host, 'get', { key: 'k1-4' }), null);
    const again = await host.executeBatches(work.slice(1));
    assert.deepEqual(
      again.map((o) => o.header.round),
      [2n, 3n],
    );
  } finally {
    await host.close();
  }
});

test('a storage read of a root being committed waits for the commit, and finds nothing if it is refused', async () => {
  const src = await openInProcess(kvRuntime);
  let good: RuntimeExecuteTxBatchResponse;
  try {
    good = (await src.execute([makeTx(src, signer(1), 0n, 'insert', { key: 'a', value: 'b' })])).response;
  } finally {
    await src.close();
  }
  const state = await LocalState.open(src.runtimeId);
  const read = (root: Uint8Array) =>
    state.syncer.syncGet({
      tree: {
        root: { ns: src.runtimeId, version: 1n, root_type: RootType.State, hash: root },
        position: root,
      },
      key: utf8('a'),
    });
  const bad = { ...good.batch, state_write_log: [] };
  const refused = state.apply(bad);
  const badRead = read(good.batch.header.state_root!);
  await assert.rejects(refused);
  await assert.rejects(badRead);
  const applied = state.apply(good.batch);
  const proof = await read(good.batch.header.state_root!); // issued before the commit finished
  assert.ok(proof.proof.entries.length > 0);
  assert.equal((await applied).round, 1n);
  await state.close();
});
