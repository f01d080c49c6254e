/**
 * Runtime suspension bookkeeping (RT-24…26). The scheduler/roothash step decides at epoch
 * transitions (no committee, or the owner short of stake via `runtimeOwnerHasStake`) and calls
 * these; a suspended runtime keeps its descriptor and nodes may still register for it.
 */
import { toHex } from '../../../common/index.js';
import type { KvState } from '../../../consensus/index.js';
import { RegistryError } from '../api/index.js';
import { RegistryStateReader, RegistryStateWriter } from '../state/index.js';

async function requireRuntime(r: RegistryStateReader, id: Uint8Array): Promise<void> {
  if ((await r.runtime(id)) === null) {
    throw new RegistryError(RegistryError.RUNTIME_NOT_FOUND, `registry: no runtime ${toHex(id)}`);
  }
}

/** Suspend a runtime at `epoch`; returns false (and keeps the first epoch) if already suspended. */
export async function suspendRuntime(state: KvState, id: Uint8Array, epoch: bigint): Promise<boolean> {
  const w = new RegistryStateWriter(state);
  await requireRuntime(w, id);
  if ((await w.suspension(id)) !== null) return false;
  w.setSuspended(id, epoch);
  return true;
}

/** Resume a runtime; returns false if it was not suspended. */
export async function resumeRuntime(state: KvState, id: Uint8Array): Promise<boolean> {
  const w = new RegistryStateWriter(state);
  await requireRuntime(w, id);
  if ((await w.suspension(id)) === null) return false;
  w.clearSuspended(id);
  return true;
}

/** Whether a runtime is suspended. */
export async function isSuspended(state: Pick<KvState, 'get' | 'entries'>, id: Uint8Array): Promise<boolean> {
  return (await new RegistryStateReader(state).suspension(id)) !== null;
}
