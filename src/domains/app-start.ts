/**
 * Where a {@link ChainApp} starts: genesis written into fresh trees, or the position of its saved
 * resume record (app-record.ts), with the UED runner (inline over the UED tree, or a worker thread
 * that owns it) started at the record's UED height, which may lag the VED's. The app then executes
 * the UED of the heights between the two again, from the decided blocks (chain-app.ts).
 */
import { TandemError, toHex } from '../common/index.js';
import { type GenesisDocument, initGenesis } from '../consensus/index.js';
import { type NodeDB, Tree } from '../mkvs/index.js';
import { decodeAppRecord, openCommitted, type UedRecord } from './app-record.js';
import { type Carry, genesisCarry } from './chain-carry.js';
import { membershipIn } from './chain-view.js';
import { DomainsError } from './errors.js';
import type { Programs } from './programs.js';
import { replayingNodeDB } from './replay-db.js';
import { SyncUedRunner, type UedRunner } from './ued-runner.js';
import { type WorkerUedOptions, WorkerUedRunner } from './ued-worker-runner.js';

/** The VED's committed position. */
export interface Tip {
  height: bigint;
  timeMs: bigint;
  vedHash: Uint8Array;
  vedTree: Tree;
}

/** What {@link startApp} hands the app. */
export interface AppStart {
  readonly tip: Tip;
  readonly carry: Carry;
  readonly ued: UedRecord;
  readonly runner: UedRunner;
  /** True when genesis was just written (nothing resumed). */
  readonly fresh: boolean;
}

/** How the app starts (a subset of its options). */
export interface StartOptions {
  readonly genesis: GenesisDocument;
  readonly uedWorker?: Pick<WorkerUedOptions, 'dbPath' | 'store' | 'checkpoints' | 'hooks' | 'timeoutMs'>;
}

/** Resume from `saved`, or write genesis (see the module header). */
export function startApp(
  opts: StartOptions,
  programs: Programs,
  dbs: { ved: NodeDB; ued: NodeDB },
  saved: Uint8Array | undefined,
): Promise<AppStart> {
  return saved === undefined ? fromGenesis(opts, programs, dbs) : resume(opts, programs, dbs, saved);
}

async function fromGenesis(
  opts: StartOptions,
  programs: Programs,
  dbs: { ved: NodeDB; ued: NodeDB },
): Promise<AppStart> {
  const trees = { ved: new Tree({ db: dbs.ved }), ued: new Tree({ db: dbs.ued }) };
  const g = await initGenesis(opts.genesis, programs.params, programs.services, trees);
  await checkGenesisValidators(opts.genesis, trees.ved);
  const timeMs = opts.genesis.genesis_time_ms;
  const tip = { height: 0n, timeMs, vedHash: g.ved.domainHash, vedTree: trees.ved };
  const ued: UedRecord = {
    height: 0n,
    hash: g.ued.domainHash,
    root: g.ued.stateRoot,
    timeMs,
    startIn: [],
    startOut: new Map(),
    forVed: new Map(),
  };
  const runner = opts.uedWorker
    ? await WorkerUedRunner.start({
        ...opts.uedWorker,
        genesis: opts.genesis,
        vote: { ...programs.voteParams },
        expectGenesisHash: g.ued.domainHash,
      })
    : new SyncUedRunner(trees.ued, programs.params, programs.services, ued);
  return { tip, carry: genesisCarry(g.vedSet), ued, runner, fresh: true };
}

async function resume(
  opts: StartOptions,
  programs: Programs,
  dbs: { ved: NodeDB; ued: NodeDB },
  saved: Uint8Array,
): Promise<AppStart> {
  const r = decodeAppRecord(saved);
  const ctx = programs.params.chainContext;
  if (r.chainContext !== ctx) {
    throw new DomainsError(DomainsError.APP_RECORD, `app record of chain ${r.chainContext}, not ${ctx}`);
  }
  const epochs = programs.params.epochs;
  // The UED jobs executed again on resume take the VED set of the VED's epoch (carry.vedSet):
  // sound because the APE-6 wait keeps the UED within that epoch.
  if (r.ued.height < r.height && epochs.epochOf(r.ued.height + 1n) !== epochs.epochOf(r.height)) {
    throw new DomainsError(
      DomainsError.APP_RECORD,
      `app record: UED at ${r.ued.height} is more than an epoch behind the VED at ${r.height}`,
    );
  }
  const vedTree = await openCommitted(dbs.ved, 'ved', ctx, r.height, r.vedRoot);
  const tip = { height: r.height, timeMs: r.timeMs, vedHash: r.vedHash, vedTree };
  const runner = await resumeRunner(opts, programs, dbs.ued, r.ued);
  return { tip, carry: r.carry, ued: r.ued, runner, fresh: false };
}

async function resumeRunner(
  opts: StartOptions,
  programs: Programs,
  uedDb: NodeDB,
  u: UedRecord,
): Promise<UedRunner> {
  const point = { height: u.height, hash: u.hash, root: u.root };
  if (opts.uedWorker === undefined) {
    const db = await replayingNodeDB(uedDb);
    const tree = await openCommitted(db, 'ued', programs.params.chainContext, u.height, u.root);
    return new SyncUedRunner(tree, programs.params, programs.services, point);
  }
  if (opts.uedWorker.dbPath === undefined) {
    throw new DomainsError(DomainsError.APP_RECORD, 'app record: the UED worker has no database to resume');
  }
  try {
    return await WorkerUedRunner.start({
      ...opts.uedWorker,
      genesis: opts.genesis,
      vote: { ...programs.voteParams },
      resume: point,
    });
  } catch (e) {
    // The worker reports a missing root as a start failure: that is the record's problem.
    if (e instanceof TandemError && /lacks the committed root/.test(e.message)) {
      throw new DomainsError(DomainsError.APP_RECORD, e.message);
    }
    throw e;
  }
}

/** The genesis BFT validators must be the genesis membership of epoch 0. */
async function checkGenesisValidators(doc: GenesisDocument, ved: Tree): Promise<void> {
  const m = await membershipIn(ved, 0n);
  const key = (k: Uint8Array, p: bigint) => `${toHex(k)}:${p}`;
  const want = (m?.validators ?? []).map((v) => key(v.pubKey, v.power)).sort();
  const got = doc.validators.map((v) => key(v.public_key, v.power)).sort();
  if (want.join() !== got.join()) {
    throw new DomainsError(
      DomainsError.INVALID_GENESIS,
      'genesis validators differ from the vote program membership of epoch 0 (key and power from stake)',
    );
  }
}
