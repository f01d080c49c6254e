// Signatures verified on worker threads (SignatureWorkerPool, BatchVerdicts): the verdicts are
// those of serial verification, CheckTxBatch and ExecuteTxBatch give byte-identical results with
// and without threads on batches of good, bad-signature, malformed, oversized, replayed and
// wrong-nonce inputs, and a worker that fails (throws, exits, hangs, answers garbage) costs only
// time: its inputs are verified on the runtime's thread, never accepted unverified.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { kvRuntime } from '../../../examples/runtimes/kv/runtime.js';
import { hash, signatureStats } from '../../../src/common/index.js';
import {
  BatchVerdicts,
  DEFAULT_MAX_TX_BYTES,
  MAX_WORKER_FAILURES,
  MIN_PARALLEL_INPUTS,
  openTx,
  SdkError,
  SignatureVerdict,
  SignatureWorkerPool,
  txContext,
  txSignatureVerdict,
  VERIFY_CHUNK,
  VERIFY_CHUNK_BYTES,
  VerifiedTxCache,
  type VerifyPoolOptions,
} from '../../../src/runtime/sdk/index.js';
import { isJob, packJob, verdictsOf } from '../../../src/runtime/sdk/verify-job.js';
import {
  InProcessProvisioner,
  inProcessBundle,
  LocalRuntimeHost,
} from '../../../src/runtime/testhost/index.js';
import { mixedBatch } from './verify-fixtures.js';

const FAILING = new URL('./failing-verify-worker.js', import.meta.url);
const DOMAIN = { runtimeId: new Uint8Array(32).fill(9), chainContext: 'ab'.repeat(32) };

function openKv(verifyPool: Partial<VerifyPoolOptions>): Promise<LocalRuntimeHost> {
  return LocalRuntimeHost.open({
    bundle: inProcessBundle(kvRuntime),
    provisioner: new InProcessProvisioner(kvRuntime, { verifyPool }),
  });
}

/** What openTx makes of `b`: the opened transaction or the error's code and message. */
function outcome(f: () => unknown): unknown {
  try {
    return f();
  } catch (e) {
    assert.ok(e instanceof SdkError, String(e));
    return { code: e.code, message: e.message };
  }
}

test('worker verdicts equal serial verdicts; openTx given them decides exactly as without', async () => {
  const pool = new SignatureWorkerPool({ threads: 2 });
  try {
    const { inputs, kinds } = mixedBatch(DOMAIN, 60, 'a');
    const ctx = txContext(DOMAIN);
    const verdicts = await pool.submit(ctx, DEFAULT_MAX_TX_BYTES, inputs).verdicts;
    assert.ok(verdicts, 'the workers answered');
    const serial = inputs.map((b) => txSignatureVerdict(b, ctx, DEFAULT_MAX_TX_BYTES));
    assert.deepEqual([...verdicts], serial);
    kinds.forEach((k, i) => {
      const want =
        k === 'bad-sig'
          ? SignatureVerdict.INVALID
          : k === 'malformed' || k === 'oversized'
            ? SignatureVerdict.UNKNOWN
            : SignatureVerdict.VALID;
      assert.equal(verdicts[i], want, `${k} at ${i}`);
    });
    const before = signatureStats.verifies;
    const advised = inputs.map((b, i) =>
      outcome(() => openTx(b, DOMAIN, undefined, undefined, verdicts[i] as SignatureVerdict)),
    );
    const unknown = serial.filter((v) => v === SignatureVerdict.UNKNOWN).length;
    assert.equal(signatureStats.verifies - before, 0, `${unknown} unknown verdicts need no verify either`);
    assert.deepEqual(
      advised,
      inputs.map((b) => outcome(() => openTx(b, DOMAIN))),
    );
  } finally {
    await pool.close();
  }
});

test('CheckTxBatch and ExecuteTxBatch give identical results with and without verification threads', async () => {
  const serial = await openKv({ threads: 0 });
  const parallel = await openKv({ threads: 2 });
  try {
    const domain = { runtimeId: serial.runtimeId, chainContext: serial.chainContext };
    for (const [round, n] of [
      [0, 150],
      [1, 100],
    ] as const) {
      const { inputs } = mixedBatch(domain, n, `r${round}`, 40 + 5 * round);
      const [a, b] = [await serial.check(inputs), await parallel.check(inputs)];
      assert.deepEqual(b, a);
      const codes = new Set(a.map((r) => r.error.code));
      for (const c of [0, SdkError.MALFORMED_TX, SdkError.TX_TOO_LARGE, SdkError.INVALID_SIGNATURE]) {
        assert.ok(codes.has(c), `the batch exercises code ${c}`);
      }
      for (const c of [SdkError.INVALID_NONCE, SdkError.UNKNOWN_METHOD]) assert.ok(codes.has(c));
      const [x, y] = [await serial.execute(inputs), await parallel.execute(inputs)];
      assert.deepEqual(y.response, x.response);
      assert.deepEqual(y.header, x.header);
      assert.ok(x.response.tx_reject_hashes.length > 0 && x.response.tx_hashes.length > 0);
    }
  } finally {
    await serial.close();
    await parallel.close();
  }
});

test('a worker that throws, exits, hangs or answers another job resolves null and is reported', async () => {
  for (const mode of ['throw', 'exit', 'hang', 'wrong-id', 'too-many']) {
    const failures: string[] = [];
    const pool = new SignatureWorkerPool({
      threads: 1,
      workerUrl: FAILING,
      jobTimeoutMs: 300,
      onFailure: (w) => failures.push(w),
    });
    try {
      const { inputs } = mixedBatch(DOMAIN, 4, mode);
      assert.equal(await pool.submit(mode, DEFAULT_MAX_TX_BYTES, inputs).verdicts, null, mode);
      assert.equal(failures.length, 1, `${mode}: ${failures.join('; ')}`);
      assert.ok(pool.usable, 'one failure does not disable the pool');
    } finally {
      await pool.close();
    }
  }
});

test(`after ${MAX_WORKER_FAILURES} worker failures the pool stops using threads`, async () => {
  const pool = new SignatureWorkerPool({ threads: 2, workerUrl: FAILING, onFailure: () => {} });
  try {
    const jobs = Array.from({ length: MAX_WORKER_FAILURES + 2 }, () => pool.submit('exit', 1024, []));
    assert.deepEqual(
      await Promise.all(jobs.map((j) => j.verdicts)),
      jobs.map(() => null),
    );
    assert.equal(pool.usable, false);
    assert.equal(await pool.submit('x', 1024, []).verdicts, null);
  } finally {
    await pool.close();
  }
  const closed = new SignatureWorkerPool({ threads: 1 });
  await closed.close();
  assert.equal(await closed.submit('x', 1024, []).verdicts, null, 'a closed pool answers null');
});

test('a queued job can be taken back until a worker starts it', async () => {
  const pool = new SignatureWorkerPool({ threads: 1, workerUrl: FAILING, jobTimeoutMs: 60_000 });
  try {
    const first = pool.submit('hang', 1024, []);
    const second = pool.submit('hang', 1024, []);
    assert.equal(first.cancel(), false, 'the first job went to the worker');
    assert.equal(second.cancel(), true);
    assert.equal(await second.verdicts, null);
  } finally {
    await pool.close();
  }
});

test('workers answering garbage never make a bad signature pass: the batch is verified serially', async () => {
  const failures: string[] = [];
  const broken = await openKv({ threads: 2, workerUrl: FAILING, onFailure: (w) => failures.push(w) });
  const serial = await openKv({ threads: 0 });
  try {
    const domain = { runtimeId: serial.runtimeId, chainContext: serial.chainContext };
    const { inputs } = mixedBatch(domain, 100, 'g');
    assert.deepEqual(await broken.check(inputs), await serial.check(inputs));
    const [x, y] = [await serial.execute(inputs), await broken.execute(inputs)];
    assert.deepEqual(y.response, x.response);
    assert.ok(
      failures.some((w) => w.includes('malformed answer')),
      failures.join('; '),
    );
  } finally {
    await broken.close();
    await serial.close();
  }
});

/** A pool stand-in recording each job; jobs are answered with `answer` unless taken back. */
function recordingPool(answer: (inputs: readonly Uint8Array[]) => Uint8Array | null) {
  const jobs: { inputs: readonly Uint8Array[]; taken: boolean }[] = [];
  const pool = {
    usable: true,
    submit: (_ctx: string, _max: number, inputs: readonly Uint8Array[]) => {
      const job = { inputs, taken: false };
      jobs.push(job);
      return {
        verdicts: Promise.resolve(answer(inputs)),
        cancel: () => {
          job.taken = true;
          return jobs.indexOf(job) % 2 === 1; // odd jobs are still queued: taken back
        },
      };
    },
  };
  return { jobs, pool: pool as unknown as SignatureWorkerPool };
}

test('BatchVerdicts: only unverified inputs are queued, in bounded chunks; taken-back chunks are verified here', async () => {
  const { inputs } = mixedBatch(DOMAIN, 150, 'c');
  const ctx = txContext(DOMAIN);
  const serial = inputs.map((b) => txSignatureVerdict(b, ctx, DEFAULT_MAX_TX_BYTES));
  const cache = new VerifiedTxCache();
  cache.add(hash(inputs[0]!));
  const { jobs, pool } = recordingPool((xs) =>
    Uint8Array.from(xs.map((b) => txSignatureVerdict(b, ctx, DEFAULT_MAX_TX_BYTES))),
  );
  const v = BatchVerdicts.start(pool, inputs, DOMAIN, DEFAULT_MAX_TX_BYTES, cache);
  assert.ok(v);
  const queued = jobs.flatMap((j) => j.inputs);
  assert.equal(queued.length, inputs.filter((b) => b.length <= DEFAULT_MAX_TX_BYTES).length - 1);
  assert.ok(!queued.includes(inputs[0]!), 'a cached input is not queued');
  assert.ok(jobs.every((j) => j.inputs.length <= VERIFY_CHUNK));
  const got = await Promise.all(inputs.map((_, i) => v.at(i)));
  got.forEach((g, i) => {
    assert.ok(g === serial[i] || g === SignatureVerdict.UNKNOWN, `input ${i}`);
  });
  assert.ok(got.some((g) => g === SignatureVerdict.VALID) && got.some((g) => g === SignatureVerdict.INVALID));
  const stolen = jobs.filter((_, k) => k % 2 === 1).flatMap((j) => j.inputs);
  for (const b of stolen) assert.equal(got[inputs.indexOf(b)], SignatureVerdict.UNKNOWN);
  const big = Array.from({ length: 80 }, (_, i) => new Uint8Array(60_000).fill(i));
  const r = recordingPool(() => null);
  const bv = BatchVerdicts.start(r.pool, big, DOMAIN, DEFAULT_MAX_TX_BYTES);
  assert.ok(r.jobs.every((j) => j.inputs.reduce((n, b) => n + b.length, 0) <= VERIFY_CHUNK_BYTES));
  assert.equal(await bv?.at(3), SignatureVerdict.UNKNOWN, 'a null answer means verify here');
  assert.equal(
    BatchVerdicts.start(pool, inputs.slice(0, MIN_PARALLEL_INPUTS - 1), DOMAIN, 1 << 16),
    undefined,
  );
  const all = new VerifiedTxCache();
  for (const b of inputs) all.add(hash(b));
  assert.equal(BatchVerdicts.start(pool, inputs, DOMAIN, DEFAULT_MAX_TX_BYTES, all), undefined);
});

test('a job is packed into one buffer; a job with ends out of order or past its data is not read', () => {
  const inputs = [Uint8Array.of(1, 2), new Uint8Array(0), Uint8Array.of(3)];
  const job = packJob(7, 'ctx', 100, inputs);
  assert.deepEqual([...job.data], [1, 2, 3]);
  assert.deepEqual([...job.ends], [2, 2, 3]);
  assert.ok(isJob(job));
  assert.deepEqual([...verdictsOf(job)], [0, 0, 0], 'none of these bytes is a transaction');
  assert.ok(!isJob({ ...job, ends: Uint32Array.of(2, 1, 3) }));
  assert.ok(!isJob({ ...job, ends: Uint32Array.of(2, 2, 4) }));
  assert.ok(!isJob({ ...job, ends: [2, 2, 3] }));
  assert.ok(!isJob({ ...job, id: 1.5 }));
  assert.ok(!isJob(null));
});

test('a worker that cannot start (missing script, unusable URL) resolves null; repeated, the pool gives up', async () => {
  const cases = [
    { url: new URL('./no-such-worker.js', import.meta.url), failures: 1, usable: true },
    { url: new URL('http://example.invalid/w.js'), failures: MAX_WORKER_FAILURES, usable: false },
  ];
  for (const c of cases) {
    const failures: string[] = [];
    const pool = new SignatureWorkerPool({
      threads: 1,
      workerUrl: c.url,
      onFailure: (w) => failures.push(w),
    });
    try {
      assert.equal(await pool.submit('x', 1024, [Uint8Array.of(1)]).verdicts, null, c.url.href);
      assert.equal(failures.length, c.failures, failures.join('; '));
      assert.equal(pool.usable, c.usable);
    } finally {
      await pool.close();
    }
  }
});
