/**
 * Issue 7: the UED worker under trouble. ChainApp decides VED blocks while a slowed worker lags
 * and waits for it only at the VED's first block of an epoch (APE-6), counting the wait; a worker
 * that throws or exits is a DomainsError on the main thread, never a hang.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ChainApp } from '../../src/domains/index.js';
import { step, testGenesis } from '../helpers/chain-app.js';
import { countingMetrics, isWorkerError, track } from '../helpers/ued-worker.js';

test('APE-6 the VED keeps deciding while a slowed UED worker lags, and waits for it only at the epoch start (counted)', async () => {
  const { metrics, counts } = countingMetrics();
  const app = track(
    await ChainApp.create({
      genesis: testGenesis(2, { epochInterval: 4n }),
      uedWorker: { hooks: { delayMs: 300 } },
      metrics,
    }),
  );
  for (let h = 1; h <= 3; h++) await step(app, []);
  assert.equal(app.committed.height, 3n);
  assert.ok(app.ued.latest().height < 3n, `the UED lags (at ${app.ued.latest().height})`);
  assert.equal(counts.get('tandem_ued_waits_total') ?? 0, 0, 'no wait inside the epoch');
  await step(app, []); // height 4: the VED's first block of epoch 1 needs the UED at 3
  assert.ok(app.ued.latest().height >= 3n);
  assert.equal(counts.get('tandem_ued_waits_total'), 1);
  for (let h = 5; h <= 7; h++) await step(app, []);
  assert.ok(app.ued.latest().height < 7n, 'lags again within epoch 1');
  assert.equal(counts.get('tandem_ued_waits_total'), 1);
  await step(app, []);
  assert.equal(counts.get('tandem_ued_waits_total'), 2, 'the next epoch start waits again');
  await app.close();
});

test('issue 7: a UED worker that throws gives a DomainsError on the main thread, at the wait and the next commit', async () => {
  const app = track(
    await ChainApp.create({
      genesis: testGenesis(2, { epochInterval: 4n }),
      uedWorker: { hooks: { throwAt: 2n } },
    }),
  );
  for (let h = 1; h <= 3; h++) await step(app, []);
  await assert.rejects(app.ued.waitFor(3n), (e) => isWorkerError(e) && /failing at height 2/.test(String(e)));
  await assert.rejects(step(app, []), isWorkerError);
  const z = new Uint8Array(32);
  const header = { chain_id: 'x', height: 4n, time: app.committed.timeMs + 400n, ved_hash: z };
  const block = { header: { ...header, last_block_hash: z, last_commit_hash: z, txs_hash: z } };
  const full = {
    ...block,
    header: { ...block.header, evidence_hash: z, validators_hash: z, proposer: z },
    txs: [],
    evidence: [],
    last_commit: null,
  };
  await assert.rejects(app.processProposal(full), isWorkerError, 'not a nil vote: the node is broken');
  await assert.rejects(app.ued.get(new Uint8Array(8)), isWorkerError);
  await app.close();
});

test('issue 7: a UED worker that exits (a crash) gives a DomainsError, never a hang', async () => {
  const genesis = testGenesis(2, { epochInterval: 4n });
  const app = track(await ChainApp.create({ genesis, uedWorker: { hooks: { exitAt: 2n } } }));
  await step(app, []);
  await step(app, []);
  await assert.rejects(app.ued.waitFor(2n), (e) => isWorkerError(e) && /exited \(code 3\)/.test(String(e)));
  await app.close();
});
