/**
 * The executor commitment pool of one runtime round (spec/oasis.md §3.5): a pure state machine.
 * Inputs are commitments, receipts and "process now (timed out or not)"; outputs are outcomes.
 * Every rejected input throws a coded {@link RoothashError} and leaves the pool unchanged.
 */
import { bytesEqual, fromHex, type Signed, toHex } from '../../../../common/index.js';
import {
  type BlockHeader,
  byBytes,
  type Committee,
  commitmentVote,
  type ExecutorCommitment,
  hasRole,
  isMember,
  type PoolSnapshot,
  Role,
  RoothashError,
  schedulerRank,
  validateCommittee,
} from '../../api/index.js';
import { processCommitments } from './process.js';
import { ReceiptStore } from './receipts.js';
import { NO_RANK, type PoolConfig, type PoolOutcome, type RankEntry } from './types.js';
import { verifyCommitment } from './verify.js';

/** A pass that ran into a discrepancy, then the pass retried in resolution mode. */
export interface FinalizeResult {
  readonly discrepancy?: { readonly rank: bigint; readonly timeout: boolean };
  readonly outcome: PoolOutcome;
}

/** Commitments, votes and receipts for the round after `latest`. */
export class CommitmentPool {
  readonly config: PoolConfig;
  #latest: BlockHeader;
  #highestRank = NO_RANK;
  #discrepancy = false;
  #entries = new Map<bigint, RankEntry>();
  #receipts = new ReceiptStore();

  /** An empty pool for the round after `latest`; INVALID_COMMITTEE if the committee is unusable. */
  constructor(config: PoolConfig, latest: BlockHeader) {
    validateCommittee(config.committee);
    this.config = config;
    this.#latest = latest;
  }

  /** The pool as stored: canonical order, so equal pools give equal bytes. */
  snapshot(): PoolSnapshot {
    const entries = [...this.#entries.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([rank, e]) => ({
        rank,
        ...(e.commitment ? { commitment: e.commitment } : {}),
        votes: [...e.votes.entries()]
          .map(([k, vote]) => ({ node: fromHex(k), vote }))
          .sort(byBytes((v) => v.node)),
      }));
    const { discrepancy } = this;
    return { highest_rank: this.#highestRank, discrepancy, entries, receipts: this.#receipts.toRecords() };
  }

  /** Rebuild a stored pool (its contents were verified when first added). */
  static restore(config: PoolConfig, latest: BlockHeader, s: PoolSnapshot): CommitmentPool {
    const p = new CommitmentPool(config, latest);
    p.#highestRank = s.highest_rank;
    p.#discrepancy = s.discrepancy;
    for (const e of s.entries) {
      const votes = new Map(e.votes.map((v) => [toHex(v.node), v.vote] as const));
      p.#entries.set(e.rank, e.commitment ? { commitment: e.commitment, votes } : { votes });
    }
    p.#receipts = ReceiptStore.fromRecords(s.receipts);
    return p;
  }

  /** The round being decided. */
  get round(): bigint {
    return this.#latest.round + 1n;
  }
  /** The latest block, which commitments must build on. */
  get latest(): BlockHeader {
    return this.#latest;
  }
  /** Best rank whose scheduler has committed, or {@link NO_RANK}. */
  get highestRank(): bigint {
    return this.#highestRank;
  }
  /** Whether the pool is resolving a discrepancy (only backup workers may commit). */
  get discrepancy(): boolean {
    return this.#discrepancy;
  }
  /** The executor committee of this epoch. */
  get committee(): Committee {
    return this.config.committee;
  }

  /** The entry at a rank (its scheduler commitment and votes), if any. */
  entry(rank: bigint): Readonly<RankEntry> | undefined {
    return this.#entries.get(rank);
  }

  /** Verify a commitment and add it (§3.3 then §3.5); throws a coded error and changes nothing. */
  addCommitment(c: ExecutorCommitment): void {
    verifyCommitment(this.config, this.#latest, c);
    const rank = this.#checkAdd(c);
    const own = bytesEqual(c.node_id, c.header.scheduler_id);
    if (own && rank < this.#highestRank) {
      this.#highestRank = rank;
      for (const r of [...this.#entries.keys()]) if (r > rank) this.#entries.delete(r);
    }
    const entry: RankEntry = this.#entries.get(rank) ?? { votes: new Map() };
    entry.votes.set(toHex(c.node_id), commitmentVote(c));
    if (own) entry.commitment = c;
    this.#entries.set(rank, entry);
  }

  #checkAdd(c: ExecutorCommitment): bigint {
    const member = this.#discrepancy
      ? hasRole(this.committee, c.node_id, Role.BackupWorker)
      : isMember(this.committee, c.node_id);
    if (!member) throw new RoothashError(RoothashError.NOT_IN_COMMITTEE, 'signer may not commit now');
    const rank = schedulerRank(this.committee, this.round, c.header.scheduler_id);
    if (rank === undefined) {
      throw new RoothashError(RoothashError.SCHEDULER_NOT_WORKER, 'the named scheduler is not a worker');
    }
    if (rank > this.#highestRank || (this.#discrepancy && rank !== this.#highestRank)) {
      throw new RoothashError(RoothashError.RANK_NOT_ACCEPTED, `rank ${rank} not accepted`);
    }
    if (this.#entries.get(rank)?.votes.has(toHex(c.node_id))) {
      throw new RoothashError(RoothashError.ALREADY_COMMITTED, 'node already voted for this scheduler');
    }
    return rank;
  }

  /** Verify and file a storage receipt for this round (RT-22). */
  addStorageReceipt(s: Signed): void {
    this.#receipts.add(this.config, this.round, s);
  }

  /** Distinct receipts held for exactly these roots. */
  receiptCount(ioRoot: Uint8Array, stateRoot: Uint8Array): number {
    return this.#receipts.count(ioRoot, stateRoot);
  }

  /**
   * One processing pass. A discrepancy switches the pool to resolution (only the best rank kept);
   * a finalization still waits for storage receipts when the runtime requires them.
   */
  process(timeout: boolean): PoolOutcome {
    const out = processCommitments({
      committee: this.committee,
      entry: this.#entries.get(this.#highestRank),
      highestRank: this.#highestRank,
      discrepancy: this.#discrepancy,
      allowedStragglers: this.config.executor.allowed_stragglers,
      timeout,
    });
    if (out.kind === 'discrepancy') this.#enterDiscrepancy();
    return out.kind === 'finalized' ? this.#checkReceipts(out, timeout) : out;
  }

  /**
   * Process as the round driver does: on a discrepancy, retry at once (resolution may already be
   * possible), timed out only if the stretched backup timeout is zero blocks.
   */
  tryFinalize(timeout: boolean): FinalizeResult {
    const first = this.process(timeout);
    if (first.kind !== 'discrepancy') return { outcome: first };
    const retryTimeout = backupRoundTimeout(this.config.executor.round_timeout) === 0n;
    return { discrepancy: { rank: first.rank, timeout: first.timeout }, outcome: this.process(retryTimeout) };
  }

  #enterDiscrepancy(): void {
    this.#discrepancy = true;
    for (const r of [...this.#entries.keys()]) if (r !== this.#highestRank) this.#entries.delete(r);
  }

  #checkReceipts(out: PoolOutcome & { kind: 'finalized' }, timeout: boolean): PoolOutcome {
    const need = this.config.storage?.minWriteReplication ?? 0;
    const h = out.commitment.header.header;
    if (need === 0 || this.#receipts.count(h.io_root!, h.state_root!) >= need) return out;
    if (!timeout) return { kind: 'still_waiting' };
    const error = new RoothashError(
      RoothashError.INSUFFICIENT_STORAGE_RECEIPTS,
      `fewer than ${need} storage receipts for the scheduler's roots`,
    );
    return { kind: 'failed', error };
  }
}

/** Blocks backups get after a discrepancy: the round timeout stretched by 15/10. */
export function backupRoundTimeout(roundTimeout: bigint): bigint {
  return (roundTimeout * 15n) / 10n;
}
