/**
 * Issue 7: the UED on its own thread. The same blocks through the inline and the worker runner
 * give the same outcome at every height; ChainApp decides VED blocks while a slowed worker lags,
 * and waits for it only at the VED's first block of an epoch (APE-6), counting the wait; a worker
 * that throws or exits is a DomainsError; close() leaves no thread behind.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import {
  decodeCanonical,
  encodeCanonical,
  type Metrics,
  nullMetrics,
  toHex,
} from '../../src/common/index.js';
import {
  ChainApp,
  type ChainAppOptions,
  DomainsError,
  decodeJob,
  decodeOutcome,
  encodeJob,
  encodeOutcome,
  type UedJob,
  type UedOutcome,
  WorkerUedRunner,
} from '../../src/domains/index.js';
import { step, testGenesis } from '../helpers/chain-app.js';
import { simulateChainApp } from '../helpers/chain-app-sim.js';
import { RandomBlocks } from '../helpers/composed-blocks.js';

/** Everything with a thread, closed after the tests even when one failed midway (or it would hang). */
const opened: { close(): Promise<void> }[] = [];
after(() => Promise.all(opened.map((x) => x.close())));
function track<T extends { close(): Promise<void> }>(x: T): T {
  opened.push(x);
  return x;
}

const isWorkerError = (e: unknown) => e instanceof DomainsError && e.code === DomainsError.WORKER_FAILED;

/** The outcome as comparable text (hash, receipts, remaps, records for the VED). */
function show(o: UedOutcome): string {
  return toHex(encodeOutcome(o));
}

/** Record every job the app hands to its runner and the outcome it got back. */
function recordJobs(app: ChainApp): { job: UedJob; out: UedOutcome }[] {
  const seen: { job: UedJob; out: UedOutcome }[] = [];
  const runner = app.ued;
  const run = runner.run.bind(runner);
  runner.run = async (job) => {
    const out = await run(job);
    seen.push({ job, out });
    return out;
  };
  return seen;
}

/** A Metrics that counts increments of counters by name. */
function countingMetrics(): { metrics: Metrics; counts: Map<string, number> } {
  const counts = new Map<string, number>();
  const metrics: Metrics = {
    ...nullMetrics,
    counter: (name) => ({ inc: (v = 1) => counts.set(name, (counts.get(name) ?? 0) + v) }),
  };
  return { metrics, counts };
}

test('issue 7 APE-16: inline and worker UED runners give identical hashes, receipts and VED records at every height (4 epoch boundaries, LevelDB)', async () => {
  const genesis = testGenesis(3, { users: 6, epochInterval: 4n });
  const commits: string[][] = [[], []];
  const make = async (i: number, extra: Partial<ChainAppOptions>) =>
    track(
      await ChainApp.create({
        genesis,
        ...extra,
        onCommitted: (c) => commits[i]!.push(`${c.height}:${toHex(c.vedHash)}:${toHex(c.uedHash)}`),
      }),
    );
  const a = await make(0, {});
  const dbPath = mkdtempSync(join(tmpdir(), 'tandem-ued-worker-'));
  const b = await make(1, { uedWorker: { dbPath } });
  const jobs = recordJobs(a);
  const gen = new RandomBlocks(5, a);
  for (let h = 1; h <= 18; h++) {
    const { txs, evidence } = await gen.next();
    await step(a, txs, { evidence });
    await step(b, txs, { evidence });
  }
  await b.ued.waitFor(18n);
  assert.equal(commits[1]!.length, 18);
  assert.deepEqual(commits[1], commits[0], 'same VED and UED hash at every height');
  assert.ok(a.stats.okReceipts > 5 && a.stats.failedReceipts > 0, 'the blocks executed and failed txs');
  assert.deepEqual(b.stats, a.stats);
  // The runner alone, fed the recorded jobs, gives the same outcome, records for the VED included.
  const w = track(await WorkerUedRunner.start({ genesis }));
  const outs = await Promise.all(jobs.map((j) => w.run(j.job)));
  assert.deepEqual(
    outs.map(show),
    jobs.map((j) => show(j.out)),
  );
  assert.equal(jobs.filter((j) => j.out.forVed !== undefined).length, 4, 'epochs 0–3 ended');
  await Promise.all([w.close(), b.close()]);
});

test('issue 7 APE-6/15: ChainApp with the UED worker in the BFT simulator (4 validators, same VED and UED hashes)', async () => {
  // At a vote of height ≥ 20 the UED has finished epoch 1 (height 19): reports reach at least it.
  await simulateChainApp({ uedWorker: {} }, 19n);
});

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

test('issue 7: blocks must be handed over in order; malformed and oversized wire messages are rejected', async () => {
  const genesis = testGenesis(2, { epochInterval: 4n });
  const w = track(await WorkerUedRunner.start({ genesis }));
  const app = await ChainApp.create({ genesis });
  const jobs = recordJobs(app);
  await step(app, []);
  const job = jobs[0]!.job;
  assert.equal(decodeJob(encodeJob(job)).vedSet.hash().join(), job.vedSet.hash().join());
  await assert.rejects(w.run({ ...job, height: 2n }), (e) => e instanceof DomainsError && e.code === 4);
  await assert.rejects(w.waitFor(5n), (e) => e instanceof DomainsError && e.code === 4);
  assert.equal(show(await w.run(job)), show(jobs[0]!.out));
  const good = encodeOutcome(jobs[0]!.out);
  for (const bad of [good.subarray(0, good.length - 3), Uint8Array.of(0xa0), new Uint8Array(64)]) {
    assert.throws(() => decodeOutcome(bad), isWorkerError);
    assert.throws(() => decodeJob(bad), isWorkerError);
  }
  const plain = decodeCanonical(encodeJob(job)) as Record<string, unknown>;
  const huge = encodeCanonical({ ...plain, txs: [new Uint8Array((1 << 20) + 1)] });
  assert.throws(() => decodeJob(huge), isWorkerError);
  await assert.rejects(w.run({ ...job, height: 2n, txs: [new Uint8Array((1 << 20) + 1)] }), isWorkerError);
  await w.close();
  await assert.rejects(w.run({ ...job, height: 2n }), (e) => e instanceof DomainsError && e.code === 8);
});

test('issue 7: close() ends the worker thread, so a process that used it exits by itself', () => {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  const child = new URL('../fixtures/ued-worker-close-child.js', import.meta.url);
  const r = spawnSync(process.execPath, [child.pathname], { env, timeout: 20_000, encoding: 'utf8' });
  assert.equal(r.error, undefined, 'the child exited before the timeout');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /closed at 3/);
});
