/**
 * The UED worker on the compact store: the same blocks give the same outcomes as on the node
 * store; a restart whose resume record is behind the state log answers those heights from the
 * stored outcomes (only for the same blocks) and then executes on, as an uninterrupted run; what
 * it cannot resume from is a coded error; synchronous-mode speculation is refused.
 */
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ClassicLevel } from 'classic-level';
import { toHex } from '../../src/common/index.js';
import { DomainsError, encodeOutcome, type UedOutcome, WorkerUedRunner } from '../../src/domains/index.js';
import { testGenesis } from '../helpers/chain-app.js';
import { recordUedJobs } from '../helpers/ued-jobs.js';
import { isWorkerError, track } from '../helpers/ued-worker.js';

const genesis = testGenesis(3, { users: 6, epochInterval: 4n });
const show = (o: UedOutcome) => toHex(encodeOutcome(o));
const tmp = () => mkdtempSync(join(tmpdir(), 'tandem-ued-compact-'));

/** A worker failure carrying the worker's own DomainsError code. */
const workerCode = (code: number, re: RegExp) => (e: unknown) =>
  isWorkerError(e) && (e as DomainsError).context?.workerCode === code && re.test(String(e));

/** 14 heights of random blocks run by an inline app: the jobs and their outcomes. */
const reference = () => recordUedJobs(genesis, 7, 14);

const refP = reference();

const compact = (dbPath: string, extra: Partial<Parameters<typeof WorkerUedRunner.start>[0]> = {}) =>
  WorkerUedRunner.start({ genesis, dbPath, store: 'compact', ...extra }).then(track);

const pointOf = (o: UedOutcome) => ({ height: o.height, hash: o.domainHash, root: o.stateRoot });

test('ued compact store: the same blocks give the same outcomes as the node store (both side by side), reads agree', async () => {
  const ref = await refP;
  const nodes = track(await WorkerUedRunner.start({ genesis, dbPath: tmp() }));
  const comp = await compact(tmp());
  assert.equal(toHex(comp.latest().hash), toHex(nodes.latest().hash), 'same genesis hash');
  for (const { job, out } of ref) {
    const [a, b] = await Promise.all([nodes.run(job), comp.run(job)]);
    assert.equal(show(b), show(a), `height ${job.height}`);
    assert.equal(show(b), show(out));
  }
  assert.equal(ref.filter((r) => r.out.forVed !== undefined).length, 3, 'epoch ends included');
  const keys = [new Uint8Array(8), ...ref.slice(0, 3).map((r) => r.job.txs[0] ?? new Uint8Array(4))];
  for (const k of keys) assert.deepEqual(await comp.get(k), await nodes.get(k));
  await Promise.all([nodes.close(), comp.close()]);
});

test('ued compact store: restart with the record behind the log answers the stored outcomes, then executes on (same as uninterrupted)', async () => {
  const ref = await refP;
  const dir = tmp();
  const first = await compact(dir);
  for (const { job } of ref.slice(0, 10)) await first.run(job);
  await first.terminate(); // killed after height 10 was posted
  const again = await compact(dir, { resume: pointOf(ref[5]!.out) });
  assert.equal(again.latest().height, 6n);
  for (const { job, out } of ref.slice(6))
    assert.equal(show(await again.run(job)), show(out), `${job.height}`);
  await again.close();
  // And from the log's own latest version, after a clean close.
  const third = await compact(dir, { resume: pointOf(ref[13]!.out) });
  assert.equal(toHex(third.latest().hash), toHex(ref[13]!.out.domainHash));
  await third.close();
});

test('ued compact store: a worker killed before a height resumes from the record, executing it again', async () => {
  const ref = await refP;
  const dir = tmp();
  const first = await compact(dir, { hooks: { exitAt: 5n } });
  for (const { job } of ref.slice(0, 4)) await first.run(job);
  await assert.rejects(first.run(ref[4]!.job), /exited \(code 3\)/);
  const again = await compact(dir, { resume: pointOf(ref[1]!.out) });
  for (const { job, out } of ref.slice(2, 8)) assert.equal(show(await again.run(job)), show(out));
  await again.close();
});

test('ued compact store: another block at a stored height is refused (JOB_MISMATCH)', async () => {
  const ref = await refP;
  const dir = tmp();
  const first = await compact(dir);
  for (const { job } of ref.slice(0, 6)) await first.run(job);
  await first.close();
  const again = await compact(dir, { resume: pointOf(ref[2]!.out) });
  const other = { ...ref[3]!.job, timeMs: ref[3]!.job.timeMs + 1n };
  await assert.rejects(
    again.run(other),
    workerCode(DomainsError.JOB_MISMATCH, /not the block this node executed/),
  );
});

test('ued compact store: a record ahead of the log, a missing stored outcome, or a fresh start over a used store are coded errors', async () => {
  const ref = await refP;
  const dir = tmp();
  const first = await compact(dir);
  for (const { job } of ref.slice(0, 6)) await first.run(job);
  await first.close();
  await assert.rejects(
    compact(dir, { resume: pointOf(ref[8]!.out) }),
    workerCode(DomainsError.UED_STORE, /names UED height 9, but the compact store .* only reached 6/),
  );
  await assert.rejects(
    compact(dir),
    workerCode(DomainsError.UED_STORE, /no resume record: not a fresh start/),
  );
  const bad = { ...pointOf(ref[5]!.out), root: new Uint8Array(32) };
  await assert.rejects(compact(dir, { resume: bad }), /lacks the committed root of height 6/);
  const db = new ClassicLevel<Uint8Array, Uint8Array>(join(dir, 'outcomes'), {
    keyEncoding: 'view',
    valueEncoding: 'view',
  });
  const k = new Uint8Array(8);
  k[7] = 4;
  await db.del(k);
  await db.close();
  await assert.rejects(
    compact(dir, { resume: pointOf(ref[1]!.out) }),
    workerCode(DomainsError.UED_STORE, /outcome of 4 is not stored/),
  );
  const ok = await compact(dir, { resume: pointOf(ref[4]!.out) });
  assert.equal(show(await ok.run(ref[5]!.job)), show(ref[5]!.out), 'height 5 on is still answered');
  await ok.close();
});

test('ued compact store: synchronous-mode speculation is refused (UED_STORE), in memory too', async () => {
  const ref = await refP;
  const w = await WorkerUedRunner.start({ genesis, store: 'compact' });
  assert.equal(show(await w.run(ref[0]!.job)), show(ref[0]!.out));
  await assert.rejects(w.speculate(ref[1]!.job), workerCode(DomainsError.UED_STORE, /cannot speculate/));
});
