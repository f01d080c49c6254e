/**
 * Collecting V8's young generation at a moment the caller chooses: after a block.
 *
 * Why: a block executor's transient objects (decoded transactions, overlay entries, receipts,
 * events) all stay alive until the block ends, so a collection that falls mid-block copies and
 * promotes them, and the old generation later pays to mark them. And every node:crypto signature
 * check leaves a native job object whose cleanup (a weak handle) runs at the next young
 * collection, whichever code happens to trigger it. Collecting right after a block, when its
 * objects are dead, costs only those cleanups and what outlives the block (docs/performance.md,
 * "Collections at block boundaries", has the measurements).
 *
 * The collection needs V8's `gc` function: `globalThis.gc` when the process runs with
 * `--expose-gc`, otherwise exposed once through `v8.setFlagsFromString` and read from a fresh
 * `vm` context (the flag only adds a global to contexts made after it). Without either, collecting
 * is skipped and V8 collects on its own schedule as before. Collection timing never touches state.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

type GcFunction = (options?: { type?: 'minor' | 'major'; execution?: 'sync' | 'async' }) => void;

/** undefined: not looked up yet; null: this runtime offers none. */
let gcFunction: GcFunction | null | undefined;

function exposedGc(): GcFunction | null {
  if (gcFunction !== undefined) return gcFunction;
  gcFunction = null;
  const existing = (globalThis as { gc?: unknown }).gc;
  if (typeof existing === 'function') {
    gcFunction = existing as GcFunction;
    return gcFunction;
  }
  try {
    setFlagsFromString('--expose-gc');
    const f: unknown = runInNewContext('gc');
    if (typeof f === 'function') gcFunction = f as GcFunction;
  } catch {
    // A runtime that refuses the flag keeps V8's own schedule (see the module header).
  }
  return gcFunction;
}

/** Collect the young generation now; false when this runtime offers no way to. */
export function collectYoung(): boolean {
  const gc = exposedGc();
  if (gc === null) return false;
  gc({ type: 'minor' });
  return true;
}

/**
 * Turn off V8's allocation-site pretenuring for this process; call it first thing at start-up.
 *
 * Why: V8 allocates straight into the old generation the objects of any allocation site whose
 * objects mostly survived a young collection, and bulk phases (genesis, a state import, the first
 * blocks) teach it that for sites a block executor uses for transient data. Those objects then die
 * in the old generation, and until the next full collection each keeps alive, through the write
 * barrier's remembered set, whatever young objects it pointed to: a block's pending write set was
 * copied and promoted at every block's collection (~400 kB per 300-transfer block, the "settling"
 * cost in docs/performance.md). Decisions V8 already took stay, so a late call does little. The
 * flag is process-wide (worker threads included) and changes no result, only where objects live.
 */
export function preferYoungAllocation(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}

/** Transactions between two collections by default: a few MB of a transfer block's garbage. */
export const DEFAULT_COLLECT_AFTER_TXS = 200;

/**
 * Collects the young generation after a block once at least `minTxs` transactions ran since the
 * last collection, so a stream of small blocks does not pay a collection's fixed cost each.
 */
export class BlockCollector {
  #since = 0;

  constructor(readonly minTxs: number = DEFAULT_COLLECT_AFTER_TXS) {}

  /** Call after each block with its transaction count; true when it collected. */
  afterBlock(txs: number): boolean {
    this.#since += txs;
    if (this.#since < this.minTxs) return false;
    this.#since = 0;
    return collectYoung();
  }
}

/**
 * The collector of this thread's heap: every executor of blocks on the thread counts into it, so
 * the VED and an inline UED on one thread do not collect separately for the same heap.
 */
export const threadCollector = new BlockCollector();
