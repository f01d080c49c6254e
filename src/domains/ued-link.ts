/**
 * The consensus app's side of the UED: it hands each final block to the {@link UedRunner} and
 * collects, as outcomes arrive, what the VED needs back at its next epoch start (the UED's remaps
 * out of an epoch start, its records after an epoch's last block). With an inline runner each
 * hand-over completes before the commit returns; with a worker it does not, and the app waits only
 * at the APE-6 point: before the VED's first block of epoch N, the UED must have finished N − 1.
 * That wait is logged and counted, since a node that often waits has a UED too slow for its VED.
 */
import { type Logger, type Metrics, nullLogger, nullMetrics } from '../common/index.js';
import type { AccountMove, CrossDomainInput, EpochSchedule } from '../consensus/index.js';
import type { UedRecord } from './app-record.js';
import type { UedOutputs } from './chain-carry.js';
import { DomainsError } from './errors.js';
import type { UedJob, UedOutcome, UedRunner } from './ued-runner.js';

/** Options of {@link UedLink}. */
export interface UedLinkOptions {
  /** Await every block's execution in the commit (the in-thread runner). */
  readonly inline: boolean;
  /** Called on the main thread with every outcome, in height order. */
  readonly onOutcome: (o: UedOutcome) => void;
  /** What the UED handed back before a restart (the resume record's), to continue from. */
  readonly restore?: Pick<UedRecord, 'startOut' | 'forVed'>;
  readonly metrics?: Metrics;
  readonly logger?: Logger;
}

/** See the module header. */
export class UedLink implements UedOutputs {
  readonly #startOut = new Map<bigint, readonly AccountMove[]>();
  readonly #forVed = new Map<bigint, CrossDomainInput>();
  #last: Promise<void> = Promise.resolve();
  #failure: DomainsError | undefined;
  readonly #waits;
  readonly #waitMs;
  readonly #lag;
  #submitted = 0n;
  readonly #log: Logger;

  constructor(
    readonly runner: UedRunner,
    private readonly epochs: EpochSchedule,
    private readonly opts: UedLinkOptions,
  ) {
    const m = opts.metrics ?? nullMetrics;
    this.#waits = m.counter('tandem_ued_waits_total', 'VED epoch starts that waited for the UED (APE-6)');
    this.#waitMs = m.histogram('tandem_ued_wait_ms', 'Time the VED waited for the UED (APE-6), ms');
    this.#lag = m.gauge('tandem_ued_lag_heights', 'Final blocks handed to the UED and not executed yet');
    this.#log = (opts.logger ?? nullLogger).child({ module: 'domains', part: 'ued-link' });
    for (const [e, m] of opts.restore?.startOut ?? []) this.#startOut.set(e, m);
    for (const [e, r] of opts.restore?.forVed ?? []) this.#forVed.set(e, r);
  }

  /** What the UED handed back so far (kept in the resume record). */
  outputs(): Pick<UedRecord, 'startOut' | 'forVed'> {
    return { startOut: new Map(this.#startOut), forVed: new Map(this.#forVed) };
  }

  startOut(epoch: bigint): readonly AccountMove[] | undefined {
    return this.#startOut.get(epoch);
  }

  forVed(epoch: bigint): CrossDomainInput | undefined {
    return this.#forVed.get(epoch);
  }

  /** Hand a final block over; a failure of an earlier block surfaces here. */
  async submit(job: UedJob): Promise<void> {
    if (this.#failure) throw this.#failure;
    this.#submitted = job.height;
    this.#lag.set(Number(job.height - this.runner.latest().height));
    const done = this.runner.run(job).then((o) => this.#record(o));
    this.#last = done.catch((e: unknown) => {
      this.#failure ??= asDomainsError(e);
    });
    if (this.opts.inline) await done;
  }

  /**
   * The APE-6 wait: before the VED executes `height`, the first block of an epoch N ≥ 1, the UED
   * must have finished height − 1 (the end of N − 1). Other heights never wait.
   */
  async beforeVed(height: bigint): Promise<void> {
    if (!this.epochs.isEpochStart(height) || this.epochs.epochOf(height) < 1n) return;
    if (this.#failure) throw this.#failure;
    const need = height - 1n;
    const behind = need - this.runner.latest().height;
    if (behind > 0n) {
      const t0 = process.hrtime.bigint();
      this.#waits.inc();
      this.#log.info({ height: String(height), behind: String(behind) }, 'VED waits for the UED (APE-6)');
      await this.runner.waitFor(need);
      this.#waitMs.observe(Number((process.hrtime.bigint() - t0) / 1_000_000n));
    }
    await this.#last;
    if (this.#failure) throw this.#failure;
  }

  #record(o: UedOutcome): void {
    this.#lag.set(Number(this.#submitted - o.height));
    const epoch = this.epochs.epochOf(o.height);
    if (this.epochs.isEpochStart(o.height)) this.#startOut.set(epoch, o.remapsOut);
    if (o.forVed !== undefined) this.#forVed.set(epoch, o.forVed);
    // Only the last two epochs' records can still be pinned.
    this.#startOut.delete(epoch - 2n);
    this.#forVed.delete(epoch - 2n);
    this.opts.onOutcome(o);
  }
}

function asDomainsError(e: unknown): DomainsError {
  if (e instanceof DomainsError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  return new DomainsError(DomainsError.WORKER_FAILED, `UED execution failed: ${msg}`);
}
