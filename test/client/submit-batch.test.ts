// TandemClient.submitTxs: many transactions in one JSON-RPC batch, outcomes per transaction in
// order (a refused one fails alone), the server's batch limit and rate limit applied honestly.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ClientError, TandemClient } from '../../src/client/index.js';
import { hash, TandemError } from '../../src/common/index.js';
import { type Harness, startServer } from '../api/helpers.js';

let hx: Harness;
let client: TandemClient;
before(async () => {
  hx = await startServer({ maxBatch: 8, rateBurst: 1000 });
  client = new TandemClient({ url: hx.server.url, timeoutMs: 3000 });
});
after(async () => {
  await client.close();
  await hx.server.close();
});

test('submitTxs returns one outcome per transaction in order; refused ones fail alone', async () => {
  hx.backend.rejectTxIf = (tx) => (tx[0] === 0xee ? new TandemError('mempool', 4, 'fee too low') : undefined);
  try {
    const txs = [
      Uint8Array.of(1),
      Uint8Array.of(0xee, 1),
      Uint8Array.of(2),
      Uint8Array.of(0xee, 2),
      Uint8Array.of(3),
    ];
    const out = await client.submitTxs(txs);
    assert.equal(out.length, txs.length);
    out.forEach((r, i) => {
      if (txs[i]![0] === 0xee) {
        assert.equal(r.ok, false);
        if (!r.ok) assert.ok(r.error.isRemote('mempool', 4));
      } else {
        assert.ok(r.ok);
        if (r.ok) assert.deepEqual(r.value.hash, hash(txs[i]!));
      }
    });
  } finally {
    hx.backend.rejectTxIf = undefined;
  }
});

test('submitTxs of nothing sends nothing; one transaction works like submitTx', async () => {
  assert.deepEqual(await client.submitTxs([]), []);
  const [one] = await client.submitTxs([Uint8Array.of(7)]);
  assert.ok(one?.ok);
  if (one?.ok) assert.deepEqual(one.value.hash, hash(Uint8Array.of(7)));
});

test('a batch over the server max_batch is refused as a whole with the API error', async () => {
  const before = hx.backend.submitted.length;
  const txs = Array.from({ length: 9 }, (_, i) => Uint8Array.of(40 + i));
  await assert.rejects(client.submitTxs(txs), (e) => {
    assert.ok(e instanceof ClientError);
    assert.ok(e.isRemote('api', 7));
    return true;
  });
  assert.equal(hx.backend.submitted.length, before, 'nothing of a refused batch was submitted');
});

test('each transaction of a batch counts as one call against the rate limit', async () => {
  const small = await startServer({ maxBatch: 8, rateBurst: 3, ratePerSecond: 1 });
  const c = new TandemClient({ url: small.server.url, timeoutMs: 3000 });
  try {
    const out = await c.submitTxs(Array.from({ length: 5 }, (_, i) => Uint8Array.of(60 + i)));
    assert.equal(out.filter((r) => r.ok).length, 3);
    for (const r of out.filter((x) => !x.ok)) if (!r.ok) assert.ok(r.error.isRemote('api', 6));
  } finally {
    await c.close();
    await small.server.close();
  }
});
