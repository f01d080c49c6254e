/**
 * All committees of one runtime for one epoch, a pure function: the executor committee (workers
 * then backup workers, each role elected independently, so a node may hold both) and, when the
 * runtime asks for one, Tandem's storage committee (RT-22). Either all of a runtime's committees
 * are elected or none is: a runtime missing any of them cannot finalize rounds, so it gets no
 * committee and roothash suspends it (RT-24).
 */
import {
  type Candidate,
  type Committee,
  type CommitteeKind,
  CommitteeKind as Kind,
  NoCommitteeReason,
  Role,
  type RoleConstraints,
  type RuntimeInfo,
  type SchedulerParams,
} from '../api/index.js';
import { type ElectionRandomness, electCommittee } from './elect.js';

/** Inputs of {@link electRuntime}. */
export interface RuntimeElectionInput {
  readonly chainContext: string;
  readonly epoch: bigint;
  readonly runtime: RuntimeInfo;
  /** Candidates holding the compute role (executor committee). */
  readonly compute: readonly Candidate[];
  /** Candidates holding the storage role (storage committee; unused when it has none). */
  readonly storage: readonly Candidate[];
  readonly beacon: ElectionRandomness;
  readonly params: SchedulerParams;
}

/** The committees of a runtime, or the first one that could not be formed and why. */
export type RuntimeElection =
  | { readonly ok: true; readonly committees: Committee[] }
  | {
      readonly ok: false;
      readonly kind: CommitteeKind;
      readonly role: number;
      readonly reason: NoCommitteeReason;
    };

/** The constraints of `role`, with the chain-wide per-entity cap when the runtime sets none. */
export function roleConstraints(rt: RuntimeInfo, role: number, params: SchedulerParams): RoleConstraints {
  const own = rt.constraints?.[role] ?? {};
  return { ...own, max_nodes: own.max_nodes ?? params.max_nodes_per_entity };
}

/** Storage committee size asked for (0: none, the executors store the state). */
export function storageSize(rt: RuntimeInfo): number {
  return rt.storage?.group_size ?? 0;
}

interface Plan {
  readonly kind: CommitteeKind;
  readonly role: number;
  readonly size: number;
  readonly candidates: readonly Candidate[];
}

function plans(x: RuntimeElectionInput): Plan[] {
  const { executor } = x.runtime;
  const out: Plan[] = [
    { kind: Kind.executor, role: Role.worker, size: executor.group_size, candidates: x.compute },
    { kind: Kind.executor, role: Role.backupWorker, size: executor.group_backup_size, candidates: x.compute },
  ];
  const s = storageSize(x.runtime);
  if (s > 0) out.push({ kind: Kind.storage, role: Role.storage, size: s, candidates: x.storage });
  return out;
}

function sizeOk(p: Plan, params: SchedulerParams): boolean {
  if (p.role === Role.worker && p.size < 1) return false;
  return Number.isInteger(p.size) && p.size >= 0 && p.size <= params.max_committee_size;
}

function committeeOf(
  x: RuntimeElectionInput,
  kind: CommitteeKind,
  elected: [number, Uint8Array[]][],
): Committee {
  const members = elected.flatMap(([role, nodes]) => nodes.map((public_key) => ({ role, public_key })));
  return { kind, members, runtime_id: x.runtime.id, valid_for: x.epoch };
}

/** Elect every committee `x.runtime` needs for `x.epoch`. */
export function electRuntime(x: RuntimeElectionInput): RuntimeElection {
  const byKind = new Map<CommitteeKind, [number, Uint8Array[]][]>();
  for (const p of plans(x)) {
    const fail = (reason: NoCommitteeReason): RuntimeElection => ({
      ok: false,
      kind: p.kind,
      role: p.role,
      reason,
    });
    if (!sizeOk(p, x.params)) return fail(NoCommitteeReason.invalidSize);
    const r = electCommittee({
      chainContext: x.chainContext,
      epoch: x.epoch,
      runtimeId: x.runtime.id,
      kind: p.kind,
      role: p.role,
      size: p.size,
      candidates: p.candidates,
      beacon: x.beacon,
      constraints: roleConstraints(x.runtime, p.role, x.params),
    });
    if (!r.ok) return fail(r.reason);
    const list = byKind.get(p.kind) ?? [];
    list.push([p.role, r.nodes]);
    byKind.set(p.kind, list);
  }
  return { ok: true, committees: [...byKind].map(([kind, elected]) => committeeOf(x, kind, elected)) };
}
