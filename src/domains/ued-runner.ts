/**
 * Executing the UED part of final blocks behind a small interface, so the consensus app does not
 * care where it runs: {@link SyncUedRunner} executes in the caller's thread (today); issue 7 puts
 * the same work on a worker thread. After the last block of an epoch the runner also reads, from
 * its own state, what the VED needs at the next boundary (the stake snapshot and the UED's
 * remaps), which the app pins into that VED block (docs/state.md, "Cross-domain flows").
 * {@link WorkerUedRunner} (ued-worker-runner.ts) runs this same class inside a worker thread.
 */
import { type BlockCollector, bytesEqual, hash, threadCollector, toHex } from '../common/index.js';
import {
  type AccountMove,
  BlockOverlay,
  type ChainParams,
  type CrossDomainInput,
  type ExecuteResult,
  executeUed,
  outgoingMoves,
  type Service,
  type TxReceipt,
  type VedAccountSet,
  type VerifiedTxs,
} from '../consensus/index.js';
import { type StateTree, Tree } from '../mkvs/index.js';
import { readStakeSnapshot } from '../services/staking/index.js';
import { encodePinned, Pinned } from './cross-domain.js';
import { DomainsError } from './errors.js';
import { encodeJob } from './ued-wire.js';

/** A job's identity: the hash of its canonical bytes. */
function jobKey(job: UedJob): string {
  return toHex(hash(encodeJob(job)));
}

import { inboxRecord } from './runtime-inbox.js';

/** One final block for the UED, with the inputs the app pins for it. */
export interface UedJob {
  readonly height: bigint;
  readonly timeMs: bigint;
  readonly parentTimeMs: bigint;
  readonly txs: readonly Uint8Array[];
  readonly vedSet: VedAccountSet;
  readonly remapsIn: readonly AccountMove[];
  readonly crossDomain: CrossDomainInput;
  /**
   * Transactions whose exact signed bytes this process already verified: their signatures are not
   * checked again (ued-verified.ts says why a worker may trust this). Not part of the job's
   * identity or its wire encoding.
   */
  readonly verified?: VerifiedTxs;
}

/** What the UED produced for a block. */
export interface UedOutcome {
  readonly height: bigint;
  readonly domainHash: Uint8Array;
  /** Root of the UED tree committed at `height` (the resume record names it). */
  readonly stateRoot: Uint8Array;
  readonly remapsOut: readonly AccountMove[];
  /** Receipts of the transactions the UED executed or failed, in block order. */
  readonly receipts: readonly TxReceipt[];
  /** After the last block of epoch E: the records the VED pins at the start of E + 1. */
  readonly forVed?: CrossDomainInput;
}

/** Where the UED executes. */
export interface UedRunner {
  /** Height and UED hash of the last executed block (the UED report, APE-15). */
  latest(): { height: bigint; hash: Uint8Array };
  /** Execute the next final block (heights strictly increasing by one). */
  run(job: UedJob): Promise<UedOutcome>;
  /** A committed UED value (mempool checks and queries). */
  get(key: Uint8Array): Promise<Uint8Array | null>;
  /**
   * Synchronous mode: execute a block that is not final yet on top of the last executed one and
   * return its UED hash; a later {@link run} of the same job adopts that execution.
   */
  speculate(job: UedJob): Promise<Uint8Array>;
  /** Resolves once `height` is executed (the APE-6 wait); rejects when the runner failed. */
  waitFor(height: bigint): Promise<void>;
  /** Release the runner (stop its thread, close its database). */
  close(): Promise<void>;
}

/**
 * Runs the UED synchronously in the caller's thread over one tree: a node-database {@link Tree},
 * or any {@link StateTree} (the resident compact tree), which cannot speculate (it keeps no older
 * version to start a speculation from).
 */
export class SyncUedRunner implements UedRunner {
  #height: bigint;
  #hash: Uint8Array;
  /** Speculative executions by job key, on top of the UED hash they started from. */
  readonly #spec = new Map<string, { parent: Uint8Array; tree: Tree; r: ExecuteResult }>();
  /**
   * Whether {@link run} makes the thread's young-generation collections between blocks
   * (common/young-gc.ts says why); not once handed over (see {@link handOverCollections}).
   */
  #collects = true;

  constructor(
    private tree: StateTree,
    private readonly params: ChainParams,
    private readonly services: readonly Service[],
    genesis: { height: bigint; hash: Uint8Array },
  ) {
    this.#height = genesis.height;
    this.#hash = genesis.hash;
  }

  latest(): { height: bigint; hash: Uint8Array } {
    return { height: this.#height, hash: this.#hash };
  }

  /**
   * Leave the young-generation collections to the caller, who makes them once it sent the outcome
   * on (the UED worker: after posting it): a collection inside {@link run} finds the block's
   * receipts and events still referenced, copies them, and the next one promotes them.
   */
  handOverCollections(): BlockCollector {
    this.#collects = false;
    return threadCollector;
  }

  get(key: Uint8Array): Promise<Uint8Array | null> {
    return this.tree.get(key);
  }

  /** Runs happen in the caller's thread, so a height handed over is already executed. */
  waitFor(height: bigint): Promise<void> {
    if (height <= this.#height) return Promise.resolve();
    return Promise.reject(
      new DomainsError(DomainsError.OUT_OF_ORDER, `UED height ${height} was never handed over`),
    );
  }

  close(): Promise<void> {
    return Promise.resolve();
  }

  async speculate(job: UedJob): Promise<Uint8Array> {
    const key = jobKey(job);
    const hit = this.#spec.get(key);
    if (hit !== undefined && bytesEqual(hit.parent, this.#hash)) return hit.r.domainHash;
    if (!(this.tree instanceof Tree)) {
      throw new DomainsError(
        DomainsError.UED_STORE,
        'the UED compact store cannot speculate (synchronous mode needs the node store)',
      );
    }
    const tree = new Tree({ db: this.tree.db, rootHash: this.tree.rootHash() });
    const r = await this.execute(tree, job);
    if (this.#spec.size >= 16) this.#spec.clear();
    this.#spec.set(key, { parent: this.#hash, tree, r });
    return r.domainHash;
  }

  /** True when {@link run} of this job would adopt a speculative execution. */
  speculated(job: UedJob): boolean {
    const hit = this.#spec.size > 0 ? this.#spec.get(jobKey(job)) : undefined;
    return hit !== undefined && bytesEqual(hit.parent, this.#hash);
  }

  /**
   * Take the outcome of a height executed before a restart as executed (the compact store is
   * already past it, ued-outcome-log.ts): the next block builds on its hash.
   */
  skipTo(o: Pick<UedOutcome, 'height' | 'domainHash'>): void {
    if (o.height !== this.#height + 1n) {
      throw new DomainsError(DomainsError.OUT_OF_ORDER, `UED height ${o.height} after ${this.#height}`);
    }
    this.#height = o.height;
    this.#hash = o.domainHash;
  }

  async run(job: UedJob): Promise<UedOutcome> {
    const hit = this.speculated(job) ? this.#spec.get(jobKey(job)) : undefined;
    this.#spec.clear();
    if (hit !== undefined) this.tree = hit.tree;
    const r = hit?.r ?? (await this.execute(this.tree, job));
    if (this.#collects) threadCollector.afterBlock(job.txs.length);
    this.#height = job.height;
    this.#hash = r.domainHash;
    const epochs = this.params.epochs;
    const epoch = epochs.epochOf(job.height);
    const last = epochs.epochOf(job.height + 1n) !== epoch;
    const out = {
      height: job.height,
      domainHash: r.domainHash,
      stateRoot: r.stateRoot,
      remapsOut: r.remapsOut,
      receipts: r.receipts,
    };
    return last ? { ...out, forVed: await this.forVed(epoch) } : out;
  }

  private execute(tree: StateTree, job: UedJob): Promise<ExecuteResult> {
    return executeUed({
      tree,
      block: { ...job, parentHash: this.#hash },
      params: this.params,
      vedSet: job.vedSet,
      services: this.services,
      remapsIn: job.remapsIn,
      crossDomain: job.crossDomain,
      ...(job.verified === undefined ? {} : { verified: job.verified }),
    });
  }

  /**
   * The stake snapshot of the end of `epoch`, the UED's remaps effective at `epoch` + 2 and the
   * epoch's inbox of incoming runtime messages.
   */
  private async forVed(epoch: bigint): Promise<CrossDomainInput> {
    const view = new BlockOverlay(this.tree);
    const snap = await readStakeSnapshot(view, epoch);
    const moves = await outgoingMoves(view, 'ued', epoch + 2n);
    const inbox = await inboxRecord(view, epoch);
    return {
      ...(inbox === undefined ? {} : { [Pinned.runtimeInbox]: inbox }),
      [Pinned.stake]: encodePinned.stake({ epoch, entries: snap?.entries ?? [] }),
      [Pinned.uedRemaps]: encodePinned.remaps({
        epoch: epoch + 2n,
        moves: moves.map((m) => ({ address: m.address, to: m.to })),
      }),
    };
  }
}
