// Where `npm run bench -- state` runs its UED blocks: on the main thread beside the VED (the
// default), or on a worker thread of their own, as the node runs its UED (`--ued-thread`).
import { Worker } from 'node:worker_threads';
import type { DomainPhases, PhaseFigures } from './_state-phase.js';
import type { FromUedThread, ToUedThread, UedThreadData } from './_state-ued-thread.js';

/** The UED's blocks, wherever they run. */
export interface UedSide {
  /** Process CPU µs of writing the UED's first compact snapshot (0 on the node store). */
  readonly snapshotCpuUs: number;
  block(h: number): Promise<PhaseFigures>;
  /** Close the UED's state (on this thread, the caller closes it with the VED's). */
  close(): Promise<void>;
}

/** The UED on this thread, in a state built with the VED. */
export function inlineUed(phases: DomainPhases, snapshotCpuUs: number): UedSide {
  return { snapshotCpuUs, block: (h) => phases.block(h), close: async () => {} };
}

/** Start the UED thread; resolves once its state is built and its blocks signed. */
export async function startUedThread(data: UedThreadData): Promise<UedSide> {
  const w = new Worker(new URL('./_state-ued-thread.js', import.meta.url), { workerData: data });
  const waiting: { resolve: (m: FromUedThread) => void; reject: (e: unknown) => void }[] = [];
  let failure: unknown;
  const fail = (e: unknown) => {
    failure ??= e;
    for (const p of waiting.splice(0)) p.reject(failure);
  };
  w.on('message', (m: FromUedThread) => waiting.shift()?.resolve(m));
  w.on('error', fail);
  w.on('exit', (code) => fail(new Error(`bench: the UED thread exited (${code})`)));
  const next = () =>
    failure === undefined
      ? new Promise<FromUedThread>((resolve, reject) => waiting.push({ resolve, reject }))
      : Promise.reject(failure);
  const ready = await next();
  if (!('ready' in ready)) throw new Error('bench: the UED thread did not start');
  return {
    snapshotCpuUs: ready.snapshotCpuUs,
    async block(h) {
      const m = next();
      w.postMessage({ h } satisfies ToUedThread);
      const f = await m;
      if (!('figures' in f)) throw new Error('bench: the UED thread sent no figures');
      return f.figures;
    },
    async close() {
      const m = next();
      w.postMessage({ close: true } satisfies ToUedThread);
      await m;
      w.removeAllListeners('exit');
      await w.terminate();
    },
  };
}
