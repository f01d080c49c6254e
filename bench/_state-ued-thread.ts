// The UED side of `npm run bench -- state` on a thread of its own, as the node runs its UED (a
// worker thread with its own heap, domains/ued-worker-main.ts): it builds the UED state, signs
// its blocks, and measures each block's phases (bench/_state-phase.ts) when the main thread asks.
import { parentPort, workerData } from 'node:worker_threads';
import { admitSenders, makeBlocks } from './_state-blocks.js';
import { DomainPhases } from './_state-phase.js';
import { type BenchStores, buildState, closeState } from './_state-setup.js';

/** What the main thread starts this one with. */
export interface UedThreadData {
  /** Under the main thread's directory, which it removes. */
  readonly dir: string;
  /** UED accounts, of which `senders` sign. */
  readonly uedAccounts: number;
  readonly senders: number;
  readonly blocks: number;
  readonly txs: number;
  readonly cacheNodes: number | undefined;
  readonly cacheMb: number | undefined;
  readonly store: BenchStores['ued'];
}

/** Main → this thread: run block `h`, or close. */
export type ToUedThread = { readonly h: number } | { readonly close: true };

/** This thread → main. */
export type FromUedThread =
  | { readonly ready: true; readonly snapshotCpuUs: number }
  | { readonly figures: import('./_state-phase.js').PhaseFigures }
  | { readonly closed: true };

const data = workerData as UedThreadData;
const port = parentPort!;
// The VED here is only what genesis needs: its senders, on the compact store (off this heap).
const s = await buildState(
  data.dir,
  data.uedAccounts + data.senders,
  data.senders,
  data.senders,
  () => {},
  data.cacheNodes,
  data.cacheMb,
  { ued: data.store, ved: 'compact' },
);
const blocks = makeBlocks(s, s.ued.accounts, 1, data.blocks, data.txs);
admitSenders(s, blocks);
const phases = new DomainPhases(s, 'ued', blocks);
const post = (m: FromUedThread) => port.postMessage(m);
post({ ready: true, snapshotCpuUs: s.snapshotCpuUs });
let chain = Promise.resolve();
port.on('message', (m: ToUedThread) => {
  chain = chain.then(async () => {
    if ('h' in m) {
      post({ figures: await phases.block(m.h) });
      return;
    }
    await closeState(s);
    post({ closed: true });
    port.close();
  });
});
