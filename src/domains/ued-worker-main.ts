/**
 * Entry module of the UED worker thread (started by {@link WorkerUedRunner}). The worker owns the
 * UED tree: on the node store it opens its node database (memory, or LevelDB at a path), writes
 * genesis (or opens the committed root it is told to resume from); on the compact store it opens
 * the resident tree (ued-compact-worker.ts). Then it
 * executes the final blocks it is handed strictly one after another through a
 * {@link SyncUedRunner}, the same code the main thread runs inline, so both give the same hashes.
 * Each outcome is posted back as canonical CBOR in a transferred buffer. The first failure is
 * posted and ends the work: later blocks would build on a state nobody can trust.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { BlockCollector } from '../common/index.js';
import { decodeGenesis, initGenesis } from '../consensus/index.js';
import { encodeNode, LevelNodeDB, MemoryNodeDB, type NodeDB, Tree } from '../mkvs/index.js';
import type { VoteParams } from '../services/vote/index.js';
import { openCommitted } from './app-record.js';
import { DomainsError } from './errors.js';
import { createPrograms } from './programs.js';
import { replayingNodeDB } from './replay-db.js';
import { openCompactUed, type UedBackend } from './ued-compact-worker.js';
import { SyncUedRunner, type UedJob } from './ued-runner.js';
import { unpackVerified } from './ued-verified.js';
import { decodeJob, encodeOutcome, ownBuffer } from './ued-wire.js';
import type { FromUedWorker, ToUedWorker, UedWorkerData } from './ued-worker-protocol.js';

const port = parentPort;
if (port === null) throw new DomainsError(DomainsError.WORKER_FAILED, 'not in a worker thread');
const data = workerData as UedWorkerData;
const post = (m: FromUedWorker, transfer: ArrayBuffer[] = []) => port.postMessage(m, transfer);

async function start(): Promise<UedBackend> {
  const genesis = decodeGenesis(data.genesis);
  const programs = createPrograms(genesis, { vote: data.vote as Partial<VoteParams> | undefined });
  if (data.store === 'compact') {
    return openCompactUed({
      genesis,
      programs,
      ...(data.dbPath === undefined ? {} : { dir: data.dbPath }),
      ...(data.resume === undefined ? {} : { resume: data.resume }),
      ...(data.checkpoints === undefined ? {} : { checkpoints: data.checkpoints }),
    });
  }
  const db: NodeDB = data.dbPath === undefined ? new MemoryNodeDB() : await LevelNodeDB.open(data.dbPath);
  const r = data.resume;
  if (r !== undefined) {
    const replay = await replayingNodeDB(db);
    const tree = await openCommitted(replay, 'ued', programs.params.chainContext, r.height, r.root);
    return nodeBackend(new SyncUedRunner(tree, programs.params, programs.services, r), replay);
  }
  const trees = { ved: new Tree(), ued: new Tree({ db }) };
  const g = await initGenesis(genesis, programs.params, programs.services, trees);
  const runner = new SyncUedRunner(trees.ued, programs.params, programs.services, {
    height: 0n,
    hash: g.ued.domainHash,
  });
  return nodeBackend(runner, db);
}

/** The node store: every commit of the tree writes its nodes, durable when it returns. */
function nodeBackend(runner: SyncUedRunner, db: NodeDB): UedBackend {
  return {
    runner,
    node: async (hash) => {
      const n = await db.getNode(hash);
      return n === undefined ? null : encodeNode(n, 'full');
    },
    run: async (_bytes, job) => encodeOutcome(await runner.run(job)),
    close: () => db.close(),
  };
}

/** The job with the main thread's verified hashes, if it sent any (ued-verified.ts: why trusted). */
function withVerified(job: UedJob, packed: Uint8Array | undefined): UedJob {
  return packed === undefined || packed.length === 0 ? job : { ...job, verified: unpackVerified(packed) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The test and benchmark hooks before executing a job. */
async function hooksBefore(job: UedJob): Promise<void> {
  const hooks = data.hooks ?? {};
  const ms = (hooks.delayMs ?? 0) + (hooks.costMsPerTx ?? 0) * job.txs.length;
  if (ms > 0) await sleep(ms);
  if (hooks.exitAt === job.height) process.exit(3);
  if (hooks.throwAt === job.height) {
    throw new DomainsError(DomainsError.WORKER_FAILED, `test hook: failing at height ${job.height}`);
  }
}

/** One key of a `gets`: a failed read is reported for that key alone, the worker carries on. */
async function readOne(runner: SyncUedRunner, key: Uint8Array): Promise<Uint8Array | null | string> {
  try {
    return await runner.get(key);
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

/** The worker's young-generation collections, made once an outcome is posted (ued-runner.ts). */
let collector: BlockCollector | undefined;

async function handle(w: UedBackend, m: ToUedWorker): Promise<void> {
  if (m.type === 'gets') {
    post({ type: 'values', id: m.id, values: await Promise.all(m.keys.map((k) => readOne(w.runner, k))) });
  } else if (m.type === 'node') {
    post({ type: 'value', id: m.id, value: await w.node(m.hash) });
  } else if (m.type === 'close') {
    await w.close();
    post({ type: 'closed' });
  } else if (m.type === 'speculate') {
    const job = withVerified(decodeJob(m.job), m.verified);
    await hooksBefore(job);
    post({ type: 'speculated', id: m.id, hash: await w.runner.speculate(job) });
  } else {
    const job = withVerified(decodeJob(m.job), m.verified);
    if (!w.runner.speculated(job)) await hooksBefore(job);
    const out = ownBuffer(await w.run(m.job, job));
    post({ type: 'done', outcome: out }, [out.buffer as ArrayBuffer]);
    collector?.afterBlock(job.txs.length);
  }
}

async function main(): Promise<void> {
  const w = await start();
  collector = w.runner.handOverCollections();
  post({ type: 'ready', height: w.runner.latest().height, hash: w.runner.latest().hash });
  let chain: Promise<void> = Promise.resolve();
  let failed = false;
  port!.on('message', (m: ToUedWorker) => {
    chain = chain.then(async () => {
      if (failed) return;
      try {
        await handle(w, m);
      } catch (e) {
        failed = true;
        post({ type: 'error', message: e instanceof Error ? e.message : String(e), ...codeOf(e) });
      }
    });
  });
}

/** The DomainsError code of a failure, if it has one (the main thread keeps it in the error's context). */
function codeOf(e: unknown): { code?: number } {
  return e instanceof DomainsError ? { code: e.code } : {};
}

main().catch((e: unknown) => {
  const message = `UED worker start failed: ${e instanceof Error ? e.message : String(e)}`;
  post({ type: 'error', message, ...codeOf(e) });
});
