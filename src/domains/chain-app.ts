/**
 * The consensus application over the composed programs (issues 5 and 7): the BFT engine's
 * {@link BftApplication} backed by two MKVS trees, the VED (executed before voting, its hash in
 * the header) and the UED (executed once the block is final, behind a {@link UedRunner}: in the
 * caller's thread by default, or on a worker thread with the `uedWorker` option).
 * Cross-domain records are pinned per block (see cross-domain.ts).
 *
 * Flow of height h: prepareProposal/processProposal execute the VED of h speculatively on a tree
 * opened at the committed root of h − 1 (cached per block content); finalizeBlock keeps the
 * decided execution and hands the BFT engine the next validator set in the block after an epoch
 * start; commit adopts the VED tree and carries the VED's epoch-boundary results, saves the resume
 * record, records the UED reports of the block's LastCommit, then hands the UED of h to the runner
 * ({@link UedLink}). What the UED hands back (its hash and receipts, its remaps, its records for
 * the next boundary) arrives later; the VED reads it only at its next epoch start, the one point
 * that waits for the UED (APE-6). Each UED outcome saves the record again, so a restarted app
 * resumes the UED where it stood and executes the missing heights from the decided blocks.
 * The precommits of h − 1, carried in block h, are pinned into the VED of h + 1, since a proposer
 * does not see the LastCommit when it builds a block.
 *
 * UED results feed a {@link UedWatch}: the reports in votes (APE-15), execution status (APE-19,
 * APE-20) and the divergence halt (APE-18), during which {@link ChainApp.canSign} is false.
 *
 * Synchronous mode (`syncUed`, for the benchmark): prepareProposal and processProposal also
 * execute the UED of the block before answering (speculatively, on top of the UED of the parent,
 * which the runner has then executed since blocks reach it in order), and the commit adopts that
 * execution instead of repeating it. So no node proposes or votes on a block before it executed it
 * in both domains, as on a conventional chain, and the UED cost lands inside proposal→decision.
 * (Waiting in the next proposal for the parent's UED instead would hide that cost behind the
 * commit timeout, as CometBFT's app hash lag does, and measure nothing.)
 */
import { bytesEqual, TandemError } from '../common/index.js';
import type { BftApplication, Block, Evidence, Validator } from '../consensus/bft/index.js';
import { type Receipt, VerifiedTxs } from '../consensus/index.js';
import { MemoryNodeDB, type NodeDB, type Tree } from '../mkvs/index.js';
import { pinnedEvidence, runVed, uedJobFor, type VedExec, vedExecKey } from './app-exec.js';
import { encodeAppRecord } from './app-record.js';
import { clockRuleHolds, decodeUedReport, encodeUedReport, leaderTime } from './app-rules.js';
import { type AppStart, startApp, type Tip } from './app-start.js';
import type { ChainAppOptions } from './chain-app-options.js';
import { advanceCarry, type Carry, commitVotesOf } from './chain-carry.js';
import { membershipIn, validatorsAt } from './chain-view.js';
import { type CheckTxResult, checkTx, DecodedTxMemo } from './check-tx.js';
import { DomainsError, isUedFailure } from './errors.js';
import type { ExecutionStatus } from './execution-status.js';
import { createPrograms, type Programs } from './programs.js';
import type { DivergenceEvidence } from './report-book.js';
import { takeWithinUedBudget } from './ued-budget.js';
import { UedLink } from './ued-link.js';
import { SyncUedRunner, type UedJob, type UedOutcome, type UedRunner } from './ued-runner.js';
import { UedWatch } from './ued-watch.js';

export type { ChainAppOptions } from './chain-app-options.js';

/** A height handed to the UED: what its outcome is reported with. */
interface Handed {
  readonly vedHash: Uint8Array;
  readonly txs: number;
  readonly timeMs: bigint;
}

/** The consensus app (see the module header). */
export class ChainApp implements BftApplication {
  /** Receipts of committed blocks in both domains, by status (metrics and tests). */
  readonly stats = { okReceipts: 0, failedReceipts: 0 };
  private readonly execs = new Map<string, VedExec>();
  private readonly verified = new VerifiedTxs(); // admission's checks spare re-checks and the VED
  private readonly decodedTxs = new DecodedTxMemo(); // and their decodes spare re-checks' decodes
  private pending: { block: Block; exec: VedExec } | undefined;
  private readonly handed = new Map<bigint, Handed>();
  private readonly link: UedLink;
  private readonly watch: UedWatch;
  private tip: Tip;
  private carry: Carry;
  private uedAt: AppStart['ued'];
  /** The last report put in a vote: the vote's height and the report's (APE-15). */
  private reported = { vote: -1n, ued: 0n };

  private constructor(
    readonly programs: Programs,
    private readonly opts: ChainAppOptions,
    private readonly vedDb: NodeDB,
    start: AppStart,
  ) {
    this.tip = start.tip;
    this.carry = start.carry;
    this.uedAt = start.ued;
    const bps = opts.genesis.params.confirm_stake_bps;
    // The node's setting first, then the genesis parameter, then the watch's 5% (APE-20).
    const confirm =
      opts.confirmStake ?? (bps === undefined ? undefined : { numerator: BigInt(bps), denominator: 10_000n });
    this.watch = new UedWatch(confirm === undefined ? opts : { ...opts, confirmStake: confirm });
    this.watch.seed(start.ued.height, start.ued.hash);
    this.link = new UedLink(start.runner, programs.params.epochs, {
      inline: start.runner instanceof SyncUedRunner,
      onOutcome: (o) => this.onUed(o),
      restore: start.ued,
      ...(opts.metrics ? { metrics: opts.metrics } : {}),
      ...(opts.logger ? { logger: opts.logger } : {}),
    });
  }

  /**
   * Resume at the position of the stored record (executing again the UED heights it lagged by),
   * or write genesis into fresh trees and return the app at height 0 (saving its record).
   */
  static async create(opts: ChainAppOptions): Promise<ChainApp> {
    const programs = opts.programs ?? createPrograms(opts.genesis);
    const vedDb = opts.nodeDb?.('ved') ?? new MemoryNodeDB();
    // A UED worker owns its database; the main thread's UED tree then only serves genesis checks.
    const uedDb = opts.uedWorker ? undefined : opts.nodeDb?.('ued');
    const dbs = { ved: vedDb, ued: uedDb ?? new MemoryNodeDB() };
    const start = await startApp(opts, programs, dbs, opts.store?.load());
    const app = new ChainApp(programs, opts, vedDb, start);
    try {
      const epochs = programs.params.epochs;
      app.watch.setStakes(
        await validatorsAt(start.tip.vedTree, epochs, opts.genesis.validators, start.tip.height),
      );
      if (start.fresh) app.saveRecord();
      else await app.catchUpUed();
    } catch (e) {
      await app.close();
      throw e;
    }
    return app;
  }

  /** Where the UED executes. */
  get ued(): UedRunner {
    return this.link.runner;
  }

  /** Stop the UED runner (its worker thread, if any). */
  close(): Promise<void> {
    return this.link.runner.close();
  }

  /** Height, time and VED hash of the last committed block. */
  get committed(): { height: bigint; timeMs: bigint; vedHash: Uint8Array } {
    return { height: this.tip.height, timeMs: this.tip.timeMs, vedHash: this.tip.vedHash };
  }

  /** The committed VED tree (reads only). */
  get vedTree(): Tree {
    return this.tip.vedTree;
  }

  /** Height and hash of the last UED outcome this node has (its report, APE-15). */
  uedLatest(): { height: bigint; hash: Uint8Array } {
    return { height: this.uedAt.height, hash: this.uedAt.hash };
  }

  /**
   * The stake execution status confirms at when a caller gives none (APE-20): the node's share,
   * else the genesis `confirm_stake_bps`, else 5%, of the stake in force.
   */
  defaultMinStake(): bigint {
    return this.watch.defaultMinStake();
  }

  /**
   * A transaction's execution status (APE-19): pending until executed here, then its receipt and
   * the stake that reported this node's UED hash for its height or a later one; confirmed at
   * `minStake` (default: the confirmation share of the stake, APE-20). Throws DIVERGENCE_HALT
   * while halted.
   */
  executionStatus(txHash: Uint8Array, minStake?: bigint): ExecutionStatus<Receipt> {
    return this.watch.status(txHash, minStake);
  }

  /** Resolves once the status is confirmed at `minStake`; rejects on a halt or when aborted. */
  waitExecution(
    txHash: Uint8Array,
    minStake?: bigint,
    signal?: AbortSignal,
  ): Promise<ExecutionStatus<Receipt>> {
    return this.watch.wait(txHash, minStake, signal);
  }

  /** The evidence of the divergence halt in force (APE-18), if any. */
  haltEvidence(): DivergenceEvidence | undefined {
    return this.watch.evidence();
  }

  /** Operator command: lift the divergence halt (also from the halt store). */
  clearHalt(): void {
    this.watch.clear();
  }

  /** False while halted on a UED divergence: the driver then neither proposes nor votes (APE-18). */
  canSign(): boolean {
    return !this.watch.halted();
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
    const view = { vedSet: this.carry.vedSet, programs: this.programs.params.programs };
    const max = this.opts.maxBlockTxs ?? 500;
    const txs = takeWithinUedBudget(req.candidates, max, this.opts.maxBlockUedGas, view);
    const exec = await this.executeVed(req.height, req.time, txs, req.evidence);
    await this.speculateUed(exec, req.height, req.time, txs);
    return { txs, vedHash: exec.result.domainHash };
  }

  async processProposal(block: Block): Promise<boolean> {
    const h = block.header;
    if (h.height !== this.tip.height + 1n || !clockRuleHolds(this.tip.timeMs, h.time)) return false;
    try {
      const exec = await this.executeVed(h.height, h.time, block.txs, block.evidence);
      await this.speculateUed(exec, h.height, h.time, block.txs);
      return bytesEqual(exec.result.domainHash, h.ved_hash);
    } catch (e) {
      // A failed UED is this node's fault, not the proposal's: it must surface, not vote nil.
      if (e instanceof TandemError && !isUedFailure(e)) return false;
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
    const epochs = this.programs.params.epochs;
    const parentTimeMs = this.tip.timeMs;
    const h = p.block.header;
    const voters = await validatorsAt(this.tip.vedTree, epochs, this.opts.genesis.validators, height - 1n);
    const commitVotes = commitVotesOf(p.block.last_commit, voters);
    // Tip, carry and record change together: a UED outcome may save the record at any await.
    // APE-8: the accounts the VED let go at this block enter the UED at the same height.
    if (this.isEpochStart(height)) this.uedAt = { ...this.uedAt, startIn: p.exec.result.remapsLeft };
    const { receipts, remapsOut: vedOut, domainHash, events } = p.exec.result;
    this.tip = { height, timeMs: h.time, vedHash: domainHash, vedTree: p.exec.tree };
    this.carry = advanceCarry(this.carry, epochs, height, { vedSet: p.exec.vedSet, vedOut, commitVotes });
    this.handed.set(height, { vedHash: domainHash, txs: p.block.txs.length, timeMs: h.time });
    this.saveRecord();
    for (const r of receipts) this.countReceipt(r.receipt.status);
    this.watch.executedVed(height, receipts);
    this.opts.onExecuted?.({ height, domain: 'ved', domainHash, receipts, events });
    this.watch.commitReports(p.block.last_commit, voters);
    await this.link.submit(await this.uedJob(p.block, parentTimeMs, p.exec.evidence));
  }

  committedHeight(): bigint {
    return this.tip.height;
  }

  /**
   * The precommit extension (APE-15): the latest UED report when it is newer than the one in
   * this node's vote of an earlier height, else empty. Votes of later rounds of one height repeat
   * it, since only one round's precommits make the block's LastCommit.
   */
  extendVote(height: bigint): Uint8Array {
    const u = this.uedAt;
    const again = height === this.reported.vote && u.height >= this.reported.ued;
    if (!again && u.height <= this.reported.ued) return new Uint8Array(0);
    this.reported = { vote: height, ued: u.height };
    return encodeUedReport({ height: u.height, hash: u.hash });
  }

  verifyVoteExtension(_validator: Uint8Array, height: bigint, extension: Uint8Array): boolean {
    const r = decodeUedReport(extension);
    return r !== undefined && (r === null || r.height < height);
  }

  /** Mempool admission (decoding, signature, fee payer); a `'recheck'` reuses the bytes' decode. */
  checkTx(tx: Uint8Array, mode: 'new' | 'recheck' = 'new'): Promise<CheckTxResult> {
    const view = { vedSet: this.carry.vedSet, programs: this.programs.params.programs };
    const ued = (k: Uint8Array) => this.link.runner.get(k);
    const read = { ved: (k: Uint8Array) => this.tip.vedTree.get(k), ued };
    const aids = { verified: this.verified, memo: this.decodedTxs, recheck: mode === 'recheck' };
    return checkTx(tx, this.programs.params, view, read, aids);
  }

  /** The UED job of a decided block (its VED set and remaps are those of the VED's epoch). */
  private uedJob(block: Block, parentTimeMs: bigint, evidence: Uint8Array | undefined): Promise<UedJob> {
    const { height, time: timeMs } = block.header;
    const { vedSet } = this.carry;
    const b = { height, timeMs, parentTimeMs, txs: block.txs, vedSet, startIn: this.uedAt.startIn };
    const verified = this.verified;
    return uedJobFor({ ...b, vedTree: this.tip.vedTree, evidence, verified }, this.programs.params.epochs);
  }

  /** Synchronous mode: the UED of a proposed block, executed once per block content. */
  private async speculateUed(exec: VedExec, height: bigint, timeMs: bigint, txs: Uint8Array[]) {
    if (this.opts.syncUed !== true) return;
    const { vedSet, tree: vedTree, evidence } = exec;
    const startIn = exec.result.remapsLeft;
    const b = { height, timeMs, parentTimeMs: this.tip.timeMs, txs, vedSet, startIn };
    const verified = this.verified;
    exec.ued ??= uedJobFor({ ...b, vedTree, evidence, verified }, this.programs.params.epochs).then((job) =>
      this.link.runner.speculate(job),
    );
    await exec.ued;
  }

  /** After a resume: hand the UED the decided blocks it had not executed (see app-start.ts). */
  private async catchUpUed(): Promise<void> {
    let parentTimeMs = this.uedAt.timeMs;
    for (let h = this.uedAt.height + 1n; h <= this.tip.height; h++) {
      const block = await this.opts.blocks?.(h);
      if (block === undefined || block.header.height !== h) {
        throw new DomainsError(
          DomainsError.APP_RECORD,
          `the UED lags at ${h - 1n} and block ${h} is not at hand`,
        );
      }
      const h0 = block.header;
      this.handed.set(h, { vedHash: h0.ved_hash, txs: block.txs.length, timeMs: h0.time });
      await this.link.submit(await this.uedJob(block, parentTimeMs, pinnedEvidence(block.evidence)));
      parentTimeMs = h0.time;
    }
  }

  /** A UED outcome arrived (in height order): save, judge reports, and report both hashes. */
  private onUed(o: UedOutcome): void {
    const handed = this.handed.get(o.height);
    this.handed.delete(o.height);
    const timeMs = handed?.timeMs ?? this.uedAt.timeMs;
    this.uedAt = { ...this.uedAt, height: o.height, hash: o.domainHash, root: o.stateRoot, timeMs };
    this.saveRecord();
    for (const r of o.receipts) this.countReceipt(r.receipt.status);
    this.watch.executedUed(o.height, o.domainHash, o.receipts);
    this.opts.onExecuted?.({
      height: o.height,
      domain: 'ued',
      domainHash: o.domainHash,
      receipts: o.receipts,
    });
    if (handed !== undefined) {
      const c = { height: o.height, vedHash: handed.vedHash, uedHash: o.domainHash, txs: handed.txs };
      this.opts.onCommitted?.(c);
    }
  }

  private countReceipt(status: number): void {
    if (status === 0) this.stats.okReceipts++;
    else this.stats.failedReceipts++;
  }

  /** Save where both domains stand, when there is a store (after genesis, each commit and outcome). */
  private saveRecord(): void {
    if (this.opts.store === undefined) return;
    this.opts.store.save(
      encodeAppRecord({
        chainContext: this.programs.params.chainContext,
        height: this.tip.height,
        timeMs: this.tip.timeMs,
        vedHash: this.tip.vedHash,
        vedRoot: this.tip.vedTree.rootHash(),
        carry: this.carry,
        ued: { ...this.uedAt, ...this.link.outputs() },
      }),
    );
  }

  private isEpochStart(height: bigint): boolean {
    return this.programs.params.epochs.isEpochStart(height);
  }

  /** Execute (or reuse) the VED of the next height for a block's content. */
  private async executeVed(height: bigint, time: bigint, txs: Uint8Array[], ev: Evidence[]) {
    const evidence = pinnedEvidence(ev);
    const hit = this.execs.get(vedExecKey(height, time, txs, evidence));
    if (hit !== undefined) return hit;
    await this.link.beforeVed(height);
    const { programs, vedDb, tip, carry, link: ued, verified } = this;
    const exec = await runVed({ programs, vedDb, tip, carry, ued, verified }, height, time, txs, evidence);
    if (this.execs.size > 64) this.execs.clear();
    this.execs.set(exec.key, exec);
    return exec;
  }
}
