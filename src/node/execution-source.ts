/**
 * Where the API backend gets UED execution status from. {@link ExecutionSource} is the structural
 * interface the consensus app satisfies once it tracks status itself; {@link TrackedExecution}
 * implements it from the domains' {@link ExecutionStatusTracker} and {@link ReportBook}, fed with
 * what the UED executed and the reports validators carried in their precommits.
 */
import { toHex } from '../common/index.js';
import type { Receipt, TxReceipt } from '../consensus/index.js';
import {
  type DivergenceEvidence,
  DomainsError,
  type ExecutionStatus,
  ExecutionStatusTracker,
  ReportBook,
} from '../domains/index.js';

/** UED execution status as the backend reads it (APE-18, APE-19, APE-20). */
export interface ExecutionSource {
  /** Status at `minStake` (the source's default threshold when omitted); throws once halted. */
  executionStatus(txHash: Uint8Array, minStake?: bigint): ExecutionStatus<Receipt>;
  /** Resolves once confirmed at `minStake`; rejects on halt or when `signal` aborts. */
  waitExecution(
    txHash: Uint8Array,
    minStake?: bigint,
    signal?: AbortSignal,
  ): Promise<ExecutionStatus<Receipt>>;
  /** The evidence this node halted on (APE-18), or undefined while it has not. */
  haltEvidence(): DivergenceEvidence | undefined;
  /** Height and hash of the last block this node's UED executed. */
  uedLatest(): { height: bigint; hash: Uint8Array };
}

/** A validator's UED report as a node learns it from a commit. */
export interface ValidatorReport {
  /** The validator's consensus public key. */
  readonly validator: Uint8Array;
  readonly height: bigint;
  readonly hash: Uint8Array;
}

/** Options of {@link TrackedExecution}. */
export interface TrackedExecutionOptions {
  /** Stake of each validator by hex consensus key (the VED membership in force). */
  readonly stakes: ReadonlyMap<string, bigint>;
  /** The UED's last executed height and hash when tracking starts. */
  readonly uedStart: { height: bigint; hash: Uint8Array };
  /** Threshold when a caller gives none (default: 5% of the total stake, rounded up; APE-20). */
  readonly defaultMinStake?: bigint;
  /** Receipts remembered (default 1,000,000). */
  readonly maxRemembered?: number;
  /** Called once, when reports first show a divergence. */
  readonly onHalt?: (e: DivergenceEvidence) => void;
}

/** An {@link ExecutionSource} from a status tracker and a report book (see the module header). */
export class TrackedExecution implements ExecutionSource {
  private readonly book: ReportBook;
  private readonly tracker: ExecutionStatusTracker<Receipt>;
  private latest: { height: bigint; hash: Uint8Array };
  private evidence: DivergenceEvidence | undefined;

  constructor(private readonly o: TrackedExecutionOptions) {
    this.book = new ReportBook(o.stakes);
    this.tracker = new ExecutionStatusTracker<Receipt>(this.book, o.maxRemembered);
    this.latest = o.uedStart;
  }

  executionStatus(txHash: Uint8Array, minStake?: bigint): ExecutionStatus<Receipt> {
    return this.tracker.status(txHash, minStake ?? this.defaultMinStake());
  }

  waitExecution(txHash: Uint8Array, minStake?: bigint, signal?: AbortSignal) {
    return this.tracker.wait(txHash, minStake ?? this.defaultMinStake(), signal);
  }

  haltEvidence(): DivergenceEvidence | undefined {
    return this.evidence;
  }

  uedLatest(): { height: bigint; hash: Uint8Array } {
    return this.latest;
  }

  /** The default threshold (see {@link TrackedExecutionOptions.defaultMinStake}). */
  defaultMinStake(): bigint {
    return this.o.defaultMinStake ?? (this.book.totalStake() + 19n) / 20n;
  }

  /** Record what this node's UED executed at a height (heights in order; repeats are ignored). */
  recordExecuted(height: bigint, domainHash: Uint8Array, receipts: readonly TxReceipt[]): void {
    if (height <= this.latest.height) return;
    this.latest = { height, hash: domainHash };
    this.book.recordLocal(Number(height), domainHash);
    this.tracker.recordExecuted(Number(height), receipts);
    this.check();
  }

  /** Record a validator's report; reports of unknown validators or malformed ones are ignored. */
  recordReport(r: ValidatorReport): void {
    if (r.height < 1n || r.height > BigInt(Number.MAX_SAFE_INTEGER)) return;
    try {
      this.book.recordReport({ validator: toHex(r.validator), height: Number(r.height), hash: r.hash });
    } catch (e) {
      if (e instanceof DomainsError) return;
      throw e;
    }
    this.tracker.wake();
    this.check();
  }

  /** Replace the stake table (a new epoch's membership). */
  setStakes(stakes: ReadonlyMap<string, bigint>): void {
    this.book.setStakes(stakes);
    this.tracker.wake();
  }

  private check(): void {
    if (this.evidence !== undefined) return;
    const ev = this.book.checkDivergence();
    if (ev === undefined) return;
    this.evidence = ev;
    this.tracker.halt(
      new DomainsError(
        DomainsError.DIVERGENCE_HALT,
        `halted: validators with ${ev.disagreeingStake} of ${ev.totalStake} stake reported another UED hash at height ${ev.height}`,
      ),
    );
    this.o.onHalt?.(ev);
  }
}
