// The halt persists across restarts until cleared (APE-18); the UED worker thread executes final
// blocks in order, resumes after its last committed height, and serves the bounded-lag wait (APE-6).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { DomainsError, FileHaltStore, type UedHeightResult, UedWorkerHost } from '../../src/domains/index.js';

const workerUrl = new URL('../fixtures/counting-ued-worker.js', import.meta.url);

test('APE-18 the halt flag and its evidence survive a restart until cleared; damage keeps it halted', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-halt-'));
  const path = join(dir, 'halt.json');
  const ev = { height: 9, localHash: 'aa', disagreeingStake: 40n, totalStake: 100n, reports: [] };
  new FileHaltStore(path).save(ev);
  assert.deepEqual(new FileHaltStore(path).load(), ev, 'a new store (a restarted node) sees the halt');
  new FileHaltStore(path).clear();
  assert.equal(new FileHaltStore(path).load(), undefined);
  writeFileSync(path, '{broken');
  assert.throws(
    () => new FileHaltStore(path).load(),
    (e: unknown) => e instanceof DomainsError && e.code === DomainsError.HALT_FILE,
  );
});

test('UED worker: in-order execution off the main thread, waitForHeight, and resume after restart', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'tandem-ued-'));
  const data = { stateFile: join(dir, 'state'), delayMs: 20 };
  const seen: UedHeightResult<string>[] = [];
  const host = new UedWorkerHost<{ height: number; txs: string[] }, string>(workerUrl, data, (r) =>
    seen.push(r),
  );
  assert.equal(await host.start(), 0);
  const t0 = process.hrtime.bigint();
  for (let i = 1; i <= 5; i++) host.submit(i, { height: i, txs: [`t${i}`] });
  const submitMs = Number(process.hrtime.bigint() - t0) / 1e6;
  assert.ok(submitMs < 20, `submitting must not wait for execution (${submitMs} ms)`);
  assert.equal(host.height(), 0, 'nothing executed synchronously');
  await host.waitForHeight(5);
  assert.deepEqual(
    seen.map((r) => r.height),
    [1, 2, 3, 4, 5],
  );
  assert.equal(seen[2]!.receipts[0]!.receipt, 'ok:t3');
  await host.close();

  const again: UedHeightResult<string>[] = [];
  const host2 = new UedWorkerHost<{ height: number; txs: string[] }, string>(workerUrl, data, (r) =>
    again.push(r),
  );
  assert.equal(await host2.start(), 5, 'resumes from its last committed height');
  host2.submit(5, { height: 5, txs: ['t5'] }); // replayed by the node after restart: ignored
  host2.submit(6, { height: 6, txs: ['t6'] });
  await host2.waitForHeight(6);
  assert.deepEqual(
    again.map((r) => r.height),
    [6],
  );
  host2.submit(8, { height: 8, txs: [] }); // a gap is an error, reported and fatal
  await assert.rejects(
    host2.waitForHeight(8),
    (e: unknown) => e instanceof DomainsError && e.code === DomainsError.WORKER_FAILED,
  );
  await host2.close();
});
