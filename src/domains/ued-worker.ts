/**
 * Running the UED on its own thread (DESIGN.md §2): the main thread hands final blocks over in
 * order and never waits for them, except through {@link UedWorkerHost.waitForHeight} at the
 * bounded-lag rule (APE-6). The worker executes blocks strictly in order and posts each height's
 * UED hash and receipts back. The execution logic is supplied as a module, so the same host runs
 * the real UED executor and test executors.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { DomainsError } from './errors.js';

/** What the worker reports for each executed height. */
export interface UedHeightResult<R = unknown> {
  height: number;
  uedHash: Uint8Array;
  receipts: { txHash: Uint8Array; receipt: R }[];
}

/** The execution logic a worker module provides. */
export interface UedExecutor<B, R = unknown> {
  /** Last height committed durably (0 = nothing); execution resumes after it. */
  lastHeight(): Promise<number>;
  /** Execute one final block (heights strictly increasing by one). */
  execute(block: B): Promise<UedHeightResult<R>>;
  close(): Promise<void>;
}

type ToWorker<B> = { type: 'block'; height: number; block: B } | { type: 'close' };
type FromWorker<R> =
  | { type: 'ready'; lastHeight: number }
  | { type: 'result'; result: UedHeightResult<R> }
  | { type: 'error'; message: string }
  | { type: 'closed' };

/**
 * Worker side: call this from the worker module with a factory for the executor. The factory
 * receives the `workerData` given to the host.
 */
export async function serveUedWorker<B, R>(
  factory: (data: unknown) => Promise<UedExecutor<B, R>>,
): Promise<void> {
  if (isMainThread || !parentPort)
    throw new DomainsError(DomainsError.WORKER_FAILED, 'not in a worker thread');
  const port = parentPort;
  const exec = await factory(workerData);
  let expected = (await exec.lastHeight()) + 1;
  const post = (m: FromWorker<R>) => port.postMessage(m);
  post({ type: 'ready', lastHeight: expected - 1 });
  let chain: Promise<void> = Promise.resolve();
  port.on('message', (m: ToWorker<B>) => {
    chain = chain.then(async () => {
      if (m.type === 'close') {
        await exec.close();
        post({ type: 'closed' });
        return;
      }
      if (m.height < expected) return; // already executed before a restart
      if (m.height !== expected) {
        post({ type: 'error', message: `block ${m.height} out of order, expected ${expected}` });
        return;
      }
      try {
        const result = await exec.execute(m.block);
        expected++;
        post({ type: 'result', result });
      } catch (e) {
        post({ type: 'error', message: (e as Error).message });
      }
    });
  });
}

/** Main-thread side of the UED worker. */
export class UedWorkerHost<B, R = unknown> {
  private readonly worker: Worker;
  private executedHeight = 0;
  private readonly heightWaiters: { height: number; resolve(): void; reject(e: Error): void }[] = [];
  private failure: DomainsError | undefined;
  private readonly ready: Promise<number>;
  private closedResolve: (() => void) | undefined;

  /**
   * @param moduleUrl the worker module (it calls {@link serveUedWorker})
   * @param onResult called on the main thread for every executed height, in order
   */
  constructor(
    moduleUrl: URL,
    data: unknown,
    private readonly onResult: (r: UedHeightResult<R>) => void,
  ) {
    this.worker = new Worker(moduleUrl, { workerData: data });
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (m: FromWorker<R>) => {
        if (m.type === 'ready') {
          this.executedHeight = m.lastHeight;
          resolve(m.lastHeight);
        } else if (m.type === 'result') this.handleResult(m.result);
        else if (m.type === 'error') this.fail(new DomainsError(DomainsError.WORKER_FAILED, m.message));
        else if (m.type === 'closed') this.closedResolve?.();
      });
      this.worker.on('error', (e) => {
        const err = new DomainsError(DomainsError.WORKER_FAILED, `UED worker crashed: ${e.message}`);
        reject(err);
        this.fail(err);
      });
    });
  }

  /** Resolves with the last height the worker had committed when it started. */
  start(): Promise<number> {
    return this.ready;
  }

  /** Hand over a final block; never blocks the caller. */
  submit(height: number, block: B): void {
    if (this.failure) throw this.failure;
    this.worker.postMessage({ type: 'block', height, block } satisfies ToWorker<B>);
  }

  /** Highest height executed so far. */
  height(): number {
    return this.executedHeight;
  }

  /** Resolves once the UED has executed `height` (the bounded-lag wait of APE-6). */
  waitForHeight(height: number): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.executedHeight >= height) return Promise.resolve();
    return new Promise((resolve, reject) => this.heightWaiters.push({ height, resolve, reject }));
  }

  /** Ask the executor to close (flush its state) and stop the thread. */
  async close(): Promise<void> {
    const closed = new Promise<void>((r) => (this.closedResolve = r));
    this.worker.postMessage({ type: 'close' } satisfies ToWorker<B>);
    await Promise.race([closed, new Promise((r) => setTimeout(r, 5000))]);
    await this.worker.terminate();
  }

  private handleResult(r: UedHeightResult<R>): void {
    this.executedHeight = r.height;
    this.onResult(r);
    for (let i = this.heightWaiters.length - 1; i >= 0; i--) {
      const w = this.heightWaiters[i]!;
      if (w.height <= r.height) {
        this.heightWaiters.splice(i, 1);
        w.resolve();
      }
    }
  }

  private fail(e: DomainsError): void {
    this.failure = e;
    for (const w of this.heightWaiters.splice(0)) w.reject(e);
  }
}
