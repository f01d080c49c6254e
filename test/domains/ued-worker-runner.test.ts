/**
 * Issue 7: the UED on its own thread. The same blocks through the inline and the worker runner
 * give the same outcome at every height; the wire is strict; close() leaves no thread behind.
 * (Lag, waits and failures: ued-worker-failures.test.ts; the worker in the BFT simulator:
 * ape-sim-load.test.ts.)
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { decodeCanonical, encodeCanonical, toHex } from '../../src/common/index.js';
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
import { RandomBlocks } from '../helpers/composed-blocks.js';
import { isWorkerError, track } from '../helpers/ued-worker.js';

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

test('issue 7: blocks must be handed over in order; malformed and oversized wire messages are rejected', async () => {
  const genesis = testGenesis(2, { epochInterval: 4n });
  const w = track(await WorkerUedRunner.start({ genesis }));
  const app = await ChainApp.create({ genesis });
  const jobs = recordJobs(app);
  await step(app, []);
  const job = jobs[0]!.job;
  assert.equal(decodeJob(encodeJob(job)).vedSet.hash().join(), job.vedSet.hash().join());
  await assert.rejects(
    w.run({ ...job, height: 2n }),
    (e) => e instanceof DomainsError && e.code === DomainsError.OUT_OF_ORDER,
  );
  await assert.rejects(
    w.waitFor(5n),
    (e) => e instanceof DomainsError && e.code === DomainsError.OUT_OF_ORDER,
  );
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
  await assert.rejects(
    w.run({ ...job, height: 2n }),
    (e) => e instanceof DomainsError && e.code === DomainsError.CLOSED,
  );
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
