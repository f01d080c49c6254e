/**
 * The UED worker skips the signature check only for transactions the main thread lists as
 * verified, by the hash of their exact bytes: a listed transaction executes without a check, an
 * unlisted one is verified (a bad signature is refused), and tampered bytes never match a listed
 * hash. The packed list is decoded strictly. Reads of one key in flight are shared.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hash, toHex } from '../../src/common/index.js';
import { ConsensusError, decodeSignedTx, VerifiedTxs } from '../../src/consensus/index.js';
import {
  ChainApp,
  DomainsError,
  encodeJob,
  packVerified,
  type UedJob,
  unpackVerified,
  WorkerUedRunner,
} from '../../src/domains/index.js';
import { addrOf, step, testGenesis, transferTx, user } from '../helpers/chain-app.js';
import { isWorkerError, track } from '../helpers/ued-worker.js';

const genesis = testGenesis(3, { users: 4 });

/** An inline app's job for height 1 holding one valid transfer, and that transfer. */
async function firstJob(): Promise<{ job: UedJob; tx: Uint8Array; app: ChainApp }> {
  const app = track(await ChainApp.create({ genesis }));
  const tx = transferTx(app, user(0), 0n, addrOf(user(1)), 5n);
  let job: UedJob | undefined;
  const run = app.ued.run.bind(app.ued);
  app.ued.run = (j) => {
    job ??= j;
    return run(j);
  };
  await step(app, [tx]);
  assert.ok(job !== undefined);
  return { job, tx, app };
}

/** The transaction with its last byte (inside the signature) flipped. */
function tampered(tx: Uint8Array): Uint8Array {
  const t = tx.slice();
  t[t.length - 1] = (t[t.length - 1] ?? 0) ^ 1;
  return t;
}

const setOf = (...txs: Uint8Array[]) => {
  const s = new VerifiedTxs();
  for (const t of txs) s.add(toHex(hash(t)));
  return s;
};

test('UED worker: a transaction listed as verified skips the check; unlisted and tampered ones are verified', async () => {
  const { job, tx, app } = await firstJob();
  const bad = tampered(tx);
  assert.throws(
    () => decodeSignedTx(bad, app.programs.params.chainContext),
    (e: unknown) => e instanceof ConsensusError && e.code === ConsensusError.INVALID_SIGNATURE,
  );
  const receipts = async (txs: Uint8Array[], verified?: VerifiedTxs) => {
    const w = track(await WorkerUedRunner.start({ genesis }));
    const o = await w.run({ ...job, txs, ...(verified ? { verified } : {}) });
    return o.receipts.map((r) => toHex(r.txHash));
  };
  // The valid transfer executes with or without the list (the list changes no outcome).
  assert.deepEqual(await receipts([tx], setOf(tx)), [toHex(hash(tx))]);
  assert.deepEqual(await receipts([tx]), [toHex(hash(tx))]);
  // Unlisted bad bytes are verified and refused; bytes differing from a listed one are too.
  assert.deepEqual(await receipts([bad]), []);
  assert.deepEqual(await receipts([bad], setOf(tx)), []);
  // Only what the main thread lists is trusted (here, deliberately, bytes it never verified).
  assert.deepEqual(await receipts([bad], setOf(bad)), [toHex(hash(bad))]);
});

test('UED verified list: packs only held hashes, once each; malformed or oversized lists are refused', () => {
  const a = new Uint8Array([1, 2, 3]);
  const b = new Uint8Array([4, 5]);
  const c = new Uint8Array([6]);
  const packed = packVerified([a, b, a, c], setOf(a, c));
  assert.equal(packed.length, 64);
  const back = unpackVerified(packed);
  assert.equal(back.size, 2);
  assert.ok(back.has(toHex(hash(a))) && back.has(toHex(hash(c))) && !back.has(toHex(hash(b))));
  assert.equal(packVerified([a], undefined).length, 0);
  assert.equal(packVerified([a], new VerifiedTxs()).length, 0);
  assert.equal(unpackVerified(new Uint8Array(0)).size, 0);
  const refused = (e: unknown) => e instanceof DomainsError && e.code === DomainsError.WORKER_FAILED;
  assert.throws(() => unpackVerified(new Uint8Array(33)), refused);
  assert.throws(() => unpackVerified(new Uint8Array(32 * 100_001)), refused);
  assert.throws(() => unpackVerified('x' as unknown as Uint8Array), refused);
});

test('UED worker: a malformed verified list fails the worker with a coded error, nothing executed', async () => {
  const { job } = await firstJob();
  const w = track(await WorkerUedRunner.start({ genesis }));
  const post = (w as unknown as { worker: { postMessage(m: unknown): void } }).worker;
  const done = w.run(job); // height 1 is in flight; the hostile message follows it
  await done;
  post.postMessage({ type: 'job', job: encodeJob({ ...job, height: 2n }), verified: new Uint8Array(31) });
  await assert.rejects(w.get(new Uint8Array([1])), isWorkerError);
  assert.equal(w.latest().height, 1n);
});

test('UED worker: concurrent reads of one key share one request until a block is handed over', async () => {
  const { job } = await firstJob();
  const w = track(await WorkerUedRunner.start({ genesis }));
  const key = new Uint8Array([0x01, 0x02]);
  const r1 = w.get(key);
  assert.equal(w.get(key), r1, 'shared while in flight');
  assert.notEqual(w.get(new Uint8Array([0x03])), r1);
  const ran = w.run(job);
  const r2 = w.get(key);
  assert.notEqual(r2, r1, 'a read after a handed-over block is its own');
  await Promise.all([r1, r2, ran]);
  assert.notEqual(w.get(key), r1, 'answered reads are not reused');
});
