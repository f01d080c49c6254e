/**
 * What roothash reads from other services, injected so it imports none of them: the runtime's
 * parameters, its executor committee (elected by the scheduler), its storage committee, the RAKs of
 * TEE runtimes and nodes' liveness faults. The node wires these to the registry and scheduler;
 * the optional hooks let the composition apply what roothash decides (liveness, suspension,
 * finalized rounds) to the other programs (src/domains/runtime-wiring.ts).
 */
import { toHex } from '../../../common/index.js';
import type { BlockContext } from '../../../consensus/index.js';
import type { Committee, ExecutorParams, RuntimeMessage, RuntimeState } from '../api/index.js';
import type { Fault, LivenessDecision, PoolConfig } from './pool/index.js';

/** A registered runtime's genesis, for runtimes roothash does not know yet. */
export interface RuntimeGenesisInfo {
  readonly id: Uint8Array;
  readonly state_root: Uint8Array;
  readonly round: bigint;
}

/** A round finalized with a Normal block. */
export interface FinalizedRound {
  readonly runtime_id: Uint8Array;
  readonly round: bigint;
  /** The scheduler's messages, to execute (RT-27). */
  readonly messages: readonly RuntimeMessage[];
  readonly good: readonly Uint8Array[];
  readonly bad: readonly Uint8Array[];
  /** Whether the round was decided by the backups after a discrepancy (RT-13). */
  readonly discrepancy: boolean;
}

/** A runtime as roothash needs it. */
export interface RuntimeInfo {
  readonly executor: ExecutorParams;
  /** Receipts required per round from the storage committee (0 or absent: executors store). */
  readonly minWriteReplication?: number;
  /** Whether commitments need RAK signatures (TEE runtime). */
  readonly tee?: boolean;
  /** Freeze interval (epochs) of the runtime's liveness slash. */
  readonly livenessFreezeInterval?: bigint;
  /** Most queued incoming messages (0 or absent: the runtime takes none). */
  readonly maxInMessages?: number;
  /** Smallest fee of an incoming message. */
  readonly minInMessageFee?: bigint;
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
  /** The members of the closing epoch's committee that are frozen now (node id hex). */
  frozen?(ctx: BlockContext, id: Uint8Array): Promise<ReadonlySet<string>>;
  /** Runtimes that should have roothash state; missing ones get their genesis block at a transition. */
  registeredRuntimes?(ctx: BlockContext): Promise<readonly RuntimeGenesisInfo[]>;
  /** Apply a runtime's liveness decisions of the closing epoch (faults, freezes, slashes; RT-14). */
  applyLiveness?(ctx: BlockContext, id: Uint8Array, decisions: readonly LivenessDecision[]): Promise<void>;
  /** A runtime was suspended (true) or resumed (false) at an epoch transition (RT-24, RT-26). */
  suspensionChanged?(ctx: BlockContext, id: Uint8Array, suspended: boolean): Promise<void>;
  /** A round was finalized (messages, good and bad nodes; RT-14, RT-27). */
  roundFinalized?(ctx: BlockContext, r: FinalizedRound): Promise<void>;
  /**
   * Act on a proven equivocation of `node` (freeze, slash, reward the submitter's escrow); false
   * when the runtime does not slash for equivocation (the evidence is then refused).
   */
  equivocation?(ctx: BlockContext, id: Uint8Array, node: Uint8Array, submitter: Uint8Array): Promise<boolean>;
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
