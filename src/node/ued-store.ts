/**
 * Which store the node's UED lives in (config `ued.store`, docs/config.md): `compact`, the
 * resident tree over a state log (docs/state.md, "Where a domain's state lives: two stores"), or
 * `nodes`, a node database. `compact` needs asynchronous mode (synchronous mode speculates on
 * roots older than the latest, which the compact store does not keep); its state-sync
 * checkpoints are cut by the UED worker (ued-checkpoint-cut.ts). `auto` keeps the store a data
 * dir already holds (so a node started before the compact store existed carries on), and otherwise
 * takes the compact store in asynchronous mode without a checkpoint interval. A data dir keeps the
 * store it was started with: naming the other one is an error, never a silent fresh start.
 */
import { existsSync, readdirSync } from 'node:fs';
import type { UedStoreKind } from '../domains/index.js';
import type { DataDirLayout } from './data-dir.js';
import { NodeError } from './errors.js';

/** The two stores (the worker's own name for them). */
export type UedStore = UedStoreKind;

/** The settings the choice depends on (config shape). */
export interface UedStoreSettings {
  readonly ued: { readonly mode: 'async' | 'sync'; readonly store: 'auto' | UedStore };
  readonly state_sync: { readonly checkpoint_interval: number };
}

/** Why the compact store cannot serve UED mode `mode`, or undefined when it can. */
export function compactStoreProblem(mode: UedStoreSettings['ued']['mode']): string | undefined {
  if (mode === 'sync') {
    return 'ued.store compact needs ued.mode async: synchronous mode speculates on older UED roots, which the compact store does not keep';
  }
  return undefined;
}

/** True when `dir` exists and holds anything. */
function inUse(dir: string): boolean {
  return existsSync(dir) && readdirSync(dir).length > 0;
}

/**
 * The store of `c` (`auto` resolved: first the store `layout`'s data dir already holds, when
 * given and usable, then the settings' default).
 * @throws NodeError CONFIG when `compact` is asked for where it cannot serve.
 */
export function uedStoreOf(c: UedStoreSettings, layout?: DataDirLayout): UedStore {
  const problem = compactStoreProblem(c.ued.mode);
  if (c.ued.store === 'auto') {
    if (layout !== undefined && inUse(layout.uedDb)) return 'nodes';
    if (layout !== undefined && inUse(layout.uedCompact)) {
      // The data dir is on the compact store: say what keeps it from serving, not "use nodes".
      if (problem !== undefined)
        throw new NodeError(NodeError.CONFIG, `${problem} (${layout.uedCompact} holds the UED)`);
      return 'compact';
    }
    return problem === undefined && c.state_sync.checkpoint_interval === 0 ? 'compact' : 'nodes';
  }
  if (c.ued.store === 'compact' && problem !== undefined) throw new NodeError(NodeError.CONFIG, problem);
  return c.ued.store;
}

/** The checkpoints a compact UED's worker cuts for the node's `state_sync` settings (none without an interval). */
export function uedCutsOf(c: {
  readonly state_sync: { readonly checkpoint_interval: number; readonly checkpoints_kept: number };
}): { uedCheckpoints?: { interval: bigint; keep: number } } {
  const s = c.state_sync;
  if (s.checkpoint_interval === 0) return {};
  return { uedCheckpoints: { interval: BigInt(s.checkpoint_interval), keep: s.checkpoints_kept } };
}

/** The UED directory of `store` in `layout`. */
export function uedDirOf(layout: DataDirLayout, store: UedStore): string {
  return store === 'compact' ? layout.uedCompact : layout.uedDb;
}

/**
 * Refuse a data dir whose UED is in the other store.
 * @throws NodeError UED_STORE_MISMATCH naming both directories.
 */
export function checkUedStoreDir(layout: DataDirLayout, store: UedStore): void {
  const other = uedDirOf(layout, store === 'compact' ? 'nodes' : 'compact');
  if (inUse(other)) {
    const setting = store === 'compact' ? 'nodes' : 'compact';
    throw new NodeError(
      NodeError.UED_STORE_MISMATCH,
      `the UED of ${layout.root} is in ${other} (ued.store ${setting}), but this node runs ued.store ${store}: set ued.store: ${setting}, or start from an empty data dir`,
    );
  }
}
