/**
 * The consensus app's watch over UED results (APE-15, APE-18, APE-19, APE-20): it feeds the
 * {@link ReportBook} with this node's UED hash per height and with the validators' reports found
 * in each committed block's LastCommit (weighted by their power in the set that signed it), feeds
 * the {@link ExecutionStatusTracker} with receipts, and halts when validators holding at least a
 * third of the stake report another hash than ours for a height: evidence saved in the
 * {@link HaltStore} first (so a crash right after still restarts halted), then the tracker fails
 * every query, the app stops signing, and the operator is alerted (error log, metric, callback).
 * A halt found in the store at start is in force at once; only {@link UedWatch.clear} lifts it.
 */
import { type Logger, type Metrics, nullLogger, nullMetrics, toHex } from '../common/index.js';
import type { Commit, Validator } from '../consensus/bft/index.js';
import type { Receipt, TxReceipt } from '../consensus/index.js';
import { decodeUedReport } from './app-rules.js';
import { DomainsError } from './errors.js';
import { type ExecutionStatus, ExecutionStatusTracker } from './execution-status.js';
import type { HaltStore } from './halt-store.js';
import { type DivergenceEvidence, ReportBook } from './report-book.js';

/** The default confirmation stake of execution status: 5% of the stake (APE-20). */
export const DEFAULT_CONFIRM_STAKE = { numerator: 1n, denominator: 20n } as const;

/** A validator's UED report as recorded from a LastCommit. */
export interface RecordedReport {
  readonly validator: Uint8Array;
  readonly height: bigint;
  readonly hash: Uint8Array;
  readonly stake: bigint;
}

/** The operator alert raised at a divergence halt. */
export interface DivergenceAlert {
  readonly kind: 'divergence';
  readonly height: bigint;
  readonly message: string;
}

/** Options of {@link UedWatch}. */
export interface UedWatchOptions {
  readonly haltStore?: HaltStore;
  /** Share of the signing set's stake execution status waits for by default. */
  readonly confirmStake?: { readonly numerator: bigint; readonly denominator: bigint };
  readonly onReport?: (r: RecordedReport) => void;
  readonly onAlert?: (a: DivergenceAlert) => void;
  readonly metrics?: Metrics;
  readonly logger?: Logger;
}

const haltError = (e: DivergenceEvidence) =>
  new DomainsError(
    DomainsError.DIVERGENCE_HALT,
    `halted: validators holding ${e.disagreeingStake} of ${e.totalStake} stake report another UED hash at height ${e.height}`,
    { height: e.height },
  );

/** See the module header. */
export class UedWatch {
  readonly book = new ReportBook(new Map());
  readonly tracker = new ExecutionStatusTracker<Receipt>(this.book);
  #evidence: DivergenceEvidence | undefined;
  readonly #log: Logger;
  readonly #halted;
  readonly #halts;
  readonly #disagreeing;

  constructor(private readonly opts: UedWatchOptions = {}) {
    const m = opts.metrics ?? nullMetrics;
    this.#halted = m.gauge('tandem_ued_halted', '1 while halted by a UED divergence (APE-18)');
    this.#halts = m.counter('tandem_ued_divergence_halts_total', 'UED divergence halts (APE-18)');
    this.#disagreeing = m.counter(
      'tandem_ued_disagreeing_reports_total',
      'UED reports of another hash than this node computed (a minority unless it halts, APE-18)',
    );
    this.#log = (opts.logger ?? nullLogger).child({ module: 'domains', part: 'ued-watch' });
    const saved = opts.haltStore?.load();
    if (saved !== undefined) this.#enter(saved);
  }

  /** True while halted: no signing, no confirming. */
  halted(): boolean {
    return this.#evidence !== undefined;
  }

  /** The evidence of the halt in force. */
  evidence(): DivergenceEvidence | undefined {
    return this.#evidence;
  }

  /** Lift the halt (operator command): the store forgets it; a divergence still there halts again. */
  clear(): void {
    this.opts.haltStore?.clear();
    this.#evidence = undefined;
    this.#halted.set(0);
    this.tracker.unhalt();
  }

  /** Where the UED stood before a restart: later reports are judged against it. */
  seed(height: bigint, hash: Uint8Array): void {
    if (height > 0n) this.book.recordLocal(Number(height), hash);
  }

  /** A VED height committed: its receipts are known (their status follows the UED reports). */
  executedVed(height: bigint, receipts: readonly TxReceipt[]): void {
    this.tracker.recordExecuted(Number(height), receipts);
  }

  /** This node's UED outcome of a height. */
  executedUed(height: bigint, hash: Uint8Array, receipts: readonly TxReceipt[]): void {
    this.book.recordLocal(Number(height), hash);
    this.tracker.recordExecuted(Number(height), receipts);
    this.#check();
  }

  /** The stake table reports are weighed with (the set that signed the commit at hand). */
  setStakes(set: readonly Validator[]): void {
    this.book.setStakes(new Map(set.map((v) => [toHex(v.pubKey), v.power])));
  }

  /** The reports in a committed block's LastCommit, signed by `set` (APE-15). */
  commitReports(commit: Commit | null, set: readonly Validator[]): void {
    if (commit === null) return;
    this.setStakes(set);
    for (const v of commit.votes) {
      const val = set[v.body.validator];
      const r = val === undefined ? undefined : decodeUedReport(v.body.extension);
      if (val === undefined || r === undefined || r === null || r.height < 1n) continue;
      this.book.recordReport({ validator: toHex(val.pubKey), height: Number(r.height), hash: r.hash });
      this.opts.onReport?.({ validator: val.pubKey, height: r.height, hash: r.hash, stake: val.power });
      const mine = this.book.localHash(Number(r.height));
      if (mine !== undefined && toHex(mine) !== toHex(r.hash)) {
        this.#disagreeing.inc();
        const f = { validator: toHex(val.pubKey), height: String(r.height), stake: String(val.power) };
        this.#log.warn(f, 'a validator reports another UED hash than this node computed');
      }
    }
    this.#check();
    this.tracker.wake();
  }

  /** The stake a status confirms at by default: the configured share of the current set's. */
  defaultMinStake(): bigint {
    const f = this.opts.confirmStake ?? DEFAULT_CONFIRM_STAKE;
    const total = this.book.totalStake();
    return (total * f.numerator + f.denominator - 1n) / f.denominator;
  }

  status(txHash: Uint8Array, minStake?: bigint): ExecutionStatus<Receipt> {
    return this.tracker.status(txHash, minStake ?? this.defaultMinStake());
  }

  wait(txHash: Uint8Array, minStake?: bigint, signal?: AbortSignal): Promise<ExecutionStatus<Receipt>> {
    return this.tracker.wait(txHash, minStake ?? this.defaultMinStake(), signal);
  }

  #check(): void {
    if (this.#evidence !== undefined) return;
    const ev = this.book.checkDivergence();
    if (ev === undefined) return;
    this.opts.haltStore?.save(ev);
    this.#enter(ev);
    this.#halts.inc();
    const message = haltError(ev).message;
    this.#log.error({ height: ev.height, localHash: ev.localHash }, message);
    this.opts.onAlert?.({ kind: 'divergence', height: BigInt(ev.height), message });
  }

  #enter(ev: DivergenceEvidence): void {
    this.#evidence = ev;
    this.#halted.set(1);
    this.tracker.halt(haltError(ev));
  }
}
