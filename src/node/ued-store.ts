/**
 * Which store the node's UED lives in (config `ued.store`, docs/config.md): `compact`, the
 * resident tree over a state log (docs/state.md, "Where a domain's state lives: two stores"), or
 * `nodes`, a node database. `compact` needs asynchronous mode (synchronous mode speculates on
 * roots older than the latest, which the compact store does not keep); its state-sync
 * checkpoints are cut by the UED worker (ued-checkpoint-cut.ts). `auto` takes the compact store
 * in asynchronous mode without a checkpoint interval. A data dir keeps the store it was started
 * with: the other one's directory holding anything is an error, never a silent fresh start.
 */
import { existsSync, readdirSync } from 'node:fs';
import type { DataDirLayout } from './data-dir.js';
import { NodeError } from './errors.js';

/** The two stores. */
export type UedStore = 'compact' | 'nodes';

/** The settings the choice depends on (config shape). */
export interface UedStoreSettings {
  readonly ued: { readonly mode: 'async' | 'sync'; readonly store: 'auto' | UedStore };
  readonly state_sync: { readonly checkpoint_interval: number };
}

/** Why `ued.store: compact` cannot serve these settings, or undefined when it can. */
export function compactStoreProblem(c: UedStoreSettings): string | undefined {
  if (c.ued.mode === 'sync') {
    return 'ued.store compact needs ued.mode async: synchronous mode speculates on older UED roots, which the compact store does not keep';
  }
  return undefined;
}

/**
 * The store of `c` (`auto` resolved).
 * @throws NodeError CONFIG when `compact` is asked for where it cannot serve.
 */
export function uedStoreOf(c: UedStoreSettings): UedStore {
  const problem = compactStoreProblem(c);
  if (c.ued.store === 'auto') {
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
  if (existsSync(other) && readdirSync(other).length > 0) {
    const setting = store === 'compact' ? 'nodes' : 'compact';
    throw new NodeError(
      NodeError.UED_STORE_MISMATCH,
      `the UED of ${layout.root} is in ${other} (ued.store ${setting}), but this node runs ued.store ${store}: set ued.store: ${setting}, or start from an empty data dir`,
    );
  }
}
