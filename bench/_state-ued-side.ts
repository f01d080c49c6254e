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
  /** Close the UED's state; ms until its last writes were durable. */
  close(): Promise<number>;
}

/** The UED on this thread, in a state built with the VED. */
export function inlineUed(phases: DomainPhases, snapshotCpuUs: number): UedSide {
  return { snapshotCpuUs, block: (h) => phases.block(h), close: async () => 0 };
}

/** Start the UED thread; resolves once its state is built and its blocks signed. */
export async function startUedThread(data: UedThreadData): Promise<UedSide> {
  const w = new Worker(new URL('./_state-ued-thread.js', import.meta.url), { workerData: data });
  const waiting: ((m: FromUedThread) => void)[] = [];
  let failure: unknown;
  w.on('message', (m: FromUedThread) => waiting.shift()?.(m));
  w.on('error', (e) => {
    failure = e;
    for (const f of waiting.splice(0)) f({ closed: true, closeMs: 0 });
  });
  const next = () =>
    new Promise<FromUedThread>((resolve) => waiting.push(resolve)).then((m) => {
      if (failure !== undefined) throw failure;
      return m;
    });
  const send = (m: ToUedThread) => w.postMessage(m);
  const ready = await next();
  if (!('ready' in ready)) throw new Error('bench: the UED thread did not start');
  return {
    snapshotCpuUs: ready.snapshotCpuUs,
    async block(h) {
      send({ h });
      const m = await next();
      if (!('figures' in m)) throw new Error('bench: the UED thread sent no figures');
      return m.figures;
    },
    async close() {
      send({ close: true });
      const m = await next();
      await w.terminate();
      return 'closeMs' in m ? m.closeMs : 0;
    },
  };
}
