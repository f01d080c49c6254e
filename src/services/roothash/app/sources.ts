/**
 * What roothash reads from other services, injected so it imports none of them: the runtime's
 * parameters, its executor committee (elected by the scheduler), its storage committee, the RAKs of
 * TEE runtimes and nodes' liveness faults. The node wires these to the registry and scheduler.
 */
import { toHex } from '../../../common/index.js';
import type { BlockContext } from '../../../consensus/index.js';
import type { Committee, ExecutorParams, RuntimeState } from '../api/index.js';
import type { Fault, PoolConfig } from './pool/index.js';

/** A runtime as roothash needs it. */
export interface RuntimeInfo {
  readonly executor: ExecutorParams;
  /** Receipts required per round from the storage committee (0 or absent: executors store). */
  readonly minWriteReplication?: number;
  /** Whether commitments need RAK signatures (TEE runtime). */
  readonly tee?: boolean;
  /** Freeze interval (epochs) of the runtime's liveness slash. */
  readonly livenessFreezeInterval?: bigint;
}

/** Lookups into other services' state. */
export interface RoothashSources {
  runtime(ctx: BlockContext, id: Uint8Array): Promise<RuntimeInfo | null>;
  /** The executor committee for the current epoch, or null if none was elected. */
  executorCommittee(ctx: BlockContext, id: Uint8Array): Promise<Committee | null>;
  storageCommittee?(ctx: BlockContext, id: Uint8Array): Promise<Uint8Array[]>;
  rak?(ctx: BlockContext, id: Uint8Array, node: Uint8Array): Promise<Uint8Array | undefined>;
  /** Current liveness faults of nodes for this runtime, by node id hex. */
  faults?(ctx: BlockContext, id: Uint8Array): Promise<ReadonlyMap<string, Fault>>;
}

/** Build the pool configuration of a runtime with an installed committee. */
export async function poolConfig(
  ctx: BlockContext,
  src: RoothashSources,
  st: RuntimeState & { committee: Committee },
  info: RuntimeInfo,
): Promise<PoolConfig> {
  const base = {
    runtimeId: st.runtime_id,
    chainContext: ctx.chainContext,
    committee: st.committee,
    executor: info.executor,
  };
  const need = info.minWriteReplication ?? 0;
  const storage =
    need > 0
      ? { committee: (await src.storageCommittee?.(ctx, st.runtime_id)) ?? [], minWriteReplication: need }
      : undefined;
  const raks = info.tee ? await fetchRaks(ctx, src, st) : undefined;
  return {
    ...base,
    ...(storage ? { storage } : {}),
    ...(raks ? { rakOf: (n: Uint8Array) => raks.get(toHex(n)) } : {}),
  };
}

async function fetchRaks(
  ctx: BlockContext,
  src: RoothashSources,
  st: RuntimeState & { committee: Committee },
): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  for (const m of st.committee.members) {
    const rak = await src.rak?.(ctx, st.runtime_id, m.public_key);
    if (rak) out.set(toHex(m.public_key), rak);
  }
  return out;
}
