/**
 * The consensus application over the composed programs (issue 5): the BFT engine's
 * {@link BftApplication} backed by two MKVS trees, the VED (executed before voting, its hash in
 * the header) and the UED (executed once the block is final, behind a {@link UedRunner}; issue 7
 * moves it to a worker). Cross-domain records are pinned per block (see cross-domain.ts).
 *
 * Flow of height h: prepareProposal/processProposal execute the VED of h speculatively on a tree
 * opened at the committed root of h − 1 (cached per block content); finalizeBlock keeps the
 * decided execution and hands the BFT engine the next validator set in the block after an epoch
 * start; commit adopts the VED tree, then runs the UED of h and carries the epoch-boundary
 * results (remap moves, the next VED account set, the UED's records for the next boundary).
 * The precommits of h − 1, carried in block h, are pinned into the VED of h + 1, since a proposer
 * does not see the LastCommit when it builds a block.
 *
 * With a record store the app saves, after genesis and after every commit, a resume record
 * (app-record.ts); `create` then resumes at the stored height instead of writing genesis again.
 */
import {
  bytesEqual,
  concatBytes,
  hash,
  hashCanonicalList,
  TandemError,
  toHex,
  u64be,
} from '../common/index.js';
import type { BftApplication, Block, Evidence, Validator } from '../consensus/bft/index.js';
import {
  type ExecuteResult,
  executeVed,
  type GenesisDocument,
  initGenesis,
  type VedAccountSet,
} from '../consensus/index.js';
import { MemoryNodeDB, type NodeDB, Tree } from '../mkvs/index.js';
import { type AppRecordStore, decodeAppRecord, encodeAppRecord, openCommitted } from './app-record.js';
import { clockRuleHolds, decodeUedReport, encodeUedReport, leaderTime } from './app-rules.js';
import {
  advanceCarry,
  type Carry,
  commitVotesOf,
  evidenceOf,
  genesisCarry,
  uedInputs,
  vedInputs,
} from './chain-carry.js';
import { membershipIn, validatorsAt } from './chain-view.js';
import { type CheckTxResult, checkTx } from './check-tx.js';
import { encodePinned } from './cross-domain.js';
import { DomainsError } from './errors.js';
import { createPrograms, type Programs } from './programs.js';
import { SyncUedRunner, type UedRunner } from './ued-runner.js';

/** Options of {@link ChainApp.create}. */
export interface ChainAppOptions {
  readonly genesis: GenesisDocument;
  /** The wired programs (default: {@link createPrograms} of the genesis). */
  readonly programs?: Programs;
  /** The node database of each domain's tree (default: in memory). */
  readonly nodeDb?: (domain: 'ved' | 'ued') => NodeDB;
  /** Most transactions a proposal takes from the mempool. */
  readonly maxBlockTxs?: number;
  /**
   * Where the resume record is kept (default: nowhere, and every start writes genesis). With a
   * store holding a record, {@link ChainApp.create} resumes at its height over `nodeDb`.
   */
  readonly store?: AppRecordStore;
  /** Called after each commit with both domain hashes of the height and its transaction count. */
  readonly onCommitted?: (c: {
    height: bigint;
    vedHash: Uint8Array;
    uedHash: Uint8Array;
    txs: number;
  }) => void;
}

interface VedExec {
  readonly key: string;
  readonly tree: Tree;
  readonly result: ExecuteResult;
  readonly vedSet: VedAccountSet;
  readonly evidence: Uint8Array | undefined;
}

interface Tip {
  height: bigint;
  timeMs: bigint;
  vedHash: Uint8Array;
  vedTree: Tree;
}

/** The consensus app (see the module header). */
export class ChainApp implements BftApplication {
  /** Receipts of committed blocks in both domains, by status (metrics and tests). */
  readonly stats = { okReceipts: 0, failedReceipts: 0 };
  private readonly execs = new Map<string, VedExec>();
  private pending: { block: Block; exec: VedExec } | undefined;

  private constructor(
    readonly programs: Programs,
    private readonly opts: ChainAppOptions,
    private readonly vedDb: NodeDB,
    private tip: Tip,
    private carry: Carry,
    readonly ued: UedRunner,
    private readonly uedTree: Tree,
  ) {}

  /**
   * Resume at the height of the stored record, or write genesis into fresh trees and return the
   * app at height 0 (saving the record of height 0 when there is a store).
   */
  static async create(opts: ChainAppOptions): Promise<ChainApp> {
    const programs = opts.programs ?? createPrograms(opts.genesis);
    const vedDb = opts.nodeDb?.('ved') ?? new MemoryNodeDB();
    const uedDb = opts.nodeDb?.('ued') ?? new MemoryNodeDB();
    const saved = opts.store?.load();
    if (saved !== undefined) return ChainApp.resume(opts, programs, vedDb, uedDb, saved);
    const trees = { ved: new Tree({ db: vedDb }), ued: new Tree({ db: uedDb }) };
    const g = await initGenesis(opts.genesis, programs.params, programs.services, trees);
    const tip = {
      height: 0n,
      timeMs: opts.genesis.genesis_time_ms,
      vedHash: g.ved.domainHash,
      vedTree: trees.ved,
    };
    await checkGenesisValidators(opts.genesis, trees.ved);
    const ued = new SyncUedRunner(trees.ued, programs.params, programs.services, {
      height: 0n,
      hash: g.ued.domainHash,
    });
    const app = new ChainApp(programs, opts, vedDb, tip, genesisCarry(g.vedSet), ued, trees.ued);
    app.saveRecord();
    return app;
  }

  /** The app at the height of a saved record, over trees opened at the roots it names. */
  private static async resume(
    opts: ChainAppOptions,
    programs: Programs,
    vedDb: NodeDB,
    uedDb: NodeDB,
    saved: Uint8Array,
  ): Promise<ChainApp> {
    const r = decodeAppRecord(saved);
    const ctx = programs.params.chainContext;
    if (r.chainContext !== ctx) {
      throw new DomainsError(DomainsError.APP_RECORD, `app record of chain ${r.chainContext}, not ${ctx}`);
    }
    if (r.uedHeight !== r.height) {
      throw new DomainsError(
        DomainsError.APP_RECORD,
        `app record: UED at ${r.uedHeight}, VED at ${r.height}`,
      );
    }
    const vedTree = await openCommitted(vedDb, 'ved', ctx, r.height, r.vedRoot);
    const uedTree = await openCommitted(uedDb, 'ued', ctx, r.height, r.uedRoot);
    const tip = { height: r.height, timeMs: r.timeMs, vedHash: r.vedHash, vedTree };
    const ued = new SyncUedRunner(uedTree, programs.params, programs.services, {
      height: r.height,
      hash: r.uedHash,
    });
    return new ChainApp(programs, opts, vedDb, tip, r.carry, ued, uedTree);
  }

  /** Height, time and VED hash of the last committed block. */
  get committed(): { height: bigint; timeMs: bigint; vedHash: Uint8Array } {
    return { height: this.tip.height, timeMs: this.tip.timeMs, vedHash: this.tip.vedHash };
  }

  /** The committed VED tree (reads only). */
  get vedTree(): Tree {
    return this.tip.vedTree;
  }

  proposalTime(parentTime: bigint, now: bigint): bigint {
    return leaderTime(parentTime, now);
  }

  async prepareProposal(req: {
    height: bigint;
    time: bigint;
    candidates: Uint8Array[];
    evidence: Evidence[];
  }) {
    const txs = req.candidates.slice(0, this.opts.maxBlockTxs ?? 500);
    const exec = await this.executeVed(req.height, req.time, txs, req.evidence);
    return { txs, vedHash: exec.result.domainHash };
  }

  async processProposal(block: Block): Promise<boolean> {
    const h = block.header;
    if (h.height !== this.tip.height + 1n || !clockRuleHolds(this.tip.timeMs, h.time)) return false;
    try {
      const exec = await this.executeVed(h.height, h.time, block.txs, block.evidence);
      return bytesEqual(exec.result.domainHash, h.ved_hash);
    } catch (e) {
      if (e instanceof TandemError) return false;
      throw e;
    }
  }

  async finalizeBlock(block: Block): Promise<{ validatorUpdates?: Validator[] }> {
    const h = block.header;
    if (h.height !== this.tip.height + 1n) {
      throw new DomainsError(DomainsError.APP_STATE, `finalize ${h.height} after ${this.tip.height}`);
    }
    const exec = await this.executeVed(h.height, h.time, block.txs, block.evidence);
    if (!bytesEqual(exec.result.domainHash, h.ved_hash)) {
      throw new DomainsError(DomainsError.APP_STATE, `decided block ${h.height} has another VED hash here`);
    }
    this.pending = { block, exec };
    const epochs = this.programs.params.epochs;
    if (h.height < 2n || !epochs.isEpochStart(h.height - 1n)) return {};
    const m = await membershipIn(this.tip.vedTree, epochs.epochOf(h.height - 1n) + 1n);
    return m !== null && m.validators.length > 0 ? { validatorUpdates: m.validators } : {};
  }

  async commit(height: bigint): Promise<void> {
    const p = this.pending;
    if (p === undefined || p.block.header.height !== height) return;
    this.pending = undefined;
    this.execs.clear();
    const prevTree = this.tip.vedTree;
    const parentTimeMs = this.tip.timeMs;
    const h = p.block.header;
    this.tip = { height, timeMs: h.time, vedHash: p.exec.result.domainHash, vedTree: p.exec.tree };
    const g = this.opts.genesis.validators;
    const voters = await validatorsAt(prevTree, this.programs.params.epochs, g, height - 1n);
    const commitVotes = commitVotesOf(p.block.last_commit, voters);
    const ued = await this.ued.run({
      height,
      timeMs: h.time,
      parentTimeMs,
      txs: p.block.txs,
      vedSet: p.exec.vedSet,
      remapsIn: p.exec.result.remapsLeft,
      crossDomain: await uedInputs(this.tip.vedTree, this.programs.params.epochs, height, p.exec.evidence),
    });
    for (const r of [...p.exec.result.receipts, ...ued.receipts]) {
      if (r.receipt.status === 0) this.stats.okReceipts++;
      else this.stats.failedReceipts++;
    }
    this.carry = advanceCarry(this.carry, this.programs.params.epochs, height, {
      vedSet: p.exec.vedSet,
      vedOut: p.exec.result.remapsOut,
      uedOut: ued.remapsOut,
      commitVotes,
      forVed: ued.forVed,
    });
    this.saveRecord();
    this.opts.onCommitted?.({
      height,
      vedHash: this.tip.vedHash,
      uedHash: ued.domainHash,
      txs: p.block.txs.length,
    });
  }

  committedHeight(): bigint {
    return this.tip.height;
  }

  extendVote(_height: bigint): Uint8Array {
    return encodeUedReport(this.ued.latest());
  }

  verifyVoteExtension(_validator: Uint8Array, height: bigint, extension: Uint8Array): boolean {
    const r = decodeUedReport(extension);
    return r !== undefined && (r === null || r.height < height);
  }

  /** Mempool admission: strict decoding, signature, and a funded fee payer with a usable nonce. */
  checkTx(tx: Uint8Array): Promise<CheckTxResult> {
    const view = { vedSet: this.carry.vedSet, programs: this.programs.params.programs };
    return checkTx(tx, this.programs.params, view, {
      ved: (k) => this.tip.vedTree.get(k),
      ued: (k) => this.ued.get(k),
    });
  }

  /** Save where the app stands (after genesis and after each commit), when it has a store. */
  private saveRecord(): void {
    if (this.opts.store === undefined) return;
    const ued = this.ued.latest();
    this.opts.store.save(
      encodeAppRecord({
        chainContext: this.programs.params.chainContext,
        height: this.tip.height,
        timeMs: this.tip.timeMs,
        vedHash: this.tip.vedHash,
        vedRoot: this.tip.vedTree.rootHash(),
        uedHeight: ued.height,
        uedHash: ued.hash,
        uedRoot: this.uedTree.rootHash(),
        carry: this.carry,
      }),
    );
  }

  private isEpochStart(height: bigint): boolean {
    return this.programs.params.epochs.isEpochStart(height);
  }

  /** Execute (or reuse) the VED of the next height for a block's content. */
  private async executeVed(
    height: bigint,
    time: bigint,
    txs: Uint8Array[],
    ev: Evidence[],
  ): Promise<VedExec> {
    const evidence = ev.length > 0 ? encodePinned.evidence(evidenceOf(ev)) : undefined;
    const key = toHex(
      hash(concatBytes(u64be(height), u64be(time), hashCanonicalList(txs), evidence ?? new Uint8Array(0))),
    );
    const hit = this.execs.get(key);
    if (hit !== undefined) return hit;
    const epochStart = this.isEpochStart(height);
    const vedSet = epochStart && this.carry.nextSet !== undefined ? this.carry.nextSet : this.carry.vedSet;
    const tree = new Tree({ db: this.vedDb, rootHash: this.tip.vedTree.rootHash() });
    const result = await executeVed({
      tree,
      block: { height, timeMs: time, parentTimeMs: this.tip.timeMs, parentHash: this.tip.vedHash, txs },
      params: this.programs.params,
      vedSet,
      services: this.programs.services,
      remapsIn: epochStart ? this.carry.toVed : [],
      crossDomain: vedInputs(this.carry, this.programs.params.epochs, height, evidence),
    });
    const exec = { key, tree, result, vedSet, evidence };
    if (this.execs.size > 64) this.execs.clear();
    this.execs.set(key, exec);
    return exec;
  }
}

/** The genesis BFT validators must be the genesis membership of epoch 0. */
async function checkGenesisValidators(doc: GenesisDocument, ved: Tree): Promise<void> {
  const m = await membershipIn(ved, 0n);
  const want = (m?.validators ?? []).map((v) => `${toHex(v.pubKey)}:${v.power}`).sort();
  const got = doc.validators.map((v) => `${toHex(v.public_key)}:${v.power}`).sort();
  if (want.join() !== got.join()) {
    throw new DomainsError(
      DomainsError.INVALID_GENESIS,
      'genesis validators differ from the vote program membership of epoch 0 (key and power from stake)',
    );
  }
}
