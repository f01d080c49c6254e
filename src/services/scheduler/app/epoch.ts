/**
 * The epoch hook (VED): elect every runtime's committees for the new epoch (RT-8).
 *
 * - Never in the base epoch (the genesis epoch; spec/oasis.md §4): no node has registered or
 *   proved yet, so the first committees serve the epoch after it.
 * - Idempotent: an epoch at or below the last one elected for is ignored.
 * - Runtimes are handled in runtime-id order. All elections run before anything is written, so a
 *   fault from a source (a malformed candidate) leaves the state untouched.
 * - Per runtime one event: `Elected` or `NoCommittee` (roothash suspends the runtime, RT-24).
 * - Committees of epochs before the previous one are dropped (roothash may still finish a round
 *   of the previous epoch's committee in the first block of the new one).
 * - Oasis also re-elects after a stake slash in the block; Tandem elects only at epoch changes.
 */
import { compareBytes, toHex } from '../../../common/index.js';
import type { BlockContext } from '../../../consensus/index.js';
import {
  CommitteeKind,
  type ElectionBeacon,
  EVENT_ELECTED,
  EVENT_NO_COMMITTEE,
  ID_SIZE,
  MAX_GROUP_SIZE,
  NODE_ROLE_COMPUTE,
  NODE_ROLE_STORAGE,
  NoCommitteeReason,
  Role,
  type RuntimeInfo,
  SCHEDULER_MODULE,
  SchedulerError,
  type SchedulerParams,
} from '../api/index.js';
import { SchedulerStateWriter } from '../state/index.js';
import { beaconStateSource, withBetas } from './beacon-source.js';
import type { SchedulerOptions } from './options.js';
import { electRuntime, type RuntimeElection, storageSize } from './runtime.js';

const isSize = (n: unknown): boolean =>
  Number.isInteger(n) && (n as number) >= 0 && (n as number) <= MAX_GROUP_SIZE;

function checkRuntime(rt: RuntimeInfo): void {
  const ok =
    rt.id instanceof Uint8Array &&
    rt.id.length === ID_SIZE &&
    typeof rt.executor === 'object' &&
    rt.executor !== null &&
    isSize(rt.executor.group_size) &&
    isSize(rt.executor.group_backup_size) &&
    (rt.storage === undefined || isSize(rt.storage.group_size));
  if (!ok) throw new SchedulerError(SchedulerError.INVALID_RUNTIME, 'scheduler: malformed runtime');
}

/** Runtimes sorted by id; INVALID_RUNTIME for a malformed (ids, u16 sizes) or repeated one. */
export function sortedRuntimes(list: readonly RuntimeInfo[]): RuntimeInfo[] {
  list.forEach(checkRuntime);
  const sorted = [...list].sort((a, b) => compareBytes(a.id, b.id));
  sorted.forEach((rt, i) => {
    if (i > 0 && compareBytes(sorted[i - 1]!.id, rt.id) === 0) {
      throw new SchedulerError(
        SchedulerError.INVALID_RUNTIME,
        `scheduler: runtime ${toHex(rt.id)} listed twice`,
      );
    }
  });
  return sorted;
}

const weak: RuntimeElection = {
  ok: false,
  kind: CommitteeKind.executor,
  role: Role.worker,
  reason: NoCommitteeReason.weakBeacon,
};

async function electOne(
  ctx: BlockContext,
  epoch: bigint,
  rt: RuntimeInfo,
  beacon: ElectionBeacon,
  params: SchedulerParams,
  opts: SchedulerOptions,
): Promise<RuntimeElection> {
  if (beacon.backend === 'vrf' && !beacon.canElect) return weak;
  const fetch = async (bit: number) =>
    withBetas(await opts.candidates.candidates(ctx.state, rt.id, epoch, bit), beacon);
  const compute = await fetch(NODE_ROLE_COMPUTE);
  const storage = storageSize(rt) > 0 ? await fetch(NODE_ROLE_STORAGE) : [];
  return electRuntime({
    chainContext: ctx.chainContext,
    epoch,
    runtime: rt,
    compute,
    storage,
    beacon,
    params,
  });
}

function record(
  ctx: BlockContext,
  w: SchedulerStateWriter,
  epoch: bigint,
  rt: RuntimeInfo,
  r: RuntimeElection,
): void {
  const runtime_id = rt.id;
  if (!r.ok) {
    const { kind, role, reason } = r;
    ctx.emit({
      module: SCHEDULER_MODULE,
      kind: EVENT_NO_COMMITTEE,
      value: { epoch, runtime_id, kind, role, reason },
    });
    return;
  }
  for (const c of r.committees) w.setCommittee(c);
  const kinds = r.committees.map((c) => c.kind);
  ctx.emit({ module: SCHEDULER_MODULE, kind: EVENT_ELECTED, value: { epoch, runtime_id, kinds } });
}

/** Elect and store the committees of `epoch`; see the module comment for the rules. */
export async function electEpoch(ctx: BlockContext, epoch: bigint, opts: SchedulerOptions): Promise<void> {
  const w = new SchedulerStateWriter(ctx.state);
  const params = await w.params();
  const es = await w.epochState();
  if (es === null) throw new SchedulerError(SchedulerError.NOT_INITIALIZED, 'scheduler: no epoch state');
  if (epoch <= es.base_epoch || (es.last_epoch !== undefined && epoch <= es.last_epoch)) return;
  const runtimes = sortedRuntimes(await opts.runtimes.runtimes(ctx.state, epoch));
  const results: RuntimeElection[] = [];
  if (runtimes.length > 0) {
    const beacon = await (opts.beacon ?? beaconStateSource).electionBeacon(ctx.state, epoch);
    for (const rt of runtimes) results.push(await electOne(ctx, epoch, rt, beacon, params, opts));
  }
  runtimes.forEach((rt, i) => {
    record(ctx, w, epoch, rt, results[i]!);
  });
  await w.deleteCommitteesBefore(epoch - 1n);
  w.setEpochState({ ...es, last_epoch: epoch });
}
