/**
 * Worker threads that verify transaction signatures for the runtime's thread, so a batch's
 * verifications run on every core while the batch itself executes, in order, on one thread.
 *
 * Workers only advise: a job's answer is a list of {@link SignatureVerdict}s that `openTx` uses in
 * place of verifying itself. Anything that goes wrong with a worker (it throws, exits, hangs past
 * the deadline, answers something malformed) resolves its job with `null`, meaning "no advice":
 * the caller verifies those transactions itself, so a failure costs time, never correctness.
 * A worker that failed is replaced when next needed; after {@link MAX_WORKER_FAILURES} failures
 * the pool stops using threads altogether. Workers start on first use and are unreferenced, so
 * an idle pool never keeps the process alive.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { packJob, type VerifyJobMessage, type VerifyResultMessage } from './verify-job.js';

/** Failures after which the pool gives up on threads (every job then resolves `null`). */
export const MAX_WORKER_FAILURES = 8;
/** Default deadline of one job, in milliseconds. */
export const DEFAULT_JOB_TIMEOUT_MS = 10_000;
/** Largest default pool. */
const MAX_DEFAULT_THREADS = 8;

/** The default number of verification threads: one per available core, at most 8. */
export function defaultVerifyThreads(): number {
  return Math.min(availableParallelism(), MAX_DEFAULT_THREADS);
}

/** Options of {@link SignatureWorkerPool}. */
export interface VerifyPoolOptions {
  /** Number of worker threads (0: never use threads). */
  readonly threads: number;
  /** Deadline of one job once a worker took it. */
  readonly jobTimeoutMs?: number;
  /** The worker's script (tests substitute failing ones). */
  readonly workerUrl?: URL;
  /** Told about each worker failure (the runtime writes it to stderr). */
  readonly onFailure?: (why: string) => void;
}

/** A submitted job: its eventual verdicts, and a way to take it back before a worker starts it. */
export interface VerifyTicket {
  readonly verdicts: Promise<Uint8Array | null>;
  /** Withdraw the job if no worker took it yet (it then resolves `null`); true if withdrawn. */
  cancel(): boolean;
}

interface Job {
  readonly msg: VerifyJobMessage;
  /** Number of inputs (the message's buffers are detached once posted). */
  readonly count: number;
  readonly resolve: (v: Uint8Array | null) => void;
}

interface Slot {
  readonly worker: Worker;
  job?: Job;
  timer?: NodeJS.Timeout;
}

/** See the module comment. */
export class SignatureWorkerPool {
  private readonly slots = new Set<Slot>();
  private readonly queue: Job[] = [];
  private nextId = 0;
  private failures = 0;
  private closed = false;

  constructor(private readonly opts: VerifyPoolOptions) {}

  /** False once closed or given up; jobs then resolve `null` at once. */
  get usable(): boolean {
    return !this.closed && this.opts.threads > 0 && this.failures < MAX_WORKER_FAILURES;
  }

  /** Queue a job: verdicts of `inputs` under the full signature context `ctx`. */
  submit(ctx: string, maxBytes: number, inputs: readonly Uint8Array[]): VerifyTicket {
    if (!this.usable) return { verdicts: Promise.resolve(null), cancel: () => false };
    let resolve!: (v: Uint8Array | null) => void;
    const verdicts = new Promise<Uint8Array | null>((r) => (resolve = r));
    const job: Job = { msg: packJob(this.nextId++, ctx, maxBytes, inputs), count: inputs.length, resolve };
    this.queue.push(job);
    this.pump();
    const cancel = (): boolean => {
      const at = this.queue.indexOf(job);
      if (at < 0) return false;
      this.queue.splice(at, 1);
      resolve(null);
      return true;
    };
    return { verdicts, cancel };
  }

  /** Stop every worker; queued and running jobs resolve `null`. */
  async close(): Promise<void> {
    this.closed = true;
    for (const j of this.queue.splice(0)) j.resolve(null);
    const all = [...this.slots];
    this.slots.clear();
    for (const s of all) this.settle(s, null);
    await Promise.all(all.map((s) => s.worker.terminate().catch(() => 0)));
  }

  /** Hand queued jobs to idle workers, starting workers up to the pool's size. */
  private pump(): void {
    while (this.queue.length > 0 && this.usable) {
      let idle = [...this.slots].find((s) => s.job === undefined);
      if (!idle && this.slots.size < this.opts.threads) idle = this.trySpawn();
      if (!idle && this.slots.size === 0) continue; // none could start: try again or give up
      if (!idle) return;
      const job = this.queue.shift()!;
      idle.job = job;
      idle.timer = setTimeout(
        () => this.fail(idle, 'a verification job timed out'),
        this.opts.jobTimeoutMs ?? DEFAULT_JOB_TIMEOUT_MS,
      );
      idle.worker.ref();
      // The packed copy moves to the worker; the batch's own buffers stay with the caller.
      idle.worker.postMessage(job.msg, [
        job.msg.data.buffer as ArrayBuffer,
        job.msg.ends.buffer as ArrayBuffer,
      ]);
    }
  }

  /** A new worker, or undefined (a failure counted and reported) if none can be started. */
  private trySpawn(): Slot | undefined {
    try {
      return this.spawn();
    } catch (e) {
      this.failures++;
      this.opts.onFailure?.(`cannot start a verification worker: ${(e as Error).message}`);
      if (!this.usable) for (const j of this.queue.splice(0)) j.resolve(null);
      return undefined;
    }
  }

  private spawn(): Slot {
    const url = this.opts.workerUrl ?? new URL('./verify-worker.js', import.meta.url);
    const worker = new Worker(url, { resourceLimits: { maxOldGenerationSizeMb: 64 } });
    const slot: Slot = { worker };
    worker.unref();
    worker.on('message', (m: unknown) => this.answer(slot, m));
    worker.on('error', (e) => this.fail(slot, `verification worker failed: ${e.message}`));
    worker.on('exit', (code) => this.fail(slot, `verification worker exited (code ${code})`));
    this.slots.add(slot);
    return slot;
  }

  private answer(slot: Slot, m: unknown): void {
    const job = slot.job;
    const r = m as Partial<VerifyResultMessage> | null;
    const ok =
      job !== undefined &&
      r?.id === job.msg.id &&
      r.verdicts instanceof Uint8Array &&
      r.verdicts.length === job.count &&
      r.verdicts.every((v) => v <= 2);
    if (ok) {
      this.settle(slot, r.verdicts as Uint8Array);
      this.pump();
    } else this.fail(slot, 'a verification worker sent a malformed answer');
  }

  /** Resolve the slot's job (if any) and mark the slot idle. */
  private settle(slot: Slot, v: Uint8Array | null): void {
    clearTimeout(slot.timer);
    slot.job?.resolve(v);
    slot.job = undefined;
    slot.worker.unref();
  }

  private fail(slot: Slot, why: string): void {
    if (!this.slots.delete(slot)) return;
    this.failures++;
    this.settle(slot, null);
    void slot.worker.terminate().catch(() => 0);
    this.opts.onFailure?.(why);
    if (!this.usable) {
      for (const j of this.queue.splice(0)) j.resolve(null);
    }
    this.pump();
  }
}
