/**
 * {@link UedRunner} on a `worker_threads` Worker (issue 7): the worker owns the UED tree and
 * executes the final blocks it is handed, in order; the main thread never waits for it except
 * through {@link WorkerUedRunner.waitFor} at the APE-6 point. Blocks and outcomes cross as
 * canonical CBOR in transferred buffers (ued-wire.ts), decoded strictly here. Any failure of the
 * worker (an exception, an exit, a malformed message) rejects everything pending and every later
 * call with a DomainsError, so a broken UED is loud, never a hang.
 */
import { Worker } from 'node:worker_threads';
import { bytesEqual, bytesKey, TandemError, toHex } from '../common/index.js';
import { encodeGenesis, type GenesisDocument } from '../consensus/index.js';
import { DomainsError } from './errors.js';
import { UedReadBatcher, type UedReadOutcome } from './ued-read-batch.js';
import type { UedJob, UedOutcome, UedRunner } from './ued-runner.js';
import { packVerified } from './ued-verified.js';
import { decodeOutcome, encodeJob, ownBuffer } from './ued-wire.js';
import type {
  FromUedWorker,
  ToUedWorker,
  UedResumePoint,
  UedStoreKind,
  UedWorkerData,
  UedWorkerHooks,
} from './ued-worker-protocol.js';

/** Options of {@link WorkerUedRunner.start}. */
export interface WorkerUedOptions {
  readonly genesis: GenesisDocument;
  /** The vote parameters of the programs (as given to `createPrograms`); default: genesis only. */
  readonly vote?: Readonly<Record<string, unknown>>;
  /** LevelDB directory of the UED tree; in memory when absent. */
  readonly dbPath?: string;
  /** The store the UED lives in (default `nodes`; see {@link UedWorkerData.store}). */
  readonly store?: UedStoreKind;
  /** On the compact store: the state-sync checkpoints the worker cuts (see {@link UedWorkerData}). */
  readonly checkpoints?: UedWorkerData['checkpoints'];
  /** Continue from this committed height of the database at `dbPath` (no genesis written). */
  readonly resume?: UedResumePoint;
  /** Test hooks run inside the worker. */
  readonly hooks?: UedWorkerHooks;
  /** The UED genesis hash the caller computed; the worker's must equal it. */
  readonly expectGenesisHash?: Uint8Array;
  /** Longest wait for the worker to start or to close, ms (default 30 s). */
  readonly timeoutMs?: number;
}

interface Deferred<T> {
  resolve(v: T): void;
  reject(e: Error): void;
}

/** The compiled worker entry, beside this module under dist. */
const ENTRY = new URL('./ued-worker-main.js', import.meta.url);

/** See the module header. */
export class WorkerUedRunner implements UedRunner {
  #latest: { height: bigint; hash: Uint8Array };
  #submitted: bigint;
  #failure: DomainsError | undefined;
  #closed = false;
  readonly #runs = new Map<bigint, Deferred<UedOutcome>>();
  readonly #waiters: { height: bigint; d: Deferred<void> }[] = [];
  readonly #gets = new Map<number, Deferred<Uint8Array | null>>();
  /** Reads in flight by key (hex), shared until answered or a block is handed over. */
  readonly #reads = new Map<string, Promise<Uint8Array | null>>();
  readonly #specs = new Map<number, Deferred<Uint8Array>>();
  /** Batched reads (`gets`) in flight, with their key counts. */
  readonly #multi = new Map<number, { d: Deferred<UedReadOutcome[]>; n: number }>();
  readonly #batch = new UedReadBatcher((keys) => this.#askMany(keys));
  #nextGet = 0;
  #onClosed: (() => void) | undefined;
  readonly #ready: Promise<void>;
  #onReady!: Deferred<void>;

  private constructor(
    private readonly worker: Worker,
    private readonly timeoutMs: number,
  ) {
    this.#latest = { height: 0n, hash: new Uint8Array(32) };
    this.#submitted = 0n;
    this.#ready = new Promise((resolve, reject) => (this.#onReady = { resolve, reject }));
    this.#ready.catch(() => {}); // observed by start(); a later failure must not go unhandled
    worker.on('message', (m: FromUedWorker) => this.#onMessage(m));
    worker.on('error', (e) => this.#fail(`UED worker crashed: ${e.message}`));
    worker.on('exit', (code) => {
      if (!this.#closed) this.#fail(`UED worker exited (code ${code})`);
    });
  }

  /** Start the worker; resolves once it has written genesis (or resumed) and is ready for the next height. */
  static async start(opts: WorkerUedOptions): Promise<WorkerUedRunner> {
    const data: UedWorkerData = {
      genesis: encodeGenesis(opts.genesis),
      ...(opts.vote === undefined ? {} : { vote: opts.vote }),
      ...(opts.dbPath === undefined ? {} : { dbPath: opts.dbPath }),
      ...(opts.store === undefined ? {} : { store: opts.store }),
      ...(opts.checkpoints === undefined ? {} : { checkpoints: opts.checkpoints }),
      ...(opts.resume === undefined ? {} : { resume: opts.resume }),
      ...(opts.hooks === undefined ? {} : { hooks: opts.hooks }),
    };
    const worker = new Worker(ENTRY, { workerData: data, env: workerEnv() });
    const r = new WorkerUedRunner(worker, opts.timeoutMs ?? 30_000);
    const timer = setTimeout(() => r.#fail('UED worker did not start in time'), r.timeoutMs);
    try {
      await r.#ready;
    } finally {
      clearTimeout(timer);
    }
    const want = opts.resume?.hash ?? opts.expectGenesisHash;
    if (want !== undefined && !bytesEqual(r.#latest.hash, want)) {
      await r.close();
      throw new DomainsError(
        DomainsError.WORKER_FAILED,
        `UED worker start hash ${toHex(r.#latest.hash)} differs from ${toHex(want)}`,
      );
    }
    return r;
  }

  latest(): { height: bigint; hash: Uint8Array } {
    return this.#latest;
  }

  /** Hand the next final block over; resolves with its outcome once the worker has executed it. */
  run(job: UedJob): Promise<UedOutcome> {
    const err = this.#unusable();
    if (err) return Promise.reject(err);
    if (job.height !== this.#submitted + 1n) {
      const msg = `UED block ${job.height} handed over after ${this.#submitted}`;
      return Promise.reject(new DomainsError(DomainsError.OUT_OF_ORDER, msg));
    }
    let bytes: Uint8Array;
    try {
      bytes = ownBuffer(encodeJob(job));
    } catch (e) {
      if (!(e instanceof TandemError)) throw e;
      return Promise.reject(
        new DomainsError(DomainsError.WORKER_FAILED, `UED block unencodable: ${e.message}`),
      );
    }
    this.#submitted = job.height;
    this.#reads.clear();
    const p = new Promise<UedOutcome>((resolve, reject) => this.#runs.set(job.height, { resolve, reject }));
    const verified = packVerified(job.txs, job.verified);
    this.#batch.flush(); // reads asked before this block are answered from the state before it
    this.#post({ type: 'job', job: bytes, verified }, [
      bytes.buffer as ArrayBuffer,
      verified.buffer as ArrayBuffer,
    ]);
    return p;
  }

  waitFor(height: bigint): Promise<void> {
    if (height <= this.#latest.height) return Promise.resolve();
    const err = this.#unusable();
    if (err) return Promise.reject(err);
    if (height > this.#submitted) {
      const msg = `waiting for UED height ${height}, only ${this.#submitted} handed over`;
      return Promise.reject(new DomainsError(DomainsError.OUT_OF_ORDER, msg));
    }
    return new Promise((resolve, reject) => this.#waiters.push({ height, d: { resolve, reject } }));
  }

  /**
   * A committed UED value; answered after the blocks handed over before it. Reads of one key asked
   * while an earlier read of it is still in flight, with no block handed over in between, share
   * that read (a mempool re-check reads each sender's account once per transaction). Reads asked
   * within one event-loop turn travel as one message (ued-read-batch.ts).
   */
  get(key: Uint8Array): Promise<Uint8Array | null> {
    const k = bytesKey(key);
    const shared = this.#reads.get(k);
    if (shared !== undefined) return shared;
    const err = this.#unusable();
    if (err) return Promise.reject(err);
    const p = this.#batch.get(key);
    this.#reads.set(k, p);
    const done = () => {
      if (this.#reads.get(k) === p) this.#reads.delete(k);
    };
    p.then(done, done);
    return p;
  }

  /**
   * A committed node of the worker's database by hash, in its stored (`full`) encoding, or null:
   * how the main thread reads old UED roots (state-sync checkpoints) without opening the database.
   */
  nodeBytes(hash: Uint8Array): Promise<Uint8Array | null> {
    return this.#ask((id) => ({ type: 'node', id, hash }));
  }

  #askMany(keys: Uint8Array[]): Promise<UedReadOutcome[]> {
    const err = this.#unusable();
    if (err) return Promise.reject(err);
    const id = this.#nextGet++;
    const p = new Promise<UedReadOutcome[]>((resolve, reject) =>
      this.#multi.set(id, { d: { resolve, reject }, n: keys.length }),
    );
    this.#post({ type: 'gets', id, keys });
    return p;
  }

  #ask(message: (id: number) => ToUedWorker): Promise<Uint8Array | null> {
    const err = this.#unusable();
    if (err) return Promise.reject(err);
    const id = this.#nextGet++;
    const p = new Promise<Uint8Array | null>((resolve, reject) => this.#gets.set(id, { resolve, reject }));
    this.#post(message(id));
    return p;
  }

  /** Execute a block that is not final yet, after the blocks handed over (synchronous mode). */
  speculate(job: UedJob): Promise<Uint8Array> {
    const err = this.#unusable();
    if (err) return Promise.reject(err);
    const bytes = ownBuffer(encodeJob(job));
    const id = this.#nextGet++;
    const p = new Promise<Uint8Array>((resolve, reject) => this.#specs.set(id, { resolve, reject }));
    const verified = packVerified(job.txs, job.verified);
    const transfer = [bytes.buffer as ArrayBuffer, verified.buffer as ArrayBuffer];
    this.#post({ type: 'speculate', id, job: bytes, verified }, transfer);
    return p;
  }

  /** Let the worker finish what it was handed and close its database, then stop the thread. */
  async close(): Promise<void> {
    if (this.#closed) return;
    if (this.#failure === undefined) {
      const closed = new Promise<void>((r) => (this.#onClosed = r));
      this.#batch.flush();
      this.#post({ type: 'close' });
      const timer = setTimeout(() => this.#onClosed?.(), this.timeoutMs);
      await closed;
      clearTimeout(timer);
    }
    this.#closed = true;
    this.#rejectAll(new DomainsError(DomainsError.CLOSED, 'UED runner closed'));
    await this.worker.terminate();
  }

  /**
   * Stop the thread at once, dropping the blocks it was handed and not executed: what a kill of
   * the node does (crash tests). What it committed stays in its database.
   */
  async terminate(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#rejectAll(new DomainsError(DomainsError.CLOSED, 'UED runner terminated'));
    await this.worker.terminate();
  }

  #unusable(): DomainsError | undefined {
    if (this.#failure) return this.#failure;
    if (this.#closed) return new DomainsError(DomainsError.CLOSED, 'UED runner closed');
    return undefined;
  }

  #post(m: ToUedWorker, transfer: ArrayBuffer[] = []): void {
    this.worker.postMessage(m, transfer);
  }

  #onMessage(m: FromUedWorker): void {
    if (m.type === 'ready') {
      this.#latest = { height: m.height, hash: m.hash };
      this.#submitted = m.height;
      this.#onReady.resolve();
    } else if (m.type === 'done') this.#onOutcome(m.outcome);
    else if (m.type === 'value') this.#onValue(m.id, m.value);
    else if (m.type === 'values') this.#onValues(m.id, m.values);
    else if (m.type === 'speculated') this.#onSpeculated(m.id, m.hash);
    else if (m.type === 'error') this.#fail(`UED worker failed: ${m.message}`, m.code);
    else if (m.type === 'closed') this.#onClosed?.();
  }

  #onOutcome(bytes: Uint8Array): void {
    let o: UedOutcome;
    try {
      o = decodeOutcome(bytes);
    } catch (e) {
      this.#fail((e as Error).message);
      return;
    }
    const run = this.#runs.get(o.height);
    if (run === undefined || o.height !== this.#latest.height + 1n) {
      this.#fail(`UED worker reported height ${o.height} after ${this.#latest.height}`);
      return;
    }
    this.#runs.delete(o.height);
    this.#latest = { height: o.height, hash: o.domainHash };
    // The run resolves first, so its outcome is recorded before a waiter for the height resumes.
    run.resolve(o);
    for (let i = this.#waiters.length - 1; i >= 0; i--) {
      const w = this.#waiters[i]!;
      if (w.height <= o.height) {
        this.#waiters.splice(i, 1);
        w.d.resolve();
      }
    }
  }

  #onValue(id: number, value: Uint8Array | null): void {
    const g = this.#gets.get(id);
    this.#gets.delete(id);
    if (value !== null && !(value instanceof Uint8Array)) this.#fail('UED worker sent a malformed value');
    else g?.resolve(value);
  }

  #onValues(id: number, values: unknown): void {
    const g = this.#multi.get(id);
    this.#multi.delete(id);
    const ok = (v: unknown) => v === null || v instanceof Uint8Array || typeof v === 'string';
    if (!Array.isArray(values) || (g !== undefined && values.length !== g.n) || !values.every(ok)) {
      this.#fail('UED worker sent malformed values');
    } else g?.d.resolve(values as UedReadOutcome[]);
  }

  #onSpeculated(id: number, hash: Uint8Array): void {
    const d = this.#specs.get(id);
    this.#specs.delete(id);
    if (!(hash instanceof Uint8Array) || hash.length !== 32) this.#fail('UED worker sent a malformed hash');
    else d?.resolve(hash);
  }

  /** `workerCode`: the worker's own DomainsError code (kept in the context: the failure is the runner's). */
  #fail(message: string, workerCode?: number): void {
    if (this.#failure || this.#closed) return;
    const context = typeof workerCode === 'number' ? { workerCode } : undefined;
    this.#failure = new DomainsError(DomainsError.WORKER_FAILED, message, context);
    this.#onReady.reject(this.#failure);
    this.#rejectAll(this.#failure);
    this.#onClosed?.();
    void this.worker.terminate();
  }

  #rejectAll(e: DomainsError): void {
    for (const d of this.#runs.values()) d.reject(e);
    for (const d of this.#gets.values()) d.reject(e);
    for (const d of this.#specs.values()) d.reject(e);
    for (const m of this.#multi.values()) m.d.reject(e);
    for (const w of this.#waiters) w.d.reject(e);
    this.#runs.clear();
    this.#gets.clear();
    this.#specs.clear();
    this.#multi.clear();
    this.#waiters.length = 0;
  }
}

/** The worker's environment: the parent's, without the CA bundle variable (costly at start). */
function workerEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  delete env.NODE_EXTRA_CA_CERTS;
  return env;
}
