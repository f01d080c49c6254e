/**
 * The UED worker's state on the compact store (docs/state.md, "two stores"): a resident
 * {@link CompactTree} restored from its state log (`<dir>/log`), with the outcomes it posted in
 * `<dir>/outcomes` (ued-outcome-log.ts) and the checkpoint trees it cut in `<dir>/checkpoints`. A fresh start writes genesis into a tree of its own and
 * adopts it as the store's first snapshot; a resume checks the app record's height against the
 * log's latest version L: at L the roots must agree; below L every height up to L must have its
 * outcome stored, and those heights are answered from there; above L is an error. Each executed
 * height's outcome is durable, then its log record is handed over and made durable, before the
 * worker posts it, so neither store lags what the app records. With a checkpoint interval the
 * height is then cut for state sync (ued-checkpoint-cut.ts), still before it is posted.
 */
import { join } from 'node:path';
import { bytesEqual, toHex } from '../common/index.js';
import { domainNamespace, type GenesisDocument, initGenesis } from '../consensus/index.js';
import { CompactState, CompactTree, LevelNodeDB, Tree } from '../mkvs/index.js';
import { DomainsError } from './errors.js';
import type { Programs } from './programs.js';
import { CheckpointCutter, type CutPolicy } from './ued-checkpoint-cut.js';
import { GatedSink } from './ued-compact-sink.js';
import { UedOutcomeLog } from './ued-outcome-log.js';
import { SyncUedRunner, type UedJob } from './ued-runner.js';
import { decodeOutcome, encodeOutcome } from './ued-wire.js';
import type { UedResumePoint } from './ued-worker-protocol.js';

/** What the worker runs its jobs through (the node store's backend has the same shape). */
export interface UedBackend {
  readonly runner: SyncUedRunner;
  /** A committed node by hash in its stored encoding (null: none, or a store without nodes). */
  node(hash: Uint8Array): Promise<Uint8Array | null>;
  /** Execute (or answer) the job of `jobBytes`; resolves with its encoded outcome, durable. */
  run(jobBytes: Uint8Array, job: UedJob): Promise<Uint8Array>;
  close(): Promise<void>;
}

/** Where a compact UED starts. */
export interface CompactUedStart {
  readonly genesis: GenesisDocument;
  readonly programs: Programs;
  /** The compact UED's directory; in memory (no durability) when absent. */
  readonly dir?: string;
  readonly resume?: UedResumePoint;
  /** Cut state-sync checkpoints at these heights (ued-checkpoint-cut.ts); needs `dir`. */
  readonly checkpoints?: CutPolicy;
}

/** Open (or create) the compact UED (see the module header). */
export async function openCompactUed(o: CompactUedStart): Promise<UedBackend> {
  if (o.dir === undefined) {
    if (o.resume !== undefined) {
      throw new DomainsError(DomainsError.APP_RECORD, 'app record: the UED worker has no database to resume');
    }
    const g = await genesisTree(o);
    return new CompactUed(new SyncUedRunner(g.tree, o.programs.params, o.programs.services, g.point));
  }
  const outcomes = await UedOutcomeLog.open(join(o.dir, 'outcomes'));
  let cutter: CheckpointCutter | undefined;
  try {
    cutter = await openCutter(o, o.dir);
    const opened =
      o.resume === undefined ? await fresh(o, o.dir) : await resumed(o, o.dir, o.resume, outcomes);
    let gate: GatedSink | undefined;
    opened.state.interpose((inner) => {
      gate = new GatedSink(inner);
      return gate;
    });
    const runner = new SyncUedRunner(opened.state.tree, o.programs.params, o.programs.services, opened.point);
    return new CompactUed(runner, {
      state: opened.state,
      outcomes,
      gate: gate!,
      answerTo: opened.answerTo,
      cutter,
    });
  } catch (e) {
    await cutter?.close();
    await outcomes.close();
    throw e;
  }
}

/** The checkpoint cutter, when the worker cuts checkpoints. */
async function openCutter(o: CompactUedStart, dir: string): Promise<CheckpointCutter | undefined> {
  if (o.checkpoints === undefined) return undefined;
  const db = await LevelNodeDB.open(join(dir, 'checkpoints'));
  return new CheckpointCutter(db, domainNamespace('ued', o.programs.params.chainContext), o.checkpoints);
}

interface Opened {
  state: CompactState;
  point: { height: bigint; hash: Uint8Array };
  /** Heights up to this are answered from the outcome log. */
  answerTo: bigint;
}

/** Genesis written into a resident tree of its own (not yet in any store). */
async function genesisTree(o: CompactUedStart) {
  const tree = new CompactTree();
  const g = await initGenesis(o.genesis, o.programs.params, o.programs.services, {
    ved: new Tree(),
    ued: tree,
  });
  return { tree, point: { height: 0n, hash: g.ued.domainHash }, root: g.ued.stateRoot };
}

/** A fresh start: genesis adopted, or found already adopted by a start that crashed before its record. */
async function fresh(o: CompactUedStart, dir: string): Promise<Opened> {
  const g = await genesisTree(o);
  const logDir = join(dir, 'log');
  const opts = { namespace: domainNamespace('ued', o.programs.params.chainContext) };
  const found = await CompactState.open(logDir, opts);
  if (found.restored === undefined) {
    await found.close();
    return { state: await CompactState.adopt(logDir, g.tree, opts), point: g.point, answerTo: 0n };
  }
  const r = found.restored;
  if (r.version === 0n && bytesEqual(r.root, g.root)) return { state: found, point: g.point, answerTo: 0n };
  await found.close();
  throw new DomainsError(
    DomainsError.UED_STORE,
    `the UED compact store at ${dir} is at height ${r.version}, but the app has no resume record: not a fresh start`,
  );
}

/** A resume at the app record's point (see the module header). */
async function resumed(
  o: CompactUedStart,
  dir: string,
  p: UedResumePoint,
  outcomes: UedOutcomeLog,
): Promise<Opened> {
  const ns = domainNamespace('ued', o.programs.params.chainContext);
  const state = await CompactState.open(join(dir, 'log'), { namespace: ns });
  try {
    const last = state.restored?.version;
    if (last === undefined || p.height > last) {
      throw new DomainsError(
        DomainsError.UED_STORE,
        `the app record names UED height ${p.height}, but the compact store at ${dir} only reached ${last ?? 'nothing'}`,
      );
    }
    if (p.height === last && !bytesEqual(state.tree.rootHash(), p.root)) {
      throw new DomainsError(
        DomainsError.APP_RECORD,
        `the ued compact store lacks the committed root of height ${p.height} (${toHex(p.root)})`,
      );
    }
    for (let h = p.height + 1n; h <= last; h++) {
      if ((await outcomes.get(h)) === undefined) {
        throw new DomainsError(
          DomainsError.UED_STORE,
          `the UED compact store is at height ${last}, the app record at ${p.height}, and the outcome of ${h} is not stored: cannot resume`,
        );
      }
    }
    return { state, point: p, answerTo: last };
  } catch (e) {
    await state.close();
    throw e;
  }
}

interface Durable {
  readonly state: CompactState;
  readonly outcomes: UedOutcomeLog;
  readonly gate: GatedSink;
  readonly answerTo: bigint;
  readonly cutter: CheckpointCutter | undefined;
}

class CompactUed implements UedBackend {
  constructor(
    readonly runner: SyncUedRunner,
    private readonly d?: Durable,
  ) {}

  node(hash: Uint8Array): Promise<Uint8Array | null> {
    return this.d?.cutter?.node(hash) ?? Promise.resolve(null);
  }

  async run(jobBytes: Uint8Array, job: UedJob): Promise<Uint8Array> {
    const d = this.d;
    if (d !== undefined && job.height <= d.answerTo) return this.answer(d, jobBytes, job);
    const out = encodeOutcome(await this.runner.run(job));
    if (d !== undefined) {
      await d.outcomes.put(job.height, jobBytes, out);
      d.gate.release();
      await d.state.tree.flush();
      await d.cutter?.committed(job.height, d.state.tree.writeLog(), d.state.tree);
    }
    return out;
  }

  /** A height the store went past before a restart: its stored outcome, for the same block only. */
  private async answer(d: Durable, jobBytes: Uint8Array, job: UedJob): Promise<Uint8Array> {
    const bytes = await d.outcomes.answer(job.height, jobBytes);
    const o = decodeOutcome(bytes);
    if (o.height !== job.height) {
      throw new DomainsError(DomainsError.UED_STORE, `stored UED outcome of ${job.height} names ${o.height}`);
    }
    this.runner.skipTo(o);
    return bytes;
  }

  async close(): Promise<void> {
    if (this.d === undefined) return;
    try {
      this.d.gate.drop();
      await this.d.state.close();
    } finally {
      await this.d.outcomes.close();
      await this.d.cutter?.close();
    }
  }
}
